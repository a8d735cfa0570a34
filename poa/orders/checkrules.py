"""The order checks, one small function each: unknown, malformed and repeated order IDs,
unknown ASINs, defect orders no action or cause names, non-English text, contradictions with
the imported reports. Rule ids, severities and messages are data (``check`` in
sections/orders.yaml)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from poa.case.model import Case
from poa.orders.checkbase import (
    SEVERITY_RANK,
    Line,
    _excerpt,
    _finding,
    _ids_with_positions,
    _rules,
    nearest_id,
)
from poa.orders.locate import ITEM_FIELDS
from poa.score.report import Finding
from poa.text.ids import ASIN_RE, ORDER_ID_RE, find_order_id_candidates, find_order_ids, fold


def unknown_ids(case: Case, lines: list[Line]) -> list[Finding]:
    known = [o.order_id for o in case.orders]
    known_set = set(known)
    seen: dict[str, Finding] = {}
    counts: Counter[str] = Counter()
    for line in lines:
        for column, order_id in _ids_with_positions(line.text):
            if order_id in known_set:
                continue
            counts[order_id] += 1
            if order_id in seen:
                continue
            if not known:
                seen[order_id] = None  # type: ignore[assignment]
                continue
            nearest = nearest_id(order_id, known)
            seen[order_id] = _finding(
                "orders.unknown-id",
                order_id=order_id,
                nearest=nearest or "",
                suggestion_key="suggestion" if nearest else "suggestion_no_match",
                quote=order_id,
                section=line.section,
                line=line.number,
                column=column + 1,
                excerpt=_excerpt(line.text, column, column + len(order_id)),
            )
    if not known:
        return (
            [_finding("orders.no-orders", count=len(seen), section=None, loc=("orders",))]
            if seen
            else []
        )
    return list(seen.values())


def malformed_ids(case: Case, lines: list[Line]) -> list[Finding]:
    out = []
    for line in lines:
        for start, end, raw in find_order_id_candidates(line.text):
            digits = re.sub(r"\D", "", fold(raw))
            if ORDER_ID_RE.fullmatch(fold(raw)):
                continue
            where: dict[str, Any] = {
                "section": line.section,
                "line": line.number,
                "column": start + 1,
                "excerpt": _excerpt(line.text, start, end),
                "quote": raw,
            }
            if len(digits) == 17:
                canonical = f"{digits[:3]}-{digits[3:10]}-{digits[10:]}"
                out.append(_finding("orders.undashed-id", text=raw, order_id=canonical, **where))
            else:
                out.append(_finding("orders.malformed-id", text=raw, digits=len(digits), **where))
    return out


def _mentions(items: list[Any]) -> dict[str, list[str]]:
    """Order ID -> ids of the items that name it (in their order IDs or their text)."""
    found: dict[str, list[str]] = {}
    for item in items:
        ids = set(item.order_ids)
        for name in ("title", "what", "why", "result", "measure"):
            ids.update(find_order_ids(getattr(item, name, "") or ""))
        for order_id in ids:
            found.setdefault(order_id, []).append(item.id)
    return found


def uncovered_defects(case: Case, lines: list[Line]) -> list[Finding]:
    spec = _rules()["orders.uncovered-defect"]["severity_by_defect"]
    actions = _mentions(case.corrective_actions)
    causes = _mentions(case.root_causes)
    first_line = _first_lines(lines)
    out = []
    for index, order in enumerate(case.orders):
        if not order.defects:
            continue
        where = {**first_line.get(order.order_id, {}), "loc": ("orders", index, "order_id")}
        defect = (order.defect or "other").replace("_", " ")
        if order.order_id not in actions:
            severity = min(
                (spec.get(d, "warning") for d in order.defects), key=lambda s: SEVERITY_RANK[s]
            )
            out.append(
                _finding(
                    "orders.uncovered-defect",
                    severity,
                    order_id=order.order_id,
                    defect=defect.capitalize(),
                    **{"section": "corrective_actions", **where},
                )
            )
        if order.order_id not in causes:
            out.append(
                _finding(
                    "orders.unexplained-defect",
                    order_id=order.order_id,
                    defect=defect.capitalize(),
                    **{"section": "root_cause", **where},
                )
            )
    return out


def _first_lines(lines: list[Line]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for line in lines:
        for column, order_id in _ids_with_positions(line.text):
            out.setdefault(
                order_id,
                {
                    "line": line.number,
                    "column": column + 1,
                    "excerpt": _excerpt(line.text, column, column + 19),
                },
            )
    return out


def duplicates(case: Case, lines: list[Line]) -> list[Finding]:
    out = []
    repeated = Counter(o.order_id for o in case.orders)
    for order_id, count in repeated.items():
        if count > 1:
            second = [i for i, o in enumerate(case.orders) if o.order_id == order_id][1]
            out.append(
                _finding(
                    "orders.duplicate-order",
                    order_id=order_id,
                    count=count,
                    section="orders",
                    loc=("orders", second, "order_id"),
                )
            )
    for line in lines:
        ids = list(_ids_with_positions(line.text))
        counts = Counter(order_id for _, order_id in ids)
        for order_id, count in counts.items():
            if count > 1:
                column = next(c for c, i in ids if i == order_id)
                out.append(
                    _finding(
                        "orders.duplicate",
                        order_id=order_id,
                        count=count,
                        quote=order_id,
                        section=line.section,
                        line=line.number,
                        column=column + 1,
                        excerpt=_excerpt(line.text, column, column + 19),
                    )
                )
    return out


def unknown_asins(case: Case, lines: list[Line]) -> list[Finding]:
    known = {o.asin for o in case.orders if o.asin}
    if not known:
        return []
    out = []
    seen: set[str] = set()
    for line in lines:
        folded = fold(line.text)
        source = folded if len(folded) == len(line.text) else line.text
        for m in ASIN_RE.finditer(source):
            asin = m.group()
            if asin in known or asin in seen:
                continue
            seen.add(asin)
            out.append(
                _finding(
                    "orders.unknown-asin",
                    asin=asin,
                    quote=asin,
                    section=line.section,
                    line=line.number,
                    column=m.start() + 1,
                    excerpt=_excerpt(line.text, m.start(), m.end()),
                )
            )
    return out


def non_english(case: Case, lines: list[Line]) -> list[Finding]:
    """Every plan field holding Chinese (or other non-Latin) text: the plan must be English."""
    from poa.text.scripts import non_english_fields, non_latin_at

    sections = {name: section for name, (section, _) in ITEM_FIELDS.items()}
    out = []
    for loc, text in non_english_fields(case):
        start = non_latin_at(text)
        piece = text[start : start + 4]
        section = sections.get(loc[0], loc[0] if loc[0] != "store" else None)
        where: dict[str, Any] = {}
        for line in lines:
            column = line.text.find(piece)
            if column >= 0 and (section is None or line.section in (section, None)):
                where = {"line": line.number, "column": column + 1}
                break
        out.append(
            _finding(
                "language.non-english",
                excerpt=_excerpt(text, start, start + 10),
                violation=case.violation.value,
                section=section,
                loc=loc,
                **where,
            )
        )
    return out


def contradictions(case: Case, lines: list[Line]) -> list[Finding]:
    """The plan against the imported reports (poa.orders.contradictions)."""
    from poa.orders import contradictions as c

    return c.unlisted_defects(case, lines, _finding) + c.count_mismatches(case, lines, _finding)


RULES = (
    unknown_ids,
    malformed_ids,
    uncovered_defects,
    duplicates,
    unknown_asins,
    non_english,
    contradictions,
)
