"""Cross-reference the plan's order IDs and ASINs with the orders the case holds.

The text checked is the plan as exported to Markdown (``poa export CASE --format md``), so a
finding's line and column point into that file, as ``poa score``'s do; structured facts (which
corrective action names which order) come from the case itself. Since the seller edits
case.yaml, not the export, each finding also names the case.yaml field that holds what it quotes
(``field``, e.g. ``root_causes[0].order_ids[2]``) and that field's line in case.yaml
(``field_line``) when the case folder is known. Rule ids, severities and messages are data
(``check`` in sections/orders.yaml); each rule is one small function here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shlex
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

import yaml

from poa.case.model import Case
from poa.case.store import case_node, field_path, line_of
from poa.case.yamlcopy import Lines
from poa.orders.detect import orders_data
from poa.text.ids import ASIN_RE, ORDER_ID_RE, find_order_id_candidates, find_order_ids, fold

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
EXCERPT_CHARS = 80


@dataclass
class Finding:
    """One problem found; the same shape as the findings of ``poa score --json``."""

    rule: str
    severity: str
    section: str | None
    message: str
    excerpt: str = ""
    line: int | None = None
    column: int | None = None
    suggestion: str = ""
    field: str = ""  # the case.yaml field holding what the finding quotes
    field_line: int | None = None  # that field's line in case.yaml
    # Not printed: the field as a path of keys and indexes, and the text quoted (to find it).
    loc: tuple[Any, ...] = dc_field(default=(), repr=False, compare=False)
    quote: str = dc_field(default="", repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["loc"], out["quote"]
        return out


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


# ---------------------------------------------------------------- rules


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
            where = {
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
            severity = min((spec.get(d, "warning") for d in order.defects), key=SEVERITY_RANK.get)
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


def check_case(
    case: Case, today: dt.date | None = None, folder: Path | None = None
) -> list[Finding]:
    """Every order cross-reference finding for ``case``: errors first, then by line.

    With ``folder`` (the case folder), hints name it instead of ``CASE`` and each finding gets
    the line in ``folder/case.yaml`` of the field it names.
    """
    lines = plan_lines(case, today)
    findings = [f for rule in RULES for f in rule(case, lines)]
    if folder is not None:
        findings = _known_in_store(folder, case, lines, findings)
    findings = _cap_warnings(findings, int(orders_data()["check_limits"]["warnings_per_rule"]))
    texts = case_texts(case)
    node = _case_node(folder) if folder is not None else None
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
    from poa.orders import db

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


def completeness(case: Case, today: dt.date | None = None) -> list[Finding]:
    """The scorer's completeness findings (``completeness_rules`` in orders.yaml) for ``case``.

    One set of rules: ``poa check`` reports what ``poa score`` would, for these rules only.
    """
    from poa.score import score_case

    wanted = set(orders_data()["completeness_rules"])
    report = score_case(case, target="", today=today, orders=False)  # orders.*: check_case
    return [
        Finding(
            rule=f.rule,
            severity=f.severity,
            section=f.section or None,
            message=f.message,
            excerpt=f.excerpt,
            line=f.line or None,
            column=f.column or None,
            suggestion=f.suggestion,
        )
        for f in report.findings
        if f.rule in wanted
    ]


# ---------------------------------------------------------------- where in case.yaml

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


def _case_node(folder: Path) -> yaml.Node | Lines | None:
    """The YAML node tree of ``folder/case.yaml`` (for field lines), or None if unreadable."""
    return case_node(folder)


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
