"""The wizard engine driven by a scripted ``ask``: flow, saving, resuming, validation, checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from poa import wizard
from poa.case import store
from tests.wizard_script import STEPS


class Script:
    """An ask function answering from a list of (key, answer), recording every prompt."""

    def __init__(
        self, steps: list[tuple[str, str]], stop_at: str | None = None, keep: bool = False
    ) -> None:
        self.steps = list(steps)
        self.stop_at = stop_at
        self.keep = keep  # answer every challenge with Enter (keep the answer)
        self.prompts: list[wizard.Prompt] = []

    def __call__(self, p: wizard.Prompt) -> str:
        self.prompts.append(p)
        if p.kind in ("section", "note"):
            return ""
        if p.key == self.stop_at:
            raise KeyboardInterrupt
        if p.kind == "challenge" and self.keep:
            return ""
        key, answer = self.steps.pop(0)
        assert key == p.key, f"expected a prompt for {key}, got {p.kind} {p.key}: {p.text}"
        return answer

    def asked(self, kind: str = "question") -> list[str]:
        return [p.key for p in self.prompts if p.kind == kind]


def test_full_run_fills_the_case(folder: Path) -> None:
    script = Script(STEPS)
    wizard.Wizard(folder, script, today=dt.date(2026, 4, 1)).run()
    assert script.steps == []
    case = store.load_case(folder)
    assert case.violation.value == "odr"
    assert case.store.name == "Lakeside Home Goods"
    assert [o.order_id for o in case.orders] == [
        "113-4827301-5520947",
        "114-2039485-7713620",
        "111-6650213-3398201",
    ]
    assert [rc.id for rc in case.root_causes] == ["rc1", "rc2"]
    assert case.corrective_actions[0].when == dt.date(2026, 3, 19)
    assert case.corrective_actions[0].root_causes == ["rc1"]
    assert case.preventive_measures[0].root_causes == ["rc1", "rc2"]
    assert wizard.load_progress(folder).finished


def test_every_answer_is_on_disk_before_the_next_question(folder: Path) -> None:
    seen: dict[str, str] = {}

    def ask(p: wizard.Prompt) -> str:
        if p.key == "rc1.why":
            seen.update(yaml.safe_load((folder / "case.yaml").read_text())["root_causes"][0])
        return script(p)

    script = Script(STEPS)
    wizard.Wizard(folder, ask).run()
    assert seen["what"].startswith("Between 2 and 16 March 2026")


def test_interrupted_run_resumes_at_the_first_unanswered_question(folder: Path) -> None:
    first = Script(STEPS, stop_at="rc2.why")
    with pytest.raises(KeyboardInterrupt):
        wizard.Wizard(folder, first).run()
    case = store.load_case(folder)
    assert case.root_causes[1].what.startswith("Between 5 and 11 March")
    assert case.root_causes[1].why == ""

    rest = STEPS[[k for k, _ in STEPS].index("rc2.why") :]
    second = Script(rest)
    wizard.Wizard(folder, second).run()
    assert second.asked()[0] == "rc2.why"
    assert "store.name" not in second.asked() and "rc1.what" not in second.asked()
    case = store.load_case(folder)
    assert case.store.name == "Lakeside Home Goods"
    assert len(case.root_causes) == 2 and case.root_causes[1].why


def test_section_rework_keeps_values_on_enter_and_changes_what_is_typed(folder: Path) -> None:
    wizard.Wizard(folder, Script(STEPS)).run()
    rework = Script(
        [
            ("rc1.keep", "y"),
            ("rc1.title", ""),
            ("rc1.what", ""),
            ("rc1.why", "A new reason, on 9 March 2026 for 5 days."),
            ("rc1.orders", ""),
            ("rc1.asins", ""),
            ("rc2.keep", "y"),
            ("rc2.title", ""),
            ("rc2.what", ""),
            ("rc2.why", ""),
            ("rc2.orders", "all"),
            ("rc2.asins", ""),
            ("root_cause.more", "n"),
        ]
    )
    wizard.Wizard(folder, rework).run("root_cause")
    case = store.load_case(folder)
    assert case.root_causes[0].why == "A new reason, on 9 March 2026 for 5 days."
    assert case.root_causes[0].title == "Buyer messages went unanswered for 2 to 6 days"
    assert case.root_causes[0].order_ids == ["113-4827301-5520947", "114-2039485-7713620"]
    assert len(case.root_causes[1].order_ids) == 3  # "all": every affected order
    assert case.root_causes[1].asins == ["B07QX4L2M9"]
    defaults = {p.key: p.default for p in rework.prompts if p.kind == "question"}
    assert defaults["rc1.orders"] == "113-4827301-5520947 114-2039485-7713620"


def _run_until(folder: Path, key: str, answers: list[str]) -> Script:
    """Answer the script up to ``key``, then give ``answers`` to it one by one."""
    steps = STEPS[: [k for k, _ in STEPS].index(key)] + [(key, a) for a in answers]
    script = Script(steps, stop_at=None)
    with pytest.raises(IndexError):  # the script runs out after the question under test
        wizard.Wizard(folder, script, today=dt.date(2026, 4, 1)).run()
    return script


def test_malformed_order_id_is_refused_with_the_expected_form(folder: Path) -> None:
    script = _run_until(folder, "orders.order_ids", ["113-482730-5520947", "11348273015520947"])
    errors = [p.error for p in script.prompts if p.key == "orders.order_ids" and p.error]
    assert len(errors) == 1
    assert "123-1234567-1234567" in errors[0] and "113-482730-5520947" in errors[0]
    assert [o.order_id for o in store.load_case(folder).orders] == ["113-4827301-5520947"]


def test_dates_are_parsed_and_future_actions_refused(folder: Path) -> None:
    script = _run_until(folder, "ca1.when", ["last week", "2026-05-01", "2026年3月19日"])
    errors = [p.error for p in script.prompts if p.key == "ca1.when" and p.error]
    assert "not a date" in errors[0]
    assert "future" in errors[1]
    assert store.load_case(folder).corrective_actions[0].when == dt.date(2026, 3, 19)


@dataclass
class FakeFinding:
    rule: str
    message: str
    severity: str = "warning"
    suggestion: str = ""


def _vague(section: str, text: str, violation: str = "other") -> list[FakeFinding]:
    if section != "root_cause" or any(ch.isdigit() for ch in text):
        return []
    return [FakeFinding("specificity.none", f"No number in this {section} answer.")]


def test_a_vague_answer_is_challenged_and_can_be_improved(folder: Path) -> None:
    steps = list(STEPS)
    i = [k for k, _ in steps].index("rc1.what")
    steps[i:i] = [("rc1.what", "Some buyers were unhappy.")]  # then the script's good answer
    script = Script(steps)
    wizard.Wizard(folder, script, _vague).run()
    challenges = [p for p in script.prompts if p.kind == "challenge"]
    assert [p.key for p in challenges] == ["rc1.what"]
    assert challenges[0].problems == ["No number in this root_cause answer."]
    assert challenges[0].rules == ["specificity.none"]  # the terminal picks its lead line by it
    assert (
        challenges[0].section is not None and "Greater detail" in challenges[0].section.amazon_reply
    )
    assert store.load_case(folder).root_causes[0].what.startswith("Between 2 and 16")


def test_a_challenged_answer_may_be_kept_and_is_listed_as_thin(folder: Path) -> None:
    steps = list(STEPS)
    i = [k for k, _ in steps].index("rc1.what")
    steps[i : i + 1] = [("rc1.what", "Some buyers were unhappy."), ("rc1.what", "")]
    script = Script(steps)
    engine = wizard.Wizard(folder, script, _vague)
    engine.run()
    assert store.load_case(folder).root_causes[0].what == "Some buyers were unhappy."
    summary = wizard.summarize(engine.case, wizard.load_progress(folder), "case")
    assert any("no number" in line.lower() for line in summary.thin)


def test_ignored_rules_are_not_raised_for_one_field(folder: Path) -> None:
    def owner_rule(section: str, text: str, violation: str = "other") -> list[FakeFinding]:
        return [FakeFinding("specificity.no-owner", "Who owns this step?")]

    script = Script(STEPS, keep=True)
    wizard.Wizard(folder, script, owner_rule).run()
    challenged = {p.key for p in script.prompts if p.kind == "challenge"}
    assert "pm1.what" not in challenged  # the owner has its own question
    assert "rc1.what" in challenged


def test_questions_follow_the_violation_kind(folder: Path) -> None:
    script = Script(STEPS)
    wizard.Wizard(folder, script).run()
    what = next(p for p in script.prompts if p.key == "rc1.what")
    assert what.question is not None and "A-to-z" in what.question.hint  # odr override
    assert what.flow is not None and what.flow.kind == "odr"


def test_answers_already_in_the_case_are_not_asked_again(folder: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "odr-unanswered-messages"
    store.save_case(folder, store.load_case(example))
    script = Script(
        [  # loops are still open (never closed in the wizard): "add another?" once each
            ("root_cause.more", "n"),
            ("corrective_actions.more", "n"),
            ("preventive_measures.more", "n"),
            ("evidence.more", "n"),
            ("additional_info.text", ""),
            ("summary.text", ""),
        ]
    )
    engine = wizard.Wizard(folder, script)
    assert engine.pending()
    engine.run()
    assert script.asked() == ["additional_info.text", "summary.text"]
    assert not engine.pending()
    assert store.load_case(folder).root_causes[0].id == "rc1"


def test_an_answer_under_challenge_is_already_saved(folder: Path) -> None:
    steps = list(STEPS)
    i = [k for k, _ in steps].index("rc1.what")
    steps[i] = ("rc1.what", "Some buyers were unhappy.")

    def ask(p: wizard.Prompt) -> str:
        if p.kind == "challenge":
            raise KeyboardInterrupt  # the terminal closes while the challenge is shown
        return script(p)

    script = Script(steps)
    with pytest.raises(KeyboardInterrupt):
        wizard.Wizard(folder, ask, _vague).run()
    assert store.load_case(folder).root_causes[0].what == "Some buyers were unhappy."


def test_rework_can_remove_an_item_and_its_links(folder: Path) -> None:
    wizard.Wizard(folder, Script(STEPS)).run()
    assert store.load_case(folder).preventive_measures[0].root_causes == ["rc1", "rc2"]
    rework = Script([("rc1.keep", ""), ("rc2.keep", "-"), ("root_cause.more", "")])
    wizard.Wizard(folder, rework).run("root_cause")
    case = store.load_case(folder)
    assert [rc.id for rc in case.root_causes] == ["rc1"]
    assert case.preventive_measures[0].root_causes == ["rc1"]
    assert not any(k.startswith("rc2.") for k in wizard.load_progress(folder).answered)
    notes = [p.text for p in rework.prompts if p.kind == "note"]
    assert "To remove a root cause completely, type - as the first answer about it." in notes
    assert "Root cause removed." in notes


def test_remove_help_names_each_item_with_its_article(folder: Path) -> None:
    wizard.Wizard(folder, Script(STEPS)).run()
    notes = {}
    for sec in ("corrective_actions", "preventive_measures"):
        script = Script([])
        with pytest.raises(IndexError):  # the script ends after the note
            wizard.Wizard(folder, script).run(sec)
        notes[sec] = next(p.text for p in script.prompts if p.kind == "note")
    tail = "completely, type - as the first answer about it."
    assert notes == {
        "corrective_actions": f"To remove a corrective action {tail}",
        "preventive_measures": f"To remove a preventive measure {tail}",
    }


def test_the_wizard_names_sections_as_the_plan_does() -> None:
    from poa.knowledge import section_specs

    plan = {s["id"]: s["title"] for s in section_specs()}
    flow = wizard.load_flow("odr", "en")
    for sec_id in ("root_cause", "corrective_actions", "preventive_measures"):
        assert flow.section(sec_id).title == plan[sec_id]


def test_order_ids_quoted_in_the_notice_are_offered(folder: Path) -> None:
    case = store.load_case(folder)
    case.notice.text = "Orders: 113-4827301-5520947 and 114-2039485-7713620 were late."
    store.save_case(folder, case)
    script = Script([("store.name", ""), ("violation.kind", "2"), ("orders.order_ids", "")])
    with pytest.raises(IndexError):
        wizard.Wizard(folder, script).run()
    asked = next(p for p in script.prompts if p.key == "orders.order_ids")
    assert asked.default == "113-4827301-5520947\n114-2039485-7713620"
    assert len(store.load_case(folder).orders) == 2  # Enter took them


def test_a_root_cause_without_an_action_is_pointed_out(folder: Path) -> None:
    steps = list(STEPS)
    i = [k for k, _ in steps].index("corrective_actions.more")
    steps[i : i + 1] = [
        ("corrective_actions.more", "y"),
        ("ca2.what", "We measured 10 shirts of every size and corrected the size chart."),
        ("ca2.when", "2026-03-20"),
        ("ca2.orders", "111-6650213-3398201"),
        ("ca2.result", "The corrected chart went live on 20 March 2026."),
        ("ca2.causes", ""),  # Enter takes the cause the action was added for
        ("corrective_actions.more", "n"),
    ]
    script = Script(steps)
    wizard.Wizard(folder, script).run()
    confirms = [p.text for p in script.prompts if p.key == "corrective_actions.more"]
    assert confirms[0].startswith('Root cause 2 ("The size chart of the linen shirt was wrong")')
    assert confirms[1] == "Add another corrective action?"
    assert store.load_case(folder).corrective_actions[1].root_causes == ["rc2"]
    pm = [p.text for p in script.prompts if p.key == "preventive_measures.more"]
    assert pm == ["Add another preventive measure?"]  # pm1 answers both causes
