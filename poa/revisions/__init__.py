"""Submitted revisions and Amazon's replies to them: the ``revisions/NNN/`` folders of a case.

A revision is frozen when submitted (``appeal.md`` and ``case.yaml`` are never rewritten; the
folder is written under a temporary name and renamed into place). Only ``meta.yaml`` changes
afterwards, when Amazon's reply is recorded. Whether a later revision addressed a prompt is
derived when the history is read, never stored, so a better rule applies to old cases too.

The rule: a prompt Amazon sent in reply to revision N is addressed by the first later revision M
whose section the prompt points at changed and holds more specifics (order IDs, ASINs, dates,
percentages, amounts, durations, numbers, owners, frequencies, as counted by
:func:`poa.text.facts.count_specifics`) than revision N's; for ``evidence`` and ``invoices``,
the first later revision with more evidence items than revision N.

One module per concern: ``folder`` (reading the folder, damage checks), ``submit``, ``reply``,
``split`` (old appeals by section), ``addressed`` (the rule above) and ``history`` (history,
diff, revise).
"""

from __future__ import annotations

from poa.revisions.addressed import (
    PromptStatus,
    SectionView,
    addresses,
    content_of,
    view_of,
    view_of_case,
)
from poa.revisions.folder import (
    APPEAL,
    CASE,
    ENDINGS,
    EVIDENCE_PROMPTS,
    META,
    NOTHING_SUBMITTED,
    REPLY,
    REVISIONS_DIR,
    Revision,
    list_revisions,
    revisions_path,
    settings,
    stray_files,
)
from poa.revisions.history import (
    DRAFT,
    History,
    HistoryEntry,
    ReviseItem,
    RevisePlan,
    diff,
    history,
    revise_plan,
)
from poa.revisions.reply import ReplyResult, record_reply, rewrite_revision
from poa.revisions.split import split_appeal
from poa.revisions.submit import SubmitResult, appeal_markdown, similarity, submit

__all__ = [
    "APPEAL",
    "CASE",
    "DRAFT",
    "ENDINGS",
    "EVIDENCE_PROMPTS",
    "META",
    "NOTHING_SUBMITTED",
    "REPLY",
    "REVISIONS_DIR",
    "History",
    "HistoryEntry",
    "PromptStatus",
    "ReplyResult",
    "ReviseItem",
    "RevisePlan",
    "Revision",
    "SectionView",
    "SubmitResult",
    "addresses",
    "appeal_markdown",
    "content_of",
    "diff",
    "history",
    "list_revisions",
    "record_reply",
    "revise_plan",
    "revisions_path",
    "rewrite_revision",
    "settings",
    "similarity",
    "split_appeal",
    "stray_files",
    "submit",
    "view_of",
    "view_of_case",
]
