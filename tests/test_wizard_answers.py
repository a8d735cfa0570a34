"""poa new --answers (no prompts), and refusing to wait for a terminal that is not there."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import yaml
from typer.testing import CliRunner

from poa import wizard
from poa.case import store
from poa.cli import app
from tests.wizard_script import child_env

EXAMPLE = Path(__file__).parent.parent / "examples" / "odr-unanswered-messages"

ANSWERS = """\
store:
  name: Lakeside Home Goods
violation: odr
orders:
  - order_id: "１１３－４８２７３０１－５５２０９４７"
  - order_id: "11420394857713620"
root_causes:
  - title: Buyer messages went unanswered
    what: Between 2 and 16 March 2026, 14 buyer messages received no reply within 24 hours.
    why: One representative worked Monday to Friday only.
    order_ids: ["113-4827301-5520947"]
corrective_actions:
  - what: We answered all 14 messages.
    when: 2026-03-19
    root_causes: [rc1]
preventive_measures:
  - what: We hired a second representative.
    owner: Customer service lead
    frequency: Daily at 09:00
    start: 2026-03-22
    measure: Replies within 12 hours.
    root_causes: [rc1]
"""


def test_answers_file_fills_the_case_without_prompts(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result = CliRunner().invoke(app, ["new", str(tmp_path / "c"), "--answers", str(answers)])
    assert result.exit_code == 0, result.output
    case = store.load_case(tmp_path / "c")
    assert [o.order_id for o in case.orders] == ["113-4827301-5520947", "114-2039485-7713620"]
    assert case.root_causes[0].id == "rc1" and case.corrective_actions[0].id == "ca1"
    assert "poa export" in result.output and "1 root cause" in result.output
    assert not wizard.Wizard(tmp_path / "c", ask=lambda p: "").pending()


def test_json_answers_and_the_notice_are_merged(tmp_path: Path) -> None:
    data = yaml.safe_load(ANSWERS)
    data.pop("violation")
    (tmp_path / "a.json").write_text(
        json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8"
    )
    result = CliRunner().invoke(
        app,
        [
            "new",
            str(tmp_path / "c"),
            "--answers",
            str(tmp_path / "a.json"),
            "--notice",
            str(EXAMPLE / "notice.txt"),
        ],
    )
    assert result.exit_code == 0, result.output
    case = store.load_case(tmp_path / "c")
    assert "Order Defect Rate" in case.notice.text
    assert case.violation.value == "odr"  # read from the notice


def test_every_invalid_field_is_reported_at_once_with_its_line(tmp_path: Path) -> None:
    bad = (
        ANSWERS.replace('"11420394857713620"', '"114-20394857713620x"')
        .replace("when: 2026-03-19", "when: next week")
        .replace("violation: odr", "violation: late")
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text(bad, encoding="utf-8")
    result = CliRunner().invoke(app, ["new", str(tmp_path / "c"), "--answers", str(answers)])
    assert result.exit_code == 2
    err = result.stderr
    assert "3 invalid fields" in err
    assert f"{answers}:3: violation:" in err
    assert f"{answers}:6: orders[1].order_id:" in err and "123-1234567-1234567" in err
    assert f"{answers}:14: corrective_actions[0].when:" in err
    assert not (tmp_path / "c").exists()  # nothing half-written


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"violation": "odr",\n "orders": [}', encoding="utf-8")
    result = CliRunner().invoke(
        app, ["new", str(tmp_path / "c"), "--answers", str(tmp_path / "a.json")]
    )
    assert result.exit_code == 2
    assert "a.json:2: not valid JSON" in result.stderr


def test_no_terminal_without_answers_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new", str(tmp_path / "c")], input="")
    assert result.exit_code == 2
    assert "no terminal: answer with --answers FILE" in result.stderr
    assert not (tmp_path / "c").exists()
    store.create_case(tmp_path / "d", store.load_case(EXAMPLE))
    result = CliRunner().invoke(app, ["edit", str(tmp_path / "d")], input="")
    assert result.exit_code == 2
    assert "--answers FILE" not in result.stderr  # edit has no --answers option
    assert "poa edit needs a terminal; edit " in result.stderr
    assert str(tmp_path / "d" / "case.yaml") in result.stderr


def test_a_piped_edit_points_at_case_yaml(tmp_path: Path) -> None:
    store.create_case(tmp_path / "c1", store.load_case(EXAMPLE))
    proc = subprocess.run(
        [sys.executable, "-m", "poa", "edit", "c1"],
        input="\n",
        capture_output=True,
        text=True,
        timeout=20,
        env=child_env(),
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "poa: poa edit needs a terminal; edit c1/case.yaml directly, or run poa new with --answers"
    )


def test_a_piped_run_exits_2_at_once(tmp_path: Path) -> None:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "poa", "new", str(tmp_path / "c")],
        input="some text\n",
        capture_output=True,
        text=True,
        timeout=20,
        env=child_env(),
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "poa: no terminal: answer with --answers FILE (see poa new --help)"
    )
    assert time.monotonic() - start < 10
    assert not (tmp_path / "c").exists()


def test_edit_rejects_an_unknown_section(tmp_path: Path) -> None:
    store.create_case(tmp_path / "d", store.load_case(EXAMPLE))
    result = CliRunner().invoke(app, ["edit", str(tmp_path / "d"), "--section", "causes"])
    assert result.exit_code == 2
    assert "root_cause" in result.stderr


def test_new_refuses_an_existing_case(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    store.create_case(tmp_path / "c", store.load_case(EXAMPLE))
    result = CliRunner().invoke(app, ["new", str(tmp_path / "c"), "--answers", str(answers)])
    assert result.exit_code == 2
    assert "poa edit" in result.stderr
    assert store.load_case(tmp_path / "c").store.name == "Lakeside Home Goods"


def test_thin_answers_from_a_file_are_not_said_to_be_kept_after_a_challenge(
    tmp_path: Path,
) -> None:
    answers = tmp_path / "answers.yaml"
    thin_action = ANSWERS.replace("We answered all 14 messages.", "We answered the messages.")
    answers.write_text(thin_action, encoding="utf-8")
    result = CliRunner().invoke(app, ["new", str(tmp_path / "c"), "--answers", str(answers)])
    assert result.exit_code == 0, result.output
    assert "challenge" not in result.output  # nobody was challenged: there was no one to ask
    assert (
        "  - Corrective action 1: thin (no order ID, ASIN, date, number or owner here)"
        in result.output.splitlines()
    )
    progress = wizard.load_progress(tmp_path / "c")
    assert "ca1.what" in progress.flagged and not progress.kept


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _new(tmp_path: Path, text: str) -> tuple[int, str, Path]:
    tmp_path.mkdir(exist_ok=True)
    answers = tmp_path / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["new", str(tmp_path / "c"), "--answers", str(answers)])
    return result.exit_code, result.stderr, answers


def test_an_unknown_field_is_named_with_the_field_meant(tmp_path: Path) -> None:
    text = ANSWERS.replace("start: 2026-03-22", "when: 2026-03-22")
    code, err, answers = _new(tmp_path, text)
    assert code == 2
    line = _line(text, "when: 2026-03-22")
    assert (
        f"{answers}:{line}: preventive_measures[0].when: unknown field 'when'"
        " (did you mean 'start'?)" in err
    )
    assert "Extra inputs" not in err
    code, err, _ = _new(tmp_path, ANSWERS.replace("owner: Customer", "ownr: Customer"))
    assert "unknown field 'ownr' (did you mean 'owner'?)" in err


def test_a_date_in_another_format_is_named_as_not_a_date(tmp_path: Path) -> None:
    text = ANSWERS.replace("when: 2026-03-19", "when: 19/03/2026")
    code, err, answers = _new(tmp_path, text)
    assert code == 2
    assert (
        f"{answers}:{_line(text, '19/03')}: corrective_actions[0].when: '19/03/2026' is not a date"
        " (expected YYYY-MM-DD)" in err
    )
    assert "invalid character" not in err


def test_an_impossible_date_is_a_field_error_not_a_crash(tmp_path: Path) -> None:
    text = ANSWERS.replace("violation: odr", "violation: odr\nnotice:\n  received: 2026-13-45")
    code, err, answers = _new(tmp_path, text)
    assert code == 2
    assert f"{answers}:5: notice.received: '2026-13-45' is not a date" in err
    assert "Traceback" not in err and not (tmp_path / "c").exists()


def test_choice_values_are_matched_without_regard_to_case(tmp_path: Path) -> None:
    text = ANSWERS.replace("violation: odr", "violation: ODR").replace(
        '  - order_id: "11420394857713620"',
        '  - order_id: "11420394857713620"\n    defect: Claim',
    )
    code, err, _ = _new(tmp_path, text)
    assert code == 0, err
    case = store.load_case(tmp_path / "c")
    assert case.violation.value == "odr" and case.orders[1].defect == "claim"
    code, err, _ = _new(tmp_path / "x", ANSWERS.replace("violation: odr", "violation: late"))
    assert "'late' is not one of: odr, late_shipment" in err
    assert "(did you mean 'late_shipment'?)" in err


def test_a_link_to_a_missing_root_cause_carries_its_line(tmp_path: Path) -> None:
    text = ANSWERS.replace(
        "    root_causes: [rc1]\npreventive", "    root_causes: [rc9]\npreventive"
    )
    code, err, answers = _new(tmp_path, text)
    assert code == 2
    assert (
        f"{answers}:{_line(text, '[rc9]')}: corrective_actions[0].root_causes[0]:"
        " ca1 answers root cause 'rc9', which does not exist (known: rc1)" in err
    )
