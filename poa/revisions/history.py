"""History, diff and revise: the timeline of revisions and replies, each prompt's status by the
"addressed" rule, the difference between two revisions, and what the next revision should change.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from poa import knowledge
from poa.case import store
from poa.errors import CaseError
from poa.inbox import feedback
from poa.revisions.addressed import (
    PromptStatus,
    _prompts_of,
    addresses,
    view_of,
    view_of_case,
)
from poa.revisions.folder import ENDINGS, NOTHING_SUBMITTED, Revision, list_revisions, settings
from poa.revisions.submit import appeal_markdown


@dataclass
class HistoryEntry:
    revision: Revision
    source: str
    prompts: list[PromptStatus] = field(default_factory=list)

    @functools.cached_property
    def reinstatement(self) -> Any:
        """The conditions of a reinstatement reply (reserve, review, listings still removed),
        read again from ``reply.txt`` so that a better reading applies to old cases too."""
        reply, text = self.revision.reply, self.revision.reply_text
        if not reply or reply.get("kind") != "reinstated" or not text:
            return None
        return feedback.analyze(text).reinstatement

    def to_json(self) -> dict[str, Any]:
        rev = self.revision
        reply = rev.reply
        return {
            "number": rev.number,
            "submitted_at": rev.submitted_at,
            "score": rev.meta.get("score"),
            "predicted_prompts": rev.meta.get("predicted_prompts"),
            "similarity_to_previous": rev.meta.get("similarity_to_previous"),
            "sections_from": self.source,
            "reply": None
            if reply is None
            else {
                "kind": reply.get("kind"),
                "received_at": None
                if reply.get("received_at") is None
                else str(reply.get("received_at")),
                "deadline": reply.get("deadline"),
                "prompts": [p.to_json() for p in self.prompts],
                "reinstatement": self.reinstatement.to_json() if self.reinstatement else None,
            },
        }


@dataclass
class History:
    case: str
    entries: list[HistoryEntry]

    @property
    def open_prompts(self) -> list[tuple[int, PromptStatus]]:
        return [
            (e.revision.number, p) for e in self.entries for p in e.prompts if p.status == "open"
        ]

    @property
    def settled_prompts(self) -> list[tuple[int, PromptStatus]]:
        return [
            (e.revision.number, p) for e in self.entries for p in e.prompts if p.status == "settled"
        ]

    @property
    def reinstatement(self) -> Any:
        """The last reply's reinstatement conditions, when the case ended reinstated."""
        return self.entries[-1].reinstatement if self.entries else None

    def to_json(self) -> dict[str, Any]:
        last = self.entries[-1].revision.reply if self.entries else None
        rein = self.reinstatement
        return {
            "case": self.case,
            "status": (last or {}).get("kind") if self.entries else None,
            "rule": str(settings().get("addressed_rule", "")),
            "revisions": [e.to_json() for e in self.entries],
            "open_prompts": [
                {"revision": n, "id": p.id, "section": p.section} for n, p in self.open_prompts
            ],
            "settled_prompts": [
                {"revision": n, "id": p.id, "section": p.section, "settled_in": p.settled_in}
                for n, p in self.settled_prompts
            ],
            "reinstatement": rein.to_json() if rein is not None else None,
        }


