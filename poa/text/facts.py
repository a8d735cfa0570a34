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
def _patterns(ascii: bool = False) -> dict[str, re.Pattern[str]]:
    """Each kind's patterns as one regex; ``ascii``: the same compiled with re.ASCII, for text
    where it finds the same (see ``_table``) about a third faster."""
    table = knowledge.load_data("specifics.yaml")["patterns"]
    flags = re.IGNORECASE | (re.ASCII if ascii else 0)
    return {kind: regexcache.any_of(pats, flags) for kind, pats in table.items()}


# ASCII characters that Unicode matching counts as whitespace (\s) and re.ASCII does not.
_UNICODE_ONLY_SPACES = ("\x1c", "\x1d", "\x1e", "\x1f")


def _table(folded: str) -> dict[str, re.Pattern[str]]:
    """The patterns for ``folded``: on ASCII text, re.ASCII changes nothing but speed (\\d, \\w,
    \\b and case are the same for ASCII characters; \\s differs only on four control characters,
    checked here), so the ASCII compilation is used there."""
    plain = folded.isascii() and not any(c in folded for c in _UNICODE_ONLY_SPACES)
    return _patterns(plain)


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
    patterns = _table(folded)
    rest = _without(folded, spans)
    for kind in ("dates", "percentages", "money", "durations"):
        found = list(patterns[kind].finditer(rest))
        counts[kind] = len(found)
        spans += [m.span() for m in found]
    counts["numbers"] = len(patterns["numbers"].findall(_without(folded, spans)))
    for kind in ("owners", "frequencies"):
        counts[kind] = len(patterns[kind].findall(folded))
    return counts


def has_facts(text: str, kinds: list[str], need: int = 1) -> bool:
    """Whether ``text`` holds at least ``need`` facts of ``kinds``, as ``count_specifics``
    counts them; for one fact, each pattern only looks for a first match.

    A section rule asks this of a whole section; counting every kind in full would read the
    section nine times for an answer the first date or owner gives.
    """
    if need != 1:
        counts = count_specifics(text)
        return sum(counts.get(k, 0) for k in kinds) >= need
    wanted = set(kinds)
    folded = ids.fold(text)
    patterns = _table(folded)
    spans: list[tuple[int, int]] = []
    for kind, regex in (("order_ids", ids.ORDER_ID_RE), ("asins", ids.ASIN_RE)):
        found = [m.span() for m in regex.finditer(folded)]
        if found and kind in wanted:
            return True
        spans += found
    if any(patterns[k].search(folded) for k in ("owners", "frequencies") if k in wanted):
        return True
    rest = _without(folded, spans)
    for kind in ("dates", "percentages", "money", "durations"):
        if "numbers" in wanted:  # numbers are counted with these blanked out: find them all
            found = [m.span() for m in patterns[kind].finditer(rest)]
            if found and kind in wanted:
                return True
            spans += found
        elif kind in wanted and patterns[kind].search(rest):
            return True
    return "numbers" in wanted and bool(patterns["numbers"].search(_without(folded, spans)))


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
    return any(regex.search(folded) for regex in _table(folded).values())


def total(counts: dict[str, int]) -> int:
    return sum(counts.values())
