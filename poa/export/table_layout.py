"""Column widths for the orders table, sized to its content within the page's text width.

Word and LibreOffice break a cell's text wherever its column is too narrow, even inside an order
ID. Widths are therefore worked out here from an estimate of how wide each value prints, with
glyph widths of a broad sans-serif (LibreOffice's usual stand-in when Calibri is missing), so an
estimate that is right for the widest likely font is safe for narrower ones.
"""

from __future__ import annotations

from dataclasses import dataclass

# Advance widths in ems of a wide sans-serif (DejaVu Sans); bold text is about 10% wider.
_DIGIT = 0.64
_NARROW = 0.32  # i j l ' , . : ; space
_HYPHEN = 0.37
_UPPER = 0.72
_LOWER = 0.60
_WIDE = 0.95  # m w M W
_CJK = 1.0
_BOLD = 1.1
# Left and right cell margins together (Word's default is 0.08 inch each side), in points.
CELL_PADDING = 12.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Printed width of ``text`` in points at font ``size``: an upper estimate."""
    ems = 0.0
    for ch in text:
        if ch.isdigit():
            ems += _DIGIT
        elif ch in "ijlI'.,:; \u00a0|!":
            ems += _NARROW
        elif ch in "-\u2011":
            ems += _HYPHEN
        elif ch in "mwMW":
            ems += _WIDE
        elif ord(ch) > 0x2E7F:
            ems += _CJK
        elif ch.isupper():
            ems += _UPPER
        else:
            ems += _LOWER
    return ems * size * (_BOLD if bold else 1.0)


@dataclass(frozen=True)
class Column:
    """A column's header and values; ``whole``: values that must not wrap (IDs, dates)."""

    header: str
    values: list[str]
    whole: bool


def _pieces(text: str, whole: bool) -> list[str]:
    return [text] if whole else text.split()


def _bounds(columns: list[Column], size: float) -> tuple[list[float], list[float]]:
    """Per column: the least width (widest unbreakable piece: a whole ID, a header word) and
    the natural one (every value on one line; a header may still wrap between its words)."""
    least, natural = [], []
    for col in columns:
        pieces = [w for v in col.values for w in _pieces(v, col.whole)]
        low = max([text_width(p, size) for p in pieces if p] + [0.0])
        low = max(low, *(text_width(w, size, bold=True) for w in col.header.split()))
        high = max([text_width(v, size) for v in col.values] + [low])
        least.append(low + CELL_PADDING)
        natural.append(high + CELL_PADDING)
    return least, natural


def widths(
    columns: list[Column], available: float, size: float, natural_only: bool = False
) -> list[float] | None:
    """Column widths in points summing to ``available``, or None when they cannot fit.

    Each column gets at least its least width; room left over goes first to columns whose
    text would otherwise wrap, then to all alike. ``natural_only``: None unless every value
    fits on one line.
    """
    least, natural = _bounds(columns, size)
    if sum(natural if natural_only else least) > available:
        return None
    out = list(least)
    spare = available - sum(out)
    wanted = [n - lo for n, lo in zip(natural, least, strict=True)]
    if sum(wanted) > 0:
        share = min(1.0, spare / sum(wanted))
        out = [w + want * share for w, want in zip(out, wanted, strict=True)]
        spare = available - sum(out)
    if spare > 0:
        total = sum(out)
        out = [w + spare * w / total for w in out]
    return out


def fit(
    columns: list[Column], available: float, sizes: tuple[float, ...]
) -> tuple[float, list[float]]:
    """The largest size in ``sizes`` at which every value fits on one line (else the largest
    at which no ID or date has to break), and the column widths.

    When none fits (a very narrow page), the smallest size with widths in proportion to need.
    """
    for natural_only in (True, False):  # a slightly smaller font beats wrapped values
        for size in sizes:
            found = widths(columns, available, size, natural_only)
            if found is not None:
                return size, found
    size = sizes[-1]
    need = [
        max([text_width(v, size) for v in c.values] + [text_width(c.header, size, True)])
        for c in columns
    ]
    total = sum(need) or 1.0
    return size, [available * n / total for n in need]
