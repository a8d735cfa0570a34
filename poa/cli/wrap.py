"""Terminal output fitted to the terminal's width by display width.

Latin text breaks at spaces and Chinese between characters, so a line never splits an English
word or an order ID, and wide characters count double. Every command that prints prose (the
wizard, feedback, reply, revise) goes through here, so a 200-column line is never left for the
terminal to break mid-word.
"""

from __future__ import annotations

import re

import typer

from poa.cli.terminal import Terminal, current

# Where a line may not break: before closing punctuation, after opening punctuation.
_NO_BREAK_BEFORE = frozenset(",.;:!?)]}%、。,.;:!?)】」』》〉”’…")
_NO_BREAK_AFTER = frozenset("([{(【「『《〈“‘")
_TOKENS = re.compile(r"\s+|\S")


def _cwidth(text: str) -> int:
    """Columns ``text`` takes on a terminal (a CJK character takes two)."""
    try:
        from prompt_toolkit.utils import get_cwidth
    except ImportError:  # pragma: no cover - prompt_toolkit is a dependency
        return len(text)
    return sum(max(get_cwidth(ch), 0) for ch in text)


def _segments(text: str) -> list[tuple[str, str]]:
    """(space before, unbreakable piece): Latin words stay whole, CJK text splits per character."""
    out: list[tuple[str, str]] = []
    glue = ""
    prev_wide = False
    for tok in _TOKENS.findall(text):
        if tok.isspace():
            glue += tok
            prev_wide = False
            continue
        wide = _cwidth(tok) > 1
        joined = (
            bool(out)
            and not glue
            and (
                not (wide or prev_wide)  # inside a Latin word
                or tok in _NO_BREAK_BEFORE
                or out[-1][1][-1] in _NO_BREAK_AFTER
            )
        )
        if joined:
            out[-1] = (out[-1][0], out[-1][1] + tok)
        else:
            out.append((glue, tok))  # spaces kept as written (aligned columns stay aligned)
        glue = ""
        prev_wide = wide
    return out


def terminal_width(term: Terminal | None = None) -> int:
    """The terminal's width in columns (the last column is left free: some terminals wrap there)."""
    return max(20, (term or current()).width(80) - 1)


def wrap(
    text: str,
    indent: str = "  ",
    hang: str = "    ",
    width: int | None = None,
    *,
    cut_long: bool = True,
) -> str:
    """Fit text to the terminal by display width: Latin text breaks at spaces, Chinese between
    characters, so mixed lines never split an English word and wide characters count double.
    A piece longer than a whole line (a URL) is cut, or with ``cut_long=False`` kept whole on a
    line of its own (Amazon's checklists, where an ID or a link must stay copyable)."""
    width = width or terminal_width()
    lines: list[str] = []
    for n, para in enumerate(text.split("\n")):
        line = indent if n == 0 else hang
        used = _cwidth(line)
        fresh = True  # nothing but the indent on the line yet
        for glue, piece in _segments(para):
            size = _cwidth(piece)
            if not fresh and used + len(glue) + size > width:
                lines.append(line.rstrip())
                line, used, fresh, glue = hang, _cwidth(hang), True, ""
            if fresh:
                glue = ""
                while cut_long and used + size > width:  # longer than a whole line (a URL): cut it
                    cut = _fit(piece, width - used)
                    if cut == 0:
                        break
                    lines.append(line + piece[:cut])
                    piece = piece[cut:]
                    size = _cwidth(piece)
                    line, used = hang, _cwidth(hang)
            line += glue + piece
            used += len(glue) + size
            fresh = False
        lines.append(line.rstrip())
    return "\n".join(lines)


def lines(
    text: str, indent: str = "", hang: str | None = None, width: int | None = None
) -> list[str]:
    """``text`` as lines for a checklist: later lines after ``hang`` (``indent`` plus two
    spaces by default), no piece ever cut."""
    hang = indent + "  " if hang is None else hang
    return wrap(text, indent, hang, width, cut_long=False).split("\n")


def wrap_all(rows: list[tuple[str, str]], width: int | None = None) -> list[str]:
    """Each (indent, text) row wrapped; an empty text is an empty line."""
    width = width or terminal_width()
    out: list[str] = []
    for indent, text in rows:
        out.extend(lines(text, indent, width=width) if text else [""])
    return out


def _fit(piece: str, room: int) -> int:
    """How many characters of ``piece`` fit in ``room`` columns."""
    used = 0
    for i, ch in enumerate(piece):
        used += _cwidth(ch)
        if used > room:
            return i
    return len(piece)


def fits(line: str, width: int | None = None) -> str:
    """One printed line fitted to ``width``: continuation lines keep its indent, plus two."""
    indent = line[: len(line) - len(line.lstrip(" "))]
    return wrap(line[len(indent) :], indent, indent + "  ", width)


def echo(line: str = "", term: Terminal | None = None) -> None:
    """``typer.echo`` that fits the line to the terminal, on a terminal or when COLUMNS asks for
    a width (``Terminal.wraps``); piped output stays line per line."""
    term = term or current()
    typer.echo(fits(line, terminal_width(term)) if line and term.wraps else line, file=term.stdout)
