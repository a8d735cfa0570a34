"""Merge Seller Central reports into a case: idempotent, all-or-nothing, streamed.

What the case keeps (a decision, see also ``keep_defects`` in sections/orders.yaml):

- every order with an A-to-z claim, negative feedback or a chargeback, and every order a seller
  lists on purpose (a plain list or a spreadsheet without a defect column);
- late or cancelled orders only when the case is about late shipment or cancellations;
- any order the plan already quotes (in an item's order IDs or its text), so ``poa check`` can
  tell a real order from a typo: import the report again after writing the plan;
- every row of every report goes to the case's order store, ``orders.sqlite`` (poa.case.orderstore):
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

The merge in memory and the file summaries are ``poa.orders.merge``; reading a report's rows,
``poa.orders.rows``.

Migration: a version-1 case.yaml kept day totals (``order_totals.days``). The first import
copies them (and every order case.yaml holds) into the store, then saves case.yaml as
version 2, without them; reading a version-1 case without importing still works as before.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from poa.case import orderstore as db
from poa.case import store
from poa.case.model import STORE_SCHEMA_VERSION, Case
from poa.errors import InputError
from poa.files import lock as caselock
from poa.orders.detect import orders_data
from poa.orders.merge import FileSummary, ImportResult, _Merge, migrate
from poa.orders.readers import Report, open_report
from poa.orders.rows import _import_all_orders, _import_defects

Progress = Callable[[Path, int, int], None]
PROGRESS_EVERY = 2000
LINES_SHOWN = 5


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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
