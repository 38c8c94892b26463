"""Short-lived downloads.

Streamlit serves a download button's bytes from `/media/<id>.<ext>`; that URL needs no session or cookie, and
Streamlit itself forgets a generated file only after two later script runs of *any* session (measured: about 20
minutes on a quiet server, and for ever when nobody else clicks). Every download button in Naar Nul passes a
callable (`data=lambda: …`, `on_click="ignore"`), so the bytes are only made when the user clicks, over the
user's own WebSocket session. This module bounds what happens after that:

- a generated download is served for at most `DOWNLOAD_SECONDS` (60 s: the browser fetches it at once), then the
  bytes are deleted from memory and the URL answers 404 (so does every URL that leaked into a proxy log or the
  browser's history);
- logging out deletes every download the session made, at once.

(Serving a download only once was tried: Streamlit's frontend fetches the URL and the browser then requests it
again, so a one-time URL breaks the download itself.)

It wraps Streamlit's in-memory media storage (the one store Streamlit uses on a single server); `install()` is
idempotent and is called by the entrypoint. tests/e2e/test_download_lifetime_browser.py checks it in a browser.
"""

from __future__ import annotations

import os
import threading
import time

from streamlit import runtime
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileKind, MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.scriptrunner import get_script_run_ctx

DOWNLOAD_SECONDS = float(os.environ.get("NAARNUL_DOWNLOAD_SECONDS", "60"))

_lock = threading.Lock()
_made_at: dict[str, float] = {}  # file id → when it was generated (monotonic)
_by_session: dict[str, set[str]] = {}  # session id → file ids it generated
_installed = False


def _file_id(filename: str) -> str:
    return filename.split(".", 1)[0]


def _forget(storage: MemoryMediaFileStorage, file_id: str) -> None:
    """Caller holds _lock."""
    _made_at.pop(file_id, None)
    storage._files_by_id.pop(file_id, None)  # noqa: SLF001 - the storage keeps its files in this dict


def install() -> None:
    """Wrap Streamlit's media storage once: files generated on click expire and are revocable."""
    global _installed
    if _installed:
        return
    original_execute = MediaFileManager.execute_deferred
    original_load = MemoryMediaFileStorage.load_and_get_id
    original_get = MemoryMediaFileStorage.get_file

    def execute_deferred(self, file_id: str) -> str:
        # runs the page's callable and stores its bytes, all in this one thread: mark what it stores as ours
        entry = self._deferred_callables.get(file_id)  # noqa: SLF001
        _current.session_id = entry["session_id"] if entry else ""
        try:
            return original_execute(self, file_id)
        finally:
            _current.session_id = None

    def load_and_get_id(self, path_or_data, mimetype: str, kind: MediaFileKind, filename: str | None = None) -> str:
        file_id = original_load(self, path_or_data, mimetype, kind, filename)
        session = getattr(_current, "session_id", None)
        if kind == MediaFileKind.DOWNLOADABLE and session is not None:
            _sweep(self)
            with _lock:
                _made_at[file_id] = time.monotonic()
                if session:
                    _by_session.setdefault(session, set()).add(file_id)
        return file_id

    def get_file(self, filename: str):
        file = original_get(self, filename)
        file_id = _file_id(filename)
        with _lock:
            if file_id not in _made_at:
                return file  # not made on click (an icon, an image, a static download): Streamlit's own rules
            made = _made_at[file_id]
            if time.monotonic() - made > DOWNLOAD_SECONDS:
                _forget(self, file_id)
                raise MediaFileStorageError(f"download {file_id} expired")
        return file

    MediaFileManager.execute_deferred = execute_deferred  # type: ignore[method-assign]
    MemoryMediaFileStorage.load_and_get_id = load_and_get_id  # type: ignore[method-assign]
    MemoryMediaFileStorage.get_file = get_file  # type: ignore[method-assign]
    _installed = True


def _sweep(storage: MemoryMediaFileStorage) -> None:
    """Delete every expired download (runs whenever a new one is made)."""
    now = time.monotonic()
    with _lock:
        for file_id in [f for f, made in _made_at.items() if now - made > DOWNLOAD_SECONDS]:
            _forget(storage, file_id)


_current = threading.local()


def revoke_session() -> int:
    """Delete every download this session generated (on logout). Returns how many were still there."""
    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return 0
    storage = runtime.get_instance().media_file_mgr._storage  # noqa: SLF001 - the one storage of this server
    with _lock:
        ids = _by_session.pop(ctx.session_id, set())
        alive = [i for i in ids if i in _made_at]
        if isinstance(storage, MemoryMediaFileStorage):
            for file_id in ids:
                _forget(storage, file_id)
    return len(alive)
