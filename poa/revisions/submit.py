"""Submit: freeze the working case as the next revision (the folder is written under a temporary
name and renamed into place; an earlier revision is never touched)."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from poa.case import store
from poa.case.model import Case
from poa.errors import CaseError, PoaError
from poa.files import atomic
from poa.files import lock as caselock
from poa.revisions.addressed import (
    PromptStatus,
    _prompts_of,
    addresses,
    view_of,
    view_of_case,
)
from poa.revisions.folder import (
    APPEAL,
    CASE,
    ENDINGS,
    META,
    Revision,
    _damaged,
    list_revisions,
    revisions_path,
    settings,
)


@dataclass
class SubmitResult:
    revision: Revision
    score: int | None
    similarity: float | None
    similar_warning: bool
    unanswered_previous: bool
    previous_reply_kind: str | None = None
    # Prompts of Amazon's latest reply that this revision does not address (by the rule of
    # history), whatever the similarity: each is a likely reason for the same reply again.
    unaddressed: list[PromptStatus] = field(default_factory=list)
    replied_number: int | None = None


def appeal_markdown(case: Case, today: dt.date) -> str:
    """The text a revision freezes: the Markdown export of the case on that day."""
    from poa.export.markdown import to_markdown
    from poa.render import render_plan

    return to_markdown(render_plan(case, today))


def _body(text: str) -> str:
    """Appeal text without the date line, so two days' exports of one plan compare equal."""
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith("**Date:**"))


def similarity(a: str, b: str) -> float:
    """0-1: how alike two appeal texts are (difflib ratio over lines, then characters)."""
    matcher = difflib.SequenceMatcher(None, _body(a), _body(b), autojunk=False)
    return round(matcher.ratio(), 3)


def _score(folder: Path, case: Case, today: dt.date) -> tuple[int | None, list[str] | None]:
    """The scorer's grade and predicted prompts; None when the case cannot be scored.

    A problem poa reports as a one-line error (a ``PoaError``, e.g. a rules file it cannot read)
    leaves the revision unscored rather than blocking the submit; any other exception is a bug
    and is not hidden. Imported here: the scorer is not needed to read revisions.
    """
    from poa.score import score_case

    try:
        report = score_case(case, target=str(folder), today=today)
    except PoaError:
        return None, None
    return int(report.score), [str(p) for p in report.predicted_prompts]


def submit(folder: Path, now: dt.datetime | None = None) -> SubmitResult:
    """Freeze the working case as the next revision (never touches an earlier one)."""
    store.load_case(folder)  # a missing or damaged case is reported before any waiting
    with caselock.locked(Path(folder)):
        return _submit(Path(folder), now)


def _submit(folder: Path, now: dt.datetime | None) -> SubmitResult:
    folder = Path(folder)
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    case = store.load_case(folder)
    revisions = list_revisions(folder)
    number = len(revisions) + 1
    text = appeal_markdown(case, now.date())
    previous = revisions[-1] if revisions else None
    ratio = similarity(previous.appeal_text, text) if previous else None
    score, predicted = _score(folder, case, now.date())
    threshold = float(settings().get("similarity_warning", 0.9))
    meta: dict[str, Any] = {
        "number": number,
        "submitted_at": now.isoformat(),
        "score": score,
        "predicted_prompts": predicted,
        "similarity_to_previous": ratio,
        "reply": None,
    }
    root = revisions_path(folder)
    target = root / f"{number:03d}"
    if target.exists():
        raise _damaged(folder, f"{target.name} already exists")
    made_root = not root.exists()
    try:
        root.mkdir(exist_ok=True)
        # The pid in the name tells a killed run's leftover from a live one (poa.files.lock).
        prefix = f".{number:03d}.{os.getpid()}."
        tmp = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=root))
    except OSError as exc:
        _remove_if_empty(root, made_root)
        raise CaseError(f"{root}: cannot write a revision: {exc.strerror or exc}") from None
    try:
        tmp.chmod(0o755)
        atomic.write_text(tmp / APPEAL, text)
        atomic.write_text(tmp / CASE, store.case_to_yaml(case))
        atomic.write_text(tmp / META, store.dump_yaml(meta))
        if target.exists():  # another submit got there first: never replace a revision
            raise CaseError(f"{target}: revision {number} was written meanwhile; submit again")
        os.rename(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_if_empty(root, made_root)
        raise CaseError(f"{target}: cannot write the revision: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_if_empty(root, made_root)
        raise
    revision = Revision(number, target, meta)
    warn = ratio is not None and ratio >= threshold
    return SubmitResult(
        unaddressed=_unaddressed(revisions, case, now.date()),
        revision=revision,
        score=score,
        similarity=ratio,
        similar_warning=warn,
        unanswered_previous=previous is not None and previous.reply is None,
        previous_reply_kind=(previous.reply or {}).get("kind") if previous else None,
        replied_number=next((r.number for r in reversed(revisions) if r.reply is not None), None),
    )


def _remove_if_empty(root: Path, made: bool) -> None:
    """A failed first submit leaves no empty revisions/ folder behind."""
    if made:
        with contextlib.suppress(OSError):
            root.rmdir()


def _unaddressed(revisions: list[Revision], case: Case, today: dt.date) -> list[PromptStatus]:
    """The prompts of the latest reply that ``case``, submitted today, does not address."""
    replied = next((r for r in reversed(revisions) if r.reply is not None), None)
    if replied is None or replied.reply is None or replied.reply.get("kind") in ENDINGS:
        return []
    before, after = view_of(replied), view_of_case(case, today)
    return [
        PromptStatus(p["id"], p["section"], p["quote"], None)
        for p in _prompts_of(replied.reply)
        if not addresses(p["id"], p["section"], before, after)
    ]
