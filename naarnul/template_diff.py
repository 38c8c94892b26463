"""What changed between two versions of a template: their texts line by line, differences marked (issue 16).

Pure: the texts come from naarnul.docx_text (bounded reading of an untrusted .docx). The comparison itself is bounded
too (difflib is quadratic on long texts): at most MAX_LINES lines per version and MAX_LINE_CHARS characters per line
are compared; the rest is cut off and `truncated` says so.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

MAX_LINES = 2_000
MAX_LINE_CHARS = 500

SAME, ADDED, REMOVED = "same", "added", "removed"


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same / added (only in the newer version) / removed (only in the older one)
    text: str


@dataclass(frozen=True)
class TextDiff:
    old_text: str
    new_text: str
    lines: tuple[DiffLine, ...]
    added: int
    removed: int
    truncated: bool

    @property
    def identical(self) -> bool:
        return not self.added and not self.removed

    def as_unified(self) -> str:
        """The lines with `+ `, `- ` or two spaces in front (a diff a code block colours)."""
        marks = {SAME: "  ", ADDED: "+ ", REMOVED: "- "}
        return "\n".join(marks[line.kind] + line.text for line in self.lines)


def _bounded(text: str) -> tuple[list[str], bool]:
    lines = text.splitlines()
    truncated = len(lines) > MAX_LINES or any(len(line) > MAX_LINE_CHARS for line in lines)
    return [line[:MAX_LINE_CHARS] for line in lines[:MAX_LINES]], truncated


def diff_texts(old_text: str, new_text: str) -> TextDiff:
    """The lines of both texts in order: unchanged ones once, a changed line as removed (old) then added (new)."""
    old_lines, old_cut = _bounded(old_text)
    new_lines, new_cut = _bounded(new_text)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    result: list[DiffLine] = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            result += [DiffLine(SAME, line) for line in old_lines[a1:a2]]
            continue
        result += [DiffLine(REMOVED, line) for line in old_lines[a1:a2]]
        result += [DiffLine(ADDED, line) for line in new_lines[b1:b2]]
    return TextDiff(old_text=old_text, new_text=new_text, lines=tuple(result),
                    added=sum(1 for line in result if line.kind == ADDED),
                    removed=sum(1 for line in result if line.kind == REMOVED),
                    truncated=old_cut or new_cut)