def history(folder: Path) -> History:
    """The timeline, with each prompt's addressing revision derived by the rule above."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CaseError(f"{folder}: no such case folder")
    revisions = list_revisions(folder)
    views = [view_of(r) for r in revisions]
    entries = []
    for i, rev in enumerate(revisions):
        entry = HistoryEntry(rev, views[i].source)
        if rev.reply is not None:
            for p in _prompts_of(rev.reply):
                later = next(
                    (
                        revisions[j].number
                        for j in range(i + 1, len(revisions))
                        if addresses(p["id"], p["section"], views[i], views[j])
                    ),
                    None,
                )
                again = next(
                    (
                        revisions[j].number
                        for j in range(i + 1, len(revisions))
                        if p["id"] in {q["id"] for q in _prompts_of(revisions[j].reply or {})}
                    ),
                    None,
                )
                status = PromptStatus(p["id"], p["section"], p["quote"], later, again)
                # the first later reply that ended the case, if it came before any answer
                end = next(
                    (
                        revisions[j]
                        for j in range(i + 1, len(revisions))
                        if (revisions[j].reply or {}).get("kind") in ENDINGS
                    ),
                    None,
                )
                if end is not None and (later is None or later > end.number):
                    status.addressed_in = None
                    status.settled_in = end.number
                    status.settled_by = str((end.reply or {}).get("kind"))
                entry.prompts.append(status)
        entries.append(entry)
    return History(folder.resolve().name, entries)


# --- Diff ----------------------------------------------------------------------------------

DRAFT = "draft"


def _text_of(folder: Path, which: str, revisions: list[Revision]) -> tuple[str, str]:
    if which == DRAFT:
        return "working draft", appeal_markdown(store.load_case(folder), dt.date.today())
    try:
        number = int(which)
    except ValueError:
        raise CaseError(f"{which!r} is not a revision number (or 'draft')") from None
    if not 1 <= number <= len(revisions):
        have = f"1 to {len(revisions)}" if revisions else "none yet"
        raise CaseError(f"there is no revision {number} (revisions: {have})")
    return f"revision {number}", revisions[number - 1].appeal_text


def diff(folder: Path, a: str | None = None, b: str | None = None) -> tuple[str, str, list[str]]:
    """Unified diff lines between two revisions (or a revision and the working draft).

    Defaults: the last two revisions; with one revision, it against the working draft.
    """
    folder = Path(folder)
    revisions = list_revisions(folder)
    if a is None and b is None:
        if not revisions:
            raise CaseError(f"{folder}: {NOTHING_SUBMITTED}, so nothing to compare")
        if len(revisions) == 1:
            a, b = "1", DRAFT
        else:
            a, b = str(len(revisions) - 1), str(len(revisions))
    elif b is None:
        b = str(len(revisions)) if revisions and a != str(len(revisions)) else DRAFT
    label_a, text_a = _text_of(folder, str(a), revisions)
    label_b, text_b = _text_of(folder, str(b), revisions)
    lines = list(
        difflib.unified_diff(
            text_a.splitlines(), text_b.splitlines(), label_a, label_b, n=2, lineterm=""
        )
    )
    return label_a, label_b, lines


# --- Revise --------------------------------------------------------------------------------


@dataclass
class ReviseItem:
    section: str
    prompts: list[PromptStatus]
    fields: list[str]
    done_in_draft: bool


@dataclass
class RevisePlan:
    next_number: int
    replied: Revision | None
    kind: str | None
    items: list[ReviseItem]


def revise_plan(folder: Path) -> RevisePlan:
    """The sections the open prompts point at, and whether the working draft already answers."""
    folder = Path(folder)
    case = store.load_case(folder)
    hist = history(folder)
    revisions = [e.revision for e in hist.entries]
    if not revisions:
        raise CaseError(
            f"{folder}: {NOTHING_SUBMITTED}; 'poa submit {folder}' freezes the first revision"
        )
    replied = next((r for r in reversed(revisions) if r.reply is not None), None)
    if replied is None:
        raise CaseError(
            f"no reply recorded yet for revision {revisions[-1].number};"
            f" record it with 'poa reply {folder} reply.txt'"
        )
    kind = replied.reply.get("kind") if replied.reply else None
    draft = view_of_case(case, dt.date.today())
    views = {r.number: view_of(r) for r in revisions}
    by_section: dict[str, ReviseItem] = {}
    fields = settings()["section_fields"]
    latest_open: dict[str, tuple[int, PromptStatus]] = {}
    for number, prompt in hist.open_prompts:
        latest_open[prompt.id] = (number, prompt)
    for number, prompt in latest_open.values():
        item = by_section.setdefault(
            prompt.section,
            ReviseItem(prompt.section, [], list(fields.get(prompt.section, [])), True),
        )
        item.prompts.append(prompt)
        done = addresses(prompt.id, prompt.section, views[number], draft)
        item.done_in_draft = item.done_in_draft and done
    order = [s["id"] for s in knowledge.section_specs()]
    # A section a hand-edited meta.yaml names that poa does not know goes last, not a crash.
    rank = {sid: n for n, sid in enumerate(order)}
    items = sorted(by_section.values(), key=lambda i: rank.get(i.section, len(order)))
    return RevisePlan(len(revisions) + 1, replied, kind, items)
