"""Import a generated All Orders report of N rows (default 200,000) and report time and memory.

    python benchmarks/import_200k.py [ROWS] [--tracemalloc] [--no-claims]

The report is written to a temporary folder with the real column layout (32 columns, one row
per item, some orders with two items, 1% of orders with an A-to-z claim in a claims file).
Every row goes to the case's orders.sqlite; case.yaml keeps the defect orders only.
Peak RSS is the process high-water mark (resource.getrusage); with --tracemalloc the peak of
Python allocations during the import is measured too (slower).
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from poa.case import orderstore as db
from poa.case import store
from poa.case.model import Case
from poa.orders.importer import import_into_folder

HEADER = (
    "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\t"
    "fulfillment-channel\tsales-channel\torder-channel\turl\tship-service-level\tproduct-name\t"
    "sku\tasin\titem-status\tquantity\tcurrency\titem-price\titem-tax\tshipping-price\t"
    "shipping-tax\tgift-wrap-price\tgift-wrap-tax\titem-promotion-discount\t"
    "ship-promotion-discount\tship-city\tship-state\tship-postal-code\tship-country\t"
    "promotion-ids\tis-business-order\tpurchase-order-number\tprice-designation\n"
)


def write_report(folder: Path, rows: int, seed: int = 1) -> tuple[Path, Path]:
    """All Orders report with ``rows`` rows, and a claims file naming 1% of its orders."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 1)
    report = folder / "all-orders.txt"
    claims = folder / "claims.csv"
    written = 0
    with (
        open(report, "w", encoding="utf-8", newline="") as out,
        open(claims, "w", encoding="utf-8") as cl,
    ):
        out.write(HEADER)
        cl.write("Order ID,Claim date,Claim reason,Claim amount,Status\n")
        n = 0
        while written < rows:
            n += 1
            order_id = f"11{n % 4 + 1}-{rng.randrange(10**7):07d}-{n:07d}"
            when = start + dt.timedelta(seconds=n * 60 * 24 * 60 * 60 // max(rows, 1))
            stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
            channel = "Amazon" if n % 3 == 0 else "Merchant"
            status = "Cancelled" if n % 97 == 0 else "Shipped"
            for item in range(2 if n % 10 == 0 else 1):
                if written >= rows:
                    break
                out.write(
                    f"{order_id}\t\t{stamp}\t{stamp}\t{status}\t{channel}\tAmazon.com\t\t\t"
                    f"Standard\tProduct {item} of order {n}\tSKU-{n % 500}\tB0{n % 10**8:08d}\t"
                    f"Shipped\t1\tUSD\t19.99\t1.60\t0.00\t0.00\t\t\t\t\tSpringfield\tIL\t"
                    f"62704\tUS\t\tfalse\t\t\n"
                )
                written += 1
            if n % 100 == 0:
                cl.write(f"{order_id},{when:%Y-%m-%d},Item not received,$19.99,Under review\n")
    return report, claims


def main() -> None:
    rows = int(next((a for a in sys.argv[1:] if a.isdigit()), 200_000))
    trace = "--tracemalloc" in sys.argv
    with_claims = "--no-claims" not in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        report, claims = write_report(folder, rows)
        case_dir = folder / "case"
        store.create_case(case_dir, Case(violation="odr"))
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if trace:
            tracemalloc.start()
        began = time.perf_counter()
        result = import_into_folder(case_dir, [report, claims] if with_claims else [report])
        seconds = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] if trace else None
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        size = report.stat().st_size
        case_size = (case_dir / "case.yaml").stat().st_size
        store_size = db.path_of(case_dir).stat().st_size
        with db.reading(case_dir) as conn:
            held = db.counts(conn)
    print(f"rows: {rows:,} ({size / 1e6:.1f} MB report)")
    print(f"orders in the day totals: {sum(d.orders for d in result.case.order_totals.days):,}")
    print(f"orders kept in case: {len(result.case.orders):,}; case.yaml {case_size / 1e3:.0f} kB")
    print(
        f"store: {held['item_rows']:,} item rows, {held['orders']:,} orders,"
        f" {held['defect_rows']:,} defect rows; {db.STORE_FILE} {store_size / 1e6:.1f} MB"
    )
    print(f"import time: {seconds:.2f} s ({rows / seconds:,.0f} rows/s)")
    print(f"peak RSS: {rss_before / 1024:.1f} MB before, {rss_after / 1024:.1f} MB after")
    if peak is not None:
        print(f"tracemalloc peak during import: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
