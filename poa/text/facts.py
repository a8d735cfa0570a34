"""Recognise the checkable facts in a text: order IDs, ASINs, dates, percentages, money,
durations, numbers, owners and frequencies, in English and in the Chinese forms the wizard
accepts (2026年3月18日, 24小时, 主管, 每天).

Shared by the scorer (how specific is this section? it only turns these counts into a mark),
revision tracking (did a revision become more specific where Amazon asked?) and the letters.
Patterns live in ``sections/specifics.yaml``; order IDs and ASINs are ``poa.text.ids``'.
"""

from __future__ import annotations

import functools
import re

from poa import knowledge
from poa.text import ids, regexcache

KINDS = (
    "order_ids",
    "asins",
    "dates",
    "percentages",
    "money",
    "durations",
    "numbers",
    "owners",
    "frequencies",
)


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    table = knowledge.load_data("specifics.yaml")["patterns"]
    return {
        kind: regexcache.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)
        for kind, pats in table.items()
    }


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out already-counted spans so an order ID is not also three numbers."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def count_specifics(text: str) -> dict[str, int]:
    """How many of each kind of fact the text holds; numbers exclude IDs, dates and the like."""
    return dict(_counted(text))


@functools.lru_cache(maxsize=256)
def _counted(text: str) -> dict[str, int]:
    """``count_specifics``, kept: several rules and the figures ask about the same section."""
    counts = dict.fromkeys(KINDS, 0)
    folded = ids.fold(text)
    spans: list[tuple[int, int]] = []
    for kind, regex in (("order_ids", ids.ORDER_ID_RE), ("asins", ids.ASIN_RE)):
        found = list(regex.finditer(folded))
        counts[kind] = len(found)
        spans += [m.span() for m in found]
    rest = _without(folded, spans)
    for kind in ("dates", "percentages", "money", "durations"):
        found = list(_patterns()[kind].finditer(rest))
        counts[kind] = len(found)
        spans += [m.span() for m in found]
    counts["numbers"] = len(_patterns()["numbers"].findall(_without(folded, spans)))
    for kind in ("owners", "frequencies"):
        counts[kind] = len(_patterns()[kind].findall(folded))
    return counts


def distinct_ids(text: str) -> dict[str, int]:
    """How many different order IDs and ASINs the text names (a repeated ID is one fact)."""
    folded = ids.fold(text)
    return {
        "order_ids": len(set(ids.find_order_ids(folded))),
        "asins": len(set(ids.find_asins(folded))),
    }


@functools.lru_cache(maxsize=4096)
def has_fact(sentence: str) -> bool:
    """Whether a sentence holds a fact of any kind."""
    folded = sentence if sentence.isascii() else ids.fold(sentence)
    if ids.ORDER_ID_RE.search(folded) or ids.ASIN_RE.search(folded):
        return True
    return any(regex.search(folded) for regex in _patterns().values())


def total(counts: dict[str, int]) -> int:
    return sum(counts.values())
