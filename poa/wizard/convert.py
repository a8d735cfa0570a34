"""One answer of the wizard as a case value and back: where a question's value lives, the
choices it offers, the text shown for editing, and the typed text parsed (orders, ASINs,
dates, choices, root-cause references)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from poa.case.model import Case, Order
from poa.text import dates
from poa.wizard import parse
from poa.wizard.fields import display, get_value
from poa.wizard.questions import Flow, Question, violation_choices


def get(case: Case, q: Question, item: Any) -> Any:
    """The current value of ``q``: of ``item`` in a loop section, else of the case."""
    if item is not None:
        return getattr(item, q.field)
    return get_value(case, q)


def set_value(case: Case, q: Question, item: Any, value: Any) -> None:
    """Write an accepted answer where ``q`` keeps it (in memory; the engine saves)."""
    if item is not None:
        setattr(item, q.field, value)
        return
    if q.field == "orders":
        old = {o.order_id: o for o in case.orders}
        case.orders = [old.get(oid) or Order(order_id=oid) for oid in value]
        return
    *path, last = q.field.split(".")
    obj: Any = case
    for part in path:
        obj = getattr(obj, part)
    setattr(obj, last, value)


def choices(case: Case, q: Question, lang: str) -> list[tuple[str, str]]:
    """The numbered choices of a choice or refs question."""
    if q.type == "choice":
        return violation_choices(lang)
    if q.type == "refs":
        return [(rc.id, rc.title or rc.what[:60] or rc.id) for rc in case.root_causes]
    return []


def default_text(case: Case, q: Question, current: Any, suggest: list[str]) -> str:
    """The current value as the text offered for editing."""
    if q.type == "refs":
        ids = [rc.id for rc in case.root_causes]
        chosen = current or suggest  # a new item offers the cause it was added for
        return " ".join(str(ids.index(r) + 1) for r in chosen if r in ids)
    if q.type == "choice":
        return "" if current is None else display(current)
    return display(current)


def parse_answer(
    flow: Flow, case: Case, today: dt.date, q: Question, raw: str, choices: list[tuple[str, str]]
) -> Any:
    """The value typed for ``q``; ValueError with the message to show when it is not valid."""
    ui = flow
    if q.type == "choice":
        keys = [k for k, _ in choices]
        text = raw.strip()
        if text.isdigit() and 1 <= int(text) <= len(keys):
            return keys[int(text) - 1]
        if text in keys:
            return text
        raise ValueError(ui.text("invalid_choice"))
    if (
        q.type in ("orders", "refs")
        and q.field != "orders"
        and parse.is_all(raw, ui.ui["all_words"])
    ):
        if q.type == "refs":
            return [k for k, _ in choices]
        return [o.order_id for o in case.orders]
    if q.type == "asins":
        try:
            return parse.parse_asins(raw)
        except ValueError as exc:
            raise ValueError(ui.text("asins_bad", problem=exc)) from None
    if q.type == "orders":
        try:
            return parse.parse_order_ids(raw)
        except ValueError as exc:
            raise ValueError(ui.text("orders_bad", problem=exc)) from None
    if q.type == "date":
        try:
            return parse.parse_date(raw, today=today, past=q.past)
        except dates.AmbiguousDate as exc:
            a, b = (dates.written(d) for d in exc.readings)
            raise ValueError(
                ui.text("date_ambiguous", value=raw.strip(), first=a, second=b)
            ) from None
        except ValueError as exc:
            key = "date_future" if str(exc) == "future" else "date_bad"
            raise ValueError(ui.text(key, value=raw.strip())) from None
    if q.type == "refs":
        try:
            numbers = parse.parse_numbers(raw, len(choices))
        except ValueError:
            raise ValueError(ui.text("refs_bad")) from None
        return [choices[n - 1][0] for n in numbers]
    return raw.strip()
