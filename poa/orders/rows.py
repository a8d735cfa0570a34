"""One report's rows into the merge: order IDs, ASINs and fields read from a row's cells, the
defects and metric flags a row shows, and the two ways of reading a report (defect reports and
lists, one order per row; the All Orders report, day totals for every order)."""

from __future__ import annotations

import functools
import re
from typing import Any

from poa.orders import values
from poa.orders.detect import orders_data
from poa.orders.merge import FileSummary, _Merge
from poa.orders.readers import Report
from poa.text.ids import fold, normalize_asin, normalize_order_id

FLAGS = ("amazon_fulfilled", "cancelled", "ship_checked", "late")


def _order_id(raw: Any, summary: FileSummary, line: int) -> str | None:
    """The one order ID of an All Orders row (None, with the line skipped, if it has none)."""
    ids = _order_ids(raw, summary, line, split=False)
    return ids[0] if ids else None


def _order_ids(raw: Any, summary: FileSummary, line: int, *, split: bool = True) -> list[str]:
    """The order IDs of a cell: usually one; a seller's cell may list several.

    A cell that is not one ID is split on the separators ``id_separators`` (sections/orders.yaml:
    ASCII and full-width commas and semicolons, the ideographic comma) and on whitespace; every
    valid ID is kept and a malformed piece is reported, so no ID is lost with its neighbour.
    """
    if isinstance(raw, float) or (isinstance(raw, int) and not isinstance(raw, bool)):
        summary.skip("order ID stored by Excel as a number (digits lost: format it as Text)", line)
        return []
    # Excel keeps long numbers as text with a leading apostrophe or as a ="..." formula.
    text = values.text(raw).lstrip("'=").strip('"')
    if not text:
        summary.skip("no order ID", line)
        return []
    try:
        return [normalize_order_id(text)]
    except ValueError:
        if not split:
            summary.skip("malformed order ID", line)
            return []
    found: list[str] = []
    malformed = False
    for piece in _id_separators().split(fold(text)):
        piece = piece.strip().lstrip("'").strip('"')
        if not piece:
            continue
        try:
            found.append(normalize_order_id(piece))  # "113 1234567 1234567" is one ID
            continue
        except ValueError:
            pass
        for word in piece.split():
            try:
                found.append(normalize_order_id(word))
            except ValueError:
                malformed = True
    if malformed or not found:
        summary.skip("malformed order ID", line)
    return list(dict.fromkeys(found))


@functools.cache
def _id_separators() -> re.Pattern[str]:
    marks = "".join(re.escape(fold(m)) for m in orders_data()["id_separators"])
    return re.compile(f"[{marks}]+")


def _asin(raw: Any) -> str | None:
    text = values.text(raw)
    if not text:
        return None
    try:
        return normalize_asin(text)
    except ValueError:
        return None


def _fields(record: dict[str, Any]) -> dict[str, Any]:
    """The order fields a row carries (never buyer data: unmapped columns never get here)."""
    return {
        "purchase_date": values.parse_date(record.get("purchase_date")),
        "status": values.text(record.get("status")),
        "asin": _asin(record.get("asin")),
        "sku": values.text(record.get("sku")),
        "fulfillment_channel": values.text(record.get("fulfillment_channel")),
        "latest_ship_date": values.parse_date(record.get("latest_ship_date")),
        "ship_date": values.parse_date(record.get("ship_date")),
        "claim_status": values.text(record.get("claim_status")),
        "reason": values.text(record.get("reason"))[:200],
        "quantity": values.parse_quantity(record.get("quantity")),
    }


