"""Amazon order IDs and ASINs: recognise, normalise, validate.

Sellers paste IDs from Seller Central, spreadsheets and Chinese input methods, so the same ID
arrives with full-width digits, odd dashes, spaces, or as 17 bare digits.

Every order-ID pattern poa uses is built here from the same pieces (three groups of 3, 7 and 7
digits): the canonical form, a loose form for typed lists (dashes or spaces optional), a
candidate form for digit runs that look like an attempt at an ID, and the bare shape for text
that only drops IDs.
"""

from __future__ import annotations

import re

from poa.text.folding import fold  # also ids.fold, where every ID search starts

ORDER_ID_FORM = "123-1234567-1234567"
GROUPS = (3, 7, 7)  # digits in each dash-separated group
DIGITS = sum(GROUPS)


def _shape(separator: str) -> str:
    return separator.join(rf"\d{{{n}}}" for n in GROUPS)


# The bare 3-7-7 shape, without the boundaries around it.
ORDER_ID_SHAPE = _shape("-")
# Not inside a longer run of digits or dashes.
_BEFORE, _AFTER = r"(?<![\d-])", r"(?![\d-])"
ORDER_ID_RE = re.compile(_BEFORE + ORDER_ID_SHAPE + _AFTER)
# An order ID written with or without its dashes, or with spaces between the groups.
LOOSE_ORDER_ID_RE = re.compile(_BEFORE + _shape("[ -]?") + _AFTER)
ASIN_SHAPE = r"\bB0[0-9A-Z]{8}\b"
ASIN_RE = re.compile(ASIN_SHAPE)
ISBN10_RE = re.compile(r"^\d{9}[\dX]$")
# What separates the items of a typed or pasted list (of IDs, ASINs, numbers), once folded.
LIST_SEPARATORS_RE = re.compile(r"[\s,;:/|、]+")


def normalize_order_id(raw: str) -> str:
    """Return the canonical 3-7-7 form, or raise ValueError saying what is expected."""
    text = fold(str(raw)).strip()
    compact = re.sub(r"[\s-]", "", text)
    if compact.isdigit() and len(compact) == DIGITS:
        a, b = GROUPS[0], GROUPS[0] + GROUPS[1]
        return f"{compact[:a]}-{compact[a:b]}-{compact[b:]}"
    raise ValueError(f"{raw!r} is not an Amazon order ID (expected 17 digits as {ORDER_ID_FORM})")


def normalize_asin(raw: str) -> str:
    """Return an upper-case ASIN (B0 + 8 characters, or an ISBN-10), or raise ValueError."""
    text = re.sub(r"\s", "", fold(str(raw))).upper()
    if ASIN_RE.fullmatch(text) or ISBN10_RE.fullmatch(text):
        return text
    raise ValueError(f"{raw!r} is not an ASIN (expected B0 and 8 letters or digits, or an ISBN-10)")


def find_order_ids(text: str) -> list[str]:
    """Order IDs written in the canonical form inside free text, in order of appearance."""
    return ORDER_ID_RE.findall(fold(text))


def find_asins(text: str) -> list[str]:
    """ASINs (B0...) inside free text, in order of appearance."""
    return ASIN_RE.findall(fold(text))


# Digit runs that look like an attempt at an order ID: three dash-separated groups (each a
# little shorter or longer than it should be), or one long run of about 17 digits. Anything
# matched here that is not exactly 3-7-7 digits is reported as malformed.
_SLACK = (1, 2, 2)
_NOT_WORD_BEFORE, _NOT_WORD_AFTER = r"(?<![\w-])", r"(?![\w-])"
_NEAR_GROUPS = r"\s?-\s?".join(
    rf"\d{{{n - s},{n + s}}}" for n, s in zip(GROUPS, _SLACK, strict=True)
)
ORDER_ID_CANDIDATE_RE = re.compile(
    f"{_NOT_WORD_BEFORE}{_NEAR_GROUPS}{_NOT_WORD_AFTER}"
    f"|{_NOT_WORD_BEFORE}\\d{{{DIGITS - 1},{DIGITS + 1}}}{_NOT_WORD_AFTER}"
)


def find_order_id_candidates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every order-ID-like digit group in ``text`` (positions in ``text``).

    NFKC folding keeps the length of full-width digits and dashes, so positions still point into
    the original text.
    """
    folded = fold(text)
    if len(folded) != len(text):  # folding changed lengths (rare ligatures): search the original
        folded = text
    return [
        (m.start(), m.end(), text[m.start() : m.end()])
        for m in ORDER_ID_CANDIDATE_RE.finditer(folded)
    ]
