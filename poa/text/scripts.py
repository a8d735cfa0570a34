"""Is a text English? Finds Chinese (and any other non-Latin script) in what reaches the plan.

Amazon's reviewers read English; a Chinese note left in a plan reads as an unfinished draft.
A letter counts as non-Latin when Unicode does not name it LATIN; the CJK punctuation blocks
(。,、「」) and full-width forms count too. Digits, symbols and accented Latin letters pass.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

# Letters that are not in a Latin block but are common in English text.
_ALLOWED = frozenset("µªº")

# CJK ideographs as (first, last) code points: extension A, unified, compatibility.
IDEOGRAPH_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
# Chinese, Japanese and Korean letters: kana, the ideographs and Hangul syllables. The one
# definition of "CJK" for poa.
CJK_RANGES = ((0x3040, 0x30FF), *IDEOGRAPH_RANGES, (0xAC00, 0xD7AF))


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"{chr(first)}-{chr(last)}" for first, last in ranges)


# CJK punctuation (。、「」) and full-width forms (，１Ａ): written with CJK text, and not Latin.
CJK_PUNCTUATION = (0x3000, 0x303F)
FULL_WIDTH = (0xFF00, 0xFFEF)
# What Chinese text is written with: the ideographs (the rare ones of plane 2 too), CJK
# punctuation and full-width forms.
CHINESE_RANGES = (*IDEOGRAPH_RANGES, (0x20000, 0x2FFFF), CJK_PUNCTUATION, FULL_WIDTH)


# The same, as the inside of a regular expression's character class.
CJK_CLASS = _class(CJK_RANGES)
IDEOGRAPH_CLASS = _class(IDEOGRAPH_RANGES)


def is_cjk(char: str) -> bool:
    """Whether ``char`` (one character) is a Chinese, Japanese or Korean letter."""
    code = ord(char)
    return any(first <= code <= last for first, last in CJK_RANGES)


def is_chinese(char: str) -> bool:
    """Whether ``char`` is written only in Chinese text (an ideograph, CJK punctuation or a
    full-width form)."""
    code = ord(char)
    return any(first <= code <= last for first, last in CHINESE_RANGES)


def starts_cjk(text: str) -> bool:
    """Whether ``text`` begins with a CJK letter."""
    return bool(text) and is_cjk(text[0])


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds any CJK letter."""
    return not text.isascii() and any(map(is_cjk, text))


# (case field, its item fields) for everything the plan quotes; order IDs and ASINs are
# validated elsewhere, dates are typed.
PLAN_FIELDS: dict[str, tuple[str, ...]] = {
    "root_causes": ("title", "what", "why"),
    "corrective_actions": ("what", "result"),
    "preventive_measures": ("what", "owner", "frequency", "measure"),
    "evidence": ("description", "file"),
}
PLAN_SCALARS: tuple[tuple[str, ...], ...] = (
    ("store", "name"),
    ("summary",),
    ("additional_info",),
    ("closing",),
)


def non_latin_at(text: str) -> int:
    """Index of the first non-Latin character of ``text``, or -1."""
    for index, char in enumerate(text):
        if char in _ALLOWED or char.isascii():
            continue
        code = ord(char)
        if any(first <= code <= last for first, last in (CJK_PUNCTUATION, FULL_WIDTH)):
            return index
        if unicodedata.category(char).startswith("L") and not unicodedata.name(char, "").startswith(
            "LATIN"
        ):
            return index
    return -1


def has_non_latin(text: str) -> bool:
    return non_latin_at(text) >= 0


def plan_texts(case: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(field path, text) for every free-text case field that reaches the plan."""
    for loc in PLAN_SCALARS:
        value: Any = case
        for part in loc:
            value = getattr(value, part)
        yield loc, str(value or "")
    for name, attrs in PLAN_FIELDS.items():
        for index, item in enumerate(getattr(case, name)):
            for attr in attrs:
                yield (name, index, attr), str(getattr(item, attr) or "")


def non_english_fields(case: Any) -> list[tuple[tuple[Any, ...], str]]:
    """(field path, text) of every plan field holding non-Latin text, in plan order."""
    return [(loc, text) for loc, text in plan_texts(case) if has_non_latin(text)]
