"""Checks on typed invoices, each a named finding with the case.yaml field to edit.

The window is counted back from the notice's date (``notice.received``), never from today: a
plan written weeks later is judged by the notice it answers. Invoices that are not final
(pro-formas, quotations, order confirmations) or dated outside the window cover nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from poa.case.model import Case, EvidenceItem
from poa.evidence.data import evidence_data, infer_kind, not_final_patterns, rule, word_zh
from poa.evidence.findings import make
from poa.render import format_date
from poa.score.report import Finding
from poa.text.words import and_list

DEFAULT_WINDOW_DAYS = 365


@dataclass(frozen=True)
class Window:
    """The dates an invoice must fall within: ``days`` back from the notice, up to it."""

    days: int
    notice: dt.date | None

    @property
    def start(self) -> dt.date | None:
        return self.notice - dt.timedelta(days=self.days) if self.notice else None

    def holds(self, date: dt.date | None) -> bool:
        """True unless ``date`` is known to fall outside (undated invoices are flagged apart)."""
        if date is None or self.notice is None or self.start is None:
            return True
        return self.start <= date <= self.notice


def effective_kind(item: EvidenceItem) -> str:
    """The item's kind: as typed, else as its description or file name says, else other."""
    return item.kind or infer_kind(item.description, item.file) or "other"


def is_typed_invoice(item: EvidenceItem) -> bool:
    return item.kind == "invoice" and item.invoice is not None


def _number(item: EvidenceItem) -> str:
    return item.invoice.number if item.invoice and item.invoice.number else "without a number"


def not_final(item: EvidenceItem) -> tuple[str, str] | None:
    """(field, wording) when the document calls itself a pro-forma, quotation or the like."""
    fields = [("description", item.description), ("file", item.file)]
    if item.invoice is not None:
        fields.insert(0, ("invoice.number", item.invoice.number))
    for name, text in fields:
        for pattern in not_final_patterns():
            m = pattern.search(text or "")
            if m:
                return name, m.group()
    return None


def _business(name: str) -> str:
    """A business name folded for comparison: case, punctuation and legal suffixes dropped."""
    text = unicodedata.normalize("NFKC", name).casefold()
    words = re.findall(r"[\w]+", text.replace(".", ""))
    suffixes = {s.replace(".", "") for s in evidence_data()["business_suffixes"]}
    return " ".join(w for w in words if w not in suffixes)


def same_business(buyer: str, store: str) -> bool:
    a, b = _business(buyer), _business(store)
    return bool(a and b) and (a == b or f" {b} " in f" {a} " or f" {a} " in f" {b} ")


def check_item(case: Case, index: int, item: EvidenceItem, window: Window) -> list[Finding]:
    """Every finding about one evidence item that is (or looks like) an invoice."""
    loc: tuple[Any, ...] = ("evidence", index)
    kind = effective_kind(item)
    if kind != "invoice":
        return []
    if not is_typed_invoice(item):
        return [make("evidence.invoice.untyped", (*loc, "kind"), id=item.id)]
    assert item.invoice is not None
    invoice = item.invoice
    values: dict[str, Any] = {"id": item.id, "number": _number(item), "window": window.days}
    out: list[Finding] = []
    wording = not_final(item)
    if wording is not None:
        field, what = wording
        out.append(
            make(
                "evidence.invoice.not-final",
                (*loc, *field.split(".")),
                what=what.lower(),
                what_zh=word_zh("pro_forma"),
                **values,
            )
        )
    dates = {
        "date": format_date(item.date),
        "notice": format_date(window.notice),
        "start": format_date(window.start),
    }
    if item.date is None:
        out.append(make("evidence.invoice.no-date", (*loc, "date"), **values))
    elif window.notice is not None and window.start is not None:
        if item.date > window.notice:
            out.append(make("evidence.invoice.after-notice", (*loc, "date"), **values, **dates))
        elif item.date < window.start:
            out.append(make("evidence.invoice.before-window", (*loc, "date"), **values, **dates))
    out.extend(_supplier(loc, invoice, values))
    out.extend(_buyer(case, loc, invoice.buyer, values))
    if not invoice.lines:
        out.append(make("evidence.invoice.no-lines", (*loc, "invoice", "lines"), **values))
    return out


def _supplier(loc: tuple[Any, ...], invoice: Any, values: dict[str, Any]) -> list[Finding]:
    data = evidence_data()
    required = [k for k in data["supplier_required"] if not getattr(invoice.supplier, k)]
    helpful = [k for k in data["supplier_helpful"] if not getattr(invoice.supplier, k)]
    missing = required + helpful
    if not missing:
        return []
    severity = (
        None
        if required
        else str(rule("evidence.invoice.supplier-contact")["severity_helpful_only"])
    )
    words = [m.replace("_", " ") for m in missing]
    text = and_list(words)
    return [
        make(
            "evidence.invoice.supplier-contact",
            (*loc, "invoice", "supplier", missing[0]),
            severity,
            missing=text,
            missing_zh="、".join(word_zh(m) for m in missing),
            **values,
        )
    ]


