"""Building e-mail without sending it (naarnul.mail) and reading the SMTP settings (naarnul.settings.smtp)."""

from __future__ import annotations

import datetime as dt
import hashlib
from email import message_from_bytes, policy

import pytest

from naarnul import mail, settings
from naarnul.errors import ValidationError

AT = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)
HOSTILE = "Smith & Sons <Ltd> {{ x }} {% if %} ![x](http://evil)"


def build(**overrides) -> bytes:
    values = dict(message_id="<1@naarnul.test>", sender="portaal@naarnul.test", sender_name="Verhuur De Linde",
                  recipients=["huurder@voorbeeld.nl"], subject="Betalingsherinnering – Kerkstraat 12, Utrecht",
                  body="Beste huurder,\n\nDe huur van november staat nog open.\n", reply_to="anna@delinde.nl",
                  attachments=(mail.Attachment("herinnering.docx", b"PK\x03\x04 docx bytes", mail.DOCX),), at=AT)
    values.update(overrides)
    return mail.build_message(**values)


def test_message_has_dutch_headers_body_and_attachment_and_evidence_checksums():
    raw = build()
    message = message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == "Betalingsherinnering – Kerkstraat 12, Utrecht"
    assert message["Reply-To"] == "anna@delinde.nl"
    assert "De huur van november" in message.get_body(preferencelist=("plain",)).get_content()
    evidence = mail.evidence(raw)
    assert evidence["headers"]["To"] == "huurder@voorbeeld.nl"
    assert evidence["attachments"] == [{"filename": "herinnering.docx", "mime": mail.DOCX, "size": 15,
                                        "sha256": hashlib.sha256(b"PK\x03\x04 docx bytes").hexdigest()}]
    assert evidence["sha256"] == hashlib.sha256(raw).hexdigest()
    assert mail.recipients_of(raw) == ["huurder@voorbeeld.nl"]


def test_a_newline_in_a_name_or_subject_never_adds_a_header():
    raw = build(sender_name="Piet\r\nBcc: evil@example.com", subject="Brief\nBcc: evil@example.com")
    message = message_from_bytes(raw, policy=policy.default)
    assert message["Bcc"] is None
    assert "Bcc: evil@example.com" in message["Subject"]  # kept as text on the one line


def test_hostile_text_survives_in_body_and_subject():
    raw = build(subject=mail.letter_subject("Herinnering", HOSTILE), body=mail.letter_body(HOSTILE, HOSTILE))
    message = message_from_bytes(raw, policy=policy.default)
    assert HOSTILE in message["Subject"]
    assert message.get_body(preferencelist=("plain",)).get_content().count(HOSTILE) == 2


def test_recipients_are_checked_and_deduplicated():
    assert mail.clean_recipients(["Jan@Voorbeeld.NL", "", "jan@voorbeeld.nl"]) == ["Jan@voorbeeld.nl",
                                                                                  "jan@voorbeeld.nl"]
    with pytest.raises(ValidationError) as none:
        mail.clean_recipients(["", "  "])
    assert none.value.problems == [mail.NO_TENANT_EMAIL]
    with pytest.raises(ValidationError, match="geen geldig e-mailadres"):
        mail.clean_recipients(["jan@voorbeeld.nl\nBcc: x@y.nl"])


def test_digest_lists_the_steps_in_dutch():
    body = mail.digest_body("Piet", dt.date(2026, 11, 23), (
        mail.DueLine("Kerkstraat 12, Utrecht", "Jan", "Stuur de schriftelijke herinnering", dt.date(2026, 11, 20),
                     True),
        mail.DueLine("Dorpsstraat 1, Utrecht", "Els", "Bel de huurder", dt.date(2026, 11, 30), False)))
    assert "23 november 2026" in body
    assert "Kerkstraat 12, Utrecht (Jan): Stuur de schriftelijke herinnering, te laat sinds 20 november 2026" in body
    assert "uiterlijk 30 november 2026" in body
    assert mail.digest_subject(dt.date(2026, 11, 23), 1) == "Naar Nul: vandaag 1 punt te doen (23 november 2026)"


def test_smtp_settings_from_secrets_or_environment(monkeypatch):
    for name in ("NAARNUL_SMTP_HOST", "NAARNUL_SMTP_FROM", "NAARNUL_SMTP_PORT", "NAARNUL_SMTP_SECURITY",
                 "NAARNUL_SMTP_USER", "NAARNUL_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert settings.smtp({}) is None  # e-mail off
    assert settings.smtp({"NAARNUL_SMTP_HOST": "smtp.example.nl"}) is None  # no sender: off
    config = settings.smtp({"NAARNUL_SMTP_HOST": "smtp.example.nl", "NAARNUL_SMTP_FROM": "portaal@example.nl",
                            "NAARNUL_SMTP_PASSWORD": "geheim"})
    assert (config.host, config.port, config.security, config.password) == ("smtp.example.nl", 587, "starttls",
                                                                            "geheim")
    assert "geheim" not in repr(config)
    monkeypatch.setenv("NAARNUL_SMTP_HOST", "mail.example.nl")
    monkeypatch.setenv("NAARNUL_SMTP_FROM", "portaal@example.nl")
    monkeypatch.setenv("NAARNUL_SMTP_SECURITY", "SSL")
    assert (settings.smtp().port, settings.smtp().security) == (465, "ssl")
    monkeypatch.setenv("NAARNUL_SMTP_SECURITY", "plain")
    with pytest.raises(ValueError, match="NAARNUL_SMTP_SECURITY"):
        settings.smtp()
