"""Cross-reference the plan's order IDs and ASINs with the orders the case holds.

The text checked is the plan as exported to Markdown (``poa export CASE --format md``), so a
finding's line and column point into that file, as ``poa score``'s do; structured facts (which
corrective action names which order) come from the case itself. Since the seller edits
case.yaml, not the export, each finding also names the case.yaml field that holds what it quotes
(``field``, e.g. ``root_causes[0].order_ids[2]``) and that field's line in case.yaml
(``field_line``) when the case folder is known. Rule ids, severities and messages are data
(``check`` in sections/orders.yaml); each rule is one small function.

The checks themselves are ``poa.orders.checkrules``; what they build on ``poa.orders.checkbase``;
where a finding's field is in case.yaml ``poa.orders.locate``.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections import Counter
from pathlib import Path
from typing import Any

from poa.case.model import Case
from poa.case.store import case_node, field_path, line_of
from poa.orders.checkbase import SEVERITY_RANK, Line, _ids_with_positions, plan_lines
from poa.orders.checkrules import RULES
from poa.orders.detect import orders_data
from poa.orders.locate import _locate, case_texts
from poa.score.report import Finding

__all__ = ["SEVERITY_RANK", "Finding", "check_case", "has_errors"]


def check_case(
    case: Case,
    today: dt.date | None = None,
    folder: Path | None = None,
    rendered: tuple[Any, str] | None = None,
) -> list[Finding]:
    """Every order cross-reference finding for ``case``: errors first, then by line.

    With ``folder`` (the case folder), hints name it instead of ``CASE`` and each finding gets
    the line in ``folder/case.yaml`` of the field it names. ``rendered``: see ``plan_lines``.
    """
    lines = plan_lines(case, today, rendered)
    findings = [f for rule in RULES for f in rule(case, lines)]
    if folder is not None:
        findings = _known_in_store(folder, case, lines, findings)
    findings = _cap_warnings(findings, int(orders_data()["check_limits"]["warnings_per_rule"]))
    texts = case_texts(case)
    node = case_node(folder) if folder is not None else None
    case_arg = shlex.quote(str(folder)) if folder is not None else "CASE"
    for f in findings:
        f.suggestion = f.suggestion.replace("{case}", case_arg)
        if not f.loc and f.quote and f.line:
            f.loc = _locate(texts, lines, f)
        if f.loc:
            f.field = field_path(f.loc)
            f.field_line = line_of(node, f.loc) if node is not None else None
    return sorted(
        findings,
        key=lambda f: (SEVERITY_RANK.get(f.severity, 3), f.line or 10**9, f.column or 0),
    )


def _known_in_store(
    folder: Path, case: Case, lines: list[Line], findings: list[Finding]
) -> list[Finding]:
    """An order or ASIN the plan quotes that case.yaml does not hold but an imported report
    does (orders.sqlite keeps every row) is the seller's, not a typo."""
    from poa.case import orderstore as db

    ids = [f.quote for f in findings if f.rule == "orders.unknown-id"]
    asins = [f.quote for f in findings if f.rule == "orders.unknown-asin"]
    quoted = []
    if any(f.rule == "orders.no-orders" for f in findings):
        quoted = [order_id for line in lines for _, order_id in _ids_with_positions(line.text)]
    if not (ids or asins or quoted):
        return findings
    with db.reading(folder) as conn:
        if conn is None:
            return findings
        known_ids = db.known_orders(conn, ids + quoted)
        known_asin = db.known_asins(conn, asins)
    all_quoted_known = bool(quoted) and set(quoted) <= known_ids
    return [
        f
        for f in findings
        if not (
            (f.rule == "orders.unknown-id" and f.quote in known_ids)
            or (f.rule == "orders.unknown-asin" and f.quote in known_asin)
            or (f.rule == "orders.no-orders" and all_quoted_known)
        )
    ]


def _cap_warnings(findings: list[Finding], limit: int) -> list[Finding]:
    """Errors are all kept (they gate an export); a flood of one warning becomes one line."""
    out: list[Finding] = []
    extra: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    for f in findings:
        if f.severity == "error" or shown[f.rule] < limit:
            out.append(f)
            shown[f.rule] += f.severity != "error"
        else:
            extra[f.rule] += 1
    for rule, count in extra.items():
        out.append(
            Finding(
                rule=rule,
                severity="warning",
                section=None,
                message=f"{count} more findings of this kind are not shown",
                suggestion="poa orders list {case} shows every order and what names it",
            )
        )
    return out


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
