"""Reply: record Amazon's reply against the latest revision (only ``meta.yaml`` and
``reply.txt`` of a revision change after it is submitted, and as one change)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from poa.case import store
from poa.errors import CaseError
from poa.files import atomic
from poa.files import lock as caselock
from poa.inbox import feedback
from poa.revisions.folder import META, NOTHING_SUBMITTED, REPLY, Revision, list_revisions


@dataclass
class ReplyResult:
    revision: Revision
    analysis: feedback.MessageAnalysis


def record_reply(
    folder: Path, text: str, now: dt.datetime | None = None, *, replace: bool = False
) -> ReplyResult:
    """Record Amazon's reply against the latest submitted revision."""
    folder = Path(folder)
    store.load_case(folder)  # a clear error when CASE is not a case folder
    with caselock.locked(folder):
        return _record_reply(folder, text, now, replace=replace)


def _record_reply(
    folder: Path, text: str, now: dt.datetime | None, *, replace: bool
) -> ReplyResult:
    revisions = list_revisions(folder)
    if not revisions:
        raise CaseError(
            f"{folder}: {NOTHING_SUBMITTED}; run 'poa submit {folder}' first,"
            " then record Amazon's reply to it"
        )
    latest = revisions[-1]
    previous = latest.reply
    # An acknowledgement ("we have received your appeal") asks nothing and decides nothing:
    # the real reply that follows may take its place without --replace.
    acknowledgement = previous is not None and previous.get("kind") == "other"
    if previous is not None and not (replace or acknowledgement):
        raise CaseError(
            f"revision {latest.number} already has a reply ({previous.get('kind')});"
            f" submit the next revision first, or use --replace to correct it"
        )
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    analysis = feedback.analyze(text)
    meta = dict(latest.meta)
    if previous is not None:  # keep what it replaces: nothing recorded is lost
        earlier = list(meta.get("earlier_replies") or [])
        earlier.append({**previous, "text": latest.reply_text or ""})
        meta["earlier_replies"] = earlier
    meta["reply"] = {
        "received_at": now.isoformat(),
        "kind": analysis.kind,
        "violation": analysis.violation,
        "prompts": [{"id": p.id, "section": p.section, "quote": p.quote} for p in analysis.prompts],
        "deadline": analysis.deadline.text if analysis.deadline else None,
    }
    body = text if text.endswith("\n") else text + "\n"
    rewrite_revision(latest.path, {REPLY: body, META: store.dump_yaml(meta)})
    latest.meta = meta
    return ReplyResult(latest, analysis)


def rewrite_revision(path: Path, files: dict[str, str]) -> None:
    """Replace files of a revision folder as one change: all of them or none.

    A full copy of the folder gets the new files, then two renames swap it in. A run killed
    between the renames leaves ``.NNN.old.<pid>.swap.tmp`` without ``NNN``; the next command
    that changes the case puts it back (poa.files.lock.clean_leftovers), so the revision is the
    old one or the new one, never a new reply.txt beside the old meta.yaml.
    """
    pid = os.getpid()
    new = path.with_name(f".{path.name}.new.{pid}.swap.tmp")
    old = path.with_name(f".{path.name}.old.{pid}.swap.tmp")
    try:
        shutil.copytree(path, new, symlinks=True)
        for name, text in files.items():
            atomic.write_text(new / name, text)
        os.rename(path, old)
        try:
            os.rename(new, path)
        except BaseException:
            os.rename(old, path)
            raise
    except OSError as exc:
        shutil.rmtree(new, ignore_errors=True)
        raise CaseError(f"{path}: cannot record the reply: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
