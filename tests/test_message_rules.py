"""The buyer-message check: each rule fires on its 'flag' examples and stays quiet on its
'pass' examples (as the scoring rules do), the two rule sets stay apart, and the seed's real
requests to "kindly update your review" are flagged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from poa.cli import app
from poa.letters import check
from poa.score import engine, score_text
from poa.score.scorer import example_text
from tests.conftest import FINDING_KEYS, ROOT

RULES = check.rules()
CASES = [
    pytest.param(r.id, kind, ex, id=f"{r.id}-{kind}{n}")
    for r in RULES
    for kind in ("flag", "pass")
    for n, ex in enumerate(r.examples.get(kind) or [])
]
SEEDS = ROOT.parent / "shared" / "seeds"


def test_every_message_rule_has_flag_and_pass_examples() -> None:
    missing = [r.id for r in RULES if not r.examples.get("flag") or not r.examples.get("pass")]
    assert missing == [], f"rules without a should-flag and a should-pass example: {missing}"


@pytest.mark.parametrize(("rule_id", "kind", "example"), CASES)
def test_message_rule_example(rule_id: str, kind: str, example: object) -> None:
    text, _ = example_text(example)
    found = check.check_message(text, only=(check.rule(rule_id),))
    if kind == "flag":
        assert found, f"{rule_id} did not fire on {text!r}"
        assert found[0].severity in ("error", "warning", "info") and found[0].message
    else:
        assert not found, f"{rule_id} fired on {text!r}: {found[0].excerpt!r}"


def test_pass_examples_pass_every_message_rule() -> None:
    """A should-pass example is a sentence a seller may send: no rule at all flags it."""
    for r in RULES:
        for example in r.examples.get("pass") or []:
            text, _ = example_text(example)
            found = check.check_message(text)
            assert not found, f"{r.id} pass example {text!r} flagged by {found[0].rule}"


def test_each_forbidden_kind_has_its_rules() -> None:
    ids = {r.id for r in RULES}
    for rule_id in (
        "message-review.change-request",
        "message-review.positive-request",
        "message-review.leave-request",
        "message-review.conditional",
        "message-review.incentive",
        "message-review.divert",
        "message-contact.email",
        "message-contact.phone",
        "message-contact.link",
        "message-contact.off-platform",
        "message-marketing.promotion",
        "message-attachments.file-type",
        "message-followup.opt-out",
        "message-followup.chasing",
        "message-tone.blame-buyer",
        "message-tone.argue",
    ):
        assert rule_id in ids, rule_id


def test_message_rules_and_plan_rules_stay_apart() -> None:
    plan_ids = {r.id for r in engine.registry()}
    assert not plan_ids & {r.id for r in RULES}
    # A plan's faults (a promise in the actions, a vague phrase) are no business of a message...
    message = "We will improve our customer service as soon as possible.\n"
    assert not {f.rule for f in check.check_message(message)} & plan_ids
    # ...and a message rule never runs on a plan.
    plan = (
        "## Root causes\n1. Nobody answered messages at weekends.\n"
        "## Corrective actions taken\n1. On 19 March 2026 we asked the buyer to update"
        " your review.\n## Preventive measures in place\n1. A second person checks daily.\n"
    )
    assert not [f for f in score_text(plan).findings if f.rule.startswith("message-")]


@pytest.mark.parametrize(
    "text",
    [
        "我们已经全额退款了，麻烦您修改评价。",
        "希望您能删除差评，我们会再送您一个礼品。",
        "收到货以后请帮忙留评。",
        "如果满意请给我们五星好评。",
    ],
)
def test_chinese_drafts_are_flagged(text: str) -> None:
    found = check.check_message(text)
    assert any(f.rule.startswith("message-review.") for f in found), text


def _seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.fail(
            f"the seed articles are missing: expected {SEEDS}/{prefix}_*.txt beside the"
            " repository (../shared/seeds); this test reads them and does not copy them"
        )
    return found[0].read_text(encoding="utf-8")


def test_the_seeds_real_update_your_review_messages_are_flagged() -> None:
    """The seller messages the source articles quote, read from the articles at test time."""
    english = [
        line for line in _seed("003").splitlines() if re.search(r"update your review", line, re.I)
    ]
    chinese = [line for line in _seed("001").splitlines() if "修改评价" in line]
    assert english and chinese
    for line in english + chinese:
        found = check.check_message(line)
        review = [f for f in found if f.rule.startswith("message-review.")]
        assert review and review[0].severity == "error", line[:60]
        assert check.has_errors(found)


def test_the_seeds_template_letters_get_what_amazon_forbids() -> None:
    """Measured on the 20 templates of seed 003: the one asking for positive feedback, the one
    offering a discount on the next order and the ones with an outside tracking link."""
    text = _seed("003")
    templates = {
        m.group(0) for m in re.finditer(r"Dear [^\n]*\n(?:(?![\u4e00-\u9fff\d]).*\n){1,12}", text)
    }
    fired: set[str] = set()
    for template in templates:
        fired |= {f.rule for f in check.check_message(template)}
    assert {
        "message-review.positive-request",
        "message-marketing.promotion",
        "message-contact.link",
    } <= fired


# ---- the command ---------------------------------------------------------------------------


def test_check_message_exits_1_on_an_error_and_0_on_a_clean_message(runner, tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Hello,\nWe refunded you. Could you kindly update your review?\n", "utf-8")
    result = runner.invoke(app, ["check-message", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2:18: error: message-review.change-request" in result.stdout
    good = tmp_path / "good.txt"
    good.write_text("Hello,\nWe refunded your order in full on 19 March 2026.\n", "utf-8")
    result = runner.invoke(app, ["check-message", str(good)])
    assert result.exit_code == 0 and result.stdout == ""
    assert "0 errors" in result.stderr


def test_check_message_json_has_the_findings_shape_of_score(runner) -> None:
    text = "请加我微信 abc123，删除差评后退款。\n"
    result = runner.invoke(app, ["check-message", "-", "--json"], input=text.encode("utf-8"))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["target"] == "<stdin>"
    assert data["findings"] and all(set(f) == FINDING_KEYS for f in data["findings"])
    rules = {f["rule"] for f in data["findings"]}
    assert {"message-contact.off-platform", "message-review.change-request"} <= rules
    assert all(f["section"] == "message" and f["line"] == 1 for f in data["findings"])


def test_warnings_alone_exit_0(runner) -> None:
    result = runner.invoke(app, ["check-message", "-"], input=b"Please leave a review.\n")
    assert result.exit_code == 0
    assert "warning: message-review.leave-request" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "no such file"), (b"", "empty"), (b"PK\x03\x04\x00\x00", "not a text file")],
)
def test_check_message_bad_input_is_one_line_exit_2(
    runner, tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "message.txt"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["check-message", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]


def test_a_chinese_draft_saved_as_gb18030_is_read(runner, tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes("您好，麻烦您删除差评。\n".encode("gb18030"))
    result = runner.invoke(app, ["check-message", str(path)])
    assert result.exit_code == 1
    assert "message-review.change-request" in result.stdout


def _lines(name: str) -> list[str]:
    path = ROOT / "tests" / "data" / "buyer_messages" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def test_ordinary_buyer_messages_pass() -> None:
    flagged = {m: [f.rule for f in check.check_message(m)] for m in _lines("allowed.txt")}
    assert len(flagged) >= 40
    assert {m: r for m, r in flagged.items() if r} == {}


def test_forbidden_buyer_messages_are_flagged() -> None:
    messages = _lines("forbidden.txt")
    unflagged = [m for m in messages if not check.check_message(m)]
    assert len(messages) >= 35 and unflagged == []
    # Errors, except for chasing, arguing and a neutral review request: warnings by design.
    warned = {
        m: {f.rule for f in check.check_message(m)}
        for m in messages
        if not check.has_errors(check.check_message(m))
    }
    allowed = {"message-followup.chasing", "message-tone.argue", "message-review.leave-request"}
    assert all(rules <= allowed for rules in warned.values()), warned
    assert len(warned) <= 6


def test_anchors_never_hide_a_message_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Anchor words only spare work: with them off, every message has the same findings."""
    texts = _lines("allowed.txt") + _lines("forbidden.txt")
    texts += [example_text(ex)[0] for r in RULES for k in ("flag", "pass") for ex in r.examples[k]]
    with_anchors = [[(f.rule, f.column) for f in check.check_message(t)] for t in texts]
    monkeypatch.setattr(engine.Rule, "applies", lambda self, ctx: True)
    without = [[(f.rule, f.column) for f in check.check_message(t)] for t in texts]
    assert with_anchors == without
