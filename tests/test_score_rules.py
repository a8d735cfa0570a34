"""Every scoring rule fires on its own 'flag' examples and stays quiet on its 'pass' examples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from poa.case import store
from poa.score import check_answer, engine, score_case, score_text
from poa.score.scorer import rule_findings

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "odr-unanswered-messages"

RULES = engine.registry()
CASES = [
    pytest.param(r.id, kind, ex, id=f"{r.id}-{kind}{n}")
    for r in RULES
    for kind in ("flag", "pass")
    for n, ex in enumerate(r.examples.get(kind) or [])
]


@pytest.fixture
def example_case():  # type: ignore[no-untyped-def]
    return store.load_case(EXAMPLE)


def test_all_patterns_compile() -> None:
    """'unless' and 'when' are compiled on first use; a typo must still fail here."""
    for r in RULES:
        for key in ("unless", "when"):
            if r.params.get(key):
                assert isinstance(r.pattern(key), re.Pattern), r.id


def test_every_rule_has_flag_and_pass_examples() -> None:
    missing = [r.id for r in RULES if not r.examples.get("flag") or not r.examples.get("pass")]
    assert missing == [], f"rules without a should-flag and a should-pass example: {missing}"


def test_rule_ids_are_family_dot_name() -> None:
    assert len(RULES) >= 30
    for r in RULES:
        family, name = r.id.split(".")
        assert family and name and name == name.lower()


@pytest.mark.parametrize(("rule_id", "kind", "example"), CASES)
def test_rule_example(rule_id: str, kind: str, example: object) -> None:
    found = [f for f in rule_findings(rule_id, example) if f.rule == rule_id]
    if kind == "flag":
        assert found, f"{rule_id} did not fire on {example!r}"
        assert found[0].message and found[0].severity in ("error", "warning", "info")
    else:
        assert not found, f"{rule_id} fired on {example!r}: {found[0].excerpt!r}"


def _rules(report_or_findings: object) -> set[str]:
    findings = getattr(report_or_findings, "findings", report_or_findings)
    return {f.rule for f in findings}  # type: ignore[union-attr]


PLAN = """## Root causes
1. Buyer messages went unanswered for 2 to 6 days because nobody covered weekends.

## Corrective actions taken
1. On 19 March 2026 we replied to all 14 buyers.

