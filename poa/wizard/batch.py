"""Answers given all at once (``poa new --answers``): nothing is left to ask.

Answers the shared checks object to are recorded as flagged (nobody was asked to improve them),
so the closing summary lists them as thin, with the reason.
"""

from __future__ import annotations

from pathlib import Path

from poa.case import store
from poa.case.model import Case
from poa.wizard.fields import get_value
from poa.wizard.progress import Progress, save_progress
from poa.wizard.prompt import CheckFn, finding_messages, no_check
from poa.wizard.questions import Question, load_flow


def mark_all_answered(folder: Path, check: CheckFn = no_check, lang: str = "en") -> Progress:
    """After --answers: nothing left to ask; answers the checks object to are flagged."""
    case = store.load_case(folder)
    flow = load_flow(case.violation.value, lang)
    progress = Progress(lang=lang, finished=True)
    for sec in flow.sections:
        if sec.loop is None:
            progress.answered.update(q.key for q in sec.questions)
            for q in sec.questions:
                value = get_value(case, q)
                if q.check and isinstance(value, str) and value:
                    _record(progress, q.key, case, q, value, check)
            continue
        progress.done.add(sec.id)
        for item in getattr(case, sec.loop):
            for q in sec.questions:
                key = f"{item.id}.{q.id}"
                progress.answered.add(key)
                value = getattr(item, q.field)
                if q.check and isinstance(value, str) and value:
                    _record(progress, key, case, q, value, check)
    save_progress(folder, progress)
    return progress


def _record(
    progress: Progress, key: str, case: Case, q: Question, text: str, check: CheckFn
) -> None:
    found = check(q.check or q.section, text, case.violation.value)
    problems = finding_messages(found, q.ignore, q.only)
    if problems:
        progress.flagged[key] = problems
