"""The checks of an uploaded template that need no database (the store keeps the upload; naarnul.documents checks
the fields, the sample case and the wording)."""

from __future__ import annotations

from naarnul import access
from naarnul.errors import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def checked_upload(docx_bytes: bytes, spec_yaml: str | bytes | None) -> str | None:
    """The spec YAML as text (None or blank: use the current spec); ValidationError in Dutch for a missing or too
    large file or a description that is not UTF-8."""
    if not docx_bytes:
        raise ValidationError(access.TEMPLATE_CHOOSE_DOCX)
    if len(docx_bytes) > MAX_UPLOAD_BYTES:
        raise ValidationError(access.TEMPLATE_TOO_LARGE)
    if isinstance(spec_yaml, bytes):
        try:
            return spec_yaml.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(access.TEMPLATE_YAML_NOT_UTF8) from None
    return spec_yaml