## Preventive measures in place
1. Since 20 March 2026 the customer service lead checks messages daily at 10:00.
"""


def test_future_tense_is_an_error_in_actions_only() -> None:
    text = PLAN.replace("On 19 March 2026 we replied", "We will reply")
    report = score_text(text)
    assert "tense.future-actions" in _rules(report)
    hit = next(f for f in report.findings if f.rule == "tense.future-actions")
    assert (hit.section, hit.line, hit.column) == ("corrective_actions", 5, 4)
    # The same sentence in the root cause is not a tense problem.
    moved = PLAN.replace("because nobody covered weekends", "; we will reply faster")
    assert "tense.future-actions" not in _rules(score_text(moved))


def test_headings_do_not_count_as_non_english_text() -> None:
    text = PLAN.replace("## Root causes", "1. 问题的根本原因")
    report = score_text(text)
    assert report.sections["root_cause"].present
    assert "draft.non-english" not in _rules(report)
    noted = PLAN.replace("all 14 buyers.", "all 14 buyers (这里省略了订单号).")
    assert "draft.non-english" in _rules(score_text(noted))


def test_capitals_allow_acronyms_and_flag_shouting() -> None:
    assert "tone.capitals" not in _rules(score_text(PLAN.replace("buyers.", "buyers via FBA.")))
    assert "tone.capitals" in _rules(score_text(PLAN + "\nThis will NEVER happen.\n"))
    brands = "buyers of the SUNLUX LED DESK LAMP (ASIN, UPC, SKU, FBA label; USPTO record)."
    assert "tone.capitals" not in _rules(score_text(PLAN.replace("buyers.", brands)))
    shout = "\nIT WILL NEVER HAPPEN AGAIN.\n"
    found = [f for f in score_text(PLAN + shout).findings if f.rule == "tone.capitals"]
    assert [f.excerpt for f in found] == ["WILL NEVER HAPPEN AGAIN"]


def test_wish_the_marketplace_not_the_verb() -> None:
    assert "relevance.other-marketplaces" not in _rules(score_text("We wish to explain.\n" + PLAN))
    assert "relevance.other-marketplaces" in _rules(score_text("We sold on Wish.\n" + PLAN))


def test_order_id_is_not_a_phone_number() -> None:
    text = PLAN.replace("all 14 buyers", "the buyer of order 113-4827301-5520947")
    assert not _rules(score_text(text)) & {"privacy.phone", "privacy.address"}


def test_restates_metric_passes_when_the_point_says_why() -> None:
    bare = PLAN.replace(
        "Buyer messages went unanswered for 2 to 6 days because nobody covered weekends.",
        "Our ODR was high, above the 1% target.",
    )
    assert "rootcause.restates-metric" in _rules(score_text(bare))
    assert "rootcause.restates-metric" not in _rules(score_text(PLAN))


def test_unanswered_root_cause_in_free_text_by_reference() -> None:
    text = PLAN.replace(
        "covered weekends.",
        "covered weekends.\n2. The size chart was wrong because we copied the factory sheet.",
    )
    text = text.replace("all 14 buyers.", "all 14 buyers (root cause 1).")
    findings = [f for f in score_text(text).findings if f.rule == "rootcause.unanswered"]
    assert findings and all("2" in f.message for f in findings)
    assert findings[0].line == 3


def test_unanswered_root_cause_in_a_case_uses_links(example_case) -> None:  # type: ignore[no-untyped-def]
    assert "rootcause.unanswered" not in _rules(score_case(example_case, target="x"))
    measures = [m for m in example_case.preventive_measures if "rc2" not in m.root_causes]
    broken = example_case.model_copy(update={"preventive_measures": measures})
    found = [f for f in score_case(broken, target="x").findings if f.rule == "rootcause.unanswered"]
    assert len(found) == 1
    assert "preventive step" in found[0].message and found[0].section == "root_cause"


def test_notice_ids_uncovered_names_each_missing_id() -> None:
    notice = "Orders 113-4827301-5520947 and 114-2039485-7713620 received claims (ASIN B07QX4L2M9)."
    report = score_text(PLAN, notice_text=notice)
    missing = sorted(f.excerpt for f in report.findings if f.rule == "orders.notice-ids-uncovered")
    assert missing == ["113-4827301-5520947", "114-2039485-7713620", "B07QX4L2M9"]
    covered = PLAN.replace("all 14 buyers", "orders 113-4827301-5520947, 114-2039485-7713620")
    covered = covered.replace("daily at 10:00.", "daily at 10:00 (ASIN B07QX4L2M9).")
    assert "orders.notice-ids-uncovered" not in _rules(score_text(covered, notice_text=notice))


def test_check_answer_runs_the_same_rules_on_one_answer() -> None:
    findings = check_answer("corrective_actions", "We will refund the buyers soon.")
    rules = _rules(findings)
    assert {"tense.future-actions", "specificity.vague", "specificity.no-facts"} <= rules
    vague = next(f for f in findings if f.rule == "specificity.vague")
    assert (vague.line, vague.column, vague.section) == (1, 27, "corrective_actions")
    # Whole-plan rules (missing sections, length) do not apply to one answer.
    assert not rules & {"structure.missing-section", "structure.too-short"}
    assert "Greater detail" in next(f for f in findings if f.rule == "specificity.no-facts").message
    done = "On 19 March 2026 we refunded orders 113-4827301-5520947 and 114-2039485-7713620."
    assert check_answer("corrective_actions", done) == []
    assert check_answer("root_cause", "   ") == []


def test_anchors_never_hide_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Anchor words only spare work: with them off, every text has the same findings."""
    data = Path(__file__).parent / "data"
    texts = [p.read_text(encoding="utf-8") for p in sorted(data.rglob("*.txt"))]
    texts += [str(ex) for r in RULES for ex in r.examples.get("flag", []) if isinstance(ex, str)]
    with_anchors = [[(f.rule, f.line, f.column) for f in score_text(t).findings] for t in texts]
    monkeypatch.setattr(engine.Rule, "applies", lambda self, ctx: True)
    without = [[(f.rule, f.line, f.column) for f in score_text(t).findings] for t in texts]
    assert with_anchors == without
    assert sum(r.params.get("_anchors") is not None for r in RULES) >= 15


def test_a_misspelt_rule_key_is_an_error_with_file_line_and_the_key_meant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from poa import knowledge
    from poa.errors import PoaError
    from poa.score import data

    sections = tmp_path / "sections"
    shutil.copytree(knowledge.sections_dir(), sections)
    (sections / "rules" / "zz.yaml").write_text(
        "rules:\n"
        "  - name: typo\n"
        "    type: pattern\n"
        "    severty: error\n"
        "    patterns: ['x']\n"
        "    message: m\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(knowledge, "sections_dir", lambda: sections)
    monkeypatch.setenv("POA_NO_CACHE", "1")
    data.rule_files.cache_clear()
    engine.registry.cache_clear()
    try:
        with pytest.raises(PoaError) as err:
            engine.registry()
    finally:
        data.rule_files.cache_clear()
        engine.registry.cache_clear()
    message = str(err.value)
    assert "zz.yaml" in message and "line 4" in message
    assert "'severty'" in message and "did you mean 'severity'" in message
