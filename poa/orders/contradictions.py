"""Where the plan contradicts the imported reports: ``poa check``'s two contradiction rules.

A reviewer holds the plan against the seller's own reports. An order listed as affected under a
root cause that no report shows with a defect, or "three buyers opened A-to-z claims" over a
list holding two claim orders, reads as a plan written without looking. Both rules run only
once reports with defects were imported; a case typed by hand has nothing to contradict. The
nouns and number words are data (``stated_counts`` in sections/orders.yaml).
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from poa.case.model import Case
from poa.orders.checkbase import Line
from poa.orders.detect import orders_data
from poa.score.report import Finding

MakeFinding = Callable[..., Finding]


def reports_show_defects(case: Case) -> bool:
    """Reports were imported and at least one order carries a defect from them."""
    return bool(case.order_totals.reports) and any(o.defects for o in case.orders)


_MONTHS = {m.lower() for m in (*calendar.month_name, *calendar.month_abbr) if m}


@functools.cache
def _count_pattern() -> tuple[re.Pattern[str], dict[str, str], dict[str, int]]:
    spec = orders_data()["stated_counts"]
    words = {str(k).lower(): int(v) for k, v in spec["numbers"].items()}
    number = "|".join([r"\d{1,4}", *sorted(map(re.escape, words), key=len, reverse=True)])
    by_noun: dict[str, str] = {}
    alternatives = []
    for defect, nouns in spec["nouns"].items():
        for n, noun in enumerate(sorted(nouns, key=len, reverse=True)):
            group = f"{defect}_{n}"
            by_noun[group] = defect
            alternatives.append(f"(?P<{group}>{noun})")
    gap = int(spec.get("max_gap_words", 5))
    months = (
        "|".join(m for m in calendar.month_name if m)
        + "|"
        + "|".join(m for m in calendar.month_abbr if m)
    )
    pattern = re.compile(
        rf"(?<![\w.,-])(?P<n>{number})(?![\w%.-])(?!\s+(?:{months})\b)"
        rf"(?:\s+of\s+(?:the\s+|these\s+|those\s+)?(?:{number}))?"
        rf"(?P<gap>(?:\s+[\w'-]+){{0,{gap}}}?)\s+(?:{'|'.join(alternatives)})(?![\w-])",
        re.IGNORECASE,
    )
    return pattern, by_noun, words


def stated_counts(text: str) -> Iterator[tuple[str, int, re.Match[str]]]:
    """(defect kind, number, match) for each count the text states: '2 chargebacks'."""
    pattern, by_noun, words = _count_pattern()
    for m in pattern.finditer(text or ""):
        before = (text[: m.start()].split() or [""])[-1].lower()
        if before in _MONTHS:
            continue  # the year of "March 2026", not a count
        raw = m.group("n").lower()
        value = int(raw) if raw.isdigit() else words[raw]
        defect = next(by_noun[g] for g, v in m.groupdict().items() if v and g in by_noun)
        yield defect, value, m


def _where(lines: list[Line], quote: str) -> dict[str, Any]:
    for line in lines:
        if line.section == "root_cause" and quote in line.text:
            column = line.text.index(quote)
            return {"line": line.number, "column": column + 1, "excerpt": line.text.strip()[:80]}
    return {}


def unlisted_defects(case: Case, lines: list[Line], finding: MakeFinding) -> list[Finding]:
    """Orders a root cause lists as affected that the imported reports show with no defect."""
    if not reports_show_defects(case):
        return []
    out = []
    orders = case.orders_by_id()
    for i, rc in enumerate(case.root_causes):
        for j, order_id in enumerate(rc.order_ids):
            order = orders.get(order_id)
            if order is None or order.defects:
                continue  # an unknown ID is orders.unknown-id's finding
            out.append(
                finding(
                    "orders.no-defect",
                    order_id=order_id,
                    number=i + 1,
                    section="root_cause",
                    loc=("root_causes", i, "order_ids", j),
                    **_where(lines, order_id),
                )
            )
    return out


def count_mismatches(case: Case, lines: list[Line], finding: MakeFinding) -> list[Finding]:
    """A root cause whose text states a count of claims, feedback or chargebacks that differs
    from the orders of that kind it lists."""
    if not reports_show_defects(case):
        return []
    spec = orders_data()["stated_counts"]
    out = []
    orders = case.orders_by_id()
    for i, rc in enumerate(case.root_causes):
        listed = [orders.get(o) for o in rc.order_ids]
        for name in ("title", "what", "why"):
            seen: set[str] = set()
            for defect, stated, m in stated_counts(getattr(rc, name) or ""):
                if defect in seen:
                    continue  # the first count of a kind in a field is the one that counts
                seen.add(defect)
                actual = sum(1 for o in listed if o is not None and defect in o.defects)
                if actual == stated:
                    continue
                out.append(
                    finding(
                        "orders.count-mismatch",
                        number=i + 1,
                        stated=stated,
                        noun=spec["nouns_shown"][defect],
                        actual=actual,
                        label=spec["labels"][defect],
                        section="root_cause",
                        loc=("root_causes", i, name),
                        **_where(lines, m.group()),
                    )
                )
    return out
