"""What changed between two versions of a template (issue 16): texts of real .docx files, differences marked."""

from __future__ import annotations

import io

from docx import Document

from naarnul.docx_text import docx_text
from naarnul.template_diff import ADDED, MAX_LINE_CHARS, MAX_LINES, REMOVED, SAME, diff_texts


def docx(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_changed_line_shows_as_removed_then_added_and_the_rest_once():
    old = docx_text(docx("Beste {{ tenant_names }},", "U moet nu betalen.", "Met vriendelijke groet,"))
    new = docx_text(docx("Beste {{ tenant_names }},", "Kunt u ons bellen? Dan zoeken we samen een oplossing.",
                         "Met vriendelijke groet,", "{{ landlord_name }}"))
    diff = diff_texts(old, new)
    assert [(line.kind, line.text) for line in diff.lines] == [
        (SAME, "Beste {{ tenant_names }},"),
        (REMOVED, "U moet nu betalen."),
        (ADDED, "Kunt u ons bellen? Dan zoeken we samen een oplossing."),
        (SAME, "Met vriendelijke groet,"),
        (ADDED, "{{ landlord_name }}"),
    ]
    assert (diff.added, diff.removed, diff.identical, diff.truncated) == (2, 1, False, False)
    assert diff.as_unified().splitlines() == ["  Beste {{ tenant_names }},", "- U moet nu betalen.",
                                              "+ Kunt u ons bellen? Dan zoeken we samen een oplossing.",
                                              "  Met vriendelijke groet,", "+ {{ landlord_name }}"]
    assert diff.old_text == old and diff.new_text == new  # the text of both versions


def test_equal_texts_are_identical_and_hostile_text_stays_literal():
    hostile = "Smith & Sons <Ltd> **vet** {% if x %} <script>alert(1)</script>"
    diff = diff_texts(docx_text(docx(hostile)), docx_text(docx(hostile)))
    assert diff.identical and [line.text for line in diff.lines] == [hostile]


def test_the_comparison_is_bounded():
    long_text = "\n".join(f"regel {n}" for n in range(MAX_LINES + 500))
    diff = diff_texts(long_text, long_text + "\nnog een regel")
    assert diff.truncated and len(diff.lines) == MAX_LINES
    wide = diff_texts("x" * (MAX_LINE_CHARS * 3), "y")
    assert wide.truncated and max(len(line.text) for line in wide.lines) == MAX_LINE_CHARS
