"""Large reports are streamed: memory does not grow with the number of rows."""

from __future__ import annotations

import tracemalloc

from benchmarks.import_200k import write_report
from poa.case.model import Case
from poa.orders.importer import import_reports


def peak_during_import(tmp_path, rows: int) -> tuple[int, Case]:
    folder = tmp_path / str(rows)
    folder.mkdir()
    report, _claims = write_report(folder, rows)
    tracemalloc.start()
    try:
        result = import_reports(Case(violation="odr"), [report])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, result.case


def test_memory_stays_flat_from_5000_to_50000_rows(tmp_path):
    small, _ = peak_during_import(tmp_path, 5_000)
    large, case = peak_during_import(tmp_path, 50_000)
    assert sum(d.orders for d in case.order_totals.days) > 45_000
    # Ten times the rows: the peak may not grow by more than 1 MB (it is about 2 MB for both).
    assert large - small < 1_000_000, (small, large)
