"""Count the checkable facts in a text: order IDs, ASINs, dates, numbers, owners, frequencies.

Shared by the scorer (how specific is this section?) and revision tracking (did a revision
become more specific where Amazon asked?). Patterns live in ``sections/specifics.yaml``.
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


def total(counts: dict[str, int]) -> int:
    return sum(counts.values())
