"""Document generation speed: our full path vs a bare docxtpl render of the same template, in one run.

Full path = read the case JSON into a DocumentCase, load the spec, build the Dutch context, render in the sandbox,
save, and read the text back (what a page does before storing). Bare = DocxTemplate(...).render(context) + save with
a context that is already built. Target: ratio <= 1.2 (issue #14). Also: the render alone, compiled once per template
version against docxtpl's own path (both in this process, no sandbox), and 100 reminders in a row.
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

from bench.common import emit, median_seconds  # noqa: E402
from naarnul.documents import (  # noqa: E402
    build_context,
    generate,
    load_template,
    render,  # noqa: E402
)
from naarnul.documents.case import DocumentCase  # noqa: E402


def main() -> None:
    case_json = json.loads((ROOT / "examples" / "case.json").read_text(encoding="utf-8"))
    spec = load_template("reminder")
    context = build_context(DocumentCase.from_json(case_json), spec)

    def full() -> None:
        case = DocumentCase.from_json(case_json)
        generate(case, load_template("reminder"))

    def bare() -> None:
        template = DocxTemplate(io.BytesIO(spec.docx_bytes))
        template.render(context, autoescape=True)  # same escaping as the real path
        template.save(io.BytesIO())

    full_s = median_seconds(full, repeat=15, warmup=2)
    bare_s = median_seconds(bare, repeat=15, warmup=2)
    emit("documents.reminder.full_path", full_s, "s", ratio=full_s / bare_s, target="<= 1.2",
         bare_docxtpl_seconds=round(bare_s, 4))

    compiled_s = median_seconds(lambda: render.render_unbounded(spec.docx_bytes, context), repeat=15, warmup=2)
    docxtpl_s = median_seconds(lambda: render.render_with_docxtpl(spec.docx_bytes, context), repeat=15, warmup=2)
    emit("documents.reminder.render_compiled", compiled_s, "s", ratio=compiled_s / docxtpl_s,
         docxtpl_path_seconds=round(docxtpl_s, 4), note="same parts byte for byte; template compiled once")

    case = DocumentCase.from_json(case_json)
    started = time.perf_counter()
    for _ in range(100):
        generate(case, spec)
    per_doc = (time.perf_counter() - started) / 100
    emit("documents.reminder.serial_1000_estimate", per_doc * 1000, "s", ratio=per_doc / bare_s,
         note="one after another in one worker; bench_letters.py measures the bulk against its limit")


if __name__ == "__main__":
    main()
