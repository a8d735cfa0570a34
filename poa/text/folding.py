"""Folding: bringing the forms of one text that should compare equal to one form.

Sellers type through Chinese input methods and paste from spreadsheets, so "１２３", "123" and
"123" are the same digits, and "－", "—" or "ー" stand for "-". NFKC turns full-width letters,
digits and punctuation into ASCII without changing their number.
"""

from __future__ import annotations

import unicodedata

# Dash-like characters that input methods and word processors substitute for "-".
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u30fc"), "-"
)


def width(text: str) -> str:
    """Full-width (and other compatibility) forms to their plain form (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def fold(text: str) -> str:
    """Full-width characters to ASCII (NFKC) and every dash-like character to '-'."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def answer(text: str) -> str:
    """A typed answer as it is compared with a list of words: NFKC, trimmed, lower case."""
    return unicodedata.normalize("NFKC", text).strip().lower()
