"""Lines fitted to the terminal for the message checklists (feedback, reply, history, submit).

Breaks only at spaces, or between two Chinese characters, so an English word, an order ID
(123-1234567-1234567), an ASIN or a URL is never split; a piece longer than the line stays whole
on a line of its own. Width is counted in terminal columns (a CJK character takes two).
"""

from __future__ import annotations

import re
import shutil
import unicodedata

_CJK = "\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef"
_PIECES = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")
# No line starts with these (closing punctuation stays with what it closes).
_NO_BREAK_BEFORE = frozenset(",.;:!?)]}%、。,.;:!?)】」』》”’")


def columns(text: str) -> int:
    """Terminal columns ``text`` takes."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def terminal_width() -> int:
    """The terminal's width (COLUMNS when set), the last column left free."""
    return max(30, shutil.get_terminal_size((80, 24)).columns - 1)


def wrap(
    text: str, indent: str = "", hang: str | None = None, width: int | None = None
) -> list[str]:
    """``text`` as lines of at most ``width`` columns: the first after ``indent``, the others
    after ``hang`` (``indent`` plus two spaces by default)."""
    width = width or terminal_width()
    hang = indent + "  " if hang is None else hang
    lines: list[str] = []
    line, used, glue = indent, columns(indent), ""
    fresh = True
    for piece in _PIECES.findall(text):
        if piece.isspace():
            glue = " "
            continue
        size = columns(piece)
        join = glue  # no space between Chinese characters, none added
        if not fresh and used + len(join) + size > width and piece[0] not in _NO_BREAK_BEFORE:
            lines.append(line.rstrip())
            line, used, join = hang, columns(hang), ""
        line += join + piece
        used += len(join) + size
        glue = ""
        fresh = False
    lines.append(line.rstrip())
    return lines


def wrap_all(rows: list[tuple[str, str]], width: int | None = None) -> list[str]:
    """Each (indent, text) row wrapped; an empty text is an empty line."""
    width = width or terminal_width()
    out: list[str] = []
    for indent, text in rows:
        out.extend(wrap(text, indent, width=width) if text else [""])
    return out
