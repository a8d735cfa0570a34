"""Building blocks: the catalogue is valid and complete, slots are typed, answers files use them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from poa.blocks import (
    BlockFileError,
    catalogue,
    example_values,
    load_catalogue,
    parse_slot,
    render_fields,
)
from poa.blocks.catalogue import Slot, Texts, blocks_dir
from poa.blocks.values import SlotError
from poa.cli import app
from poa.text.scripts import has_non_latin

runner = CliRunner()
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
KINDS = {
    "odr": 5, "condition": 5, "inauthentic": 5, "ip": 5, "late_shipment": 5,
    "cancellation": 3, "valid_tracking": 3, "safety": 3, "restricted": 3,
    "related_account": 3, "review_manipulation": 3,
}  # fmt: skip


def test_every_block_renders_its_examples_as_finished_english():
    for block in catalogue().blocks:
        fields = render_fields(block, example_values(block))
        assert set(fields) == set(block.text), block.id
        for name, value in fields.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert text, (block.id, name)
            assert not CJK.search(text) and not has_non_latin(text), (block.id, name, text)
            assert "{" not in text and "}" not in text, (block.id, name, text)


def test_every_kind_has_its_root_causes_each_answered_by_an_action_and_a_measure():
    cat = catalogue()
    for kind, least in KINDS.items():
        causes = cat.for_kind(kind, "root_cause")
        assert len(causes) >= least, kind
        for cause in causes:
            for section in ("corrective_actions", "preventive_measures"):
                fixes = [b for b in cat.for_kind(kind, section) if cause.id in b.answers]
                assert fixes, (kind, cause.id, section)


def test_labels_and_questions_come_in_english_and_chinese():
    for block in catalogue().blocks:
        assert not has_non_latin(block.label.en) and CJK.search(block.label.zh), block.id
        for slot in block.slots:
            assert not has_non_latin(slot.ask.en) and CJK.search(slot.ask.zh), (block.id, slot)


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "blocks"
    shutil.copytree(blocks_dir(), folder)
    path = folder / "odr.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _line_of(folder: Path, needle: str) -> int:
    lines = (folder / "odr.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("    label: {en: \"Buyer messages", "    lable: {en: \"Buyer messages", "lable:",
         "unknown field 'lable' (did you mean 'label'?)"),
        ("name: messages, type: number", "name: messages, type: numbr", "type: numbr",
         "'numbr' is not one of"),
        ("      title: \"Buyer messages went", "      titel: \"Buyer messages went", "titel:",
         "did you mean 'title'?"),
        ("{messages} buyer messages received", "{mesages} buyer messages received", "{mesages}",
         "slot '{mesages}' is not declared (did you mean 'messages'?)"),
    ],
)  # fmt: skip
def test_a_broken_block_file_is_an_error_naming_the_file_and_line(
    tmp_path, old, new, needle, message
):
    folder = _broken_copy(tmp_path, old, new)
    with pytest.raises(BlockFileError) as err:
        load_catalogue(folder)
    text = str(err.value)
    assert f"odr.yaml:{_line_of(folder, needle)}:" in text, text
    assert message in text


def test_an_unknown_slot_type_suggests_the_nearest(tmp_path):
    folder = _broken_copy(
        tmp_path,
        'type: number, ask: {en: "How many messages',
        'type: numbr, ask: {en: "How many messages',
    )
    with pytest.raises(BlockFileError, match=r"did you mean 'number'\?"):
        load_catalogue(folder)


def _slot(kind: str) -> Slot:
    return Slot("x", kind, Texts(en="?", zh="?"), "")


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        ("number", "２３", 23),
        ("number", "1,200", 1200),
        ("date", "2026年3月19日", "2026-03-19"),
        ("date", "19 March 2026", "2026-03-19"),
        ("date_range", "2026-03-01 至 2026-03-16", "2026-03-01 to 2026-03-16"),
        ("order_ids", "１１３－４８２７３０１－５５２０９４７、11420394857713620",
         ["113-4827301-5520947", "114-2039485-7713620"]),
        ("asins", "b07qx4l2m9", ["B07QX4L2M9"]),
        ("money", "USD 187.4", "$187.40"),
        ("money", "50欧元", "€50.00"),
        ("role", "客服主管", "customer service lead"),
        ("frequency", "每周一", "every Monday"),
        ("text", "Acme Trading Co.", "Acme Trading Co."),
    ],
)  # fmt: skip
def test_slot_values_are_checked_and_stored_by_type(kind, raw, stored):
    assert parse_slot(_slot(kind), raw) == stored


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("number", "二十三"), ("number", "-4"), ("date", "03/04/2026"), ("date", "2026-02-30"),
        ("date_range", "2026-03-16 to 2026-03-01"), ("order_ids", "113-48273-5520947"),
        ("asins", "X07QX4L2M9"), ("money", "lots"), ("role", "客服小王"), ("text", "客服休假"),
    ],
)  # fmt: skip
def test_slot_values_that_do_not_fit_their_type_are_refused(kind, raw):
    with pytest.raises(SlotError):
        parse_slot(_slot(kind), raw)


def test_poa_blocks_json_has_the_issue_shape():
    result = runner.invoke(app, ["blocks", "--violation", "odr", "--json"])
    assert result.exit_code == 0, result.output
    blocks = json.loads(result.stdout)["blocks"]
    assert blocks and all("odr" in b["violations"] for b in blocks)
    first = blocks[0]
    assert {"id", "section", "violations", "label", "answers", "slots"} <= set(first)
    assert set(first["label"]) == {"en", "zh"}
    assert {"name", "type", "ask", "example"} <= set(first["slots"][0])
    assert set(first["slots"][0]["ask"]) == {"en", "zh"}


def test_poa_blocks_lists_labels_in_the_language_asked():
    zh = runner.invoke(app, ["blocks", "--violation", "condition", "--lang", "zh"])
    en = runner.invoke(app, ["blocks", "--violation", "condition"])
    assert zh.exit_code == en.exit_code == 0
    assert "退货未经检查就放回新品库存" in zh.stdout and "condition.returns-resold" in zh.stdout
    assert "Returned items went back into new stock" in en.stdout
    assert not CJK.search(en.stdout)


def test_poa_blocks_refuses_an_unknown_kind_in_one_line():
    result = runner.invoke(app, ["blocks", "--violation", "odrr"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "did you mean 'odr'" in result.stderr


# ---------------------------------------------------------------- answers files


def _example_slots(block_id: str) -> dict:
    block = catalogue().get(block_id)
    assert block is not None
    return {s.name: s.example for s in block.slots}


def _write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def blocks_only_answers(kind: str, causes: int = 3) -> dict:
    """A case made only of blocks: root causes, each with an action and a measure that answer it."""
    cat = catalogue()
    data: dict = {"violation": kind, "store": {"name": "Harbour Lane Supplies"}}
    for section in ("root_causes", "corrective_actions", "preventive_measures"):
        data[section] = []
    for cause in cat.for_kind(kind, "root_cause")[:causes]:
        data["root_causes"].append({"block": cause.id, "slots": _example_slots(cause.id)})
        for section in ("corrective_actions", "preventive_measures"):
            fix = next(b for b in cat.for_kind(kind, section) if cause.id in b.answers)
            if all(item["block"] != fix.id for item in data[section]):
                data[section].append({"block": fix.id, "slots": _example_slots(fix.id)})
    return data


def test_a_block_item_becomes_english_text_and_keeps_its_block_and_slots(tmp_path):
    from poa.case import store

    answers = _write(tmp_path / "answers.yaml", blocks_only_answers("odr", causes=1))
    result = runner.invoke(app, ["new", str(tmp_path / "case"), "--answers", str(answers)])
    assert result.exit_code == 0, result.output
    case = store.load_case(tmp_path / "case")
    cause, action, measure = (
        case.root_causes[0],
        case.corrective_actions[0],
        case.preventive_measures[0],
    )
    assert cause.block == "odr.unanswered-messages"
    assert cause.what.startswith("From 2 to 16 March 2026, 14 buyer messages")
    assert cause.slots["period"] == "2026-03-02 to 2026-03-16"
    assert cause.order_ids == ["113-4827301-5520947", "114-2039485-7713620", "111-6650213-3398201"]
    assert action.root_causes == [cause.id] and measure.root_causes == [cause.id]
    assert str(action.when) == "2026-03-19" and measure.owner == "Customer service lead"
    text = (tmp_path / "case" / "case.yaml").read_text(encoding="utf-8")
    assert "block: odr.unanswered-messages" in text


def test_block_items_report_every_bad_slot_with_its_line(tmp_path):
    data = blocks_only_answers("odr", causes=1)
    data["root_causes"][0]["slots"]["messages"] = "十四"
    data["root_causes"][0]["slots"]["peroid"] = data["root_causes"][0]["slots"].pop("period")
    data["corrective_actions"][0]["block"] = "odr.answer-and-refnd"
    data["preventive_measures"][0]["block"] = "odr.unanswered-messages"
    path = _write(tmp_path / "answers.yaml", data)
    result = runner.invoke(app, ["new", str(tmp_path / "case"), "--answers", str(path)])
    assert result.exit_code == 2
    err = result.stderr
    lines = path.read_text(encoding="utf-8").splitlines()

    def line(needle: str) -> int:
        return next(n for n, text in enumerate(lines, start=1) if needle in text)

    assert (
        f"answers.yaml:{line('messages:')}: root_causes[0].slots.messages: '十四' is not a number"
        in err
    )
    assert "root_causes[0].slots.peroid: unknown slot 'peroid' (did you mean 'period'?)" in err
    assert "root_causes[0].slots.period: slot 'period' is missing" in err
    assert (
        f"answers.yaml:{line('odr.answer-and-refnd')}: corrective_actions[0].block: unknown block"
        " 'odr.answer-and-refnd' (did you mean 'odr.answer-and-refund'?)" in err
    )
    assert (
        "preventive_measures[0].block: 'odr.unanswered-messages' is a block for root_causes" in err
    )
    assert not (tmp_path / "case").exists()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_case_made_only_of_blocks_exports_english_and_passes_check(tmp_path, kind):
    import docx

    answers = _write(tmp_path / "answers.yaml", blocks_only_answers(kind))
    case_dir = tmp_path / "case"
    created = runner.invoke(app, ["new", str(case_dir), "--answers", str(answers)])
    assert created.exit_code == 0, created.output
    check = runner.invoke(app, ["check", str(case_dir)])
    assert check.exit_code == 0, check.output
    exported = runner.invoke(app, ["export", str(case_dir), "--format", "docx"])
    assert exported.exit_code == 0, exported.output
    assert "not in English" not in exported.stderr
    document = docx.Document(str(case_dir / "appeal.docx"))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    body = "\n".join(texts)
    assert "Root causes" in body and not CJK.search(body)
    assert body.count("Prevents root cause") >= 3 or body.count("Prevents root causes") >= 1
    scored = runner.invoke(app, ["score", str(case_dir), "--json"])
    assert json.loads(scored.stdout)["score"] >= 70, scored.stdout[:400]


# ---------------------------------------------------------------- non-English text


def test_chinese_in_a_plan_field_fails_check_naming_the_field_and_line(example_case):
    from poa.case import store

    case = store.load_case(example_case)
    case.root_causes[1].why = "尺码表是从工厂资料复制的,没有实测样品。"
    case.store.name = "湖畔家居"
    store.save_case(example_case, case)
    result = runner.invoke(app, ["check", str(example_case), "--json"])
    assert result.exit_code == 1
    found = [
        f for f in json.loads(result.stdout)["findings"] if f["rule"] == "language.non-english"
    ]
    assert [f["field"] for f in found] == ["store.name", "root_causes[1].why"]
    text = (example_case / "case.yaml").read_text(encoding="utf-8").splitlines()
    why_line = next(n for n, line in enumerate(text, start=1) if "尺码表" in line)
    assert found[1]["field_line"] == why_line and found[1]["severity"] == "error"
    assert found[1]["line"] and found[1]["section"] == "root_cause"
    scored = runner.invoke(app, ["score", str(example_case), "--json"])
    assert json.loads(scored.stdout)["score"] <= 40


def test_export_warns_in_one_line_naming_the_non_english_fields(example_case):
    from poa.case import store

    case = store.load_case(example_case)
    case.corrective_actions[0].result = "全部回复。"
    case.preventive_measures[1].owner = "客服主管"
    store.save_case(example_case, case)
    result = runner.invoke(app, ["export", str(example_case), "--format", "md"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "not in English" in line]
    assert len(warnings) == 1
    assert "corrective_actions[0].result" in warnings[0]
    assert "preventive_measures[1].owner" in warnings[0]
    clean = runner.invoke(app, ["export", str(example_case.parent / "x"), "--format", "md"])
    assert clean.exit_code == 2
