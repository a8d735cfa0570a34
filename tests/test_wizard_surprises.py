"""The wizard never surprises the seller: honest step counts and intros, every reason for a
thin answer, advice once, titles and dates judged as a reviewer would, whole items kept."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from poa import wizard
from poa.case import store
from poa.score import check_answer
from tests.test_wizard_engine import Script
from tests.wizard_script import STEPS

NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "一": 1, "两": 2, "二": 2, "三": 3}


def _replace(steps, key, *answers):
    i = [k for k, _ in steps].index(key)
    return steps[:i] + [(key, a) for a in answers] + steps[i + 1 :]


def test_the_step_counter_counts_only_the_steps_asked(folder: Path) -> None:
    progress = wizard.load_progress(folder)
    progress.answered.add("violation.kind")  # the notice named the kind: no step for it
    wizard.save_progress(folder, progress)
    case = store.load_case(folder)
    case.violation = "odr"  # type: ignore[assignment]
    store.save_case(folder, case)
    script = Script([(k, v) for k, v in STEPS if k != "violation.kind"])
    wizard.Wizard(folder, script, today=dt.date(2026, 4, 1)).run()
    steps = [(p.step, p.steps) for p in script.prompts if p.kind == "section"]
    total = len(steps)
    assert steps == [(n, total) for n in range(1, total + 1)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_intro_that_counts_questions_counts_right(lang: str) -> None:
    pattern = re.compile(
        r"\b(one|two|three|four|five)\b[\w ]{0,12}?(?:facts|questions)"
        r"|([一两二三])个(?:基本信息|问题)"
    )
    for kind in ("other", "odr", "condition", "inauthentic"):
        for sec in wizard.load_flow(kind, lang).sections:
            m = pattern.search(sec.intro.lower())
            if m:
                said = NUMBERS[m.group(1) or m.group(2)]
                assert said == len(sec.questions), (sec.id, sec.intro)


def test_still_thin_lists_every_reason_of_a_kept_answer(folder: Path) -> None:
    weak = "Some buyers were unhappy."
    steps = _replace(list(STEPS), "rc1.what", weak)
    engine = wizard.Wizard(
        folder, Script(steps, stop_at="rc1.why", keep=True), wizard.default_check()
    )
    with pytest.raises(KeyboardInterrupt):  # Ctrl-C after the kept answer
        engine.run()
    problems = wizard.finding_problems(check_answer("root_cause", weak, "odr"))
    assert len(problems) >= 2
    summary = wizard.summarize(engine.case, wizard.load_progress(folder), "case")
    line = next(t for t in summary.thin if t.startswith("Root cause 1"))
    for _, problem in problems:
        gist = problem.split(". ", 1)[0].rstrip(".")
        assert gist.lower() in line.lower(), (gist, line)


def test_two_vague_terms_give_the_advice_once_naming_both() -> None:
    text = "We answered some messages soon after the weekend."
    found = check_answer("corrective_actions", text, "odr")
    assert sum(f.rule == "specificity.vague" for f in found) == 2
    lines = [line for rule, line in wizard.finding_problems(found) if rule == "specificity.vague"]
    assert len(lines) == 1
    assert '"some"' in lines[0] and '"soon"' in lines[0]


@pytest.mark.parametrize("title", ["Customer service problem", "Shipping issues", "Human error"])
def test_a_title_that_names_no_failure_is_challenged(folder: Path, title: str) -> None:
    script = Script(_replace(list(STEPS), "rc1.title", title), stop_at="rc1.what", keep=True)
    with pytest.raises(KeyboardInterrupt):
        wizard.Wizard(folder, script, wizard.default_check()).run()
    challenged = [p for p in script.prompts if p.kind == "challenge" and p.key == "rc1.title"]
    assert challenged and "rootcause.vague-title" in challenged[0].rules


def test_a_title_that_names_the_failure_passes(folder: Path) -> None:
    script = Script(list(STEPS), stop_at="ca1.what", keep=True)
    with pytest.raises(KeyboardInterrupt):
        wizard.Wizard(folder, script, wizard.default_check()).run()
    assert not [p for p in script.prompts if p.kind == "challenge" and p.key.endswith(".title")]


def test_the_date_field_takes_written_dates_and_refuses_ambiguous_ones(folder: Path) -> None:
    steps = _replace(list(STEPS), "ca1.when", "03/04/2026", "19 March 2026")
    steps = _replace(steps, "pm1.start", "March 22, 2026")
    script = Script(steps)
    wizard.Wizard(folder, script, today=dt.date(2026, 4, 1)).run()
    errors = [p.error for p in script.prompts if p.key == "ca1.when" and p.error]
    assert errors == [
        '"03/04/2026" could be 4 March 2026 or 3 April 2026; write the month as a word'
        " (19 March 2026) or as 2026-03-19."
    ]
    case = store.load_case(folder)
    assert case.corrective_actions[0].when == dt.date(2026, 3, 19)
    assert case.preventive_measures[0].start == dt.date(2026, 3, 22)


def test_a_complete_item_is_kept_whole_with_one_enter(folder: Path) -> None:
    wizard.Wizard(folder, Script(STEPS)).run()
    before = store.load_case(folder).model_dump()
    script = Script([("rc1.keep", ""), ("rc2.keep", ""), ("root_cause.more", "")])
    wizard.Wizard(folder, script).run("root_cause")
    assert script.asked() == []  # not one question per answer
    assert store.load_case(folder).model_dump() == before
    keep = next(p for p in script.prompts if p.key == "rc1.keep")
    assert "Buyer messages went unanswered" in keep.text


def test_the_summary_names_the_revision_submit_will_make(folder: Path) -> None:
    case, progress = store.load_case(folder), wizard.load_progress(folder)
    assert "revision 3" in "\n".join(wizard.summarize(case, progress, "case", 3).lines())
