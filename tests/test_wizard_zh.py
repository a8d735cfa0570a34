"""--lang zh: challenges and "?" examples in Chinese, the plan text in English."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from poa import knowledge, wizard
from poa.case import store
from poa.case.model import Case, Violation
from poa.cli import app
from poa.cli.wizard_term import TerminalAsk
from poa.score import check_answer
from poa.score.engine import registry
from poa.wizard.questions import KIND_FILES, QUESTIONS_DIR
from tests.test_wizard_answers import ANSWERS

CJK = re.compile(r"[\u4e00-\u9fff]")
FILLED = {"excerpt"}  # the fields the wizard fills in a translated message
VAGUE = "Some buyers were not happy with our service."


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _answer_rules() -> list:
    return [r for r in registry() if r.answer]


@pytest.mark.parametrize("rule", _answer_rules(), ids=lambda r: r.id)
def test_every_answer_rule_says_it_in_chinese_with_the_same_fields(rule) -> None:
    for name, english in (("message", rule.message), ("suggestion", rule.suggestion)):
        chinese = str(rule.params.get(f"{name}_zh") or "")
        assert CJK.search(chinese), f"{rule.id} has no Chinese {name}"
        assert _fields(chinese) == _fields(english), f"{rule.id}: {name}_zh fields differ"
        assert _fields(chinese) <= FILLED, f"{rule.id}: the wizard cannot fill {name}_zh"


def _example_holders() -> list[tuple[str, str, dict]]:
    """(file, question key, dict) for every question and per-kind override giving examples."""
    out = []
    general = knowledge.load_data(f"{QUESTIONS_DIR}/general.yaml")
    for sec in general["sections"]:
        for q in sec["questions"]:
            out.append(("general", f"{sec['id']}.{q['id']}", q))
    for name in KIND_FILES:
        for key, override in knowledge.load_data(f"{QUESTIONS_DIR}/{name}.yaml")[
            "overrides"
        ].items():
            out.append((name, key, override))
    return out


def test_every_question_example_has_a_chinese_gloss() -> None:
    missing = [
        f"{name}: {key}.{example}"
        for name, key, holder in _example_holders()
        for example in ("good", "weak")
        if str(holder.get(example) or "") and not CJK.search(str(holder.get(f"{example}_zh", "")))
    ]
    assert not missing, missing


def test_a_kind_that_gives_its_own_example_gives_its_own_gloss() -> None:
    general = wizard.load_flow("other", "zh").section("evidence").questions[0]
    condition = wizard.load_flow("condition", "zh").section("evidence").questions[0]
    assert condition.good != general.good and condition.good_gloss != general.good_gloss
    assert "B08XK2M4PQ" in condition.good_gloss  # the condition example's own gloss
    assert condition.weak == general.weak and condition.weak_gloss == general.weak_gloss
    english = wizard.load_flow("condition", "en").section("evidence").questions[0]
    assert english.good == condition.good and not english.good_gloss  # English needs none


@pytest.mark.parametrize("kind", list(knowledge.load_data("violations.yaml")["violations"]))
def test_every_question_hint_and_example_note_is_chinese_under_zh(kind: str) -> None:
    english = []
    for sec in wizard.load_flow(kind, "zh").sections:
        for q in sec.questions:
            for name in ("ask", "hint", "weak_why", "good_gloss", "weak_gloss"):
                shown = getattr(q, name)
                example = getattr(q, name.removesuffix("_gloss"), "") if "gloss" in name else ""
                if (shown or example) and not CJK.search(shown):
                    english.append(f"{q.key}.{name}")
    assert not english, english


def _typing(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> None:
    """Plain line input (no terminal under pytest), one line per call."""
    feed = iter(lines)
    monkeypatch.setattr("builtins.input", lambda message="": next(feed))


def test_question_mark_shows_the_english_example_and_its_chinese_meaning(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = wizard.load_flow("late_shipment", "zh")
    sec = flow.section("root_cause")
    q = next(q for q in sec.questions if q.id == "why")
    _typing(monkeypatch, ["?", "", "We were busy.", ""])
    prompt = wizard.Prompt(
        "question", key="rc1.why", text=q.ask, flow=flow, section=sec, question=q
    )
    assert TerminalAsk()(prompt) == "We were busy."
    shown = " ".join(capsys.readouterr().out.split())
    assert "好的示例: Our handling time was set to 1 day" in shown  # the plan text, English
    assert "中文意思: 我们的备货时间设为 1 天" in shown  # ... and what it says, in Chinese
    assert "弱的示例: We were very busy." in shown and "中文意思: 我们当时太忙了。" in shown


def test_question_mark_in_english_shows_no_gloss(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = wizard.load_flow("late_shipment", "en")
    sec = flow.section("root_cause")
    q = next(q for q in sec.questions if q.id == "why")
    _typing(monkeypatch, ["?", "", "We were busy.", ""])
    TerminalAsk()(wizard.Prompt("question", key="rc1.why", flow=flow, section=sec, question=q))
    out = capsys.readouterr().out
    assert "Good: Our handling time" in out and not CJK.search(out)


class _Keep:
    """An ask that records prompts, answers rc1.what with a vague answer and keeps it."""

    def __init__(self, stop: str) -> None:
        self.prompts: list[wizard.Prompt] = []
        self.stop = stop

    def __call__(self, p: wizard.Prompt) -> str:
        self.prompts.append(p)
        if p.kind == "challenge":
            return ""  # keep the answer
        if p.key == self.stop:
            raise KeyboardInterrupt
        if p.key == "rc1.title" and p.choices:  # building blocks offered: write my own
            return str(len(p.choices))
        return {"rc1.title": "Unhappy buyers", "rc1.what": VAGUE}.get(p.key, "")


@pytest.fixture
def odr_case(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    store.create_case(folder, Case(violation=Violation("odr")))
    return folder


def _challenge(folder: Path, lang: str) -> wizard.Prompt:
    ask = _Keep(stop="rc1.why")
    engine = wizard.Wizard(
        folder, ask, wizard.default_check(lang), lang=lang, today=dt.date(2026, 4, 1)
    )
    with pytest.raises(KeyboardInterrupt):
        engine.run("root_cause")
    return next(p for p in ask.prompts if p.kind == "challenge" and p.key == "rc1.what")


def test_a_challenge_under_zh_gives_the_rules_chinese_message_and_suggestion(
    odr_case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    challenge = _challenge(odr_case, "zh")
    vague = next(r for r in registry() if r.id == "specificity.vague")
    expected = vague.params["message_zh"].format(excerpt="Some") + vague.params["suggestion_zh"]
    assert "specificity.vague" in challenge.rules
    assert expected in challenge.problems
    assert not any(vague.message.split("(")[0] in p for p in challenge.problems)
    # the terminal shows the Chinese lead, then the Chinese detail; Enter keeps the answer
    _typing(monkeypatch, [""])
    assert TerminalAsk()(challenge) == ""
    shown = " ".join(capsys.readouterr().out.split())
    assert "这个回答用了含糊的词" in shown and '含糊的词("Some")' in shown
    assert "Vague term" not in shown
    # the answer kept is listed as thin in Chinese, and the plan text stays as typed
    summary = wizard.summarize(store.load_case(odr_case), wizard.load_progress(odr_case), "case")
    gist = challenge.problems[0].split("。", 1)[0]  # each problem's first sentence
    assert any(f"提醒后仍保留:{gist}" in line for line in summary.thin), summary.thin
    assert store.load_case(odr_case).root_causes[0].what == VAGUE


def test_the_same_challenge_in_english_and_in_poa_score_stays_english(odr_case: Path) -> None:
    challenge = _challenge(odr_case, "en")
    assert any(p.startswith('Vague term ("Some")') for p in challenge.problems)
    assert not any(CJK.search(p) for p in challenge.problems)
    findings = check_answer("root_cause", VAGUE, "odr")  # the scorer's own findings
    assert findings and not any(CJK.search(f.message + f.suggestion) for f in findings)


def test_answers_file_under_zh_names_the_thin_answer_in_chinese(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        ANSWERS.replace("We answered all 14 messages.", "We answered the messages."),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["new", str(tmp_path / "c"), "--answers", str(answers), "--lang", "zh"]
    )
    assert result.exit_code == 0, result.output
    assert "这里没有订单号、ASIN、日期、数字或负责人" in result.output
    assert "no order ID, ASIN" not in result.output
    plan = yaml.safe_load((tmp_path / "c" / "case.yaml").read_text(encoding="utf-8"))
    assert plan["corrective_actions"][0]["what"] == "We answered the messages."
