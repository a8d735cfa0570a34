"""Named checks for rules that need the whole plan, the case's links or Amazon's notice.

The rules that use them (type ``structure`` or ``case``) still live in ``sections/rules/``
with their messages, severities and examples; only the mechanism is here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from poa import knowledge
from poa.score.report import Finding
from poa.score.rules import Context, Rule, named_check
from poa.score.sections import REQUIRED, Span
from poa.text import ids
from poa.text.points import is_bullet


@named_check("required-sections")
def required_sections(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """Each of the three required sections is present and has text of its own."""
    for sid in REQUIRED:
        sec = ctx.doc.sections.get(sid)
        if sec is None or not sec.present:
            where = None
            if sec is not None and sec.heading_line:
                where = Span(0, 0, sec.title, sid, sec.heading_line, 1)
            finding = rule.finding(ctx, where, section=knowledge.section_titles()[sid])
            finding.section = sid
            yield finding


@named_check("numbered-points")
def numbered_points(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """A required section of several sentences should come as numbered points."""
    least = int(rule.params.get("min_sentences", 3))
    # Prose paragraphs under clear headings read well as they are: there only a section that
    # is one block of sentences is flagged.
    headed = ctx.doc.headed
    for sid in REQUIRED:
        points = [p for p in ctx.doc.points if p.section == sid]
        sentences = [s for s in ctx.doc.sentences if s.section == sid]
        if headed and len(points) > 1:
            continue
        if len(sentences) >= least + headed and not any(p.numbered for p in points):
            yield rule.finding(ctx, points[0] if points else None)


def _root_cause_points(ctx: Context) -> list[Span]:
    points = [p for p in ctx.doc.points if p.section == "root_cause"]
    numbered = [p for p in points if p.numbered]
    return numbered or points


_CAUSE_REF = re.compile(r"\broot cause (\d{1,2})\b", re.IGNORECASE)


@named_check("unanswered-root-cause")
def unanswered_root_cause(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """Every root cause has a corrective action and a preventive step of its own.

    For a case the links say so (``root_causes: [rc1]``). For free text the plan's numbered
    points are compared: three root causes need at least three actions and three steps, and a
    point that refers to "root cause 2" answers that cause.
    """
    if ctx.case is not None:
        points = _root_cause_points(ctx)
        for n, rc in enumerate(ctx.case.root_causes):
            missing = []
            if not ctx.case.actions_for(rc.id):
                missing.append("corrective action")
            if not ctx.case.measures_for(rc.id):
                missing.append("preventive step")
            if missing:
                where = points[n] if n < len(points) else None
                label = rc.title or rc.what or rc.id
                yield rule.finding(
                    ctx, where, excerpt=label, what=" or ".join(missing), number=n + 1
                )
        return
    # Free text: only numbered lists (or answers that say "root cause 2") are compared.
    # Prose paragraphs may answer two causes in one, and a table's rows are not causes.
    # Causes are numbered items (1., I., a)): bullets in a root cause are as often the orders
    # or examples it lists as causes of their own.
    causes = [
        p
        for p in ctx.doc.points
        if p.section == "root_cause" and p.numbered and not is_bullet(p.text)
    ]
    if len(causes) < 2:
        return
    for sid, what in (
        ("corrective_actions", "corrective action"),
        ("preventive_measures", "preventive step"),
    ):
        # Every listed item may answer a cause (bullets under a numbered answer only make
        # the list longer, so no cause is flagged by mistake).
        answers = [p for p in ctx.doc.points if p.section == sid and p.numbered]
        labels = [{int(n) for n in _CAUSE_REF.findall(p.text)} for p in answers]
        refs = set().union(*labels) if labels else set()
        # An answer that names no cause may answer any one of them.
        free = sum(1 for found in labels if not found)
        unanswered = [n for n in range(1, len(causes) + 1) if n not in refs]
        if not answers:
            continue
        for n in unanswered[free:]:
            yield rule.finding(ctx, causes[n - 1], what=what, number=n)


@named_check("notice-ids")
def notice_ids(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """Order IDs and ASINs that Amazon's notice names must appear in the plan."""
    if not ctx.notice_text:
        return
    plan = ids.fold(ctx.doc.text)
    have = set(ids.find_order_ids(plan)) | set(ids.find_asins(plan))
    named = list(
        dict.fromkeys(ids.find_order_ids(ctx.notice_text) + ids.find_asins(ctx.notice_text))
    )
    for value in named:
        if value not in have:
            kind = "ASIN" if value.startswith("B0") else "order"
            yield rule.finding(ctx, None, excerpt=value, id=value, kind=kind)