def _import_defects(
    report: Report, merge: _Merge, summary: FileSummary, default_defect: str | None, tick: Any
) -> None:
    """Claims, feedback, chargebacks, spreadsheets and plain lists: one order per row."""
    kind = report.kind
    fixed = kind.defect if kind else None
    has_defect_column = bool(kind and "defect" in kind.columns)
    max_rating = int(kind.spec.get("max_rating", 5)) if kind else 5
    last_line = None
    for line, record in report.rows:
        if line != last_line:  # a line of a plain list may give several IDs: one row
            summary.rows += 1
            tick(summary.rows)
            last_line = line
        order_ids = _order_ids(record.get("order_id"), summary, line)
        if not order_ids:
            continue
        fields = _fields(record)
        defects: list[str] = []
        if fixed == "negative_feedback":
            rating = values.parse_rating(record.get("rating"))
            if rating is None:
                summary.skip("no rating", line)
                continue
            if rating > max_rating:
                summary.skip(f"rating {max_rating + 1}-5 (not negative feedback)", line)
                continue
            fields["rating"] = rating
        if fixed:
            defects.append(fixed)
            fields["defect_date"] = values.parse_date(record.get("date"))
            if fixed != "negative_feedback":
                # On the claims and chargeback pages "Status" is the claim's, not the order's.
                fields["claim_status"] = fields["claim_status"] or fields["status"]
                fields["status"] = ""
        elif has_defect_column:
            found = values.parse_defect(record.get("defect"))
            if found:
                defects.append(found)
        elif default_defect:
            defects.append(default_defect)
        if fields["purchase_date"] is None and not fixed:
            fields["purchase_date"] = values.parse_date(record.get("date"))
        for order_id in order_ids:
            for defect in defects or [""]:
                merge.writer.defect(order_id, defect, fields, report.kind_name)
            # Spreadsheets with a defect column keep only the defect rows the case needs;
            # lists and sheets without one are the seller's own selection: keep them all.
            add = (
                bool(fixed)
                or not has_defect_column
                or any(d in merge.keep for d in defects)
                or order_id in merge.mentioned
            )
            outcome = merge.upsert(order_id, dict(fields), defects, report.kind_name, add=add)
            if outcome == "ignored":
                summary.skip("no defect this case keeps", line)
            summary.record(order_id, outcome)


def _import_all_orders(report: Report, merge: _Merge, summary: FileSummary, tick: Any) -> None:
    """The All Orders flat file: day totals for every order, details for the orders kept."""
    days: set[Any] = set()
    previous = None
    item = 0
    for line, record in report.rows:
        summary.rows += 1
        tick(summary.rows)
        order_id = _order_id(record.get("order_id"), summary, line)
        if order_id is None:
            continue
        fields = _fields(record)
        if order_id == previous:
            item += 1  # another item of the same order: stored, counted once
            if fields["purchase_date"] is not None:
                merge.writer.item(order_id, item, fields, _flags(fields)[0])
            continue
        previous, item = order_id, 0
        day = fields["purchase_date"]
        if day is None:
            summary.skip("no purchase date", line)
            continue
        days.add(day)
        flags, defects = _flags(fields)
        merge.writer.item(order_id, item, fields, flags)
        add = any(d in merge.keep for d in defects) or order_id in merge.mentioned
        outcome = merge.upsert(order_id, fields, defects, report.kind_name, add=add)
        if outcome == "ignored":
            summary.counted += 1
        summary.record(order_id, outcome)
    summary.days = len(days)


def _flags(fields: dict[str, Any]) -> tuple[dict[str, int], list[str]]:
    """What the metrics count of a row, and the defects it shows (seller-fulfilled only)."""
    flags = dict.fromkeys(FLAGS, 0)
    defects: list[str] = []
    flags["cancelled"] = int(values.is_cancelled(fields["status"]))
    if values.is_amazon_fulfilled(fields["fulfillment_channel"]):
        flags["amazon_fulfilled"] = 1
        return flags, defects
    if flags["cancelled"]:
        defects.append("cancelled")
    latest, shipped = fields["latest_ship_date"], fields["ship_date"]
    if latest and shipped:
        flags["ship_checked"] = 1
        if shipped > latest:
            flags["late"] = 1
            defects.append("late")
    return flags, defects
