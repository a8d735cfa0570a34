"""The "addressed" rule: does a later revision answer a prompt Amazon sent about an earlier one?

A prompt is addressed by the first later revision whose section the prompt points at changed and
holds more specifics than before; for ``evidence`` and ``invoices``, by more evidence items
(see the package docstring). Derived when read, never stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from poa.case.model import Case
from poa.inbox import feedback
from poa.records import JSONRecord
from poa.revisions.folder import EVIDENCE_PROMPTS, Revision, settings
from poa.revisions.split import split_appeal
from poa.text import facts as specifics
from poa.text import regexcache


@functools.cache
def _ignore() -> re.Pattern[str]:
    patterns = settings().get("specifics_ignore", [])
    return regexcache.any_of(patterns, re.MULTILINE)


def content_of(text: str) -> str:
    """A section's text without list numbers and template cross-references."""
    return _ignore().sub(" ", text) if settings().get("specifics_ignore") else text


@dataclass
class SectionView:
    """What a revision (or the working draft) says in each section, and how many exhibits."""

    texts: dict[str, str]
    evidence_items: int
    source: str  # "case" or "appeal"

    def text(self, section: str) -> str:
        return self.texts.get(section, "")

    def specifics(self, section: str) -> int:
        return specifics.total(specifics.count_specifics(content_of(self.text(section))))


def view_of_case(case: Case, today: dt.date | None) -> SectionView:
    from poa.render import render_plan

    plan = render_plan(case, today)
    return SectionView({s.id: s.markdown for s in plan.sections}, len(case.evidence), "case")


def view_of(revision: Revision) -> SectionView:
    """Sections of a revision: rendered from its case.yaml, else split from its appeal.md."""
    if revision.case is not None:
        return view_of_case(revision.case, revision.submitted_date)
    texts = split_appeal(revision.appeal_text)
    items = len(re.findall(r"(?im)^\s*(?:\d+\.\s+)?\**exhibit\b", texts.get("evidence", "")))
    return SectionView(texts, items, "appeal")


def addresses(prompt_id: str, section: str, before: SectionView, after: SectionView) -> bool:
    """Does ``after`` answer a prompt Amazon sent about ``before``? (the documented rule)"""
    if prompt_id in EVIDENCE_PROMPTS:
        return after.evidence_items > before.evidence_items
    changed = after.text(section).strip() != before.text(section).strip()
    return changed and after.specifics(section) > before.specifics(section)


@dataclass
class PromptStatus(JSONRecord):
    """A prompt of one reply: the revision that addressed it (or None), and the next reply
    that asked for it again (Amazon's own sign that it was not yet answered)."""

    id: str
    section: str
    quote: str
    addressed_in: int | None
    asked_again_in: int | None = None
    # The revision whose reply ended the case (a reinstatement or a final decision) before any
    # revision addressed this prompt: it no longer needs an answer.
    settled_in: int | None = None
    settled_by: str | None = None

    @property
    def status(self) -> str:
        """addressed, settled (the case ended first) or open."""
        if self.addressed_in is not None:
            return "addressed"
        return "settled" if self.settled_in is not None else "open"

    _json_keys = (
        "id",
        "section",
        "quote",
        "status",
        "addressed_in",
        "asked_again_in",
        "settled_in",
        "settled_by",
    )


def _prompts_of(reply: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for item in reply.get("prompts") or []:
        if isinstance(item, str):
            item = {"id": item}
        if isinstance(item, dict) and item.get("id"):
            pid = str(item["id"])
            out.append(
                {
                    "id": pid,
                    "section": str(item.get("section") or feedback.prompt_section(pid)),
                    "quote": str(item.get("quote") or ""),
                }
            )
    return out
