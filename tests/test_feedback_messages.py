"""Message analysis on the seed case's real messages and on variants written for poa."""

from __future__ import annotations

from pathlib import Path

import pytest

from poa.feedback import analyze, notice_to_case_fields
from poa.model import Case

MESSAGES = Path(__file__).parent / "data" / "messages"

SEED = {
    "seed_notice.txt": (
        "suspension_notice",
        ["root_cause", "corrective_actions", "preventive_measures"],
    ),
    "seed_reply_1.txt": (
        "rejection",
        ["root_cause", "corrective_actions", "preventive_measures", "evidence"],
    ),
    "seed_reply_2.txt": (
        "rejection",
        ["listing_compliance", "root_cause", "corrective_actions", "preventive_measures"],
    ),
    "seed_reply_3.txt": (
        "rejection",
        ["listing_compliance", "root_cause", "corrective_actions", "preventive_measures"],
    ),
    "seed_reply_4.txt": ("rejection", ["evidence"]),
    "seed_reinstated.txt": ("reinstated", []),
}


def read(name: str) -> str:
    return (MESSAGES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SEED))
def test_seed_messages_kind_and_prompts(name: str) -> None:
    kind, prompts = SEED[name]
    result = analyze(read(name))
    assert result.kind == kind
    assert result.prompt_ids == prompts


def test_seed_notice_metrics_and_violation() -> None:
    result = analyze(read("seed_notice.txt"))
    assert result.violation == "odr"
    assert [m.to_json() for m in result.metrics] == [
        {"name": "order_defect_rate", "value": 2.78, "target": 1.0, "unit": "%"}
    ]


def test_reply_quotes_the_sentence_that_asks() -> None:
    result = analyze(read("seed_reply_1.txt"))
    quote = {p.id: p.quote for p in result.prompts}
    assert quote["root_cause"].startswith("Greater detail on the root cause(s)")
    assert all(p.advice and p.advice_zh for p in result.prompts)
    sections = {p.id: p.section for p in result.prompts}
    assert sections == {
        "root_cause": "root_cause",
        "corrective_actions": "corrective_actions",
        "preventive_measures": "preventive_measures",
        "evidence": "evidence",
    }


def test_notice_to_case_fields_validates_as_a_case() -> None:
    fields = notice_to_case_fields(read("seed_notice.txt"))
    case = Case.model_validate(fields)
    assert case.violation.value == "odr"
    assert case.notice.metrics[0].value == 2.78
    assert "Order Defect Rate is 2.78%" in case.notice.text
