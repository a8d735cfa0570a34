"""Facts for the follow-up to Seller Performance: what Amazon asked, and what is new since.

The revision Amazon answered is compared with the next one (or with the working draft, when
nothing was submitted after the reply) by the rule ``poa history`` uses: a request is answered
when its section changed and holds more specifics (order IDs, dates, owners...) than before;
an evidence request, when more documents are listed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from poa import knowledge, revisions
from poa.case.model import Case
from poa.errors import CaseError
from poa.render import format_date
from poa.text import facts as specifics
from poa.text.words import and_list

MAX_KINDS = 3


def _names(spec: dict[str, Any], key: str) -> dict[str, Any]:
    return dict(spec.get(key) or {})


def _reply_date(reply: dict[str, Any], fallback: dt.date | None) -> str:
    raw = str(reply.get("received_at") or "")[:10]
    try:
        return format_date(dt.date.fromisoformat(raw))
    except ValueError:
        return format_date(fallback) if fallback else ""


def _counts(view: revisions.SectionView, section: str) -> dict[str, int]:
    return specifics.count_specifics(revisions.content_of(view.text(section)))


def _added_line(
    title: str, before: dict[str, int], after: dict[str, int], number: int, spec: dict[str, Any]
) -> str:
    names = _names(spec, "fact_names")
    grown = [k for k in specifics.KINDS if after.get(k, 0) > before.get(k, 0)]
    # A few lines: the kinds that grew most, in the usual order of kinds.
    top = sorted(grown, key=lambda k: after[k] - before.get(k, 0), reverse=True)[:MAX_KINDS]
    grown = [k for k in grown if k in top]
    parts = []
    for kind in grown:
        one, many = names.get(kind, [kind, kind])
        count = after[kind]
        parts.append(f"{count} {one if count == 1 else many} (revision {number}: {before[kind]})")
    listed = and_list(parts)
    return f"{title}: now gives {listed}."


def followup_facts(
    folder: Path, case: Case, spec: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """``replied_revision``, ``reply_date``, ``asked``, ``new_label`` and ``additions``."""
    hist = revisions.history(folder)
    entries = [e for e in hist.entries if e.revision.reply is not None]
    if not entries:
        return {}
    entry = entries[-1]
    replied = entry.revision
    reply = replied.reply or {}
    closed = {"reinstated": "a reinstatement", "final_denial": "a final denial"}
    if reply.get("kind") in closed:
        raise CaseError(
            f"Amazon's reply to revision {replied.number} is {closed[reply['kind']]};"
            " there is no plan to follow up"
        )
    later = [e.revision for e in hist.entries if e.revision.number > replied.number]
    if later:
        after = revisions.view_of(later[-1])
        new_label = str(later[-1].number)
    else:
        after = revisions.view_of_case(case, today or dt.date.today())
        new_label = f"{len(hist.entries) + 1} (attached)"
    before = revisions.view_of(replied)
    asked_names = _names(spec, "asked_names")
    titles = knowledge.section_titles()
    asked: list[str] = []
    additions: list[str] = []
    seen: set[str] = set()
    for prompt in entry.prompts:
        if prompt.id in seen:
            continue
        seen.add(prompt.id)
        asked.append(str(asked_names.get(prompt.id, asked_names.get("other", prompt.id))))
        if not revisions.addresses(prompt.id, prompt.section, before, after):
            continue
        if prompt.id in revisions.EVIDENCE_PROMPTS:
            additions.append(
                f"Evidence: {after.evidence_items} documents listed"
                f" (revision {replied.number}: {before.evidence_items})."
            )
            continue
        title = titles.get(prompt.section, prompt.section.replace("_", " ").capitalize())
        line = _added_line(
            title,
            _counts(before, prompt.section),
            _counts(after, prompt.section),
            replied.number,
            spec,
        )
        if line not in additions:
            additions.append(line)
    return {
        "replied_revision": replied.number,
        "reply_date": _reply_date(reply, replied.submitted_date),
        "asked": asked,
        "new_label": new_label,
        "additions": additions,
    }