def _buyer(case: Case, loc: tuple[Any, ...], buyer: str, values: dict[str, Any]) -> list[Finding]:
    store = case.store.name
    where = (*loc, "invoice", "buyer")
    if not buyer:
        return [make("evidence.invoice.no-buyer", where, store=store or "the store", **values)]
    if not store:
        return [make("evidence.invoice.no-store-name", ("store", "name"), **values)]
    if same_business(buyer, store):
        return []
    return [make("evidence.invoice.buyer", where, buyer=buyer, store=store, **values)]


def covering_invoices(case: Case, window: Window) -> list[EvidenceItem]:
    """The typed, final invoices not known to fall outside the window: what covers units."""
    return [
        item
        for item in case.evidence
        if is_typed_invoice(item) and not_final(item) is None and window.holds(item.date)
    ]


def invoiced_units(items: list[EvidenceItem]) -> dict[str, int]:
    """Units per ASIN over the lines of ``items`` (lines without an ASIN count for none)."""
    out: dict[str, int] = {}
    for item in items:
        assert item.invoice is not None
        for line in item.invoice.lines:
            if line.asin:
                out[line.asin] = out.get(line.asin, 0) + (line.units or 0)
    return out


def coverage(
    case: Case,
    window: Window,
    notice_asins: list[str],
    stored: dict[str, int] | None = None,
) -> list[Finding]:
    """Every ASIN the notice names is on a covering invoice; units invoiced cover units sold.

    Units sold: ``units_sold`` written in case.yaml wins for each ASIN it names; ``stored``
    (the order store's units over the window, see ``stored_units``) gives the others.
    """
    covering = covering_invoices(case, window)
    listed = {line.asin for item in covering for line in item.invoice.lines if line.asin}  # type: ignore[union-attr]
    out: list[Finding] = [
        make("evidence.invoice.asin-missing", ("evidence",), asin=asin)
        for asin in notice_asins
        if asin not in listed
    ]
    sold = case.units_sold
    figures = {a: (n, False) for a, n in (stored or {}).items()}
    figures.update({a: (n, True) for a, n in (sold.asins if sold else {}).items()})
    if not figures:
        return out
    units = invoiced_units(covering)
    in_window = (f"in the {window.days} days before the notice", f"通知前 {window.days} 天内")
    by_hand = in_window
    if sold is not None and sold.start and sold.end:
        by_hand = (
            f"between {format_date(sold.start)} and {format_date(sold.end)}",
            f"{sold.start.isoformat()} 至 {sold.end.isoformat()} 期间",
        )
    for asin, (count, hand) in figures.items():
        have = units.get(asin, 0)
        period, period_zh = by_hand if hand else in_window
        where = ("units_sold", "asins", asin) if hand else ("evidence",)
        if have < count:
            out.append(
                make(
                    "evidence.invoice.units-short",
                    where,
                    asin=asin,
                    invoiced=have,
                    sold=count,
                    short=count - have,
                    period=period,
                    period_zh=period_zh,
                    start=format_date(window.start),
                    notice=format_date(window.notice),
                )
            )
    return out


def stored_units(folder: Path | None, window: Window, asins: set[str]) -> dict[str, int]:
    """Units sold per ASIN over the invoice window, from the imported All Orders reports
    (poa.case.orderstore); only the ``asins`` the notice or the invoices name, so an unrelated
    product never asks for an invoice. Empty without a store or a notice date."""
    if folder is None or window.notice is None or window.start is None or not asins:
        return {}
    from poa.case import orderstore as db

    with db.reading(folder) as conn:
        if conn is None:
            return {}
        return db.units_sold(conn, window.start, window.notice, asins)


def units_table(case: Case, window: Window, stored: dict[str, int]) -> list[dict[str, Any]]:
    """Units sold per ASIN as the coverage check counts them, and where each figure comes
    from (``case.yaml``'s ``units_sold`` or the ``orders.sqlite`` store): shown so a seller
    sees which invoices must add up to what."""
    hand = case.units_sold
    by_hand = hand.asins if hand else {}
    units = invoiced_units(covering_invoices(case, window))
    out: list[dict[str, Any]] = []
    for asin in sorted(set(stored) | set(by_hand)):
        if asin in by_hand:
            assert hand is not None
            source, sold = "case.yaml", by_hand[asin]
            start = hand.start if hand.start and hand.end else window.start
            end = hand.end if hand.start and hand.end else window.notice
        else:
            source, sold, start, end = "orders.sqlite", stored[asin], window.start, window.notice
        out.append(
            {
                "asin": asin,
                "sold": sold,
                "invoiced": units.get(asin, 0),
                "source": source,
                "window": [d.isoformat() if d else None for d in (start, end)],
            }
        )
    return out
