"""Streamlit view of the stress-sensitive wording check (naarnul.wording): the report, with one-click suggestions.

    render_wording_report(text, report, key="x", apply_to="text_key")  # a suggestion changes st.session_state[...]

The check takes < 20 ms for a one-page letter, so it simply runs again on every rerun (every edit).
The letter text is shown with naarnul.wording.highlight.to_html, which HTML-escapes it; every other piece of letter
text that reaches Markdown (messages quote the letter) goes through `_md` so it cannot inject Markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from naarnul.docx_text import docx_text
from naarnul.errors import ValidationError
from naarnul.text import markdown_escape, one_line
from naarnul.wording import Finding, Report, apply_suggestion, check
from naarnul.wording.highlight import legend_html, to_html
from naarnul.wording.readability import MINIMUM, TARGET
from naarnul.wording.report import CATEGORY_LABEL, ERROR, HINT, WARNING

VERDICT_OK = "Stress-sensitief"
VERDICT_NOT_YET = "Nog niet stress-sensitief"

SEVERITY_HEADINGS = {
    ERROR: ("Fouten", "Pas deze punten aan. Dan werkt uw brief beter."),
    WARNING: ("Waarschuwingen", "Deze punten maken uw brief duidelijker en vriendelijker."),
    HINT: ("Tips", "Niet verplicht, wel een verbetering."),
}
SEVERITY_ICONS = {ERROR: ":material/error:", WARNING: ":material/warning:", HINT: ":material/lightbulb:"}
CATEGORY_BADGES = {"contact": "orange", "toon": "red", "taal": "blue"}


def _md(text: str) -> str:
    """Text (possibly quoting the letter) that Markdown shows literally, on one line."""
    return markdown_escape(one_line(text))


def _fragment(text: str, finding: Finding, limit: int = 80) -> str:
    part = " ".join(text[finding.start:finding.end].split())
    return part if len(part) <= limit else part[: limit - 1].rstrip() + "…"


def _score(value: float) -> str:
    return f"{value:.0f}"


def _suggestion_label(suggestion: str) -> str:
    shown = " ".join(suggestion.split())
    if not shown:
        return "Verwijder dit"
    if len(shown) > 40:
        shown = shown[:39].rstrip() + "…"
    return f"Vervang door „{_md(shown)}”"


def _apply(key: str, finding: Finding, checked_text: str, checked: Report) -> None:
    """Button callback (runs before the next rerun draws the text area, so it may change its value).
    If the text changed since the finding was made, apply the same change to the current text."""
    current = st.session_state.get(key, "")
    if current != checked_text:
        wanted = (finding.rule, checked_text[finding.start:finding.end], finding.suggestion)
        matches = [f for f in check(current, kind=checked.kind, delivery_days=checked.delivery_days).findings
                   if (f.rule, current[f.start:f.end], f.suggestion) == wanted]
        if not matches:
            return
        finding = matches[0]
    st.session_state[key] = apply_suggestion(current, finding)
    # where the cursor goes after the replacement (read by the live check on the check page)
    st.session_state[f"{key}_caret"] = (finding.start + len(finding.suggestion or ""),
                                        st.session_state.get(f"{key}_caret", (0, 0))[1] + 1)


def _verdict(report: Report) -> None:
    errors = len(report.errors)
    if report.ok:
        st.markdown(f"### :green-badge[:material/check_circle: {VERDICT_OK}]")
        st.markdown("Er staan geen fouten in deze brief. Bekijk de waarschuwingen en tips als u wilt.")
    else:
        st.markdown(f"### :red-badge[:material/cancel: {VERDICT_NOT_YET}]")
        st.markdown(f"Er {'staat 1 fout' if errors == 1 else f'staan {errors} fouten'} in deze brief. "
                    "Pas die eerst aan.")


def _readability(report: Report) -> None:
    st.markdown(f"**Leesbaarheid (Flesch-Douma): {_score(report.readability)}** – {report.band}. "
                f"Doel: {_score(TARGET)} of hoger; onder {_score(MINIMUM)} is moeilijk te lezen.")
    st.caption(f"{report.words} woorden, {report.sentences} "
               f"{'zin' if report.sentences == 1 else 'zinnen'}.")


def _finding(text: str, finding: Finding, *, key: str, index: int, apply_to: str | None, report: Report) -> None:
    colour = CATEGORY_BADGES[finding.category]
    where = "Hele brief" if finding.whole_text else None
    fragment = "" if finding.whole_text else _fragment(text, finding)
    head = f":{colour}-badge[{CATEGORY_LABEL[finding.category]}] **{finding.rule}**"
    if where:
        head += f" · {where}"
    elif fragment and fragment not in finding.message:
        head += f" · „{_md(fragment)}”"
    lines = [head, _md(finding.message)]
    if finding.suggestion is not None and not finding.whole_text and apply_to is None:
        alternative = " ".join(finding.suggestion.split())
        lines.append(f"Alternatief: **„{_md(alternative)}”**" if alternative else "Alternatief: weglaten.")
    with st.container(border=True):
        st.markdown("  \n".join(lines))
        if apply_to is not None and finding.suggestion is not None and not finding.whole_text:
            st.button(_suggestion_label(finding.suggestion), key=f"{key}_apply_{index}_{finding.rule}_{finding.start}",
                      on_click=_apply, args=(apply_to, finding, text, report), icon=":material/edit:")


def read_letter_file(data: bytes, name: str) -> str:
    """The text of an uploaded letter: .docx (body, tables, headers, footers) or plain text (UTF-8 or Windows).
    Raises ValidationError with a Dutch message when it cannot be read."""
    if name.lower().endswith(".docx") or data[:2] == b"PK":
        return docx_text(data)
    if b"\x00" in data:
        raise ValidationError("Dit bestand is geen tekst. Upload een .docx- of .txt-bestand.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("Dit tekstbestand kan ik niet lezen. Sla het op als .txt (UTF-8) of als .docx.")


def render_wording_report(text: str, report: Report, *, key: str = "wording", apply_to: str | None = None) -> None:
    """Verdict, Flesch-Douma score and band, the text with coloured marks, and the findings grouped by severity.

    `key` keeps widget keys unique when a page shows more than one report. `apply_to`: the session-state key of the
    text area holding `text`; when given, each finding with a suggestion gets a "Vervang door …" button.
    """
    _verdict(report)
    _readability(report)
    if text.strip():
        st.markdown(f"**Uw tekst met de gevonden punten** &nbsp; {legend_html()}", unsafe_allow_html=True)
        st.markdown(to_html(text, report.findings), unsafe_allow_html=True)
        st.caption("Houd de muis op een gekleurd stuk voor de uitleg. Hieronder staan alle punten.")
    if not report.findings:
        st.markdown("Geen opmerkingen. Goed gedaan.")
        return
    index = 0
    for severity in (ERROR, WARNING, HINT):
        findings = report.by_severity(severity)
        if not findings:
            continue
        title, intro = SEVERITY_HEADINGS[severity]
        st.subheader(f"{SEVERITY_ICONS[severity]} {title} ({len(findings)})")
        st.caption(intro)
        # tips are optional: folded away so the errors and warnings stand out
        with st.expander(f"Toon de tips ({len(findings)})") if severity == HINT else st.container():
            for finding in findings:
                _finding(text, finding, key=key, index=index, apply_to=apply_to, report=report)
                index += 1

