"""poa feedback: the checklist and the JSON contract, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from poa.cli import app
from tests.test_feedback_messages import SEED, VARIANTS

MESSAGES = Path(__file__).parent / "data" / "messages"
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.mark.parametrize("name", sorted(SEED))
def test_json_from_stdin_on_seed_messages(name: str) -> None:
    kind, prompts = SEED[name]
    result = run("feedback", "-", "--json", input=(MESSAGES / name).read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == kind
    assert [p["id"] for p in data["prompts"]] == prompts
    for key in ("violation", "metrics", "asins", "deadline", "documents"):
        assert key in data
    for p in data["prompts"]:
        assert set(p) >= {"id", "section", "quote", "advice", "advice_zh"}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_json_from_file_on_variants(name: str) -> None:
    kind, violation, prompts, _extra = VARIANTS[name]
    result = run("feedback", str(MESSAGES / name), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["kind"], data["violation"]) == (kind, violation)
    assert [p["id"] for p in data["prompts"]] == prompts


def test_notice_json_carries_the_metric_in_contract_shape() -> None:
    result = run("feedback", str(MESSAGES / "seed_notice.txt"), "--json")
    data = json.loads(result.stdout)
    assert data["violation"] == "odr"
    assert data["metrics"] == [
        {"name": "order_defect_rate", "value": 2.78, "target": 1.0, "unit": "%"}
    ]


def test_checklist_names_section_quote_and_advice() -> None:
    result = run("feedback", str(MESSAGES / "seed_reply_1.txt"))
    assert result.exit_code == 0
    out = result.stdout
    assert "Kind: rejection" in out
    assert "What Amazon asks for (4):" in out
    assert "Section: Root causes (root_cause)" in out
    assert 'Amazon: "Greater detail on evidence or examples' in out
    assert out.count("Add: ") == 4


def test_checklist_in_chinese() -> None:
    result = run("feedback", str(MESSAGES / "seed_reply_4.txt"), "--lang", "zh")
    assert result.exit_code == 0
    assert "证据附录" in result.stdout


ENGLISH_LABELS = ("Kind:", "Violation:", "Metric:", "What Amazon asks for", "Section:", "Add:",
                  "Amazon:", "Deadline:", "Document asked for", "ASINs:", "Orders:")  # fmt: skip


@pytest.mark.parametrize(
    "name", ["seed_notice.txt", "variant_inauthentic_invoices.txt", "seed_reinstated.txt"]
)
def test_chinese_checklist_has_chinese_labels(name: str) -> None:
    result = run("feedback", str(MESSAGES / name), "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    labels = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert not [line for line in labels if line.startswith(ENGLISH_LABELS)]
    assert labels[0].startswith("类型:")
    if name != "seed_reinstated.txt":
        assert any(line.startswith("对应部分:") and " / " in line for line in labels)
        assert any(line.startswith("补充:") for line in labels)


def test_checklist_of_deadline_documents_and_asins() -> None:
    result = run("feedback", str(MESSAGES / "variant_inauthentic_invoices.txt"))
    out = result.stdout
    assert "Deadline: respond within 72 hours" in out
    assert "Document asked for: Invoices from the last 365 days" in out
    assert "ASINs: B08N5WRWNW, B07XJ8C8F5" in out


def test_reinstatement_and_message_that_asks_nothing() -> None:
    result = run("feedback", str(MESSAGES / "seed_reinstated.txt"))
    assert result.exit_code == 0
    assert "Nothing to answer: the account is reinstated" in result.stdout
    result = run("feedback", str(MESSAGES / "variant_asks_nothing.txt"))
    assert result.exit_code == 0
    assert "This message asks for nothing." in result.stdout


def test_unrecognisable_text_is_kind_other_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("Lunch at noon? Bring the blue folder.\n")
    result = run("feedback", str(path), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["kind"] == "other" and data["prompts"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (None, "too large"),  # one byte over the limit
    ],
)
def test_bad_files_exit_2_with_one_line(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    from poa.inbox.feedback import max_bytes

    if content is None:
        content = b"A" * (max_bytes() + 1)
    path = tmp_path / "message.txt"
    path.write_bytes(content)
    result = run("feedback", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_file_and_folder_exit_2(tmp_path: Path) -> None:
    result = run("feedback", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = run("feedback", str(tmp_path))
    assert result.exit_code == 2 and "folder" in result.stderr


def test_empty_stdin_exit_2() -> None:
    result = run("feedback", "-", input="")
    assert result.exit_code == 2
    assert result.stderr == "poa: stdin: the message is empty\n"


def test_utf16_and_gb18030_files_are_read(tmp_path: Path) -> None:
    text = (MESSAGES / "seed_reply_4.txt").read_text(encoding="utf-8")
    for encoding in ("utf-16", "gb18030"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(("亚马逊回复:\n" + text).encode(encoding))
        data = json.loads(run("feedback", str(path), "--json").stdout)
        assert [p["id"] for p in data["prompts"]] == ["evidence"]


WRAP_MESSAGE = (
    "We received your submission but do not have enough information to reactivate your account."
    " Please send greater detail on the actions you have taken to resolve order"
    " 113-1234567-1234567 and order 114-7654321-7654321 for ASIN B07QX4L2M9, and upload the"
    " invoices from your supplier dated within the last 365 days through the Appeal button in"
    " Account Health.\n"
)


@pytest.mark.parametrize("columns", ["40", "57", "80"])
def test_checklist_fits_the_terminal_without_breaking_words_or_ids(columns: str) -> None:
    result = runner.invoke(app, ["feedback", "-"], input=WRAP_MESSAGE, env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= int(columns) for line in lines), lines
    words = " ".join(line.strip() for line in lines).split()
    for token in ("113-1234567-1234567", "114-7654321-7654321", "B07QX4L2M9", "supplier"):
        assert any(token in w for w in words), token
    flat = " ".join(line.strip() for line in lines)
    assert "Send back: a plan of action (plan_of_action)" in flat
    assert "Next step: Send a revised plan of action through the Appeal button" in flat


def test_chinese_checklist_wraps_by_display_width() -> None:
    result = runner.invoke(
        app,
        ["feedback", str(MESSAGES / "seed_reinstated.txt"), "--lang", "zh"],
        env={"COLUMNS": "41"},
    )
    from poa.cli.wrap import _cwidth as columns

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(columns(line) <= 41 for line in lines), lines
    joined = "".join(line.strip() for line in lines)
    assert "14 天销售额" in joined and "账户仍在审核中" in joined


def test_reinstatement_and_wrong_place_are_shown_in_words() -> None:
    out = run("feedback", str(MESSAGES / "seed_reinstated.txt")).stdout.replace("\n  ", " ")
    assert "Conditions of the reinstatement: a reserve equal to 14 days of sales is held" in out
    assert "the account stays under review" in out
    wrong = (
        "This email address is not monitored for appeals. To appeal, please use the Appeal button"
        " on your Account Health page.\n"
    )
    out = runner.invoke(app, ["feedback", "-"], input=wrong).stdout.replace("\n  ", " ")
    assert "Wrong place: this is not where appeals are read" in out
    assert "Send back: nothing (none)" in out
