"""poa evidence and the document findings of poa check: one case built to show each check."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from poa.case import store
from poa.case.model import Case, Violation
from poa.cli import app
from poa.evidence.data import evidence_data
from tests.conftest import EXAMPLES, FINDING_KEYS

runner = CliRunner()
INAUTHENTIC = EXAMPLES / "inauthentic-supplier-invoices"
ASIN_A, ASIN_B = "B0C1H2J3K4", "B0D5M6N7P8"
NOTICE = f"""Hello,

Your Amazon.com selling account has been deactivated because buyers reported that items you
listed are inauthentic.

ASIN: {ASIN_A}
ASIN: {ASIN_B}

To reactivate your account, please send us the following information:
-- Invoices from your supplier dated within the last 365 days.
-- A plan of action explaining the root cause and the actions you have taken.
"""


def invoice(**changes: Any) -> dict[str, Any]:
    """A final invoice that passes every check against the case below."""
    item: dict[str, Any] = {
        "id": "ev1",
        "kind": "invoice",
        "description": "Invoice for the filters and lamps sold this spring",
        "file": "invoice-hl-3301.pdf",
        "date": "2026-02-14",
        "invoice": {
            "number": "HL-3301",
            "supplier": {
                "name": "Ridgeway Wholesale Ltd",
                "address": "14 Mill Lane, Leeds LS1 4AB, United Kingdom",
                "phone": "+44 113 496 0712",
                "email": "accounts@ridgeway.example",
                "website": "www.ridgeway.example",
            },
            "buyer": "Harbor Lane Goods LLC",
            "lines": [{"asin": ASIN_A, "units": 300}, {"asin": ASIN_B, "units": 120}],
        },
    }
    for path, value in changes.items():
        target = item
        *parents, last = path.split("__")
        for key in parents:
            target = target[key]
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return item


def make_case(tmp_path: Path, evidence: list[dict[str, Any]], **fields: Any) -> Path:
    data: dict[str, Any] = {
        "store": {"name": "Harbor Lane Goods"},
        "violation": "inauthentic",
        "notice": {"received": "2026-05-10", "text": NOTICE},
        "evidence": evidence,
        "units_sold": {"asins": {ASIN_A: 280, ASIN_B: 95}},
        **fields,
    }
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "case.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def evidence_json(folder: Path) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["evidence", str(folder), "--json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def findings(folder: Path) -> list[dict[str, Any]]:
    _, data = evidence_json(folder)
    return [f for row in data["documents"] for f in row["findings"]]


def only(found: list[dict[str, Any]], rule: str) -> dict[str, Any]:
    matching = [f for f in found if f["rule"] == rule]
    assert len(matching) == 1, [f["rule"] for f in found]
    return matching[0]


def test_a_complete_invoice_passes_every_check(tmp_path):
    code, data = evidence_json(make_case(tmp_path, [invoice()]))
    assert code == 0
    row = next(r for r in data["documents"] if r["kind"] == "invoice")
    assert row == {**row, "required": True, "status": "present", "evidence": ["ev1"]}
    assert [f for r in data["documents"] for f in r["findings"]] == []
    assert row["asked_by_notice"][0]["window_days"] == 365
    for r in data["documents"]:
        assert {"kind", "required", "status", "evidence", "findings"} <= set(r)


def test_an_invoice_older_than_the_window_is_an_error_naming_its_date_field(tmp_path):
    folder = make_case(tmp_path, [invoice(date="2025-04-30")])
    code, _ = evidence_json(folder)
    found = only(findings(folder), "evidence.invoice.before-window")
    assert code == 1 and found["severity"] == "error"
    assert found["field"] == "evidence[0].date"
    lines = (folder / "case.yaml").read_text().splitlines()
    assert lines[found["field_line"] - 1].strip() == "date: '2025-04-30'"
    assert "10 May 2025" in found["message"]  # the window starts 365 days before the notice
    assert set(found) >= FINDING_KEYS


def test_the_window_counts_back_from_the_notice_not_from_today(tmp_path):
    # Over 365 days before today, yet within the 365 days before the notice: accepted.
    folder = make_case(tmp_path, [invoice(date="2025-06-01")])
    assert "evidence.invoice.before-window" not in [f["rule"] for f in findings(folder)]


def test_the_window_the_notice_states_replaces_the_default(tmp_path):
    folder = make_case(tmp_path, [invoice(date="2025-09-01")])
    case = yaml.safe_load((folder / "case.yaml").read_text())
    case["notice"]["text"] = NOTICE.replace("last 365 days", "last 180 days")
    (folder / "case.yaml").write_text(yaml.safe_dump(case), encoding="utf-8")
    found = only(findings(folder), "evidence.invoice.before-window")
    assert "180 days" in found["message"]


def test_an_invoice_dated_after_the_notice_is_an_error(tmp_path):
    folder = make_case(tmp_path, [invoice(date="2026-05-20")])
    found = only(findings(folder), "evidence.invoice.after-notice")
    assert found["severity"] == "error" and found["field"] == "evidence[0].date"
    assert "after the notice of 10 May 2026" in found["message"]


def test_supplier_contact_details_must_be_complete(tmp_path):
    folder = make_case(
        tmp_path, [invoice(invoice__supplier__phone="", invoice__supplier__website=None)]
    )
    found = only(findings(folder), "evidence.invoice.supplier-contact")
    assert found["severity"] == "error"
    assert found["field"] == "evidence[0].invoice.supplier.phone"
    assert "phone and website" in found["message"]
    shutil.rmtree(folder)
    folder = make_case(tmp_path, [invoice(invoice__supplier__email="")])
    found = only(findings(folder), "evidence.invoice.supplier-contact")
    assert found["severity"] == "warning" and "e-mail" not in found["message"]


def test_an_invoice_addressed_to_another_business_is_an_error(tmp_path):
    folder = make_case(tmp_path, [invoice(invoice__buyer="Li Wei Trading Co.")])
    found = only(findings(folder), "evidence.invoice.buyer")
    assert found["field"] == "evidence[0].invoice.buyer"
    assert "Li Wei Trading Co." in found["message"] and "Harbor Lane Goods" in found["message"]
    shutil.rmtree(folder)
    folder = make_case(tmp_path, [invoice(invoice__buyer="")])
    assert only(findings(folder), "evidence.invoice.no-buyer")["severity"] == "error"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"invoice__number": "PI-2026-014"}, "evidence[0].invoice.number"),
        ({"description": "Proforma invoice for the spring order"}, "evidence[0].description"),
        ({"file": "quotation-ridgeway.pdf"}, "evidence[0].file"),
        ({"description": "Order confirmation for 420 units"}, "evidence[0].description"),
    ],
)
def test_a_pro_forma_quotation_or_order_confirmation_is_not_an_invoice(tmp_path, change, field):
    folder = make_case(tmp_path, [invoice(**change)])
    found = findings(folder)
    assert only(found, "evidence.invoice.not-final")["field"] == field
    # It covers nothing: both ASINs are left without an invoice.
    assert sum(f["rule"] == "evidence.invoice.asin-missing" for f in found) == 2


def test_every_asin_the_notice_names_is_on_some_invoice(tmp_path):
    folder = make_case(tmp_path, [invoice(invoice__lines=[{"asin": ASIN_A, "units": 300}])])
    found = only(findings(folder), "evidence.invoice.asin-missing")
    assert ASIN_B in found["message"] and found["field"] == "evidence"


def test_units_invoiced_per_asin_must_cover_units_sold(tmp_path):
    second = invoice(id="ev2", invoice__number="HL-3390")
    second["invoice"]["lines"] = [{"asin": ASIN_B, "units": 40}]
    first = invoice(invoice__lines=[{"asin": ASIN_A, "units": 300}, {"asin": ASIN_B, "units": 30}])
    folder = make_case(tmp_path, [first, second])
    found = only(findings(folder), "evidence.invoice.units-short")
    assert found["message"].startswith(f"Invoices cover 70 units of {ASIN_B}, but 95 were sold")
    assert found["field"] == f"units_sold.asins.{ASIN_B}"
    lines = (folder / "case.yaml").read_text().splitlines()
    assert lines[found["field_line"] - 1].strip() == f"{ASIN_B}: 95"
    second["invoice"]["lines"][0]["units"] = 65
    shutil.rmtree(folder)
    assert findings(make_case(tmp_path, [first, second])) == []


def test_a_required_document_missing_is_reported_by_evidence_and_check(tmp_path):
    folder = make_case(tmp_path, [])
    code, data = evidence_json(folder)
    row = next(r for r in data["documents"] if r["kind"] == "invoice")
    assert code == 1 and row["status"] == "missing" and row["evidence"] == []
    assert row["findings"][0]["rule"] == "evidence.missing-document"
    checked = runner.invoke(app, ["check", str(folder), "--json"])
    found = [f for f in json.loads(checked.stdout)["findings"] if f["section"] == "evidence"]
    assert [f["rule"] for f in found] == ["evidence.missing-document"]
    assert found[0]["severity"] == "warning"  # expected, not a broken plan: no exit 1 for it


def test_check_reports_invoice_problems_as_errors(tmp_path):
    folder = make_case(tmp_path, [invoice(date="2026-05-20")])
    checked = runner.invoke(app, ["check", str(folder)])
    assert checked.exit_code == 1
    assert "evidence[0].date: error: evidence.invoice.after-notice" in checked.stdout


def test_an_untyped_invoice_in_an_older_case_is_pointed_out_and_the_case_is_unchanged(tmp_path):
    old = {"id": "ev1", "description": "Supplier invoices for March", "file": "inv.pdf"}
    folder = make_case(tmp_path, [old])
    assert only(findings(folder), "evidence.invoice.untyped")["field"] == "evidence[0].kind"
    case = store.load_case(folder)
    text = store.case_to_yaml(case)
    assert "kind:" not in text and "invoice:" not in text
    assert store.parse_case_yaml(text) == case


def test_a_notice_ask_joins_the_checklist_and_makes_the_document_required(tmp_path):
    notice = (
        "We have deactivated your account because it is related to another account.\n"
        "To reactivate your account, please provide the following:\n"
        "-- A utility bill for the address of your business, issued within the last 90 days.\n"
        "-- A bank statement for your business.\n"
    )
    folder = make_case(tmp_path, [], violation="related_account")
    case = yaml.safe_load((folder / "case.yaml").read_text())
    case["notice"]["text"] = notice
    (folder / "case.yaml").write_text(yaml.safe_dump(case), encoding="utf-8")
    _, data = evidence_json(folder)
    rows = {r["kind"]: r for r in data["documents"]}
    assert rows["utility_bill"]["asked_by_notice"][0]["window_days"] == 90
    assert rows["other"]["required"] is True  # the bank statement, asked by the notice
    assert rows["other"]["asked_by_notice"][0]["document"] == "bank_statement"


def test_lang_zh_prints_the_checklist_in_chinese(tmp_path):
    folder = make_case(tmp_path, [invoice(invoice__buyer="Li Wei Trading Co.")])
    result = runner.invoke(app, ["evidence", str(folder), "--lang", "zh"])
    assert result.exit_code == 1
    assert "[有问题] 发票 / Invoice: 必需 (ev1)" in result.stdout
    assert "亚马逊通过供应链核实真伪" in result.stdout
    assert "发票 HL-3301(ev1)的买方是 Li Wei Trading Co." in result.stdout


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"date": "24/03/2026"}, "evidence[0].date: '24/03/2026' is not a date (expected YYYY-"),
        (
            {"invoice__lines": [{"asin": ASIN_A, "units": "sixty"}]},
            "evidence[0].invoice.lines[0].units: 'sixty' is not a number of units",
        ),
        ({"kind": "invoce"}, "evidence[0].kind: 'invoce' is not one of: invoice,"),
    ],
)
def test_bad_input_is_one_line_with_field_and_line(tmp_path, change, expected):
    folder = make_case(tmp_path, [invoice(**change)])
    before = (folder / "case.yaml").read_bytes()
    result = runner.invoke(app, ["evidence", str(folder)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert expected in line and "case.yaml:" in line
    assert (folder / "case.yaml").read_bytes() == before


def test_an_answers_file_types_invoices_and_reports_bad_units_with_the_line(tmp_path):
    answers = {"violation": "inauthentic", "store": {"name": "Harbor Lane Goods"}}
    answers["evidence"] = [invoice()]
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, sort_keys=False), encoding="utf-8")
    created = runner.invoke(app, ["new", str(tmp_path / "ok"), "--answers", str(path)])
    assert created.exit_code == 0, created.output
    case = store.load_case(tmp_path / "ok")
    assert case.evidence[0].invoice.lines[1].units == 120
    assert case.evidence[0].invoice.supplier.website == "www.ridgeway.example"
    answers["evidence"] = [invoice(invoice__lines=[{"asin": ASIN_A, "units": "12 boxes"}])]
    path.write_text(yaml.safe_dump(answers, sort_keys=False), encoding="utf-8")
    failed = runner.invoke(app, ["new", str(tmp_path / "bad"), "--answers", str(path)])
    assert failed.exit_code == 2
    assert "evidence[0].invoice.lines[0].units: '12 boxes' is not a number of units" in (
        failed.stderr
    )
    assert f"{path}:" in failed.stderr and not (tmp_path / "bad").exists()


# ---------------------------------------------------------------- the data


def test_the_checklist_covers_every_violation_kind_in_both_languages():
    data = evidence_data()
    assert set(data["checklist"]) == {v.value for v in Violation}
    for rows in data["checklist"].values():
        assert rows
        for row in rows:
            assert row["why"]["en"].strip() and row["why"]["zh"].strip()
    for spec in data["rules"].values():
        assert spec["message"] and spec["message_zh"] and spec["severity"]


# ---------------------------------------------------------------- the example


def test_the_inauthentic_example_shows_an_order_confirmation_sent_as_an_invoice():
    code, data = evidence_json(INAUTHENTIC)
    found = [f for r in data["documents"] for f in r["findings"]]
    assert code == 1
    assert [(f["rule"], f["field"]) for f in found] == [
        ("evidence.invoice.not-final", "evidence[3].description"),
        ("evidence.invoice.units-short", "units_sold.asins.B0BR7TQ5XW"),
    ]
    readme = (INAUTHENTIC / "README.md").read_text(encoding="utf-8")
    assert "evidence.invoice.not-final" in readme and "evidence.invoice.units-short" in readme


def test_the_inauthentic_example_runs_clean_once_the_invoice_replaces_the_confirmation(
    example_copy,
):
    folder = example_copy("inauthentic-supplier-invoices")
    case = store.load_case(folder)
    fixed = case.evidence[3]
    fixed.description = "Purchase of 80 units of the trail water filter from the same distributor"
    fixed.file = "invoice-cgd-21488.pdf"
    fixed.invoice.number = "CGD-21488"
    store.save_case(folder, case)
    code, data = evidence_json(folder)
    assert code == 0
    assert all(r["status"] == "present" for r in data["documents"] if r["required"])
    assert [f for r in data["documents"] for f in r["findings"]] == []
    checked = runner.invoke(app, ["check", str(folder), "--json"])
    assert not [f for f in json.loads(checked.stdout)["findings"] if f["section"] == "evidence"]


def test_the_appendix_gives_each_document_its_kind_date_and_invoice_facts(example_copy):
    import docx

    folder = example_copy("inauthentic-supplier-invoices")
    texts = {}
    for fmt in ("md", "txt"):
        result = runner.invoke(app, ["export", str(folder), "-f", fmt, "-o", "-"])
        assert result.exit_code == 0
        texts[fmt] = result.stdout
    out = folder / "plan.docx"
    assert runner.invoke(app, ["export", str(folder), "-f", "docx", "-o", str(out)]).exit_code == 0
    texts["docx"] = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    for fmt, text in texts.items():
        assert "Exhibit 1: invoice, dated 24 March 2026." in text, fmt
        assert "Exhibit 2: letter of authorization, dated 15 January 2026." in text, fmt
        assert (
            "Invoice CGD-20931 from Cascade Gear Distribution Inc. (2150 NE Industrial Way," in text
        ), fmt
        assert "to Northfield Outdoor Supply LLC: 60 units of B0BR7TQ5XW." in text, fmt


def test_case_evidence_round_trips_with_its_invoice(tmp_path):
    case = store.load_case(INAUTHENTIC)
    again = store.parse_case_yaml(store.case_to_yaml(case))
    assert again == case
    data = copy.deepcopy(case.model_dump(mode="json"))
    assert data["evidence"][0]["invoice"]["lines"] == [
        {"asin": "B0BR7TQ5XW", "product": "", "units": 60}
    ]
    assert Case.model_validate(data) == case


def test_bad_units_sold_and_a_missing_folder_are_one_line_errors(tmp_path):
    folder = make_case(tmp_path, [invoice()], units_sold={"asins": {ASIN_A: "lots"}})
    result = runner.invoke(app, ["evidence", str(folder)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert f"units_sold.asins.{ASIN_A}: 'lots' is not a number of units" in line
    assert ":8:" in line or "case.yaml:" in line
    missing = runner.invoke(app, ["evidence", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "no such case folder" in missing.stderr


def test_without_a_notice_date_the_window_is_not_guessed_from_today(tmp_path):
    folder = make_case(tmp_path, [invoice(date="2019-01-01")])
    case = yaml.safe_load((folder / "case.yaml").read_text())
    del case["notice"]["received"]
    (folder / "case.yaml").write_text(yaml.safe_dump(case), encoding="utf-8")
    found = findings(folder)
    assert only(found, "evidence.notice-date-missing")["field"] == "notice.received"
    assert not {"evidence.invoice.before-window", "evidence.invoice.after-notice"} & {
        f["rule"] for f in found
    }


def test_every_data_file_parses_with_both_yaml_loaders() -> None:
    """libyaml (used when present) accepts some flow mappings the pure-Python loader refuses;
    an install without libyaml must read every file in sections/ too."""
    import yaml

    from poa import knowledge

    for path in sorted(knowledge.sections_dir().rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        pure = yaml.load(text, Loader=yaml.SafeLoader)
        fast = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        assert pure == fast, path
