"""The question data: complete in both languages, examples for every question, overrides valid."""

from __future__ import annotations

import string

import pytest

from poa import knowledge
from poa.case.model import Violation
from poa.wizard.questions import KIND_FILES, LANGUAGES, load_flow, violation_choices

KINDS_WITH_THEIR_OWN_GUIDANCE = ["odr", "late_shipment", "condition", "inauthentic", "ip"]
KINDS_WITH_THEIR_OWN_GUIDANCE += ["related_account"]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", [v.value for v in Violation])
def test_every_question_has_text_hint_and_two_examples(kind: str, lang: str) -> None:
    flow = load_flow(kind, lang)
    for sec in flow.sections:
        assert sec.title and sec.intro, sec.id
        if sec.loop:
            assert sec.item and sec.add_another and sec.prefix, sec.id
        for q in sec.questions:
            assert q.ask and q.hint, q.key
            assert q.good and q.weak_why, q.key  # refs questions may have an empty weak answer
            assert q.weak or q.type == "refs", q.key


def test_chinese_guidance_is_chinese() -> None:
    zh = load_flow("odr", "zh")
    for sec in zh.sections:
        for q in sec.questions:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in q.ask + q.hint), q.key


def test_kind_files_override_only_questions_that_exist() -> None:
    keys = {q.key for s in load_flow("other", "en").sections for q in s.questions}
    covered = set()
    for name in KIND_FILES:
        data = knowledge.load_data(f"questions/{name}.yaml")
        covered.update(data["applies_to"])
        unknown = set(data["overrides"]) - keys
        assert not unknown, f"{name}.yaml overrides unknown questions {unknown}"
    assert set(KINDS_WITH_THEIR_OWN_GUIDANCE) <= covered
    assert covered <= {v.value for v in Violation}


@pytest.mark.parametrize("kind", KINDS_WITH_THEIR_OWN_GUIDANCE)
def test_each_kind_has_its_own_root_cause_guidance(kind: str) -> None:
    general = load_flow("other", "en").section("root_cause").questions[1]
    mine = load_flow(kind, "en").section("root_cause").questions[1]
    assert mine.hint != general.hint and mine.good != general.good


def test_ui_strings_match_between_languages() -> None:
    ui = knowledge.load_data("questions/ui.yaml")
    assert set(ui["en"]) == set(ui["zh"])
    for key, text in ui["en"].items():
        if isinstance(text, str):
            assert _placeholders(text) == _placeholders(ui["zh"][key]), key


def test_violation_menu_lists_every_kind_in_both_languages() -> None:
    for lang in LANGUAGES:
        assert [k for k, _ in violation_choices(lang)] == [v.value for v in Violation]
    assert "订单缺陷率" in dict(violation_choices("zh"))["odr"]


@pytest.mark.parametrize("kind", ["other", *KINDS_WITH_THEIR_OWN_GUIDANCE])
def test_good_examples_pass_the_checks_they_are_shown_with(kind: str) -> None:
    """The example offered after a challenge must not itself be challenged."""
    from poa.score import check_answer
    from poa.wizard import finding_messages

    for sec in load_flow(kind, "en").sections:
        for q in sec.questions:
            if q.check:
                problems = finding_messages(check_answer(q.check, q.good, kind), q.ignore, q.only)
                assert not problems, (q.key, problems)


def test_general_weak_examples_are_challenged() -> None:
    from poa.score import check_answer
    from poa.wizard import finding_messages

    for sec in load_flow("other", "en").sections:
        for q in sec.questions:
            if q.check:
                assert finding_messages(check_answer(q.check, q.weak), q.ignore, q.only), q.key


def test_every_answer_rule_family_has_a_chinese_lead() -> None:
    from poa.score import check_answer

    zh = load_flow("odr", "zh")
    default = zh.challenge_lead("no-such-family.rule")
    assert default and "\u4e00" <= default[0] <= "\u9fff"
    families = ("specificity", "tense", "tone", "claims", "rootcause", "relevance", "privacy")
    for family in families:
        lead = zh.challenge_lead(f"{family}.anything")
        assert lead != default and any("\u4e00" <= ch <= "\u9fff" for ch in lead), family
    assert zh.challenge_lead("draft.non-english") != zh.challenge_lead("draft.placeholder")
    rules = {f.rule for f in check_answer("root_cause", "Some buyers were not happy.", "odr")}
    assert "specificity.vague" in rules and zh.challenge_lead("specificity.vague") != default
    assert load_flow("odr", "en").challenge_lead("specificity.vague") == ""  # English: no lead
