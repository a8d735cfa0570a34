"""The wizard's evidence step: the checklist shown, the kind asked, an invoice's fields typed."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from poa import wizard
from poa.case import store
from poa.case.model import Case
from tests.conftest import EXAMPLES
from tests.test_evidence import NOTICE
from tests.test_wizard_engine import Script

INVOICE_STEPS = [
    ("evidence.more", "y"),
    ("ev1.description", "Invoice for the filters sold this spring"),
    ("ev1.file", "invoice-hl-3301.pdf"),
    ("ev1.date", "2026-06-02"),  # after the notice of 10 May 2026
    ("ev1.orders", ""),
    ("ev1.kind", ""),  # Enter: the kind the description points to (invoice)
    ("ev1.number", "HL-3301"),
    ("ev1.supplier.name", "Ridgeway Wholesale Ltd"),
    ("ev1.supplier.address", "14 Mill Lane, Leeds LS1 4AB, United Kingdom"),
    ("ev1.supplier.phone", "+44 113 496 0712"),
    ("ev1.supplier.email", "accounts@ridgeway.example"),
    ("ev1.supplier.website", ""),
    ("ev1.buyer", ""),  # Enter: the store's name
    ("ev1.lines", "B0C1H2J3K4 300\nB0D5M6N7P8 x"),
    ("ev1.lines", "B0C1H2J3K4 300\nb0d5m6n7p8, 120 units"),
    ("evidence.more", "y"),
    ("ev2.description", "Brand authorisation for our distributor"),
    ("ev2.file", ""),
    ("ev2.date", ""),
    ("ev2.orders", ""),
    ("ev2.kind", "99"),  # not on the list: asked again
    ("ev2.kind", "2"),
    ("evidence.more", "n"),
]


def _case(tmp_path: Path, lang: str = "en") -> Path:
    folder = tmp_path / "case"
    store.create_case(
        folder,
        Case.model_validate(
            {
                "store": {"name": "Harbor Lane Goods"},
                "violation": "inauthentic",
                "notice": {"received": "2026-05-10", "text": NOTICE},
            }
        ),
    )
    return folder


def test_the_evidence_step_lists_the_checklist_and_types_an_invoice(tmp_path):
    folder = _case(tmp_path)
    script = Script(INVOICE_STEPS)
    wizard.Wizard(folder, script, today=dt.date(2026, 7, 1)).run(section="evidence")
    assert script.steps == []
    notes = [p.text for p in script.prompts if p.kind == "note"]
    assert notes[0].startswith("Documents a reviewer expects for this plan:")
    assert "- Invoice (required, not yet): Amazon verifies authenticity" in notes[0]
    assert "Amazon's notice asks for it." in notes[0]
    kind = next(p for p in script.prompts if p.key == "ev1.kind")
    assert kind.default == "invoice" and kind.choices[0] == (
        "invoice",
        "Invoice (expected for this plan)",
    )
    lines = [p for p in script.prompts if p.key == "ev1.lines"]
    assert "units as a number" in lines[1].error
    case = store.load_case(folder)
    first, second = case.evidence
    assert first.kind == "invoice" and second.kind == "letter_of_authorization"
    assert first.invoice.buyer == "Harbor Lane Goods"
    assert [(ln.asin, ln.units) for ln in first.invoice.lines] == [
        ("B0C1H2J3K4", 300),
        ("B0D5M6N7P8", 120),
    ]
    problems = next(p.text for p in script.prompts if p.key == "ev1.invoice.problems")
    assert "after the notice of 10 May 2026" in problems and "website" in problems


def test_the_checklist_is_shown_in_chinese(tmp_path):
    folder = _case(tmp_path)
    script = Script([("evidence.more", "n")])
    wizard.Wizard(folder, script, lang="zh").run(section="evidence")
    note = next(p.text for p in script.prompts if p.kind == "note")
    assert "审核人员对这类申诉期望看到的文件" in note and "- 发票(必需,还没有)" in note


def test_an_invoice_interrupted_halfway_resumes_at_the_field_it_stopped(tmp_path):
    case = store.load_case(EXAMPLES / "inauthentic-supplier-invoices")
    for item in (*case.root_causes, *case.corrective_actions, *case.preventive_measures):
        item.evidence = []
    case.evidence = []
    folder = tmp_path / "case"
    store.create_case(folder, case)
    with contextlib.suppress(KeyboardInterrupt):
        wizard.Wizard(folder, Script(INVOICE_STEPS, stop_at="ev1.supplier.phone")).run("evidence")
    assert store.load_case(folder).evidence[0].invoice.supplier.address.startswith("14 Mill")
    at = [k for k, _ in INVOICE_STEPS].index("ev1.supplier.phone")
    loops = [
        (f"{s}.more", "n") for s in ("root_cause", "corrective_actions", "preventive_measures")
    ]
    rest = Script([*loops, *INVOICE_STEPS[at:], ("additional_info.text", ""), ("summary.text", "")])
    wizard.Wizard(folder, rest).run()
    assert rest.asked()[0] == "ev1.supplier.phone" and "ev1.number" not in rest.asked()
    resumed = store.load_case(folder)
    assert resumed.evidence[0].invoice.lines[1].units == 120
    assert resumed.evidence[1].kind == "letter_of_authorization"
