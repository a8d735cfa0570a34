"""The score formula: bands, rule penalties, the error cap, padding and per-section scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from poa.score import formula, score_text
from poa.score.report import Finding
from poa.score.specificity import measure

GOOD = """## Root causes
1. Between 2 and 16 March 2026, 14 buyer messages went unanswered because nobody covered weekends.

## Corrective actions taken
1. On 19 March 2026 we replied to all 14 buyers.
2. On 19 March 2026 we refunded orders 113-4827301-5520947 and 114-2039485-7713620.

## Preventive measures in place
1. Since 20 March 2026 the customer service lead checks messages daily at 10:00 and 16:00.
2. Measure: every message answered within 12 hours, checked weekly by the operations manager.
"""


def _finding(rule: str, severity: str) -> Finding:
    return Finding(rule, severity, "root_cause", 1, 1, "", "")


def test_band() -> None:
    assert formula.band(60, 50, 80, 10, 110) == 100
    assert formula.band(30, 50, 80, 10, 110) == pytest.approx(50)
    assert formula.band(95, 50, 80, 10, 110) == pytest.approx(50)
    assert formula.band(0, 50, 80, 10, 110) == 0


def test_rules_mark_caps_repeats_and_never_reaches_zero() -> None:
    one = formula.rules_mark([_finding("tone.exclamation", "warning")])
    many = formula.rules_mark([_finding("tone.exclamation", "warning")] * 10)
    assert one == pytest.approx(94)
    assert many == pytest.approx(94 * 0.94)  # at most two findings per rule count
    errors = [_finding(f"x.e{i}", "error") for i in range(8)]
    assert 0 < formula.rules_mark(errors) < formula.rules_mark(errors[:7])


PERFECT = {"substance": 100, "specificity": 100, "rules": 100, "style": 100}


def test_error_cap() -> None:
    assert formula.capped(PERFECT, [])[0] == 100
    assert formula.capped(PERFECT, [_finding("a.b", "error")])[0] == 80
    two = [_finding("a.b", "error"), _finding("c.d", "error")]
    assert formula.capped(PERFECT, two)[0] == 70
    assert formula.capped(PERFECT, [_finding("a.b", "warning")])[0] == 100


def test_every_error_finding_counts_up_to_two_per_rule() -> None:
    """As the README says: each further error finding lowers the cap, a rule at most twice."""
    assert formula.capped(PERFECT, [_finding("a.b", "error")] * 2)[0] == 70
    assert formula.capped(PERFECT, [_finding("a.b", "error")] * 20)[0] == 70


def test_caps_name_their_reason() -> None:
    score, caps = formula.capped(PERFECT, [_finding("tone.blame-buyer", "error")])
    assert score == 50
    assert {c["id"] for c in caps} == {"disqualifier", "errors"}
    assert "tone.blame-buyer" in next(c for c in caps if c["id"] == "disqualifier")["reason"]
    score, caps = formula.capped(PERFECT, [_finding("draft.non-english", "error")])
    assert score == 40
    score, caps = formula.capped(PERFECT, [], facts=0)
    assert score == 60 and caps[0]["id"] == "no_facts"
    several = [_finding("tone.blame-buyer", "error"), _finding("tone.pleading", "error")]
    assert formula.capped(PERFECT, several)[0] == 40


def test_a_good_plan_scores_high_and_predicts_nothing() -> None:
    report = score_text(GOOD)
    # Every fact is there, but each section is a line or two: substance pays for depth too,
    # so a compact plan is good, not yet top marks.
    assert report.score >= 65, report.components
    assert report.count("error") == 0
    assert report.predicted_prompts in ([], ["evidence"])
    assert all(report.sections[s].score >= 70 for s in ("root_cause", "corrective_actions"))


def test_padding_lowers_specificity() -> None:
    text = "On 19 March 2026 we replied to all 14 buyers and refunded 4 orders."
    filler = " We care deeply about every buyer and about the quality of our service."
    plain = measure(text, "corrective_actions")
    padded = measure(text + filler * 6, "corrective_actions")
    assert padded["words"] > 4 * plain["words"]
    assert padded["score"] < plain["score"]
    assert padded["density"] < plain["density"]


def test_repeating_one_id_is_one_fact() -> None:
    once = measure("We refunded order 113-4827301-5520947.")
    many = measure("We refunded order " + ", ".join(["113-4827301-5520947"] * 20) + ".")
    assert once["order_ids"] == many["order_ids"] == 1


def test_vague_terms_cost_marks() -> None:
    exact = measure(
        "We replied to 14 buyers within 12 hours on 19 March 2026.", "corrective_actions"
    )
    vague = measure(
        "We replied to some buyers soon, as soon as possible, etc.", "corrective_actions"
    )
    assert vague["vague_terms"] >= 3
    assert vague["score"] < exact["score"]


def test_missing_section_scores_zero_and_is_predicted() -> None:
    text = GOOD.split("## Preventive")[0]
    report = score_text(text)
    assert not report.sections["preventive_measures"].present
    assert report.sections["preventive_measures"].score == 0
    assert "preventive_measures" in report.predicted_prompts
    assert report.score < score_text(GOOD).score


def test_listing_prompt_from_the_notice() -> None:
    notice = "You have listed against detail pages that do not follow our Condition Guidelines."
    assert "listing_compliance" in score_text(GOOD, notice_text=notice).predicted_prompts
    assert "listing_compliance" not in score_text(GOOD).predicted_prompts


def test_case_violation_predicts_listing_and_invoice_prompts() -> None:
    from poa.case import store
    from poa.score import score_case

    case = store.load_case(
        Path(__file__).resolve().parent.parent / "examples" / "odr-unanswered-messages"
    )
    assert "invoices" not in score_case(case, target="x").predicted_prompts
    from poa.case.model import Violation

    fake = case.model_copy(update={"violation": Violation.inauthentic})
    assert "invoices" in score_case(fake, target="x").predicted_prompts
