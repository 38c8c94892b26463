"""Documents from Word templates: the case a document is made from, the template registry, rendering, exports.

Pure Python (no streamlit, no database). Public entry points:

- `DocumentCase.from_json(data)` / `case.to_json()` — the input of every document (`.case`, pydantic; its Dutch
  messages come from `.dutch_errors`);
- `list_templates()`, `load_template(name)` — the templates on disk (`.registry`); `TemplateSpec`, `parse_spec`,
  `validate_extra_fields` — the spec beside each template (`.spec`, pydantic); every field name (`.fields`);
- `build_context(case, spec, extra)` — the flat Dutch context a template sees (`.context`);
- `generate(case, name, extra)`, `sample_document(spec)` — the one-call path a page or the CLI uses (`.generation`);
- `check_template(docx_bytes, spec)` — the check an upload must pass (`.template_check`);
- `render_docx(docx_bytes, context)` (`.render`), `docx_text(docx_bytes)` (`naarnul.docx_text`);
- `notification_csv(case)` / `notification_json(case)` (`naarnul.documents.export`);
- `to_pdf(docx_bytes)` (`naarnul.documents.pdf`, needs LibreOffice).
"""

from naarnul.documents.case import DocumentCase
from naarnul.documents.context import build_context
from naarnul.documents.export import notification_csv, notification_json
from naarnul.documents.generation import GeneratedDocument, LetterFacts, generate, sample_document
from naarnul.documents.pdf import libreoffice_available, to_pdf
from naarnul.documents.registry import list_templates, load_template
from naarnul.documents.render import render_docx
from naarnul.documents.spec import TemplateSpec, parse_spec, template_version_hash, validate_extra_fields
from naarnul.documents.template_check import check_template
from naarnul.docx_text import docx_text

__all__ = [
    "DocumentCase",
    "GeneratedDocument",
    "LetterFacts",
    "TemplateSpec",
    "build_context",
    "check_template",
    "docx_text",
    "generate",
    "libreoffice_available",
    "list_templates",
    "load_template",
    "notification_csv",
    "notification_json",
    "parse_spec",
    "render_docx",
    "sample_document",
    "template_version_hash",
    "to_pdf",
    "validate_extra_fields",
]
