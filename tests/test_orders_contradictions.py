"""poa check holds the plan against the imported reports: listed orders and stated counts."""

from __future__ import annotations

import shutil

import pytest
import yaml
from typer.testing import CliRunner

from poa.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
NO_DEFECT = "111-2223334-4445556"


def _case(tmp_path, change=None, imported=True):
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLES / "odr-unanswered-messages", folder)
    if imported:
        reports = sorted(str(p) for p in (folder / "reports").iterdir())
        assert runner.invoke(app, ["orders", "import", str(folder), *reports]).exit_code == 0
    if change:
        path = folder / "case.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def _add_clean_order(data):
    data["orders"].append({"order_id": NO_DEFECT, "purchase_date": "2026-03-03"})
    data["root_causes"][0]["order_ids"].append(NO_DEFECT)
    data["corrective_actions"][0]["order_ids"].append(NO_DEFECT)


def test_an_order_no_report_shows_with_a_defect_is_an_error_naming_it(tmp_path):
    folder = _case(tmp_path, _add_clean_order)
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1, result.output
    assert "orders.no-defect" in result.stdout
    assert f"order {NO_DEFECT} is listed under root cause 1" in result.stdout
    assert "root_causes[0].order_ids[4]" in result.stdout


def test_without_imported_reports_nothing_is_contradicted(tmp_path):
    folder = _case(tmp_path, _add_clean_order, imported=False)
    result = runner.invoke(app, ["check", str(folder), "--json"])
    assert "orders.no-defect" not in result.stdout


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("Four of these buyers opened A-to-z claims and one left 1-star feedback.", "4"),
        ("We received 2 A-to-z claims and 1 negative feedback rating.", "2"),
        ("Three buyers opened A-to-z claims and two left 1-star feedback.", "2"),
    ],
)
def test_a_stated_count_that_disagrees_with_the_orders_listed_is_a_finding(
    tmp_path, sentence, stated
):
    def change(data):
        data["root_causes"][0]["what"] = sentence

    folder = _case(tmp_path, change)
    result = runner.invoke(app, ["check", str(folder)])
    assert "orders.count-mismatch" in result.stdout, result.stdout
    assert f"root cause 1 says {stated} " in result.stdout


def test_counts_that_match_and_dates_are_not_findings(tmp_path):
    def change(data):
        data["root_causes"][0]["what"] = (
            "On 5 March 2026 three of these buyers opened A-to-z claims and one left 1-star"
            " feedback; 14 buyer messages waited 2 to 6 days."
        )

    folder = _case(tmp_path, change)
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 0, result.stdout
    assert "count-mismatch" not in result.stdout
