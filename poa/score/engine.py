"""Running the rules of ``sections/rules/`` over a parsed draft: the units a rule reads (match,
sentence, point, section, document), one function per rule type, and the registry of every rule.

What a rule is and how its file entry is loaded and checked is ``poa.score.rules``; the named
checks of ``structure`` and ``case`` rules are ``poa.score.checks``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator

import poa.score.checks  # noqa: F401  (registers the named checks)
from poa.errors import PoaError
from poa.score import data
from poa.score.report import SEVERITIES, Finding
from poa.score.rules import CHECKS, Checker, Context, Rule, _build, words_regex
from poa.score.sections import Document, Span, is_table_row
from poa.text.facts import has_facts
from poa.text.words import count_words

__all__ = [
    "CHECKS",
    "TYPES",
    "Context",
    "Finding",
    "Rule",
    "_build",
    "count_words",
    "registry",
    "rule",
    "rule_type",
    "run",
    "sort_findings",
    "units",
    "words_regex",
]


# ---- units -----------------------------------------------------------------------------------


def _section_span(doc: Document, section: str) -> Span | None:
    sec = doc.sections.get(section)
    if not sec or not sec.lines:
        return None
    first, last = sec.lines[0], sec.lines[-1]
    start = doc.line_starts[first]
    end = doc.line_starts[last] + len(doc.lines[last])
    return Span(start, end, doc.text[start:end], section, first + 1, 1)


def units(ctx: Context, rule: Rule) -> Iterator[Span]:
    doc = ctx.doc
    if rule.unit == "sentence":  # a table's rows are cells, not a sentence to read
        yield from (
            s for s in doc.sentences if rule.in_scope(s.section) and not is_table_row(s.text)
        )
    elif rule.unit == "point":
        yield from (p for p in doc.points if rule.in_scope(p.section))
    elif rule.unit == "section":
        for sid in doc.sections:
            span = _section_span(doc, sid)
            if span and rule.in_scope(sid):
                yield span
    else:  # match / document: the whole text, filtered by scope per match
        yield Span(0, len(doc.text), doc.text, "", 1, 1)


def _locate(ctx: Context, start: int, end: int) -> Span:
    line, column = ctx.doc.position(start)
    return Span(start, end, ctx.doc.text[start:end], ctx.doc.section_at(start), line, column)


# ---- rule types ------------------------------------------------------------------------------

TYPES: dict[str, Checker] = {}


def rule_type(name: str) -> Callable[[Checker], Checker]:
    def register(fn: Checker) -> Checker:
        TYPES[name] = fn
        return fn

    return register


def _section_allows(rule: Rule, ctx: Context) -> Callable[[str], bool]:
    """Whether the rule may report in a section: False where ``unless_section`` matches the
    section's whole text (a prevention section that reports measures in place)."""
    unless = rule.pattern("unless_section")
    if unless is None:
        return lambda section: True
    verdict: dict[str, bool] = {}

    def allows(section: str) -> bool:
        if section not in verdict:
            verdict[section] = not unless.search(ctx.doc.section_text(section))
        return verdict[section]

    return allows


def _matches(rule: Rule, ctx: Context, regex: re.Pattern[str]) -> Iterator[Finding]:
    """One pass of ``regex`` over the text; each hit is reported in the rule's unit.

    ``when`` (context the unit must hold, e.g. a buyer for a phone number) and ``unless``
    (context that clears it) are read in the sentence or point around the hit.
    """
    unless = rule.pattern("unless")
    when = rule.pattern("when")
    allow = {a.lower() for a in rule.params.get("allow", [])}
    allows = _section_allows(rule, ctx)
    doc = ctx.doc
    if rule.unit in ("section", "document"):
        yield from _matches_in_units(rule, ctx, regex, unless, allow)
        return
    spans = doc.points if rule.unit == "point" else doc.sentences
    starts = [u.start for u in spans]
    seen: set[int] = set()
    for m in regex.finditer(doc.text):
        text = m.group(0).strip()
        if not text or text.lower() in allow or doc.is_heading(m.start()):
            continue
        index = bisect.bisect_right(starts, m.start()) - 1
        unit = spans[index] if 0 <= index < len(spans) and m.start() < spans[index].end else None
        if rule.unit == "match":
            span = _locate(ctx, m.start(), m.end())
            if not rule.in_scope(span.section) or not allows(span.section):
                continue
            if unless is not None and unit is not None and unless.search(unit.text):
                continue
            if when is not None and (unit is None or not when.search(unit.text)):
                continue
            yield rule.finding(ctx, span, m.group(0))
            continue
        if unit is None or index in seen or not rule.in_scope(unit.section):
            continue
        seen.add(index)
        if unless is not None and unless.search(unit.text):
            continue
        if when is not None and not when.search(unit.text):
            continue
        if not allows(unit.section):
            continue
        yield rule.finding(ctx, unit)


