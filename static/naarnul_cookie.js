// Writes the login cookie queued by ui/auth.py (write_pending_cookie). A file, not an inline script, so the
// Content-Security-Policy of deploy/nginx.conf (script-src 'self') allows it; the value comes from data-cookie.
document.cookie = document.currentScript.dataset.cookie;
