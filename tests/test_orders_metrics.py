"""Metrics from imported reports, checked against figures worked out by hand.

The samples (tests/data/reports/make_samples.py) hold 40 orders from 5 Jan to 12 Mar 2026; the
60-day window ending 12 Mar starts 12 Jan and holds 36 of them. Defect orders in the window:
113-2048113-6601937 (claim and negative feedback), 112-5501846-2270459 (claim),
114-7310022-9840316 (negative feedback), 111-3390475-1184620 (chargeback); the claim on
113-9006721-4402158 (ordered 6 Jan) is outside. So ODR = 4/36 = 11.11%, claims 2/36 = 5.56%,
negative feedback 2/36 = 5.56%, chargebacks 1/36 = 2.78%; under 1% needs 4/(36+n) < 1%, n = 365.
Last 7 days (6-12 Mar): three seller-fulfilled orders, one cancelled: 33.33%; under 2.5% needs
1/(3+n) < 2.5%, n = 38.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from poa.case import store
from poa.cli import app
from poa.orders import metrics

runner = CliRunner()
SAMPLES = ("all-orders.txt", "atoz-claims.csv", "feedback-bom.csv", "chargebacks-copied.txt")


@pytest.fixture
def sample_case(empty_case, reports):
    result = runner.invoke(
        app, ["orders", "import", str(empty_case), *(str(reports / f) for f in SAMPLES)]
    )
    assert result.exit_code == 0, result.output
    return empty_case


def test_order_defect_rate_and_parts_match_hand_computation(sample_case):
    figures = metrics.compute(store.load_case(sample_case))
    assert figures.as_of == dt.date(2026, 3, 12)
    odr = figures.get("order_defect_rate")
    assert (odr.numerator, odr.denominator) == (4, 36)
    assert odr.window_start == dt.date(2026, 1, 12)
    assert odr.percent == 11.11
    parts = {name: (p.numerator, p.percent) for name, p in odr.parts.items()}
    assert parts == {
        "a_to_z_claim_rate": (2, 5.56),
        "negative_feedback_rate": (2, 5.56),
        "chargeback_rate": (1, 2.78),
    }
    assert odr.orders_needed == 365


def test_cancel_rate_counts_seller_fulfilled_orders_of_the_last_seven_days(sample_case):
    pfc = metrics.compute(store.load_case(sample_case)).get("pre_fulfilment_cancel_rate")
    assert (pfc.numerator, pfc.denominator, pfc.percent) == (1, 3, 33.33)
    assert pfc.orders_needed == 38


def test_as_of_date_moves_the_window(sample_case, reports):
    # Independent count from the report itself: distinct orders ordered 1 Jan - 1 Mar 2026.
    lines = (reports / "all-orders.txt").read_text(encoding="utf-8").splitlines()[1:]
    dates = {ln.split("\t")[0]: ln.split("\t")[2][:10] for ln in lines}
    expected = sum("2026-01-01" <= d <= "2026-03-01" for d in dates.values())
    odr = metrics.compute(store.load_case(sample_case), dt.date(2026, 3, 1)).get(
        "order_defect_rate"
    )
    assert odr.denominator == expected
    assert odr.numerator == 5  # the 6 January claim is now inside the window


def test_metrics_command_json(sample_case):
    result = runner.invoke(app, ["orders", "metrics", str(sample_case), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    odr = data["metrics"][0]
    assert (odr["name"], odr["value"], odr["target"], odr["orders_needed"]) == (
        "order_defect_rate",
        11.11,
        1.0,
        365,
    )
    assert any("ship dates" in note for note in data["notes"])


def test_late_shipment_rate_from_ship_dates(empty_case, tmp_path):
    columns = "amazon-order-id purchase-date order-status fulfillment-channel latest-ship-date"
    header = "\t".join([*columns.split(), "ship-date"])
    rows = []
    for n in range(10):  # ten seller-fulfilled orders in the last 30 days, two shipped late
        day = dt.date(2026, 3, 1) + dt.timedelta(days=n)
        shipped = day + dt.timedelta(days=3 if n in (2, 7) else 1)
        latest = day + dt.timedelta(days=2)
        rows.append(f"111-0000000-00000{n:02d}\t{day}\tShipped\tMerchant\t{latest}\t{shipped}")
    rows.append("111-0000000-0000100\t2026-03-05\tShipped\tAmazon\t2026-03-06\t2026-03-09")  # FBA
    rows.append("111-0000000-0000101\t2026-01-05\tShipped\tMerchant\t2026-01-06\t2026-01-09")  # old
    report = tmp_path / "shipments.txt"
    report.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["orders", "import", str(empty_case), str(report)])
    assert result.exit_code == 0, result.output
    lsr = metrics.compute(store.load_case(empty_case)).get("late_shipment_rate")
    assert (lsr.numerator, lsr.denominator, lsr.percent) == (2, 10, 20.0)
    assert lsr.orders_needed == 41  # 2 / (10 + n) < 4%  =>  n > 40
    assert store.load_case(empty_case).orders == []  # late orders are not kept in an ODR case


def test_late_orders_are_kept_when_the_case_is_about_late_shipment(empty_case, tmp_path):
    case = store.load_case(empty_case)
    case.violation = "late_shipment"
    store.save_case(empty_case, case)
    report = tmp_path / "shipments.txt"
    report.write_text(
        "amazon-order-id\tpurchase-date\torder-status\tlatest-ship-date\tship-date\n"
        "111-0000000-0000001\t2026-03-01\tShipped\t2026-03-02\t2026-03-04\n"
        "111-0000000-0000002\t2026-03-01\tShipped\t2026-03-02\t2026-03-02\n",
        encoding="utf-8",
    )
    runner.invoke(app, ["orders", "import", str(empty_case), str(report)])
    (order,) = store.load_case(empty_case).orders
    assert order.order_id == "111-0000000-0000001" and order.defect == "late"


@pytest.mark.parametrize(
    ("defects", "orders", "target", "needed"),
    [
        (4, 36, 0.01, 365),
        (1, 100, 0.01, 1),
        (1, 101, 0.01, 0),
        (0, 10, 0.01, 0),
        (3, 40, 0.025, 81),
    ],
)
def test_orders_needed_is_the_smallest_count_under_target(defects, orders, target, needed):
    assert metrics.orders_needed(defects, orders, target) == needed
    if needed:
        assert defects / (orders + needed) < target <= defects / (orders + needed - 1)


def test_no_all_orders_report_means_no_rate_and_a_note(empty_case, reports):
    runner.invoke(app, ["orders", "import", str(empty_case), str(reports / "atoz-claims.csv")])
    figures = metrics.compute(store.load_case(empty_case))
    assert figures.get("order_defect_rate").value is None
    assert any("All Orders" in note for note in figures.notes)


def test_templates_can_quote_the_metrics(sample_case):
    import jinja2

    from poa import render

    context = render.context(store.load_case(sample_case), dt.date(2026, 3, 20))
    text = jinja2.Template(
        "ODR {{ order_metrics.rates.order_defect_rate.percent }}%,"
        " {{ order_metrics.rates.order_defect_rate.orders_needed }} orders to go"
    ).render(context)
    assert text == "ODR 11.11%, 365 orders to go"


def test_defect_orders_outside_the_reports_are_left_out_and_named(sample_case, reports):
    runner.invoke(app, ["orders", "import", str(sample_case), str(reports / "feedback-cp1252.csv")])
    figures = metrics.compute(store.load_case(sample_case))
    assert figures.get("order_defect_rate").numerator == 4  # unchanged: 302-... is not in it
    assert any("302-4481920-5517364" in note for note in figures.notes)


def test_metric_parts_carry_the_human_label(sample_case):
    result = runner.invoke(app, ["orders", "metrics", str(sample_case), "--json"])
    parts = json.loads(result.stdout)["metrics"][0]["parts"]
    assert parts["a_to_z_claim_rate"]["label"] == "A-to-z Guarantee claim rate"
    assert parts["negative_feedback_rate"]["label"] == "Negative feedback rate"
    assert all(p["label"] != name for name, p in parts.items())
