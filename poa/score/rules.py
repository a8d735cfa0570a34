"""Rules as data, loaded into typed models: a handful of rule types in code, the rules themselves
in ``sections/rules/``.

Each ``sections/rules/<family>.yaml`` lists rules with ``name``, ``type``, ``severity``,
``message``, ``suggestion``, ``scope`` (section ids, ``plan`` or ``all``), a ``unit`` (``match``,
``sentence``, ``point``, ``section`` or ``document``) and ``examples: {flag: [...], pass: [...]}``.
The rule id is ``family.name``. Types:

- ``existence``: any of ``words`` (phrases, whole words, case-insensitive);
- ``pattern``: any of ``patterns`` (regular expressions), unless the sentence or point around
  the hit matches ``unless``, and only where it matches ``when`` (if given);
- ``tense``: ``pattern`` per sentence (future-tense promises where done work is expected);
- ``absence``: a unit that matches ``when`` (or any unit, without ``when``) but none of
  ``patterns``;
- ``metric``: a unit whose ``measure`` (words, points, numbered) is above ``max`` / below ``min``;
- ``specifics``: a section with fewer than ``min`` facts of ``kinds`` (see poa.text.facts);
- ``structure`` / ``case``: a named check (poa/score/checks.py, ``check: ...``), for what needs
  the whole plan, the case's links, or Amazon's notice.

Optional keys: ``case_sensitive``; ``allow`` (matched texts to ignore); ``anchors`` (lower-case
words one of which must occur for the rule to run at all - a cheap pre-check, kept honest by
a test that runs every text with and without it; existence rules use their ``words``);
``skip_if_ascii``; ``unless_section`` (patterns that, found anywhere in the section of a hit,
clear it: a prevention section that reports measures in place); ``answer`` (whether the
wizard's check of one answer runs the rule; by default the phrasing, tense and specifics rules
do); ``violations`` (contract violation ids: the rule runs only for a case or a wizard answer
of one of those kinds, never on a draft whose kind is unknown).

This module holds what a rule is (``Rule``, the ``Context`` it reads) and how a rule file's entry
becomes one (``_build``, rejecting unknown keys); ``poa.score.engine`` runs them, and
``poa.score.checks`` registers the named checks here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from poa.errors import PoaError
from poa.records import record
from poa.score.report import SEVERITIES, Finding
from poa.score.sections import REQUIRED, Document, Span
from poa.text import regexcache

UNITS = ("match", "sentence", "point", "section", "document")
PLAN_SECTIONS = ("summary", *REQUIRED, "evidence", "additional_info")


@record
class Context:
    """What a rule may look at: the parsed draft, plus a case and a notice when known."""

    doc: Document
    notice_text: str = ""
    case: Any = None  # poa.case.model.Case, when scoring a case folder
    answer: bool = False  # True when checking one wizard answer
    violation: str = ""  # the violation kind (contract id), when known: a case or an answer
    folded_text: str = ""  # filled on first use by ``folded``

    @property
    def folded(self) -> str:
        """The text in lower case with single spaces, for the rules' anchor words."""
        if not self.folded_text:
            self.folded_text = " ".join(self.doc.text.lower().split())
        return self.folded_text


@record
class Rule:
    id: str
    type: str
    severity: str
    message: str
    suggestion: str
    scope: tuple[str, ...]
    unit: str
    examples: dict[str, list[Any]]
    answer: bool
    params: dict[str, Any]

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def regex(self) -> re.Pattern[str]:
        """The rule's own pattern (``words`` or ``patterns``), compiled on first use."""
        cache = self.params.setdefault("_compiled", {})
        if "main" not in cache:
            if self.type == "existence":
                cache["main"] = words_regex(self.params["words"])
            else:
                sensitive = bool(self.params.get("case_sensitive"))
                cache["main"] = _regex(self.params["patterns"], sensitive)
        return cache["main"]

    def applies(self, ctx: Context) -> bool:
        """False when the text cannot hold a finding: none of the rule's ``anchors`` occurs
        in it (or, for a rule about other scripts, it is plain ASCII). Most rules never fire
        on a given plan; this spares compiling and running them."""
        if self.params.get("skip_if_ascii") and ctx.doc.text.isascii():
            return False
        anchors = self.params.get("_anchors")
        return not anchors or any(a in ctx.folded for a in anchors)

    def for_violation(self, ctx: Context) -> bool:
        """False for a rule kept for some violation kinds (``violations``) when the text is
        of another kind, or of an unknown one (a draft scored without its case)."""
        kinds = self.params.get("violations")
        return not kinds or ctx.violation in kinds

    def pattern(self, key: str) -> re.Pattern[str] | None:
        """The rule's ``unless`` or ``when`` patterns, compiled on first use (most runs never
        reach them, and compiling is a large part of a short run)."""
        cache = self.params.setdefault("_compiled", {})
        if key not in cache:
            cache[key] = _regex(self.params[key]) if self.params.get(key) else None
        return cache[key]

    def in_scope(self, section: str) -> bool:
        if "all" in self.scope:
            return True
        if "plan" in self.scope:
            return section in PLAN_SECTIONS
        return section in self.scope

    def finding(self, ctx: Context, span: Span | None, excerpt: str = "", **fmt: Any) -> Finding:
        line, column, section = (span.line, span.column, span.section) if span else (0, 0, "")
        text = excerpt or (span.text if span else "")
        text = " ".join(text.split())
        if len(text) > 90:
            text = text[:87] + "..."
        return Finding(
            rule=self.id,
            severity=self.severity,
            section=section,
            line=line,
            column=column,
            excerpt=text,
            message=self.message.format_map(_Fields(fmt, excerpt=text)),
            suggestion=self.suggestion.format_map(_Fields(fmt, excerpt=text)),
        )


