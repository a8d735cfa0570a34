"""What every order check builds on: the plan's lines, a finding made from its rule's data
(``check`` in sections/orders.yaml), excerpts and the order IDs of a line with their columns."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from poa.case.model import Case
from poa.orders.detect import orders_data
from poa.score.report import Finding
from poa.text.ids import ORDER_ID_RE, fold

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
EXCERPT_CHARS = 80


@dataclass
class Line:
    number: int
    section: str | None
    text: str


def _rules() -> dict[str, Any]:
    return orders_data()["check"]


def _finding(rule: str, severity: str | None = None, **values: Any) -> Finding:
    spec = _rules()[rule]
    where = {k: values.pop(k) for k in ("section", "line", "column", "excerpt") if k in values}
    suggestion_key = values.pop("suggestion_key", "suggestion")
    loc = tuple(values.pop("loc", ()))
    quote = values.pop("quote", "")
    values.setdefault("case", "{case}")  # filled in by check_case, which knows the folder
    return Finding(
        rule=rule,
        severity=severity or spec["severity"],
        section=where.get("section"),
        message=spec["message"].format(**values),
        excerpt=where.get("excerpt", ""),
        line=where.get("line"),
        column=where.get("column"),
        suggestion=spec.get(suggestion_key, "").format(**values),
        loc=loc,
        quote=quote,
    )


def plan_lines(case: Case, today: dt.date | None = None) -> list[Line]:
    """The exported Markdown, line by line, each with the section id it belongs to."""
    from poa.export.markdown import to_markdown
    from poa.render import render_plan

    plan = render_plan(case, today or dt.date(2000, 1, 1))
    titles = {s.title: s.id for s in plan.sections}
    titles[plan.orders_title] = "orders"
    section: str | None = None
    out = []
    for number, text in enumerate(to_markdown(plan).splitlines(), start=1):
        if text.startswith("## "):
            section = titles.get(text[3:].strip(), section)
        out.append(Line(number, section, text))
    return out


def _excerpt(text: str, start: int, end: int) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text.strip()
    left = max(0, start - (EXCERPT_CHARS - (end - start)) // 2)
    piece = text[left : left + EXCERPT_CHARS]
    return (
        ("..." if left else "")
        + piece.strip()
        + ("..." if left + EXCERPT_CHARS < len(text) else "")
    )


def _ids_with_positions(text: str) -> Iterator[tuple[int, str]]:
    folded = fold(text)
    source = folded if len(folded) == len(text) else text
    for m in ORDER_ID_RE.finditer(source):
        yield m.start(), m.group()


def nearest_id(order_id: str, known: list[str]) -> str | None:
    """The known ID most like ``order_id`` (a one- or two-digit slip), or None."""
    match = difflib.get_close_matches(order_id, known, n=1, cutoff=0.85)
    return match[0] if match else None
