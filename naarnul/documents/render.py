"""Render a .docx template with docxtpl, safely (the text of a .docx is read back by naarnul.docx_text).

Why so strict (see shared/engineering.md): docxtpl does not escape by default, so a name like `Smith & Sons <Ltd>`
broke the XML and everything after it vanished while the file still opened. We therefore always render with
`autoescape=True` in a *sandboxed* Jinja environment with `StrictUndefined`, in a separate process with limits:
- user text (`& < > " '`, `{{ }}`, any Unicode) lands in the document literally; it is data, never template code;
- an uploaded template cannot reach Python internals (`''.__class__.__mro__` and friends are refused);
- a field the template needs but the context lacks fails loudly with a Dutch message, never an empty gap.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from typing import Any

from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
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

    Runs in a sandbox worker process with a time, memory and size limit (naarnul.documents.sandbox): a template is
    untrusted and may explode only for some cases; that letter then fails with a Dutch message, the server stays up."""
    return sandbox.run_limited(render_unbounded, template_bytes, context)


def render_unbounded(template_bytes: bytes, context: dict) -> bytes:
    """The render itself, without limits: only ever called inside a sandbox worker process.

    The template is compiled once per version (its sha256: a version never changes) and kept in the worker
    (`compiled_template`); a template docxtpl's fast path cannot reproduce exactly renders the plain docxtpl way."""
    compiled = compiled_template(template_bytes)
    if compiled is None:
        return render_with_docxtpl(template_bytes, context)
    return compiled.render(context)


def render_with_docxtpl(template_bytes: bytes, context: dict) -> bytes:
    """docxtpl's own path: open the package, patch and compile the XML, render, save (all again for every letter)."""
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


# --- the compiled template ------------------------------------------------------------------------------------------
# docxtpl opens the whole package with python-docx, patches the XML with some twenty regular expressions, compiles
# the Jinja source and writes (deflates) every part again, for every letter; for the shipped templates that is over
# 800 KB of XML (styles) that never changes. A CompiledTemplate does the fixed part once per template version: the
# patched and compiled Jinja templates of the body, headers and footers, the parsed document root, and the package as
# docxtpl would write it without the rendered parts. A render then only fills in the templates and runs docxtpl's
# own post-processing (resolve_listing, fix_tables, fix_docpr_ids) and serialisation on the rendered parts: the
# parts of the .docx come out byte for byte as docxtpl writes them (tests/unit/test_documents_render.py).

_CORE_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")  # what docxtpl renders
_MAX_COMPILED = 16  # template versions kept per worker (a few hundred KB each)
_COMPILED: OrderedDict[str, CompiledTemplate | None] = OrderedDict()
_COMPILED_LOCK = threading.Lock()


class CompiledTemplate:
    """One template version, compiled once; `render(context)` gives the .docx bytes (ValidationError in Dutch)."""

    def __init__(self, template: DocxTemplate) -> None:
        template.render_init()
        document = template.docx
        self._environment = make_environment()
        self._helper = template  # docxtpl's post-processing methods, called on the rendered XML only
        self._body = self._compile(template.patch_xml(template.get_xml()))
        self._root = document.element  # w:document; its w:body is replaced by each rendered body
        self._document_name = document.part.partname.lstrip("/")
        self._parts: list[tuple[str, Any, str]] = []  # (zip name, compiled template, encoding) of headers/footers
        for uri in (template.HEADER_URI, template.FOOTER_URI):
            for _key, part in template.get_headers_footers(uri):
                xml = template.get_part_xml(part)
                name = part.partname.lstrip("/")
                if all(name != known for known, _t, _e in self._parts):
                    self._parts.append((name, self._compile(template.patch_xml(xml)),
                                        template.get_headers_footers_encoding(xml)))
        core = document.core_properties
        for prop in _CORE_PROPERTIES:  # unchanged by the render (checked in compiled_template): set as docxtpl does
            setattr(core, prop, getattr(core, prop))
        saved = io.BytesIO()
        document.save(saved)
        rendered = {self._document_name, *(name for name, _t, _e in self._parts)}
        base = io.BytesIO()
        with zipfile.ZipFile(saved) as source, zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename not in rendered:
                    target.writestr(info, source.read(info.filename))
        self._base = base.getvalue()
        self._lock = threading.Lock()  # the document root is shared by the renders of this version

    def _compile(self, patched_xml: str):
        return self._environment.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", patched_xml))

    def _finish(self, template, context: dict) -> str:
        """docxtpl's render_xml_part after the Jinja render (same steps, same order)."""
        xml = template.render(context)
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self._helper.resolve_listing(xml)

    def render(self, context: dict) -> bytes:
        with self._lock:
            try:
                body = self._helper.fix_tables(self._finish(self._body, context))
                self._helper.docx_ids_index = 1000
                self._helper.fix_docpr_ids(body)
                parts = [(name, serialize_part_xml(parse_xml(self._finish(template, context).encode(encoding))))
                         for name, template, encoding in self._parts]
                old_body = self._root.find(qn("w:body"))
                self._root.replace(old_body, body)
                document_xml = serialize_part_xml(self._root)
            except MemoryError:
                raise
            except Exception as error:
                raise ValidationError(explain_template_error(error)) from error
        out = io.BytesIO(self._base)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as package:
            package.writestr(self._document_name, document_xml)
            for name, xml_bytes in parts:
                package.writestr(name, xml_bytes)
        return out.getvalue()


def _fast_path_possible(template: DocxTemplate) -> bool:
    """The compiled path reproduces docxtpl exactly for body, headers and footers; a template that also has Jinja in
    its document properties or has footnotes (docxtpl renders those too) takes docxtpl's own path."""
    template.init_docx()
    document = template.docx
    if any(part.content_type.endswith(".footnotes+xml") for part in document.part.package.iter_parts()):
        return False
    core = document.core_properties
    for prop in _CORE_PROPERTIES:
        value = getattr(core, prop) or ""
        if any(mark in value for mark in ("{{", "{%", "{#")) or value.endswith("\n"):
            return False
    return True


def compiled_template(template_bytes: bytes) -> CompiledTemplate | None:
    """The compiled form of this template version (None: render it the docxtpl way), cached by its sha256.

    ValidationError (Dutch) for a broken file or a syntax error; failures are not cached."""
    key = hashlib.sha256(template_bytes).hexdigest()
    with _COMPILED_LOCK:
        if key in _COMPILED:
            _COMPILED.move_to_end(key)
            return _COMPILED[key]
    template = open_template(template_bytes)
    try:
        compiled = CompiledTemplate(template) if _fast_path_possible(template) else None
    except (MemoryError, ValidationError):
        raise
    except Exception as error:
        raise ValidationError(explain_template_error(error)) from error
    with _COMPILED_LOCK:
        _COMPILED[key] = compiled
        while len(_COMPILED) > _MAX_COMPILED:
            _COMPILED.popitem(last=False)
    return compiled


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
