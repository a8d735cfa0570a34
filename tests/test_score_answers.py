"""check_answer challenges the weak single answers the wizard shows, and lets the good ones by."""

from __future__ import annotations

import pytest

from poa.score import check_answer, score_text
from poa.wizard import finding_messages
from poa.wizard.questions import load_flow

KINDS = ["other", "odr", "late_shipment", "condition", "inauthentic", "ip", "related_account"]

WEAK_ROOT_CAUSES = [
    ("Our order defect rate was 2.78%, above the 1% target.", "rootcause.restates-metric"),
    ("We were very busy.", "rootcause.vague-cause"),
    ("The buyer made a mistake.", "tone.blame-buyer"),
    ("The rights owner is attacking small sellers.", "tone.blame-complainant"),
]


@pytest.mark.parametrize(("answer", "rule"), WEAK_ROOT_CAUSES)
def test_weak_root_cause_is_challenged_and_scored(answer: str, rule: str) -> None:
    assert rule in {f.rule for f in check_answer("root_cause", answer)}
    plan = (
        f"## Root causes\n1. {answer}\n"
        "## Corrective actions taken\n1. On 19 March 2026 we refunded the 3 buyers.\n"
        "## Preventive measures in place\n1. Since 20 March 2026 two agents share a rota.\n"
    )
    found = [f for f in score_text(plan).findings if f.rule == rule]
    assert found and found[0].section == "root_cause" and found[0].line == 2


@pytest.mark.parametrize("kind", KINDS)
def test_every_weak_example_is_challenged_and_every_good_one_passes(kind: str) -> None:
    """What the wizard shows as weak must draw a challenge; its good example must not."""
    for sec in load_flow(kind, "en").sections:
        for q in sec.questions:
            if not q.check:
                continue
            assert not finding_messages(check_answer(q.check, q.good, kind), q.ignore), q.key
            if q.weak:
                assert finding_messages(check_answer(q.check, q.weak, kind), q.ignore), q.key
