"""Documents from Word templates: the case a document is made from, the template registry, rendering, exports.

Pure Python (no streamlit, no database). Public entry points:

- `DocumentCase.from_json(data)` / `case.to_json()` — the input of every document (`naarnul.documents.case`);
- `list_templates()`, `load_template(name)`, `build_context(case, spec, extra)`, `render_template(spec, context)`,
  `check_template(docx_bytes, spec)`, `docx_text(docx_bytes)` (`naarnul.documents.registry` / `.render`);
- `generate(case, name, extra)` — the one-call path a page or the CLI uses: context + render;
- `notification_csv(case)` / `notification_json(case)` (`naarnul.documents.export`);
- `to_pdf(docx_bytes)` (`naarnul.documents.pdf`, needs LibreOffice).
"""

from naarnul.documents.case import DocumentCase
from naarnul.documents.export import notification_csv, notification_json
from naarnul.documents.pdf import libreoffice_available, to_pdf
from naarnul.documents.registry import (
    GeneratedDocument,
    TemplateSpec,
    build_context,
    check_template,
    generate,
    list_templates,
    load_template,
    template_version_hash,
    validate_extra_fields,
)
from naarnul.documents.render import render_docx
from naarnul.docx_text import docx_text

__all__ = [
    "DocumentCase",
    "GeneratedDocument",
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
    "render_docx",
    "template_version_hash",
    "to_pdf",
    "validate_extra_fields",
]
