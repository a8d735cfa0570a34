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
    rules: list[str] = field(default_factory=list)  # the rule id of each problem, same order
    choices: list[tuple[str, str]] = field(default_factory=list)
    step: int = 0  # for "section": its place in the flow, of ``steps``
    steps: int = 0


_FULL_STOPS = ("。", "！", "？", "）")  # Chinese full stop, !, ?, )

AskFn = Callable[[Prompt], str]
CheckFn = Callable[[str, str, str], Sequence[Any]]


def no_check(section: str, text: str, violation: str = "other") -> list[Any]:
    return []


def _rule_ignored(rule: str, ignore: Sequence[str]) -> bool:
    return any(rule == p or rule.startswith(p + ".") for p in ignore)


def _merge_repeats(found: list[tuple[str, str, str, str]]) -> list[tuple[str, str]]:
    """One line per rule and advice: 'Vague term ("some", "soon")' rather than two copies.

    ``found`` holds (rule, message, suggestion, excerpt). Findings of one rule with the same
    advice are one problem met several times; their excerpts are listed in the first message.
    """
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for rule, message, suggestion, excerpt in found:
        groups.setdefault((rule, suggestion), []).append((message, excerpt))
    out: list[tuple[str, str]] = []
    for (rule, suggestion), items in groups.items():
        message, excerpt = items[0]
        others = [e for _, e in items[1:] if e and e != excerpt]
        others = list(dict.fromkeys(others))
        if others and excerpt and f'"{excerpt}"' in message:
            quoted = ", ".join(f'"{e}"' for e in [excerpt, *others])
            message = message.replace(f'"{excerpt}"', quoted, 1)
        elif others:
            message = f"{message} (also: {', '.join(others)})"
        space = "" if message.endswith(_FULL_STOPS) else " "  # no space after "。" in Chinese
        line = f"{message}{space}{suggestion}".strip() if suggestion else message
        if all(line != seen for _, seen in out):
            out.append((rule, line))
    return out


def finding_problems(
    findings: Sequence[Any], ignore: Sequence[str] = (), only: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """(rule id, readable line) per problem worth showing, repeats of one problem merged.

    ``ignore``: rules (ids or dotted prefixes) left out; ``only``: when given, the rules kept.
    """
    found: list[tuple[str, str, str, str]] = []
    for f in findings:
        if getattr(f, "severity", "warning") == "info":
            continue
        rule = str(getattr(f, "rule", ""))
        if _rule_ignored(rule, ignore) or (only and not _rule_ignored(rule, only)):
            continue
        message = str(getattr(f, "message", f)).strip()
        suggestion = str(getattr(f, "suggestion", "") or "").strip()
        excerpt = str(getattr(f, "excerpt", "") or "").strip()
        found.append((rule, message, suggestion, excerpt))
    return _merge_repeats(found)


def finding_messages(
    findings: Sequence[Any], ignore: Sequence[str] = (), only: Sequence[str] = ()
) -> list[str]:
    """Readable lines from findings (anything with rule, severity, message, suggestion)."""
    return [line for _, line in finding_problems(findings, ignore, only)]
