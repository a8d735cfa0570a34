"""Amazon order IDs and ASINs: recognise, normalise, validate.

Sellers paste IDs from Seller Central, spreadsheets and Chinese input methods, so the same ID
arrives with full-width digits, odd dashes, spaces, or as 17 bare digits.
"""

from __future__ import annotations

import re
import unicodedata

ORDER_ID_FORM = "123-1234567-1234567"
ORDER_ID_RE = re.compile(r"(?<![\d-])\d{3}-\d{7}-\d{7}(?![\d-])")
ASIN_RE = re.compile(r"\bB0[0-9A-Z]{8}\b")
ISBN10_RE = re.compile(r"^\d{9}[\dX]$")

# Dash-like characters that input methods and word processors substitute for "-".
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u30fc"), "-"
)


def _fold(text: str) -> str:
    """Full-width to ASCII (NFKC), every dash-like character to '-'."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def normalize_order_id(raw: str) -> str:
    """Return the canonical 3-7-7 form, or raise ValueError saying what is expected."""
    text = _fold(str(raw)).strip()
    compact = re.sub(r"[\s-]", "", text)
    if compact.isdigit() and len(compact) == 17:
        return f"{compact[:3]}-{compact[3:10]}-{compact[10:]}"
    raise ValueError(f"{raw!r} is not an Amazon order ID (expected 17 digits as {ORDER_ID_FORM})")


def normalize_asin(raw: str) -> str:
    """Return an upper-case ASIN (B0 + 8 characters, or an ISBN-10), or raise ValueError."""
    text = re.sub(r"\s", "", _fold(str(raw))).upper()
    if ASIN_RE.fullmatch(text) or ISBN10_RE.fullmatch(text):
        return text
    raise ValueError(f"{raw!r} is not an ASIN (expected B0 and 8 letters or digits, or an ISBN-10)")


def find_order_ids(text: str) -> list[str]:
    """Order IDs written in the canonical form inside free text, in order of appearance."""
    return ORDER_ID_RE.findall(_fold(text))


def find_asins(text: str) -> list[str]:
    """ASINs (B0...) inside free text, in order of appearance."""
    return ASIN_RE.findall(_fold(text))


def fold(text: str) -> str:
    """Full-width characters to ASCII and every dash-like character to '-' (public form)."""
    return _fold(text)


# Digit runs that look like an attempt at an order ID: three dash-separated groups, or one long
# run. Anything matched here that is not exactly 3-7-7 digits is reported as malformed.
ORDER_ID_CANDIDATE_RE = re.compile(
    r"(?<![\w-])\d{2,4}\s?-\s?\d{5,9}\s?-\s?\d{5,9}(?![\w-])|(?<![\w-])\d{16,18}(?![\w-])"
)


def find_order_id_candidates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every order-ID-like digit group in ``text`` (positions in ``text``).

    NFKC folding keeps the length of full-width digits and dashes, so positions still point into
    the original text.
    """
    folded = _fold(text)
    if len(folded) != len(text):  # folding changed lengths (rare ligatures): search the original
        folded = text
    return [
        (m.start(), m.end(), text[m.start() : m.end()])
        for m in ORDER_ID_CANDIDATE_RE.finditer(folded)
    ]
