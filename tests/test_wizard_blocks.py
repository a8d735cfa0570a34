"""Building blocks in the wizard: picked by number, only the slots asked, English stored."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from poa import wizard
from poa.case import store
from tests.test_wizard_engine import Script
from tests.wizard_script import child_env

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
IDS = "113-4827301-5520947 114-2039485-7713620"

# A Chinese-reading seller: numbers, dates and order IDs only (Enter keeps, "" is Enter).
ZH_STEPS: list[tuple[str, str]] = [
    ("store.name", ""),
    ("violation.kind", "1"),
    ("orders.order_ids", IDS),
    ("rc1.title", "1"),  # odr.unanswered-messages
    ("rc1.slot.period", "2026-03-02 2026-03-16"),
    ("rc1.slot.messages", "14"),
    ("rc1.slot.defects", "4"),
    ("rc1.slot.orders", ""),  # Enter: the case's orders are offered
    ("rc1.keep", ""),
    ("rc1.asins", ""),
    ("root_cause.more", ""),
    ("ca1.what", "1"),  # the action that answers root cause 1 comes first
    ("ca1.slot.messages", "14"),
    ("ca1.slot.refunds", "2"),
    ("ca1.slot.when", "2026-03-19"),
    ("ca1.slot.amount", "93.70"),
    ("ca1.slot.orders", ""),  # Enter: the orders of the root cause it answers
    ("ca1.keep", ""),
    ("corrective_actions.more", ""),
    ("pm1.what", "1"),
    ("pm1.slot.owner", "1"),
    ("pm1.slot.frequency", "1"),
    ("pm1.slot.since", "2026-03-21"),
    ("pm1.slot.hours", "12"),
    ("pm1.keep", ""),
    ("preventive_measures.more", ""),
    ("evidence.more", ""),
    ("additional_info.text", ""),
    ("summary.text", ""),
]


def test_a_case_written_from_blocks_holds_english_and_the_slots(folder: Path) -> None:
    script = Script(ZH_STEPS)
    wizard.Wizard(
        folder, script, wizard.default_check(), lang="zh", today=dt.date(2026, 4, 1)
    ).run()
    case = store.load_case(folder)
    cause, action, measure = (
        case.root_causes[0], case.corrective_actions[0], case.preventive_measures[0]
    )  # fmt: skip
    assert cause.block == "odr.unanswered-messages" and cause.slots["messages"] == 14
    assert cause.what.startswith("From 2 to 16 March 2026, 14 buyer messages")
    assert action.root_causes == ["rc1"] and str(action.when) == "2026-03-19"
    assert action.order_ids == cause.order_ids == IDS.split()
    assert "$93.70" in action.result
    assert measure.owner == "Customer service lead"
    assert measure.frequency == "Every day at 09:00, 13:00 and 18:00"
    assert str(measure.start) == "2026-03-21" and measure.root_causes == ["rc1"]
    # only the slots were asked: no question about the cause's text, the action's date...
    asked = script.asked()
    assert "rc1.what" not in asked and "ca1.when" not in asked and "pm1.owner" not in asked
    assert not script.asked("challenge")


def test_the_blocks_are_listed_in_the_wizards_language_and_answering_ones_first(
    folder: Path,
) -> None:
    script = Script(ZH_STEPS)
    wizard.Wizard(folder, script, lang="zh", today=dt.date(2026, 4, 1)).run()
    title = next(p for p in script.prompts if p.key == "rc1.title")
    assert title.choices[0] == ("odr.unanswered-messages", "买家消息超过 24 小时未回复")
    assert title.choices[-1][0] == "write-own"
    action = next(p for p in script.prompts if p.key == "ca1.what")
    assert action.choices[0][0] == "odr.answer-and-refund" and "根本原因 1" in action.choices[0][1]
    shown = next(p for p in script.prompts if p.kind == "note" and p.key == "rc1.block")
    assert "[买家消息超过 24 小时未回复]" in shown.text and "From 2 to 16 March 2026" in shown.text


def test_a_slot_value_of_the_wrong_type_is_refused_in_the_wizards_language(folder: Path) -> None:
    steps = list(ZH_STEPS)
    at = steps.index(("rc1.slot.messages", "14"))
    steps[at:at] = [("rc1.slot.messages", "十四条")]
    script = Script(steps)
    wizard.Wizard(folder, script, lang="zh", today=dt.date(2026, 4, 1)).run()
    retry = [p for p in script.prompts if p.key == "rc1.slot.messages"][1]
    assert retry.error == "“十四条”不是数字(只填数字,例如 14)"


def test_write_my_own_asks_the_usual_questions(folder: Path) -> None:
    script = Script([])
    steps = [("store.name", "Harbour Lane"), ("violation.kind", "1"), ("orders.order_ids", IDS)]
    script.steps = [*steps, ("rc1.title", "99")]  # out of range: an ordinary title
    with pytest.raises(IndexError):  # the script runs out after the title: enough to see
        wizard.Wizard(folder, script, lang="en").run()
    assert store.load_case(folder).root_causes[0].title == "99"
    title = next(p for p in script.prompts if p.key == "rc1.title")
    own = str(len(title.choices))
    script = Script([("rc1.title", own), ("rc1.title", "Nobody answered weekend messages")])
    with pytest.raises(IndexError):
        wizard.Wizard(folder, script, lang="en").run("root_cause")
    asked = [p for p in script.prompts if p.key == "rc1.title"]
    assert asked[0].choices and not asked[1].choices
    assert store.load_case(folder).root_causes[0].title == "Nobody answered weekend messages"


def test_a_chinese_answer_is_met_once_in_chinese_with_the_blocks(folder: Path) -> None:
    script = Script(
        [
            ("store.name", ""), ("violation.kind", "1"), ("orders.order_ids", IDS),
            ("rc1.title", "客服没有及时回复消息"), ("rc1.title", "1"),
        ]
    )  # fmt: skip
    with pytest.raises(IndexError):
        wizard.Wizard(folder, script, lang="zh").run()
    asked = [p for p in script.prompts if p.key == "rc1.title"]
    assert "申诉书必须用英文" in asked[1].error and asked[1].choices == asked[0].choices
    assert [p.key for p in script.prompts if p.kind == "question"][-1] == "rc1.slot.period"


def test_the_stronger_answer_after_a_challenge_comes_from_a_fitting_block(folder: Path) -> None:
    def vague(section: str, text: str, violation: str = "other") -> list:
        from tests.test_wizard_engine import FakeFinding

        return [FakeFinding("specificity.no-facts", "No facts.")] if "slow" in text else []

    script = Script(
        [
            ("store.name", "Harbour Lane"), ("violation.kind", "1"), ("orders.order_ids", IDS),
            ("rc1.title", "Messages"), ("rc1.what", "Our replies to buyer messages were slow"),
        ],
        keep=True,
    )  # fmt: skip
    with pytest.raises(IndexError):
        wizard.Wizard(folder, script, vague, lang="en").run()
    challenge = next(p for p in script.prompts if p.kind == "challenge")
    assert challenge.question is not None
    assert challenge.question.good.startswith("From 2 to 16 March 2026, 14 buyer messages")


pexpect = pytest.importorskip("pexpect")
READY = "\x1b[?2004h"
# Answers that end with an empty line (long text, order IDs, ASINs).
MULTILINE = {
    "orders.order_ids", "rc1.asins", "ca1.what", "pm1.what", "additional_info.text",
    "summary.text",
}  # fmt: skip


def test_a_chinese_reader_reaches_an_english_docx_typing_only_numbers(tmp_path: Path) -> None:
    from tests.test_wizard_tty import Seller

    seller = Seller(["new", "case", "--lang", "zh"], tmp_path, "zh")
    child = seller.child
    for key, text in ZH_STEPS:
        child.expect_exact(READY)
        prefilled = key.endswith(".slot.orders")  # a default to keep: Enter twice ends it
        multiline = key in MULTILINE or prefilled
        child.send(text + ("\r\r" if multiline and (text or prefilled) else "\r"))
    output = seller.finish()
    assert "买家消息超过 24 小时未回复" in output and "生成的英文" in output
    subprocess.run(
        [sys.executable, "-m", "poa", "export", "case", "--format", "docx"],
        cwd=tmp_path, check=True, capture_output=True, timeout=60, env=child_env(),
    )  # fmt: skip
    import docx

    document = docx.Document(str(tmp_path / "case" / "appeal.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "From 2 to 16 March 2026, 14 buyer messages received no reply" in text
    assert "Customer service lead" in text and not CJK.search(text)
    check = subprocess.run(
        [sys.executable, "-m", "poa", "check", "case"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, env=child_env(),
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def test_edit_reopens_the_slots_of_a_block_item_with_their_values(folder: Path) -> None:
    wizard.Wizard(folder, Script(ZH_STEPS), lang="zh", today=dt.date(2026, 4, 1)).run()
    rework = Script(
        [
            ("rc1.keep", "y"),  # rework the complete item
            ("rc1.title", "1"),
            ("rc1.slot.period", ""),
            ("rc1.slot.messages", "16"),
            ("rc1.slot.defects", ""),
            ("rc1.slot.orders", ""),
            ("rc1.keep", ""),
            ("root_cause.more", ""),
        ]
    )
    wizard.Wizard(folder, rework, lang="zh").run("root_cause")
    slots = {p.key: p.default for p in rework.prompts if ".slot." in p.key}
    assert slots["rc1.slot.period"] == "2026-03-02 to 2026-03-16"
    assert slots["rc1.slot.messages"] == "14" and slots["rc1.slot.orders"] == IDS
    cause = store.load_case(folder).root_causes[0]
    assert cause.slots["messages"] == 16 and cause.slots["defects"] == 4
    assert cause.what.startswith("From 2 to 16 March 2026, 16 buyer messages")
    title = next(p for p in rework.prompts if p.key == "rc1.title")
    assert title.question is not None and "(买家消息超过 24 小时未回复)" in title.question.good
