"""Where in case.yaml: the case field that holds what a finding quotes, and its line."""

from __future__ import annotations

from typing import Any

from poa.case.model import Case
from poa.orders.checkbase import Line
from poa.score.report import Finding
from poa.text.ids import fold

# The case fields each plan section renders, in the order its template writes them.
ITEM_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "root_causes": ("root_cause", ("title", "what", "why", "order_ids", "asins")),
    "corrective_actions": ("corrective_actions", ("what", "order_ids", "asins", "result")),
    "preventive_measures": (
        "preventive_measures",
        ("what", "owner", "frequency", "measure", "order_ids", "asins"),
    ),
    "evidence": ("evidence", ("description", "file", "order_ids", "asins")),
}


def case_texts(case: Case) -> list[tuple[str, tuple[Any, ...], str]]:
    """(plan section, case field path, text) for every case field the plan quotes."""
    out: list[tuple[str, tuple[Any, ...], str]] = [("summary", ("summary",), case.summary)]
    for name, (section, attrs) in ITEM_FIELDS.items():
        for i, item in enumerate(getattr(case, name)):
            for attr in attrs:
                value = getattr(item, attr)
                if isinstance(value, list):
                    out.extend((section, (name, i, attr, j), str(v)) for j, v in enumerate(value))
                else:
                    out.append((section, (name, i, attr), str(value or "")))
    for k, order in enumerate(case.orders):
        out.append(("orders", ("orders", k, "order_id"), order.order_id))
        if order.asin:
            out.append(("orders", ("orders", k, "asin"), order.asin))
    out.append(("additional_info", ("additional_info",), case.additional_info))
    out.append(("closing", ("closing",), case.closing))
    return out


def _norm(text: str) -> str:
    return fold(text).lower()


def _locate(
    texts: list[tuple[str, tuple[Any, ...], str]], lines: list[Line], f: Finding
) -> tuple[Any, ...]:
    """The field holding the quote of ``f``: the n-th occurrence in the plan section is taken
    to be the n-th in that section's fields (templates keep field order); else the first."""
    needle = _norm(f.quote)
    nth = 0
    for line in lines:
        if line.section != f.section or line.number > (f.line or 0):
            continue
        text = line.text if line.number < (f.line or 0) else line.text[: (f.column or 1) - 1]
        nth += _norm(text).count(needle)
    first: tuple[Any, ...] = ()
    for section, loc, text in texts:
        if section != f.section:
            continue
        count = _norm(text).count(needle)
        if count and not first:
            first = loc
        if nth < count:
            return loc
        nth -= count
    if first:
        return first
    return next((loc for _, loc, text in texts if needle in _norm(text)), ())
