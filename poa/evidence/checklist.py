"""The checklist of documents for a case: expected per violation kind, asked by the notice,
and found (or not) among the case's evidence, with the findings on each.

A row is one evidence kind. The kind's checklist (``sections/evidence.yaml``) gives the rows;
each document the notice asks for joins the row of its kind (added if the kind has none) and
makes it required, with the window the notice states. Untyped evidence counts by the kind its
description points to.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from poa.case import store
from poa.case.model import Case
from poa.evidence.data import evidence_data, kind_label, word_zh
from poa.evidence.findings import make
from poa.evidence.invoices import (
    DEFAULT_WINDOW_DAYS,
    Window,
    check_item,
    coverage,
    effective_kind,
    stored_units,
    units_table,
)
from poa.evidence.notice import NoticeAsk, notice_facts
from poa.orders.checkbase import SEVERITY_RANK
from poa.score.report import Finding


@dataclass
class Row:
    """One document kind a reviewer expects, and what the case holds of it."""

    kind: str
    required: bool
    why: dict[str, str]
    window_days: int | None = None
    asked: list[NoticeAsk] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.evidence:
            return "missing"
        if any(f.severity in ("error", "warning") for f in self.findings):
            return "problem"
        return "present"

    def label(self, lang: str = "en") -> str:
        return kind_label(self.kind, lang)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "required": self.required,
            "status": self.status,
            "evidence": list(self.evidence),
            "findings": [f.as_dict() for f in self.findings],
            "label": self.label(),
            "why": dict(self.why),
            "window_days": self.window_days,
            "asked_by_notice": [
                {"document": a.document, "label": a.label, "window_days": a.window_days,
                 "quote": a.quote}
                for a in self.asked
            ],
        }  # fmt: skip


@dataclass
class Checklist:
    rows: list[Row]
    # Units sold per ASIN the invoice coverage check used, with their source (see units_table).
    units_sold: list[dict[str, Any]] = field(default_factory=list)

    def all_findings(self) -> list[Finding]:
        found = [f for row in self.rows for f in row.findings]
        return sorted(found, key=lambda f: SEVERITY_RANK.get(f.severity, 3))

    @property
    def passed(self) -> bool:
        """No required document missing and no error among the findings."""
        return not any(r.required and r.status == "missing" for r in self.rows) and not any(
            f.severity == "error" for f in self.all_findings()
        )

    def as_dict(self) -> dict[str, Any]:
        return {"documents": [row.as_dict() for row in self.rows], "units_sold": self.units_sold}


def _rows(case: Case) -> list[Row]:
    data = evidence_data()
    rows = [
        Row(
            kind=spec["kind"],
            required=bool(spec["required"]),
            why=dict(spec["why"]),
            window_days=spec.get("window_days"),
        )
        for spec in data["checklist"][case.violation.value]
    ]
    for ask in notice_facts(case.notice.text).asks:
        row = next((r for r in rows if r.kind == ask.kind), None)
        if row is None:
            row = Row(kind=ask.kind, required=True, why={"en": ask.quote, "zh": ask.quote})
            rows.append(row)
        row.required = True
        row.asked.append(ask)
        if ask.window_days is not None:
            row.window_days = ask.window_days
    return rows


def build(case: Case, folder: Path | None = None) -> Checklist:
    """The checklist for ``case``; with ``folder``, findings carry their case.yaml lines."""
    rows = _rows(case)
    by_kind = {row.kind: row for row in rows}
    invoice_row = by_kind.get("invoice")
    days = (invoice_row.window_days if invoice_row else None) or DEFAULT_WINDOW_DAYS
    window = Window(days, case.notice.received)
    for index, item in enumerate(case.evidence):
        kind = effective_kind(item)
        row = by_kind.get(kind)
        found = check_item(case, index, item, window)
        if row is None:  # attached, though not on the checklist: listed all the same
            row = Row(kind=kind, required=False, why=dict(evidence_data()["extra_why"]))
            rows.append(row)
            by_kind[kind] = row
        row.evidence.append(item.id)
        row.findings.extend(found)
    invoices = [i for i in case.evidence if i.kind == "invoice" and i.invoice is not None]
    units: list[dict[str, Any]] = []
    if invoices:  # then the invoice row exists: the typed invoices are on it
        target = by_kind["invoice"].findings
        if window.notice is None:
            target.append(make("evidence.notice-date-missing", ("notice", "received")))
        asins = list(notice_facts(case.notice.text).asins)
        named = set(asins) | {
            line.asin
            for item in invoices
            if item.invoice is not None  # always, for a typed invoice
            for line in item.invoice.lines
            if line.asin
        }
        stored = stored_units(folder, window, named)
        target.extend(coverage(case, window, asins, stored))
        units = units_table(case, window, stored)
    violation = case.violation.value.replace("_", " ")
    for row in rows:
        if row.required and not row.evidence:
            asked = " (the notice asks for it)" if row.asked else ""
            row.findings.append(
                make(
                    "evidence.missing-document",
                    ("evidence",),
                    kind=row.kind,
                    label=row.label(),
                    label_zh=row.label("zh"),
                    violation=violation,
                    asked=asked,
                    asked_zh=word_zh("asked") if row.asked else "",
                    why=row.why["en"],
                    why_zh=row.why["zh"],
                )
            )
    checklist = Checklist(rows, units)
    _place(checklist, folder)
    return checklist


def _place(checklist: Checklist, folder: Path | None) -> None:
    """Field paths, case.yaml lines and the case folder in suggestions."""
    node = store.case_node(folder) if folder is not None else None
    case_arg = shlex.quote(str(folder)) if folder is not None else "CASE"
    for f in checklist.all_findings():
        f.suggestion = f.suggestion.replace("{case}", case_arg)
        f.field = store.field_path(f.loc)
        f.field_line = store.line_of(node, f.loc) if node is not None else None


def findings_for_check(case: Case, folder: Path | None = None) -> list[Finding]:
    """What ``poa check`` adds: missing required documents and the problems found in them."""
    return build(case, folder).all_findings()
