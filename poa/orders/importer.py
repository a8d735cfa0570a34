"""Merge Seller Central reports into a case: idempotent, all-or-nothing, streamed.

What the case keeps (a decision, see also ``keep_defects`` in sections/orders.yaml):

- every order with an A-to-z claim, negative feedback or a chargeback, and every order a seller
  lists on purpose (a plain list or a spreadsheet without a defect column);
- late or cancelled orders only when the case is about late shipment or cancellations;
- any order the plan already quotes (in an item's order IDs or its text), so ``poa check`` can
  tell a real order from a typo: import the report again after writing the plan;
- every row of every report goes to the case's order store, ``orders.sqlite`` (poa.orders.db):
  the day totals the rates divide by and the units sold per ASIN are queries on it, so
  case.yaml does not grow with the All Orders report (200,000 rows leave it a few kB).

Merging rules, so that importing the same report again changes nothing:

- an order already in the case keeps its note; defects are added to (never removed); a value
  the report gives replaces the stored one, an empty cell never erases one;
- store rows are keyed by order ID and the item's place among the order's rows: the same
  report imported again replaces each row by itself (no change), an overlapping report adds
  only the orders it has beyond the other; day totals count each order once;
- within one All Orders report, rows of the same order (one row per item) follow each other
  and are counted once;
- all files are read into one store transaction; it is committed, then the case saved once
  (atomically), and only if an order or a store row changed (a file that brings nothing new
  is not recorded either). Ctrl-C, a kill or a bad file leaves the store and case.yaml as
  they were (a kill between the two leaves the store ahead, which the next import repeats).

Migration: a version-1 case.yaml kept day totals (``order_totals.days``). The first import
copies them (and every order case.yaml holds) into the store, then saves case.yaml as
version 2, without them; reading a version-1 case without importing still works as before.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from poa.case import store
from poa.case.model import STORE_SCHEMA_VERSION, Case, primary_defect
from poa.errors import InputError
from poa.files import lock as caselock
from poa.orders import db, values
from poa.orders.detect import orders_data
from poa.orders.readers import Report, open_report
from poa.text.ids import find_order_ids, fold, normalize_asin, normalize_order_id

Progress = Callable[[Path, int, int], None]
PROGRESS_EVERY = 2000
LINES_SHOWN = 5
# Fields an import may set on an order; anything else (note) belongs to the seller.
ORDER_FIELDS = (
    "purchase_date",
    "status",
    "asin",
    "sku",
    "defect_date",
    "fulfillment_channel",
    "latest_ship_date",
    "ship_date",
    "rating",
    "claim_status",
    "reason",
)
FLAGS = ("amazon_fulfilled", "cancelled", "ship_checked", "late")


@dataclass
class FileSummary:
    """What one file contributed; the CLI prints it."""

    path: Path
    kind: str
    label: str
    encoding: str = ""
    rows: int = 0
    counted: int = 0
    days: int = 0
    skipped: dict[str, list[int]] = field(default_factory=dict)
    already_imported: bool = False
    # order ID -> what this file did to it; an order on several rows counts once
    outcomes: dict[str, str] = field(default_factory=dict)

    @property
    def added(self) -> int:
        return sum(o == "added" for o in self.outcomes.values())

    @property
    def updated(self) -> int:
        return sum(o == "updated" for o in self.outcomes.values())

    @property
    def unchanged(self) -> int:
        return sum(o == "unchanged" for o in self.outcomes.values())

    @property
    def skipped_count(self) -> int:
        return sum(len(v) for v in self.skipped.values())

    def skip(self, reason: str, line: int) -> None:
        self.skipped.setdefault(reason, []).append(line)

    def record(self, order_id: str, outcome: str) -> None:
        if outcome in OUTCOMES:
            self.outcomes[order_id] = _stronger(self.outcomes.get(order_id), outcome)


# What happened to an order, strongest first: an order added by one row (or file) and found
# again by the next was added.
OUTCOMES = ("added", "updated", "unchanged")


def _stronger(old: str | None, new: str) -> str:
    return new if old is None else min(old, new, key=OUTCOMES.index)


@dataclass
class ImportResult:
    case: Case
    files: list[FileSummary]
    changed: bool
    seconds: float

    def total(self, name: str) -> int:
        """A total over all files; added, updated and unchanged count each order once."""
        if name in OUTCOMES:
            merged: dict[str, str] = {}
            for f in self.files:
                for order_id, outcome in f.outcomes.items():
                    merged[order_id] = _stronger(merged.get(order_id), outcome)
            return sum(o == name for o in merged.values())
        return sum(getattr(f, name) for f in self.files)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Merge:
    """The case being built in memory: orders by ID, day totals by date."""

    def __init__(self, case: Case, writer: db.Writer) -> None:
        self.base = case
        self.writer = writer
        self.orders: dict[str, dict[str, Any]] = {}
        for order in case.orders:
            self.orders.setdefault(order.order_id, order.model_dump())
        self.reports = [r.model_dump() for r in case.order_totals.reports]
        data = orders_data()["keep_defects"]
        self.keep = set(data.get(case.violation.value, data["default"]))
        self.mentioned = mentioned_order_ids(case)

    def upsert(
        self, order_id: str, fields: dict[str, Any], defects: list[str], source: str, *, add: bool
    ) -> str:
        """'added', 'updated', 'unchanged' or 'ignored' (not in the case and not to be added)."""
        fields = {k: v for k, v in fields.items() if k in ORDER_FIELDS}  # quantity: store only
        existing = self.orders.get(order_id)
        if existing is None:
            if not add:
                return "ignored"
            record: dict[str, Any] = {"order_id": order_id, "defects": [], "sources": []}
            record.update({k: v for k, v in fields.items() if v not in (None, "")})
            record["defects"] = list(dict.fromkeys(defects))
            record["defect"] = primary_defect(record["defects"])
            record["sources"] = [source]
            self.orders[order_id] = record
            return "added"
        before = dict(existing)
        for name, value in fields.items():
            if value in (None, ""):
                continue
            if name == "defect_date" and existing.get(name):
                value = min(existing[name], value)  # the first complaint, whatever the order
            existing[name] = value
        merged = list(dict.fromkeys([*existing.get("defects", []), *defects]))
        existing["defects"] = merged
        existing["defect"] = primary_defect(merged)
        if source not in existing.get("sources", []):
            existing["sources"] = [*existing.get("sources", []), source]
        return "unchanged" if existing == before else "updated"

    def build(self) -> Case:
        """The new case: version 2, its day totals read back from the store (in memory only:
        case.yaml of version 2 does not hold them)."""
        data = self.base.model_dump()
        data["schema_version"] = STORE_SCHEMA_VERSION
        data["orders"] = list(self.orders.values())
        self.writer.flush()
        data["order_totals"] = {
            "days": db.day_totals(self.writer.conn),
            "reports": self.reports,
        }
        return Case.model_validate(data)


def migrate(case: Case, writer: db.Writer, *, days: bool) -> None:
    """Copy what case.yaml holds into the store: its orders (one defect row per defect, or
    one without a defect) and, with ``days``, its day totals. Repeating it changes nothing."""
    for order in case.orders:
        fields = order.model_dump()
        for defect in order.defects or [""]:
            writer.defect(order.order_id, defect, fields, ",".join(order.sources) or "case.yaml")
    if days:
        for day in case.order_totals.days:
            writer.legacy_day(day.model_dump())


def mentioned_order_ids(case: Case) -> set[str]:
    """Order IDs the plan already quotes: kept in full when a report lists them."""
    ids = set(case.affected_order_ids())
    texts = [case.summary, case.additional_info, case.closing]
    for field_name in ("root_causes", "corrective_actions", "preventive_measures", "evidence"):
        for item in getattr(case, field_name):
            texts.extend(
                str(getattr(item, name, "") or "")
                for name in ("title", "what", "why", "result", "measure", "description")
            )
    for text in texts:
        ids.update(find_order_ids(text or ""))
    return ids


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


def import_reports(
    case: Case,
    paths: list[Path],
    *,
    default_defect: str | None = None,
    progress: Progress | None = None,
    writer: db.Writer | None = None,
) -> ImportResult:
    """Merge ``paths`` into a copy of ``case``; returns the new case and per-file summaries.

    Rows go to ``writer`` (an open store transaction the caller commits); without one, to a
    throwaway in-memory store seeded with the case's own day totals. Every file is recognised
    before any is read, so a wrong file fails fast. Defect reports are merged before All
    Orders reports, so an order named in both gets its purchase date.
    """
    if writer is None:
        with db.writing(None) as memory:
            migrate(case, memory, days=True)
            return import_reports(
                case,
                paths,
                default_defect=default_defect,
                progress=progress,
                writer=memory,
            )
    start = time.perf_counter()
    if default_defect is not None and default_defect not in orders_data()["defect_values"]:
        raise InputError(
            f"--defect {default_defect!r} is not a defect kind"
            f" (one of {', '.join(orders_data()['defect_values'])})"
        )
    reports: list[Report] = []
    try:
        for path in paths:
            reports.append(open_report(Path(path)))
        merge = _Merge(case, writer)
        store_before = writer.conn.total_changes
        ordered = sorted(reports, key=lambda r: bool(r.kind and r.kind.counts_orders))
        summaries = {}
        for report in ordered:
            summary = FileSummary(
                path=report.path,
                kind=report.kind_name,
                label=report.label,
                encoding=report.encoding,
            )
            summaries[id(report)] = summary
            digest = sha256_of(report.path)
            summary.already_imported = writer.known_report(digest) or any(
                r["sha256"] == digest for r in merge.reports
            )

            def tick(rows: int, report: Report = report) -> None:
                if progress and rows % PROGRESS_EVERY == 0:
                    progress(report.path, report.done(), report.total)

            try:
                if report.kind and report.kind.counts_orders:
                    _import_all_orders(report, merge, summary, tick)
                else:
                    _import_defects(report, merge, summary, default_defect, tick)
            except InputError as exc:
                message = str(exc)
                if not message.startswith(str(report.path)):
                    message = f"{report.path}: {message}"
                raise InputError(message) from None
            if progress:
                progress(report.path, report.total, report.total)
            if summary.rows == 0:
                raise InputError(f"{report.path}: the {report.label} has a header but no rows")
            if not any(r["sha256"] == digest for r in merge.reports):
                merge.reports.append(
                    {"file": report.path.name, "kind": report.kind_name, "sha256": digest,
                     "rows": summary.rows}
                )  # fmt: skip
        writer.flush()
        store_changed = writer.conn.total_changes != store_before
        new_case = merge.build()
        for r in merge.reports:
            writer.report(r["sha256"], r["file"], r["kind"], r["rows"])
    finally:
        for report in reports:
            report.close()
    files = [summaries[id(r)] for r in reports]
    # The list of imported files alone is no change: a file that added or updated nothing
    # (the same report saved again under another name) leaves case.yaml as it was. Day totals
    # are read from the store, so a store row that changed is the change they reflect.
    unrecorded = {"order_totals", "schema_version"}
    changed = store_changed or (
        new_case.model_dump(exclude=unrecorded) != case.model_dump(exclude=unrecorded)
    )
    return ImportResult(
        case=new_case, files=files, changed=changed, seconds=time.perf_counter() - start
    )


def import_into_folder(
    folder: Path,
    paths: list[Path],
    *,
    default_defect: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Load the case, merge the reports, save once (atomically) if anything changed.

    The case's lock is held from the load to the save, so a second import at the same moment
    waits and then merges into this one's result: no report's orders are lost.
    """
    if not paths:
        raise InputError("give at least one report file to import")
    with caselock.locked(folder):
        case = store.load_case(folder)
        with db.writing(folder) as writer:
            # The first import of a version-1 case moves its orders and day totals over.
            upgraded = case.schema_version < STORE_SCHEMA_VERSION
            if upgraded:
                migrate(case, writer, days=True)
            result = import_reports(
                case, paths, default_defect=default_defect, progress=progress, writer=writer
            )
            result.changed = result.changed or upgraded
            if result.changed:
                db.commit(writer)  # first the store: a kill before the save repeats safely
                store.save_case(folder, result.case)
    return result
