"""Render a .docx template with docxtpl, safely (the text of a .docx is read back by naarnul.docx_text).

Why so strict (see shared/engineering.md): docxtpl does not escape by default, so a name like `Smith & Sons <Ltd>`
broke the XML and everything after it vanished while the file still opened. We therefore always render with
`autoescape=True` in a *sandboxed* Jinja environment with `StrictUndefined`, in a separate process with limits:
- user text (`& < > " '`, `{{ }}`, any Unicode) lands in the document literally; it is data, never template code;
- an uploaded template cannot reach Python internals (`''.__class__.__mro__` and friends are refused);
- a field the template needs but the context lacks fails loudly with a Dutch message, never an empty gap.
"""

from __future__ import annotations

import io
import re
import zipfile

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from naarnul.documents import sandbox  # sandbox imports this module too
from naarnul.errors import ValidationError

# Multiplying a string or list by a huge number is the cheapest way for a template to eat all memory.
_MAX_REPEAT_RESULT = 100_000
_MAX_POWER = 1_000


class DocumentSandbox(SandboxedEnvironment):
    """Jinja's sandbox plus limits on `*` and `**`, the operators a template could use to exhaust memory."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > _MAX_POWER:
            raise SecurityError("exponent too large")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > _MAX_REPEAT_RESULT:
                    raise SecurityError("repetition too large")
        return super().call_binop(context, operator, left, right)


def make_environment() -> SandboxedEnvironment:
    """A fresh environment per render: docxtpl sets attributes on it, so it is never shared between threads."""
    return DocumentSandbox(autoescape=True, undefined=StrictUndefined)


def open_template(template_bytes: bytes) -> DocxTemplate:
    try:
        with zipfile.ZipFile(io.BytesIO(template_bytes)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise zipfile.BadZipFile("no word/document.xml")
        return DocxTemplate(io.BytesIO(template_bytes))
    except Exception as error:  # python-docx raises several kinds for a broken package
        raise ValidationError("Het bestand is geen geldig Word-document (.docx). Sla het in Word op als .docx.") from error


def render_docx(template_bytes: bytes, context: dict) -> bytes:
    """Fill `template_bytes` (.docx) with `context`; return the new .docx. Raises ValidationError in Dutch.

    Runs in a child process with a time, memory and size limit (naarnul.documents.sandbox): a template is untrusted
    and may explode only for some cases; that letter then fails with a Dutch message, the server stays up."""
    return sandbox.run_limited(render_unbounded, template_bytes, context)


def render_unbounded(template_bytes: bytes, context: dict) -> bytes:
    """The render itself, without limits: only ever called inside the sandbox's child process."""
    template = open_template(template_bytes)
    try:
        template.render(context, jinja_env=make_environment(), autoescape=True)
    except MemoryError:
        raise  # the sandbox's memory limit: reported as such
    except Exception as error:
        raise ValidationError(explain_template_error(error)) from error
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def explain_template_error(error: Exception) -> str:
    """A Dutch sentence for a landlord or an admin; the technical detail stays in brackets for support."""
    if isinstance(error, (SecurityError, OverflowError)):  # OverflowError: the sandbox's range() limit
        return ("Het sjabloon probeert iets te doen wat niet is toegestaan. Gebruik alleen velden zoals "
                "{{ landlord_name }}, {% if … %} en {% for … %}.")
    if isinstance(error, UndefinedError):
        message = str(error)
        if "unsafe" in message:
            return ("Het sjabloon probeert iets te doen wat niet is toegestaan. Gebruik alleen velden zoals "
                    "{{ landlord_name }}, {% if … %} en {% for … %}.")
        match = re.search(r"'([^']+)' is undefined", message)
        if match:
            return f"Het veld '{match.group(1)}' ontbreekt. Vul het in, of haal het uit het sjabloon."
        match = re.search(r"has no attribute '([^']+)'", message)
        if match:
            return f"Het veld '{match.group(1)}' bestaat niet of ontbreekt. Controleer de naam in het sjabloon."
        return f"Er ontbreekt een veld in het sjabloon ({message})."
    if isinstance(error, TemplateSyntaxError):
        return f"Het sjabloon bevat een schrijffout in de velden: {error.message}. Controleer de {{{{ }}}} en {{% %}}."
    if isinstance(error, TemplateError):
        return f"Het sjabloon kon niet worden ingevuld ({error})."
    return f"Het document kon niet worden gemaakt ({type(error).__name__}: {error})."
