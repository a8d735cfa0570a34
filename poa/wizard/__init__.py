"""The guided wizard: declarative questions (``sections/questions/``) run by an engine.

The engine takes an ``ask`` function (terminal, script, test) and a ``check`` function (the
shared answer checks), so the same flow serves people, ``--answers`` files and tests.
"""

from __future__ import annotations

from poa.wizard.batch import mark_all_answered
from poa.wizard.engine import Wizard
from poa.wizard.localize import localized
from poa.wizard.progress import Progress, load_progress, save_progress
from poa.wizard.prompt import (
    AskFn,
    CheckFn,
    Prompt,
    finding_messages,
    finding_problems,
    no_check,
)
from poa.wizard.questions import LANGUAGES, load_flow, section_ids
from poa.wizard.summary import Summary, summarize

__all__ = [
    "LANGUAGES",
    "AskFn",
    "CheckFn",
    "Progress",
    "Prompt",
    "Summary",
    "Wizard",
    "default_check",
    "finding_messages",
    "finding_problems",
    "load_flow",
    "load_progress",
    "mark_all_answered",
    "no_check",
    "save_progress",
    "section_ids",
    "summarize",
]


def default_check(lang: str = "en") -> CheckFn:
    """The shared answer checks (the scorer's rules), or none where the scorer is absent;
    their findings in ``lang`` (the wizard's language) where the rules say it."""
    try:
        from poa.score import check_answer
    except ImportError:
        return no_check
    return localized(check_answer, lang)
