"""Many phrasings of each kind and ask, written for poa (tests/data/messages/phrasings.yaml):
the kind, the prompts, what to send back, a reinstatement's conditions and where to answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from poa.cli import app
from poa.inbox.feedback import analyze

PHRASINGS = Path(__file__).parent / "data" / "messages" / "phrasings.yaml"
ITEMS: list[dict[str, Any]] = yaml.safe_load(PHRASINGS.read_text(encoding="utf-8"))
runner = CliRunner()


def test_every_kind_and_prompt_is_covered_several_times() -> None:
    kinds = [it["kind"] for it in ITEMS]
    for kind in ("suspension_notice", "rejection", "reinstated", "final_denial", "other"):
        assert kinds.count(kind) >= 6, kind
    prompts = [p for it in ITEMS for p in it["prompts"]]
    for pid in ("root_cause", "corrective_actions", "preventive_measures", "evidence",
                "invoices", "listing_compliance", "contact_info"):  # fmt: skip
        assert prompts.count(pid) >= 4, pid
    assert len({it["id"] for it in ITEMS}) == len(ITEMS)


@pytest.mark.parametrize("item", ITEMS, ids=[it["id"] for it in ITEMS])
def test_kind_and_prompts(item: dict[str, Any]) -> None:
    result = analyze(item["text"])
    assert result.kind == item["kind"]
    assert sorted(result.prompt_ids) == sorted(item["prompts"])


@pytest.mark.parametrize("item", ITEMS, ids=[it["id"] for it in ITEMS])
def test_response_agrees_with_kind_and_asks(item: dict[str, Any]) -> None:
    data = analyze(item["text"]).to_json()
    if "response" in item:
        assert data["response"] == item["response"]
    asked = {p["id"] for p in data["prompts"]}
    if data["kind"] == "final_denial" or (not asked and not data["documents"]):
        assert data["response"] == "none"
    elif asked & {"root_cause", "corrective_actions", "preventive_measures"}:
        assert data["response"] == "plan_of_action"
    elif asked & {"evidence", "invoices"}:
        assert data["response"] == "documents"
    assert data["next_step"].endswith(".") and "{" not in data["next_step"]


REINSTATED = [it for it in ITEMS if it["kind"] == "reinstated"]


@pytest.mark.parametrize("item", REINSTATED, ids=[it["id"] for it in REINSTATED])
def test_reinstatement_conditions(item: dict[str, Any]) -> None:
    rein = analyze(item["text"]).to_json()["reinstatement"]
    assert rein is not None
    reserve = rein["reserve"] or {}
    assert reserve.get("days") == item.get("reserve_days")
    assert rein["under_review"] == item.get("under_review", False)
    assert rein["listings_removed"] == item.get("listings_removed", False)


CHANNELS = [it for it in ITEMS if "channel" in it]


@pytest.mark.parametrize("item", CHANNELS, ids=[it["id"] for it in CHANNELS])
def test_channel(item: dict[str, Any]) -> None:
    channel = analyze(item["text"]).to_json()["channel"]
    assert channel is not None
    if item["channel"] == "wrong_place":
        assert channel["wrong_place"] is True
        assert "Appeal" in channel["label"] or "Performance" in channel["label"]
    else:
        assert channel["use"] == item["channel"]


def test_messages_without_a_place_have_no_channel() -> None:
    plain = next(it for it in ITEMS if it["id"] == "rejection-greater-detail-uk")
    assert analyze(plain["text"]).to_json()["channel"] is None


def _by_id(item_id: str) -> str:
    return next(it["text"] for it in ITEMS if it["id"] == item_id)


def test_next_step_after_a_final_decision_says_not_to_resend_the_same_plan() -> None:
    result = runner.invoke(
        app, ["feedback", "-", "--json"], input=_by_id("final-remains-deactivated")
    )
    data = json.loads(result.stdout)
    assert data["kind"] == "final_denial" and data["response"] == "none"
    assert "Do not resubmit the same plan" in data["next_step"]
    assert "funds" in data["next_step"]


def test_next_step_in_chinese_names_the_deadline() -> None:
    result = runner.invoke(
        app, ["feedback", "-", "--json", "--lang", "zh"], input=_by_id("other-warning-72-hours")
    )
    data = json.loads(result.stdout)
    assert data["response"] == "plan_of_action"
    assert "72 小时内" in data["next_step"] and "行动计划" in data["next_step"]


def test_next_step_after_a_partial_reinstatement_says_what_is_still_open() -> None:
    data = analyze(_by_id("reinstated-partial-listings-still-removed")).to_json()
    assert "some listings are still removed" in data["next_step"]
