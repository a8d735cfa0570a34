"""The order store (orders.sqlite): every imported row, one transaction per import, migration."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from benchmarks.import_200k import write_report
from poa.case import orderstore as db
from poa.case import store
from poa.case.model import Case
from poa.cli import app
from poa.orders.importer import import_into_folder, import_reports
from tests.conftest import EXAMPLES

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_REPORTS = EXAMPLES / "odr-unanswered-messages" / "reports"
ALL_ORDERS = EXAMPLE_REPORTS / "All-Orders-2026-01-17-to-2026-03-17.txt"
ROWS = 5000


def run(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def dump(folder: Path) -> list[str]:
    """The store's whole content, to compare before and after."""
    with sqlite3.connect(db.path_of(folder)) as conn:
        return list(conn.iterdump())


def held(folder: Path) -> dict[str, int]:
    with db.reading(folder) as conn:
        assert conn is not None
        return db.counts(conn)


@pytest.fixture()
def generated(tmp_path: Path) -> tuple[Path, Path, Path]:
    report, claims = write_report(tmp_path, ROWS)
    folder = tmp_path / "case"
    store.create_case(folder, Case(violation="odr"))
    return folder, report, claims


def report_counts(report: Path) -> tuple[int, int]:
    """Rows and distinct orders of a tab-separated report, counted apart from poa."""
    ids = [line.split("\t", 1)[0] for line in report.read_text().splitlines()[1:]]
    return len(ids), len(set(ids))


def test_every_row_is_in_the_store_and_case_yaml_stays_small(generated):
    folder, report, claims = generated
    result = run("orders", "import", folder, report, claims, "--json")
    assert result.exit_code == 0, result.output
    rows, orders = report_counts(report)
    claim_lines = len(claims.read_text().splitlines()) - 1
    assert held(folder) == {
        "item_rows": rows,
        "orders": orders,
        "defect_rows": claim_lines,
        "reports": 2,
    }
    text = (folder / "case.yaml").read_text()
    data = yaml.safe_load(text)
    assert data["schema_version"] == 2
    assert "days" not in data["order_totals"]  # the day totals are the store's
    assert len(data["orders"]) == claim_lines  # only the defect orders the plan needs
    # The metrics are counted from the store: every order of the report once.
    metrics = json.loads(run("orders", "metrics", folder, "--json").stdout)
    odr = next(m for m in metrics["metrics"] if m["name"] == "order_defect_rate")
    assert odr["defects"] == claim_lines and 0 < odr["orders"] <= orders
    days = store.load_case(folder).order_totals.days
    assert sum(d.orders for d in days) == orders
    listed = json.loads(run("orders", "list", folder, "--json").stdout)
    assert listed["store"] == held(folder)


