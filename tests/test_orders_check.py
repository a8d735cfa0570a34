"""poa check: order IDs in the plan against the case's orders."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from poa.case import store
from poa.cli import app
from poa.orders.check import check_case
from tests.conftest import FINDING_KEYS

runner = CliRunner()


@pytest.fixture
def imported_example(example_case):
    """The example case with its own Seller Central reports imported."""
    files = sorted((example_case / "reports").iterdir())
    result = runner.invoke(app, ["orders", "import", str(example_case), *map(str, files)])
    assert result.exit_code == 0, result.output
    return example_case


def rules(findings):
    return [f.rule for f in findings]


def test_example_case_is_clean(imported_example):
    result = runner.invoke(app, ["check", str(imported_example)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stderr


def test_one_digit_typo_is_caught_with_the_likely_id(imported_example):
    case = store.load_case(imported_example)
    case.corrective_actions[
        0
    ].what = "We answered all 14 unanswered messages, starting with order 113-4827301-5520974."
    store.save_case(imported_example, case)
    (finding,) = [f for f in check_case(case) if f.rule == "orders.unknown-id"]
    assert finding.severity == "error"
    assert finding.section == "corrective_actions"
    assert "113-4827301-5520974" in finding.message
    assert "113-4827301-5520947" in finding.suggestion
    markdown = runner.invoke(app, ["export", str(imported_example), "-f", "md", "-o", "-"]).stdout
    line = markdown.splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith("113-4827301-5520974")
    result = runner.invoke(app, ["check", str(imported_example)])
    assert result.exit_code == 1
    assert "did you mean 113-4827301-5520947?" in result.stdout


def test_complaint_order_no_action_covers(imported_example, tmp_path):
    listing = tmp_path / "more.txt"
    listing.write_text("111-2223334-4445556\n", encoding="utf-8")
    result = runner.invoke(
        app, ["orders", "import", str(imported_example), str(listing), "--defect", "claim"]
    )
    assert result.exit_code == 0, result.output
    findings = check_case(store.load_case(imported_example))
    uncovered = [f for f in findings if f.rule == "orders.uncovered-defect"]
    assert [(f.severity, f.section) for f in uncovered] == [("error", "corrective_actions")]
    assert "111-2223334-4445556" in uncovered[0].message
    assert "orders.unexplained-defect" in rules(findings)
    result = runner.invoke(app, ["check", str(imported_example), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data["findings"][0]) >= FINDING_KEYS


def test_naming_the_order_in_an_action_covers_it(imported_example):
    case = store.load_case(imported_example)
    copy = {"order_id": "111-2223334-4445556", "defect": "chargeback", "defects": ["chargeback"]}
    case.orders.append(case.orders[0].model_copy(update=copy))  # no count of chargebacks stated
    case.corrective_actions[1].order_ids.append("111-2223334-4445556")
    case.root_causes[0].order_ids.append("111-2223334-4445556")
    assert check_case(case) == []


def test_malformed_undashed_duplicate_and_unknown_asin(imported_example):
    case = store.load_case(imported_example)
    case.root_causes[0].what = (
        "Orders 113-4827301-552094 and 11348273015520947 waited 6 days; 114-2039485-7713620 and"
        " 114-2039485-7713620 too. The towel B08ZZZZZZZ was not affected."
    )
    found = {f.rule: f for f in check_case(case)}
    assert found["orders.malformed-id"].severity == "error"
    assert "16 digits" in found["orders.malformed-id"].message
    assert found["orders.undashed-id"].suggestion == "write it as 113-4827301-5520947"
    assert found["orders.duplicate"].severity == "warning"
    assert "B08ZZZZZZZ" in found["orders.unknown-asin"].message


def test_dates_money_and_tracking_numbers_are_not_order_ids(imported_example):
    case = store.load_case(imported_example)
    case.corrective_actions[0].result = (
        "Refunds of $1,234.56 on 2026-03-19; FedEx tracking 123456789012345 and USPS"
        " 9400111899223456789012 confirmed delivery at 10:30."
    )
    assert check_case(case) == []


def test_duplicate_orders_in_the_case(imported_example):
    case = store.load_case(imported_example)
    case.orders.append(case.orders[0])
    assert "orders.duplicate-order" in rules(check_case(case))


def test_case_without_orders_gets_one_warning_not_a_flood(empty_case):
    case = store.load_case(empty_case)
    case.summary = "Orders 113-4827301-5520947 and 114-2039485-7713620 were late."
    findings = check_case(case)
    assert rules(findings) == ["orders.no-orders"]
    assert findings[0].severity == "warning"


def test_missing_case_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such case folder" in result.stderr


def test_orders_list_shows_causes_and_actions(imported_example):
    result = runner.invoke(app, ["orders", "list", str(imported_example), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    row = next(r for r in data["orders"] if r["order_id"] == "113-7741092-8830214")
    assert (row["root_causes"], row["actions"], row["defect"]) == (["rc2"], ["ca3"], "claim")
    table = runner.invoke(app, ["orders", "list", str(imported_example)])
    assert table.exit_code == 0
    assert "113-7741092-8830214" in table.stdout and "Order defect rate: 2.78%" in table.stdout


def test_every_rule_has_examples_that_behave(example_case):
    from poa.orders.detect import orders_data

    base = store.load_case(example_case)
    for rule, spec in orders_data()["check"].items():
        if spec.get("structural"):
            continue
        assert spec.get("flag") and spec.get("pass"), f"{rule} has no flag/pass example"
        for text, expected in ((spec["flag"], True), (spec["pass"], False)):
            case = base.model_copy(deep=True)
            case.root_causes[0].what = text
            found = rule in rules(check_case(case))
            assert found is expected, f"{rule}: {text!r}"


def test_orders_the_plan_quotes_are_kept_from_the_all_orders_report(example_case, reports):
    case = store.load_case(example_case)
    case.corrective_actions[0].what += " The buyer of 113-2530829-6624039 was also answered."
    store.save_case(example_case, case)
    assert "orders.unknown-id" in rules(check_case(case))
    result = runner.invoke(
        app, ["orders", "import", str(example_case), str(reports / "all-orders.txt")]
    )
    assert result.exit_code == 0, result.output
    case = store.load_case(example_case)
    kept = case.order("113-2530829-6624039")
    assert kept is not None and kept.defects == [] and kept.purchase_date is not None
    assert "orders.unknown-id" not in rules(check_case(case))


def test_many_late_orders_give_a_short_list_of_warnings(example_case):
    case = store.load_case(example_case)
    template = case.orders[0]
    for n in range(30):
        case.orders.append(
            template.model_copy(
                update={"order_id": f"111-0000000-00000{n:02d}", "defects": ["late"]}
            )
        )
    findings = [f for f in check_case(case) if f.rule == "orders.uncovered-defect"]
    assert len(findings) == 21
    assert findings[-1].message == "10 more findings of this kind are not shown"


def test_findings_name_the_case_yaml_field_and_line(imported_example):
    """The seller edits case.yaml: a finding says which field and line, not a missing .md file."""
    path = imported_example / "case.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - 114-2039485-7713620\n", "  - 114-2039485-7713629\n", 1)
    text = text.replace(
        "  what: We answered all 14 unanswered messages and apologised to each buyer.",
        "  what: We answered all 14 messages, starting with order 113-4827301-5520974.",
    )
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    result = runner.invoke(app, ["check", str(imported_example), "--json"])
    assert result.exit_code == 1
    found = {f["field"]: f for f in json.loads(result.stdout)["findings"]}
    listed = found["root_causes[0].order_ids[1]"]
    assert listed["rule"] == "orders.unknown-id"
    assert "114-2039485-7713629" in lines[listed["field_line"] - 1]
    typed = found["corrective_actions[0].what"]
    assert "113-4827301-5520974" in lines[typed["field_line"] - 1]
    # line and column still point into the Markdown export, as poa score's findings do
    markdown = runner.invoke(app, ["export", str(imported_example), "-f", "md", "-o", "-"]).stdout
    md_line = markdown.splitlines()[typed["line"] - 1]
    assert md_line[typed["column"] - 1 :].startswith("113-4827301-5520974")

    readable = runner.invoke(app, ["check", str(imported_example)]).stdout
    assert "appeal.md" not in readable
    assert f"case.yaml:{listed['field_line']}: root_causes[0].order_ids[1]: error" in readable
    assert f"in the exported plan (poa export {imported_example} --format md): line" in readable


def test_structural_findings_name_the_order_entry(imported_example):
    case = store.load_case(imported_example)
    case.orders.append(case.orders[0])
    store.save_case(imported_example, case)
    (dup,) = [
        f for f in check_case(case, folder=imported_example) if f.rule == "orders.duplicate-order"
    ]
    last = len(case.orders) - 1
    assert dup.field == f"orders[{last}].order_id"
    lines = (imported_example / "case.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[dup.field_line - 1].strip() == f"- order_id: {case.orders[0].order_id}"


def test_hints_name_the_case_folder_the_seller_gave(tmp_path):
    from poa.case.model import Case

    folder = tmp_path / "my case"
    store.create_case(folder, Case(violation="odr", summary="Order 113-4827301-5520947 was late."))
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1, result.output  # the plan has no root causes yet
    assert "structure.missing-section" in result.stdout
    assert f"poa orders import '{folder}' OrdersReport.txt" in result.stdout
    assert "CASE" not in result.stdout

    store.create_case(tmp_path / "b", Case(violation="odr"))
    case = store.load_case(tmp_path / "b")
    case.summary = "We refunded order 113-4827301-5520947."
    case.orders = [{"order_id": "111-2223334-4445556"}]  # type: ignore[assignment]
    (finding,) = check_case(case, folder=tmp_path / "b")
    assert f"poa orders import {tmp_path / 'b'} FILE" in finding.suggestion


def test_check_reports_an_incomplete_plan(example_case) -> None:
    """A root cause left without its own prevention, and an empty required section."""
    from typer.testing import CliRunner

    from poa.case import store
    from poa.cli import app

    case = store.load_case(example_case)
    for measure in case.preventive_measures:
        measure.root_causes = [rc for rc in measure.root_causes if rc != "rc2"]
    store.save_case(example_case, case)
    result = CliRunner().invoke(app, ["check", str(example_case), "--json"])
    assert result.exit_code == 1
    rules = [f["rule"] for f in json.loads(result.stdout)["findings"]]
    assert "rootcause.unanswered" in rules

    case.preventive_measures = []
    store.save_case(example_case, case)
    result = CliRunner().invoke(app, ["check", str(example_case), "--json"])
    rules = [f["rule"] for f in json.loads(result.stdout)["findings"]]
    assert "structure.missing-section" in rules


def test_a_complete_example_passes_check(example_case) -> None:
    from typer.testing import CliRunner

    from poa.cli import app

    result = CliRunner().invoke(app, ["check", str(example_case)])
    assert result.exit_code == 0, result.output
