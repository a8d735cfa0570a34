"""What passes between the wizard engine and whoever answers: prompts, answers, findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from poa.wizard.questions import Flow, Question, Section


@dataclass
class Prompt:
    """What the engine wants from the person (or script) answering.

    kind: "section" (a new step starts; return value ignored), "note" (information; ignored),
    "question" (return the answer; "" keeps ``default``), "challenge" (``problems`` with the
    answer ``default``; return a better answer, or "" to keep it), "confirm" (return yes/no).
    """

    kind: str
    key: str = ""
    text: str = ""
    flow: Flow | None = None
    section: Section | None = None
    question: Question | None = None
    item_label: str = ""
    default: str = ""
    error: str = ""
    problems: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)
    step: int = 0  # for "section": its place in the flow, of ``steps``
    steps: int = 0


AskFn = Callable[[Prompt], str]
CheckFn = Callable[[str, str, str], Sequence[Any]]


def no_check(section: str, text: str, violation: str = "other") -> list[Any]:
    return []


def _rule_ignored(rule: str, ignore: Sequence[str]) -> bool:
    return any(rule == p or rule.startswith(p + ".") for p in ignore)


def finding_messages(findings: Sequence[Any], ignore: Sequence[str] = ()) -> list[str]:
    """Readable lines from findings (anything with rule, severity, message, suggestion)."""
    out = []
    for f in findings:
        if getattr(f, "severity", "warning") == "info":
            continue
        if _rule_ignored(str(getattr(f, "rule", "")), ignore):
            continue
        message = str(getattr(f, "message", f)).strip()
        suggestion = str(getattr(f, "suggestion", "") or "").strip()
        line = f"{message} {suggestion}".strip() if suggestion else message
        if line not in out:
            out.append(line)
    return out
