"""Reading and writing the case field a question is about."""

from __future__ import annotations

import datetime as dt
from typing import Any

from poa.case.model import Case, CorrectiveAction, EvidenceItem, PreventiveMeasure, RootCause
from poa.wizard.questions import Question

ITEM_TYPES: dict[str, type] = {
    "root_causes": RootCause,
    "corrective_actions": CorrectiveAction,
    "preventive_measures": PreventiveMeasure,
    "evidence": EvidenceItem,
}
LINKED_LISTS = ("root_causes", "corrective_actions", "preventive_measures", "evidence")


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(getattr(value, "value", value))


def get_value(case: Case, q: Question) -> Any:
    """The value of a question that is not about one item (a case field, or the orders)."""
    if q.field == "orders":
        return [o.order_id for o in case.orders]
    obj: Any = case
    for part in q.field.split("."):
        obj = getattr(obj, part)
    return obj


def remove_links(case: Case, item_id: str) -> None:
    """Drop every link to a removed item, so the case stays valid."""
    for name in LINKED_LISTS:
        for other in getattr(case, name):
            for link in ("root_causes", "evidence"):
                ids = getattr(other, link, None)
                if ids and item_id in ids:
                    setattr(other, link, [i for i in ids if i != item_id])
