"""The 'addressed' rule, the appeal splitter, and the seed replay example's consistency."""

from __future__ import annotations

import re
from pathlib import Path

from poa import revisions
from poa.inbox.feedback import analyze

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-odr-five-rounds"


def view(**texts: str) -> revisions.SectionView:
    return revisions.SectionView(dict(texts), 0, "case")


def test_more_specific_section_addresses_the_prompt() -> None:
    before = view(root_cause="1. Buyer messages were answered late.")
    after = view(
        root_cause="1. 14 buyer messages between 2 and 16 March went unanswered;"
        " the customer service lead worked weekdays only."
    )
    assert revisions.addresses("root_cause", "root_cause", before, after)
    assert not revisions.addresses("root_cause", "root_cause", after, before)


def test_unchanged_or_only_renumbered_section_does_not_address() -> None:
    before = view(preventive_measures="1. We check messages daily.")
    assert not revisions.addresses("preventive_measures", "preventive_measures", before, before)
    longer_list = view(
        preventive_measures="1. We check messages daily.\n\n2. We care.\n\n3. We try."
    )
    assert not revisions.addresses(
        "preventive_measures", "preventive_measures", before, longer_list
    )


def test_evidence_and_invoices_need_a_new_evidence_item() -> None:
    before = revisions.SectionView({"evidence": "1. Exhibit 1."}, 1, "case")
    wordier = revisions.SectionView({"evidence": "1. Exhibit 1, dated 3 March 2026."}, 1, "case")
    added = revisions.SectionView({"evidence": "1. ...\n2. ..."}, 2, "case")
    for prompt in ("evidence", "invoices"):
        assert not revisions.addresses(prompt, "evidence", before, wordier)
        assert revisions.addresses(prompt, "evidence", before, added)


def test_appeal_split_by_headings() -> None:
    text = (
        "# Plan of action\n\n## Root causes\n\n1. Late replies.\n\n"
        "## Corrective actions taken\n\n1. Refunds.\n"
    )
    parts = revisions.split_appeal(text)
    assert parts["root_cause"] == "1. Late replies."
    assert parts["corrective_actions"] == "1. Refunds."


def test_appeal_split_by_wording_keeps_a_list_with_its_lead_in() -> None:
    text = (SEED / "revisions" / "002" / "appeal.md").read_text(encoding="utf-8")
    parts = revisions.split_appeal(text)
    assert "III. We do not have an effective monitoring system" in parts["root_cause"]
    assert "replied to all non-response messages" in parts["corrective_actions"]
    assert "hired two new Customer Service" in parts["preventive_measures"]


def test_history_falls_back_to_appeal_text_without_case_yaml(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "seed"
    shutil.copytree(SEED, folder)
    for rev in (folder / "revisions").iterdir():
        (rev / "case.yaml").unlink()
    hist = revisions.history(folder)
    assert {e.source for e in hist.entries} == {"appeal"}
    first = {p.id: p.addressed_in for p in hist.entries[0].prompts}
    assert first["root_cause"] == 2 and first["evidence"] is None


def test_seed_example_is_consistent_with_its_replies() -> None:
    revs = revisions.list_revisions(SEED)
    assert len(revs) == 5
    for rev in revs:
        assert rev.case is not None, rev.name
        assert not re.search(r"[\u4e00-\u9fff]", rev.appeal_text), "appeal.md is English only"
        reply = analyze(rev.reply_text or "")
        assert [p["id"] for p in rev.meta["reply"]["prompts"]] == reply.prompt_ids
        assert rev.meta["reply"]["kind"] == reply.kind
    assert revs[2].reply_text == revs[1].reply_text  # the seed: reply 3 repeated reply 2
