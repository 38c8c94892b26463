"""The template registry: every `templates/<name>.docx` sits beside its spec `templates/<name>.yaml`
(naarnul.documents.spec). Adding a kind of letter is dropping a .docx and its .yaml into `templates/` — no Python.
See docs/templates.md for the admin's view; naarnul.documents.fields lists every field a template may use.
"""

from __future__ import annotations

import os
from pathlib import Path

from naarnul.documents.spec import NAME, TemplateSpec, parse_spec
from naarnul.errors import NotFound, ValidationError


def default_templates_dir() -> Path:
    """`NAARNUL_TEMPLATES_DIR`, or `templates/` at the root of the project."""
    configured = os.environ.get("NAARNUL_TEMPLATES_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "templates"


def load_template(name: str, templates_dir: str | Path | None = None) -> TemplateSpec:
    """The spec and .docx bytes of template `name`. NotFound (Dutch) when either file is missing.

    Cached on the files' modification time and size, so an edited or uploaded template is picked up at once.
    """
    directory = Path(templates_dir) if templates_dir else default_templates_dir()
    if not NAME.match(name or ""):
        raise NotFound(f"Er is geen sjabloon met de naam '{name}'.")
    spec_path, docx_path = directory / f"{name}.yaml", directory / f"{name}.docx"
    try:
        stats = (spec_path.stat(), docx_path.stat())
    except FileNotFoundError:
        raise NotFound(f"Er is geen sjabloon met de naam '{name}' (nodig: {name}.docx en {name}.yaml).") from None
    key = (str(spec_path.resolve()), *((st.st_mtime_ns, st.st_size) for st in stats))
    cached = _SPEC_CACHE.get(key)
    if cached is not None:
        return cached
    spec = parse_spec(spec_path.read_text(encoding="utf-8"), docx_bytes=docx_path.read_bytes())
    if spec.name != name:
        raise ValidationError(f"In {spec_path.name} staat name: {spec.name}; dat moet {name} zijn.")
    if len(_SPEC_CACHE) > 256:
        _SPEC_CACHE.clear()
    _SPEC_CACHE[key] = spec
    return spec


_SPEC_CACHE: dict[tuple, TemplateSpec] = {}


def list_templates(templates_dir: str | Path | None = None) -> list[TemplateSpec]:
    """Every template in the directory that has both a .docx and a .yaml, sorted by name."""
    directory = Path(templates_dir) if templates_dir else default_templates_dir()
    names = sorted(p.stem for p in directory.glob("*.yaml") if (directory / f"{p.stem}.docx").exists())
    return [load_template(name, directory) for name in names]