def test_importing_the_same_reports_again_adds_nothing(generated):
    folder, report, claims = generated
    assert run("orders", "import", folder, report, claims).exit_code == 0
    before_yaml, before_store = (folder / "case.yaml").read_bytes(), dump(folder)
    again = run("orders", "import", folder, claims, report, "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["changed"] is False
    assert all(f["already_imported"] for f in json.loads(again.stdout)["files"])
    assert (folder / "case.yaml").read_bytes() == before_yaml
    assert dump(folder) == before_store


def test_an_overlapping_report_adds_only_its_new_orders(tmp_path, generated):
    folder, report, _ = generated
    assert run("orders", "import", folder, report).exit_code == 0
    lines = report.read_text().splitlines(keepends=True)
    half = tmp_path / "first-half.txt"
    half.write_text("".join(lines[: len(lines) // 2]))
    assert run("orders", "import", folder, half).exit_code == 0
    rows, orders = report_counts(report)
    assert held(folder)["item_rows"] == rows and held(folder)["orders"] == orders


def test_a_bad_file_leaves_the_store_and_the_case_as_they_were(tmp_path, generated):
    folder, report, claims = generated
    assert run("orders", "import", folder, claims).exit_code == 0
    before_yaml, before_store = (folder / "case.yaml").read_bytes(), dump(folder)
    bad = tmp_path / "empty-report.txt"
    bad.write_text("amazon-order-id\tpurchase-date\torder-status\n")
    result = run("orders", "import", folder, report, bad)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "empty-report.txt" in lines[0] and "no rows" in lines[0]
    assert "Traceback" not in result.output
    assert (folder / "case.yaml").read_bytes() == before_yaml
    assert dump(folder) == before_store


def test_ctrl_c_in_the_middle_leaves_the_store_unchanged(generated):
    folder, report, claims = generated
    import_into_folder(folder, [claims])
    before_yaml, before_store = (folder / "case.yaml").read_bytes(), dump(folder)

    def interrupt(path: Path, done: int, total: int) -> None:
        if done < total:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_into_folder(folder, [report], progress=interrupt)
    assert (folder / "case.yaml").read_bytes() == before_yaml
    assert dump(folder) == before_store


def test_a_killed_import_leaves_the_store_unchanged(generated):
    """The process dies (no cleanup at all) half-way through the rows: SQLite's journal
    undoes the unfinished transaction when the store is next opened."""
    folder, report, claims = generated
    import_into_folder(folder, [claims])
    before_yaml, before_store = (folder / "case.yaml").read_bytes(), dump(folder)
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from poa.case import orderstore as db\n"
        "from poa.orders.importer import import_into_folder\n"
        "opened = db._connect\n"
        "def small_cache(path):\n"
        "    conn = opened(path)\n"
        "    conn.execute('PRAGMA cache_size = 5')  # written to the file before the commit\n"
        "    return conn\n"
        "db._connect = small_cache\n"
        "db.BATCH = 100\n"
        "def die(path, done, total):\n"
        "    if done < total:\n"
        "        os._exit(9)\n"
        "import_into_folder(Path(sys.argv[1]), [Path(sys.argv[2])], progress=die)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), str(report)], env=env, check=False
    )
    assert done.returncode == 9
    assert (folder / "orders.sqlite-journal").stat().st_size > 0  # a hot journal is left
    # The next command only reads: it still sees the store as it was.
    metrics = run("orders", "metrics", folder, "--json")
    assert metrics.exit_code == 0, metrics.output
    assert (folder / "case.yaml").read_bytes() == before_yaml
    assert dump(folder) == before_store
    assert run("orders", "import", folder, report).exit_code == 0  # and the store still works
    assert held(folder)["item_rows"] == report_counts(report)[0]


def old_case(folder: Path) -> None:
    """A version-1 case as earlier poa wrote it: orders and day totals in case.yaml."""
    merged = import_reports(Case(violation="odr"), sorted(EXAMPLE_REPORTS.iterdir())).case
    store.create_case(folder, merged.model_copy(update={"schema_version": 1}))


def test_a_version_1_case_migrates_on_its_next_import_without_losing_a_row(tmp_path):
    folder = tmp_path / "old"
    old_case(folder)
    old = yaml.safe_load((folder / "case.yaml").read_text())
    assert old["schema_version"] == 1 and old["order_totals"]["days"]
    before = json.loads(run("orders", "metrics", folder, "--json").stdout)
    listed = json.loads(run("orders", "list", folder, "--json").stdout)["orders"]
    assert not db.exists(folder)  # reading an old case changes nothing

    extra = tmp_path / "more-claims.txt"
    extra.write_text("114-0000000-0000001\n")
    result = run("orders", "import", folder, extra, "--defect", "claim", "--json")
    assert result.exit_code == 0, result.output

    new = yaml.safe_load((folder / "case.yaml").read_text())
    assert new["schema_version"] == 2 and "days" not in new["order_totals"]
    kept = {o["order_id"] for o in new["orders"]}
    assert {o["order_id"] for o in listed} | {"114-0000000-0000001"} == kept
    after = json.loads(run("orders", "metrics", folder, "--json").stdout)
    assert after["metrics"] == before["metrics"]  # the old day totals are in the store now
    with db.reading(folder) as conn:
        assert conn is not None
        stored = {r[0] for r in conn.execute("SELECT order_id FROM defect_rows")}
        legacy = conn.execute("SELECT COUNT(*), SUM(orders) FROM legacy_days").fetchone()
    assert kept <= stored
    assert legacy == (len(old["order_totals"]["days"]), 216)
    # Importing the All Orders report itself now finds every order already counted.
    assert run("orders", "import", folder, ALL_ORDERS).exit_code == 0
    again = json.loads(run("orders", "metrics", folder, "--json").stdout)
    assert again["metrics"] == before["metrics"]


# Counted by hand from the example report (column asin, quantity 1 on every row).
EXAMPLE_UNITS = {"B07QX4L2M9": 72, "B08HJ2K7Q4": 72, "B09C6W1TTR": 72}
EXAMPLE_UNITS_FEBRUARY = {"B07QX4L2M9": 33, "B08HJ2K7Q4": 33, "B09C6W1TTR": 32}


def test_units_sold_per_asin_match_a_hand_count_of_the_example(tmp_path):
    folder = tmp_path / "case"
    store.create_case(folder, Case(violation="odr"))
    assert run("orders", "import", folder, *sorted(EXAMPLE_REPORTS.iterdir())).exit_code == 0
    import datetime as dt

    with db.reading(folder) as conn:
        assert conn is not None
        year = db.units_sold(conn, dt.date(2025, 3, 20), dt.date(2026, 3, 20))
        february = db.units_sold(conn, dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert year == EXAMPLE_UNITS
    assert february == EXAMPLE_UNITS_FEBRUARY
    raw = db.path_of(folder).read_bytes()
    for buyer_data in (b"marketplace.amazon.com", b"Springfield", b"Cotton bath towel"):
        assert buyer_data not in raw


SUPPLIER = {
    "name": "Ridgeway Wholesale Ltd",
    "address": "14 Mill Lane, Leeds LS1 4AB, United Kingdom",
    "phone": "+44 113 496 0712",
    "email": "accounts@ridgeway.example",
    "website": "www.ridgeway.example",
}


def invoice_case(tmp_path: Path, units: int, **fields: Any) -> Path:
    """An inauthentic case naming one ASIN of the example report, with one invoice."""
    folder = tmp_path / "case"
    data = {
        "store": {"name": "Harbor Lane Goods"},
        "violation": "inauthentic",
        "notice": {
            "received": "2026-03-20",
            "text": "Your listings were removed.\n\nASIN: B08HJ2K7Q4\n\nPlease send invoices"
            " from your supplier dated within the last 365 days.\n",
        },
        "evidence": [
            {
                "id": "ev1",
                "kind": "invoice",
                "description": "Supplier invoice for the towels",
                "date": "2026-01-05",
                "invoice": {
                    "number": "RW-1001",
                    "supplier": SUPPLIER,
                    "buyer": "Harbor Lane Goods LLC",
                    "lines": [{"asin": "B08HJ2K7Q4", "units": units}],
                },
            }
        ],
        **fields,
    }
    folder.mkdir(parents=True)
    (folder / "case.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert run("orders", "import", folder, ALL_ORDERS).exit_code == 0
    return folder


def coverage_findings(folder: Path) -> list[dict[str, Any]]:
    result = run("evidence", folder, "--json")
    assert result.exit_code in (0, 1), result.output
    documents = json.loads(result.stdout)["documents"]
    return [f for d in documents for f in d["findings"] if f["rule"].endswith("units-short")]


def test_invoice_coverage_uses_the_units_the_imported_reports_show(tmp_path):
    found = coverage_findings(invoice_case(tmp_path, units=50))
    assert len(found) == 1
    assert found[0]["message"].startswith("Invoices cover 50 units of B08HJ2K7Q4, but 72 were")
    data = json.loads(run("evidence", tmp_path / "case", "--json").stdout)
    assert data["units_sold"] == [
        {
            "asin": "B08HJ2K7Q4",
            "sold": 72,
            "invoiced": 50,
            "source": "orders.sqlite",
            "window": ["2025-03-20", "2026-03-20"],
        }
    ]
    text = run("evidence", tmp_path / "case").stdout
    assert (
        "units B08HJ2K7Q4: 72 sold 2025-03-20 to 2026-03-20 (imported reports), 50 invoiced" in text
    )


def test_enough_invoiced_units_pass(tmp_path):
    assert coverage_findings(invoice_case(tmp_path, units=72)) == []


def test_a_hand_written_units_sold_wins_over_the_store(tmp_path):
    folder = invoice_case(tmp_path, units=50, units_sold={"asins": {"B08HJ2K7Q4": 40}})
    assert coverage_findings(folder) == []
    folder2 = invoice_case(tmp_path / "b", units=50, units_sold={"asins": {"B08HJ2K7Q4": 60}})
    found = coverage_findings(folder2)
    assert len(found) == 1 and "but 60 were" in found[0]["message"]
    assert found[0]["field"] == "units_sold.asins.B08HJ2K7Q4"
    units = json.loads(run("evidence", folder2, "--json").stdout)["units_sold"]
    assert [(u["sold"], u["source"]) for u in units] == [(60, "case.yaml")]


def test_a_file_that_is_not_a_store_is_one_line_and_never_overwritten(generated):
    folder, report, _ = generated
    db.path_of(folder).write_bytes(b"this is not a database, just text\n" * 100)
    before = (folder / "case.yaml").read_bytes()
    result = run("orders", "import", folder, report)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "orders.sqlite" in lines[0] and "not a poa order store" in lines[0]
    assert db.path_of(folder).read_bytes().startswith(b"this is not a database")
    assert (folder / "case.yaml").read_bytes() == before


def test_check_knows_every_order_and_asin_the_store_holds(generated):
    folder, report, claims = generated
    assert run("orders", "import", folder, report, claims).exit_code == 0
    first = report.read_text().splitlines()[1].split("\t")
    order_id, asin = first[0], first[12]
    typo = "119" + order_id[3:]
    data = yaml.safe_load((folder / "case.yaml").read_text())
    assert order_id not in {o["order_id"] for o in data["orders"]}  # not a defect order
    data["root_causes"] = [
        {
            "id": "rc1",
            "title": "Late dispatch",
            "what": f"Order {order_id} ({asin}) and order {typo} left the warehouse late.",
        }
    ]
    (folder / "case.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run("check", folder, "--json")
    found = json.loads(result.stdout)["findings"]
    unknown = [f["excerpt"] for f in found if f["rule"] == "orders.unknown-id"]
    assert len(unknown) == 1 and typo in unknown[0] and order_id not in unknown[0]
    assert not [f for f in found if f["rule"] == "orders.unknown-asin"]


def test_a_year_of_reports_is_all_in_the_store(tmp_path):
    """Reports of different orders add up; case.yaml holds no per-day or per-order totals."""
    folder = tmp_path / "case"
    store.create_case(folder, Case(violation="odr"))
    expected_rows = expected_orders = 0
    for seed in range(1, 5):
        part = tmp_path / f"part{seed}"
        part.mkdir()
        report, _ = write_report(part, 1500, seed=seed)
        rows, orders = report_counts(report)
        expected_rows, expected_orders = expected_rows + rows, expected_orders + orders
        assert run("orders", "import", folder, report).exit_code == 0
    assert held(folder) == {
        "item_rows": expected_rows,
        "orders": expected_orders,
        "defect_rows": 0,
        "reports": 4,
    }
    assert (folder / "case.yaml").stat().st_size < 2000
    result = run("orders", "list", folder)
    assert "no defect orders in case.yaml" in result.stderr
    assert f"{expected_rows:,} report rows of {expected_orders:,} orders" in result.stdout


def test_another_programs_database_is_refused_and_left_alone(generated):
    folder, report, _ = generated
    with sqlite3.connect(db.path_of(folder)) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    before = dump(folder)
    result = run("orders", "import", folder, report)
    assert result.exit_code == 2
    assert "not a poa order store" in result.stderr and len(result.stderr.splitlines()) == 1
    assert dump(folder) == before


def test_a_first_import_killed_before_anything_was_kept_leaves_a_usable_case(generated):
    folder, report, _ = generated
    db.path_of(folder).write_bytes(b"")  # what a killed first import can leave
    case_file = folder / "case.yaml"
    case_file.write_text(case_file.read_text().replace("schema_version: 1", "schema_version: 2"))
    assert run("orders", "metrics", folder).exit_code == 0
    assert run("orders", "import", folder, report).exit_code == 0
    assert held(folder)["item_rows"] == report_counts(report)[0]
