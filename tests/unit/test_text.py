"""User text is shown literally in Streamlit's Markdown."""

from __future__ import annotations

import pytest

from naarnul.text import markdown_escape, one_line


@pytest.mark.parametrize("hostile", [
    "![t](http://example.org/x.png)", "[klik](javascript:alert(1))", "**vet** _schuin_", ":red[rood] :material/home:",
    "<img src=x onerror=alert(1)>", "# kop", "`code`", "$x^2$", "a & b < c > d", "{{ x }} {% if %}", "~~weg~~",
])
def test_markdown_specials_are_escaped(hostile):
    escaped = markdown_escape(hostile)
    for char in "![]()*_:<>#`$&~":
        assert f"{char}" not in escaped.replace(f"\\{char}", "")


def test_plain_names_stay_readable():
    assert markdown_escape("Jan de Vries") == "Jan de Vries"
    assert markdown_escape(None) == ""


def test_one_line_folds_white_space():
    assert one_line(" Beste\n  Jan,\t dank ") == "Beste Jan, dank"
