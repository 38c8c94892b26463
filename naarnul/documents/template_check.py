"""The check an uploaded template must pass before it is used: it parses, uses only known fields, renders the spec's
sample case, and (for letters) passes the stress-sensitive wording check with no error-severity finding."""

from __future__ import annotations

from jinja2 import TemplateError

from naarnul import wording
from naarnul.documents.generation import sample_document
from naarnul.documents.render import explain_template_error, make_environment, open_template
from naarnul.documents.spec import TemplateSpec
from naarnul.errors import NaarNulError, ValidationError


def template_variables(docx_bytes: bytes) -> set[str]:
    """Top-level names a template uses (loop variables excluded)."""
    template = open_template(docx_bytes)
    return set(template.get_undeclared_template_variables(jinja_env=make_environment()))


def check_template(docx_bytes: bytes, spec: TemplateSpec) -> list[str]:
    """Problems (Dutch) that stop an uploaded template from being accepted; an empty list means accepted.

    It must parse, use only known fields, render the spec's sample case, and — for letters — pass the wording check
    with no error-severity finding.
    """
    try:
        variables = template_variables(docx_bytes)
    except ValidationError as error:
        return error.problems
    except TemplateError as error:
        return [explain_template_error(error)]
    unknown = sorted(variables - spec.known_fields)
    problems = [f"Onbekend veld in het sjabloon: '{name}'. De velden die u kunt gebruiken staan in docs/templates.md."
                for name in unknown]
    if problems:
        return problems
    try:
        document = sample_document(spec.with_docx(docx_bytes))
    except NaarNulError as error:
        problems = error.problems if isinstance(error, ValidationError) else [str(error)]
        return [f"Het voorbeeld lukt niet: {problem}" for problem in problems]
    if spec.kind == "letter":
        problems += wording_problems(document.text, spec.wording_kind)
        if document.context.get("fourteen_day_letter") is True:
            # the sample is also a 14-day letter: its term rules apply too
            problems += [p for p in wording_problems(document.text, "fourteen-day-letter") if p not in problems]
    return problems


def wording_problems(text: str, kind: str) -> list[str]:
    """Error-severity findings of the stress-sensitive wording check, as Dutch sentences."""
    report = wording.check(text, kind=kind)
    return [f"Schrijfcheck ({finding.rule}): {finding.message}" for finding in report.errors]