class _Fields(dict):  # type: ignore[type-arg]
    """Message fields; an unknown {name} stays as written."""

    def __init__(self, values: dict[str, Any], **more: Any) -> None:
        super().__init__({**more, **values})

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _regex(patterns: list[str], case_sensitive: bool = False) -> re.Pattern[str]:
    flags = 0 if case_sensitive else re.IGNORECASE
    return regexcache.any_of(patterns, flags)


def words_regex(words: list[str]) -> re.Pattern[str]:
    """Whole words or phrases; spaces in a phrase match any run of white space."""
    alts = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return regexcache.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


# ---- named checks ----------------------------------------------------------------------------

Checker = Callable[[Rule, Context], Iterator[Finding]]
# Filled by poa.score.checks when it is imported (poa.score.engine imports it).
CHECKS: dict[str, Checker] = {}


def named_check(name: str) -> Callable[[Checker], Checker]:
    def register(fn: Checker) -> Checker:
        CHECKS[name] = fn
        return fn

    return register


# ---- loading ---------------------------------------------------------------------------------

_DEFAULT_UNIT = {"tense": "sentence", "absence": "point", "metric": "document"}
_ANSWER_TYPES = {"existence", "pattern", "tense", "absence", "specifics"}


_COMMON_KEYS = frozenset(
    {
        "name", "type", "severity", "message", "suggestion", "scope", "unit", "examples",
        "anchors", "answer", "violations", "case_sensitive", "skip_if_ascii", "allow",
        "message_zh", "suggestion_zh",
    }
)  # fmt: skip
_TYPE_KEYS = {
    "existence": {"words"},
    "pattern": {"patterns", "unless", "when", "unless_section"},
    "tense": {"patterns", "unless", "when", "unless_section"},
    "absence": {"patterns", "when"},
    "metric": {"measure", "min", "max"},
    "specifics": {"kinds", "min"},
    "structure": {"check", "min_sentences"},
    "case": {"check"},
}


def _unknown_keys(raw: dict[str, Any], kind: str, source: str) -> None:
    """A misspelt key is an error naming the file, the line and the key meant (as Vale and
    proselint reject what they do not understand), never a setting silently ignored."""
    allowed = _COMMON_KEYS | _TYPE_KEYS.get(kind, set())
    for key in raw:
        if key in allowed:
            continue
        from poa.files import datakeys  # only for a key to name: not on every run

        line = _key_line(source, str(raw.get("name", "")), str(key))
        where = f"line {line}: " if line else ""
        raise ValueError(f"{where}{datakeys.unknown_key(key, allowed)}")


def _key_line(source: str, name: str, key: str) -> int:
    """The line of ``key`` in the rule ``name`` of ``source``, for the error message (0 when
    the file cannot be read: the message still names the file and the key)."""
    from poa import knowledge

    try:
        path = knowledge.sections_dir() / source.removeprefix("sections/")
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    start = next(
        (i for i, t in enumerate(lines) if re.match(rf"\s*-\s*name:\s*{re.escape(name)}\s*$", t)),
        -1,
    )
    for i in range(start + 1, len(lines)):
        if re.match(r"\s*-\s*name:", lines[i]):
            break
        if re.match(rf"\s*{re.escape(key)}\s*:", lines[i]):
            return i + 1
    return start + 1 if start >= 0 else 0


def _build(family: str, raw: dict[str, Any], source: str) -> Rule:
    try:
        name = raw["name"]
        kind = raw["type"]
        rule_id = f"{family}.{name}"
        severity = raw.get("severity", "warning")
        if severity not in SEVERITIES:
            raise ValueError(f"severity {severity!r} is not one of {', '.join(SEVERITIES)}")
        if kind not in _TYPE_KEYS:
            raise ValueError(f"type {kind!r} is not one of {', '.join(sorted(_TYPE_KEYS))}")
        _unknown_keys(raw, kind, source)
        unit = raw.get("unit", _DEFAULT_UNIT.get(kind, "match"))
        if unit not in UNITS:
            raise ValueError(f"unit {unit!r} is not one of {', '.join(UNITS)}")
        scope = raw.get("scope", ["all"])
        params = {
            k: v
            for k, v in raw.items()
            if k not in ("name", "type", "severity", "message", "suggestion", "scope", "unit")
        }
        if kind == "existence":
            params["_anchors"] = tuple(" ".join(w.lower().split()) for w in raw["words"])
        elif raw.get("anchors"):
            params["_anchors"] = tuple(str(a).lower() for a in raw["anchors"])
        if raw.get("violations") is not None:
            kinds = raw["violations"]
            params["violations"] = tuple([kinds] if isinstance(kinds, str) else map(str, kinds))
        if kind in ("pattern", "tense", "absence") and not raw.get("patterns"):
            raise ValueError("no patterns")
        if kind in ("structure", "case") and raw.get("check") not in CHECKS:
            raise ValueError(f"check {raw.get('check')!r} is not one of {', '.join(CHECKS)}")
        answer_default = kind in _ANSWER_TYPES and unit != "document"
        return Rule(
            id=rule_id,
            type=kind,
            severity=severity,
            message=raw["message"].strip(),
            suggestion=str(raw.get("suggestion", "")).strip(),
            scope=tuple([scope] if isinstance(scope, str) else scope),
            unit=unit,
            examples=dict(raw.get("examples") or {}),
            answer=bool(raw.get("answer", answer_default)),
            params=params,
        )
    except (KeyError, ValueError, re.error) as exc:
        label = raw.get("name", "?") if isinstance(raw, dict) else "?"
        raise PoaError(f"scoring rule {family}.{label} in {source} is invalid: {exc}") from exc