def _matches_in_units(
    rule: Rule,
    ctx: Context,
    regex: re.Pattern[str],
    unless: re.Pattern[str] | None,
    allow: set[str],
) -> Iterator[Finding]:
    doc = ctx.doc
    for unit in units(ctx, rule):
        if unless is not None and unless.search(unit.text):
            continue
        for m in regex.finditer(doc.text, unit.start, unit.end):
            text = m.group(0).strip()
            if not text or text.lower() in allow or doc.is_heading(m.start()):
                continue
            span = _locate(ctx, m.start(), m.end())
            if rule.in_scope(span.section):
                yield rule.finding(ctx, unit if rule.unit != "document" else span)
                break


@rule_type("existence")
def _existence(rule: Rule, ctx: Context) -> Iterator[Finding]:
    yield from _matches(rule, ctx, rule.regex)


@rule_type("pattern")
def _pattern(rule: Rule, ctx: Context) -> Iterator[Finding]:
    yield from _matches(rule, ctx, rule.regex)


@rule_type("tense")
def _tense(rule: Rule, ctx: Context) -> Iterator[Finding]:
    yield from _matches(rule, ctx, rule.regex)


@rule_type("absence")
def _absence(rule: Rule, ctx: Context) -> Iterator[Finding]:
    when = rule.pattern("when")
    for unit in units(ctx, rule):
        if rule.unit in ("section", "document"):
            body = _without_headings(ctx.doc, unit)
        else:
            body = unit.text
        if not body.strip():
            continue
        if when is not None and not when.search(body):
            continue
        if not rule.regex.search(body):
            yield rule.finding(ctx, unit if rule.unit != "document" else None, excerpt="")


def _without_headings(doc: Document, unit: Span) -> str:
    first = doc.position(unit.start)[0] - 1
    last = doc.position(max(unit.end - 1, unit.start))[0] - 1
    return "\n".join(
        doc.lines[i]
        for i in range(first, last + 1)
        if i not in doc.heading_lines and doc.line_section[i] not in ("closing", "orders")
    )


def _measure(doc: Document, unit: Span, measure: str, whole: bool) -> int:
    if measure == "words":
        return count_words(_without_headings(doc, unit) if whole else unit.text)
    points = [p for p in doc.points if unit.start <= p.start < unit.end or unit.start == p.start]
    if measure == "points":
        return len(points)
    if measure == "numbered":
        return sum(1 for p in points if p.numbered)
    raise PoaError(f"unknown measure {measure!r} in a scoring rule")


@rule_type("metric")
def _metric(rule: Rule, ctx: Context) -> Iterator[Finding]:
    measure = rule.params["measure"]
    low, high = rule.params.get("min"), rule.params.get("max")
    for unit in units(ctx, rule):
        if rule.unit == "document":
            unit = Span(0, len(ctx.doc.text), ctx.doc.body_text(), "", 1, 1)
        value = _measure(ctx.doc, unit, measure, rule.unit == "section")
        if (high is not None and value > high) or (low is not None and value < low):
            where = None if rule.unit == "document" else unit
            yield rule.finding(ctx, where, value=value, min=low, max=high)


@rule_type("specifics")
def _specifics(rule: Rule, ctx: Context) -> Iterator[Finding]:
    kinds = rule.params["kinds"]
    need = int(rule.params.get("min", 1))
    for unit in units(ctx, rule):
        body = _without_headings(ctx.doc, unit)
        if not body.strip():
            continue
        if not has_facts(body, kinds, need):
            yield rule.finding(ctx, unit)


@rule_type("structure")
def _structure(rule: Rule, ctx: Context) -> Iterator[Finding]:
    yield from CHECKS[rule.params["check"]](rule, ctx)


@rule_type("case")
def _case(rule: Rule, ctx: Context) -> Iterator[Finding]:
    yield from CHECKS[rule.params["check"]](rule, ctx)


@functools.cache
def registry() -> tuple[Rule, ...]:
    """Every rule, in file order; ids are unique."""
    rules: list[Rule] = []
    seen: set[str] = set()
    for family, content in data.rule_files():
        for raw in (content or {}).get("rules", []):
            rule = _build(family, raw, f"sections/rules/{family}.yaml")
            if rule.id in seen:
                raise PoaError(f"scoring rule {rule.id} is defined twice")
            seen.add(rule.id)
            rules.append(rule)
    return tuple(rules)


def rule(rule_id: str) -> Rule:
    found = next((r for r in registry() if r.id == rule_id), None)
    if found is None:
        raise PoaError(f"no scoring rule {rule_id}")
    return found


def run(ctx: Context, rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    """Run rules over a parsed draft; findings sorted by position, one per rule and place."""
    findings: list[Finding] = []
    seen: set[tuple[str, int | None, int | None, str | None, str]] = set()
    for r in rules if rules is not None else registry():
        if (ctx.answer and not r.answer) or not r.for_violation(ctx) or not r.applies(ctx):
            continue
        for f in TYPES[r.type](r, ctx):
            key = (f.rule, f.line, f.column, f.section, f.excerpt)
            if key not in seen:
                seen.add(key)
                findings.append(f)
    return sort_findings(findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """By position in the text (whole-plan findings last), then severity and rule."""
    order = {s: n for n, s in enumerate(SEVERITIES)}
    return sorted(
        findings, key=lambda f: (f.line or 10**9, f.column, order.get(f.severity, 9), f.rule)
    )
