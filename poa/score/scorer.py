"""Score a draft: parse it, run the rules, measure it, apply the formula, predict prompts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa import knowledge
from poa.errors import InputError
from poa.files.inputs import regular_file
from poa.score import data, engine, formula, readability, specificity, substance
from poa.score.engine import Context
from poa.score.report import Finding, ScoreReport, SectionReport
from poa.score.sections import OPTIONAL, REQUIRED, Document, is_table_row, parse
from poa.text import ids
from poa.text.facts import count_specifics
from poa.text.words import count_words

if TYPE_CHECKING:
    import datetime as dt  # imported where a case is scored: a draft never needs it

MAX_BYTES = 5 * 1024 * 1024  # a .docx with its images
# Scoring time grows with the text (every rule reads all of it): about 1 s per 200,000
# characters. A plan is a few pages; 250,000 characters is over 100.
MAX_CHARS = 250_000
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_CLOSING = "(closing)"
READ_SECTIONS = ("preamble", "summary", *REQUIRED, "additional_info", "evidence")


def _readable(doc: Document, section: str | None = None) -> tuple[str, int, int]:
    """Prepared text of the sentences a reviewer reads, plus how many are long."""
    limit = data.config()["readability"]["long_sentence_words"]
    chosen = [
        s.text
        for s in doc.sentences
        if (s.section == section if section else s.section in READ_SECTIONS)
        and not is_table_row(s.text)
    ]
    long = sum(1 for s in chosen if count_words(s) > limit)
    return readability.prepare(chosen), long, len(chosen)


def substance_of(doc: Document, section: str) -> float:
    """The substance mark of one required section (see poa.score.substance)."""
    sentences = [s.text for s in doc.sentences if s.section == section and not is_table_row(s.text)]
    text = doc.section_text(section)
    counts = substance.unique_counts(text, count_specifics(text))
    features = substance.section_features(section, sentences, counts)
    return substance.section_mark(section, features) * substance.depth(count_words(text))


def _readability(doc: Document, section: str | None = None) -> tuple[dict[str, Any], float]:
    prepared, long, total = _readable(doc, section)
    figures = readability.measure(prepared)
    figures["long_sentences"] = long
    share = long / total if total else 0.0
    mark = formula.readability_mark(figures, share)
    figures["score"] = round(mark)
    return figures, mark


def _predict(
    doc: Document,
    sections: dict[str, SectionReport],
    findings: list[Finding],
    notice_text: str,
    violation: str = "",
) -> list[str]:
    fired = {f.rule for f in findings}
    text = doc.text.lower()
    notice = (notice_text or "").lower()
    out = []
    for prompt, cond in data.config()["prompts"].items():
        hit = False
        for sid in cond.get("sections", []):
            rep = sections.get(sid)
            if rep is None or not rep.present or rep.score < cond.get("section_below", 0):
                hit = True
        if fired & set(cond.get("rules", [])):
            hit = True
        if cond.get("no_facts"):
            folded = ids.fold(doc.text)
            facts = len(ids.find_order_ids(folded)) + len(ids.find_asins(folded))
            if "dates" in cond["no_facts"] and not facts:  # else dates cannot change it
                facts += count_specifics(doc.body_text())["dates"]
            if not facts:
                hit = True
        if cond.get("notice_mentions"):
            mentioned = any(p in notice for p in cond["notice_mentions"])
            mentioned = mentioned or violation in cond.get("violations", [])
            covered = any(p in text for p in cond.get("plan_lacks", []))
            hit = hit or (mentioned and not covered)
        if hit:
            out.append(prompt)
    return out


def _score(
    doc: Document, ctx: Context, target: str, extra: list[Finding] | None = None
) -> ScoreReport:
    findings = engine.run(ctx)
    if extra:
        findings = engine.sort_findings([*findings, *extra])
    sections: dict[str, SectionReport] = {}
    present: dict[str, bool] = {}
    numbered: dict[str, bool] = {}
    spec_marks = []
    for sid in (*REQUIRED, *OPTIONAL):
        sec = doc.sections.get(sid)
        body = doc.section_text(sid)
        is_present = bool(sec and sec.present and count_words(body) > 0)
        points = [p for p in doc.points if p.section == sid]
        rep = SectionReport(
            id=sid,
            title=(sec.title if sec and sec.title else knowledge.section_titles()[sid]),
            present=is_present,
            words=count_words(body),
            points=len(points),
        )
        if is_present:
            spec = specificity.measure(
                body, sid, [x.text for x in doc.sentences if x.section == sid]
            )
            figures, read_mark = _readability(doc, sid)
            rules = formula.rules_mark([f for f in findings if f.section == sid])
            rep.specificity = spec
            rep.readability = figures
            rep.score = formula.section_score(spec["score"], read_mark, rules)
        if sid in REQUIRED:
            present[sid] = is_present
            numbered[sid] = is_present and (any(p.numbered for p in points) or len(points) == 1)
            if is_present:
                spec_marks.append(rep.specificity.get("score", 0))
        if is_present or sid in REQUIRED:
            sections[sid] = rep

    body = doc.body_text()
    words = count_words(
        "\n".join(
            line
            for i, line in enumerate(doc.lines)
            if i not in doc.heading_lines and doc.line_section[i] not in ("closing", "orders")
        )
    )
    overall_read, read_mark = _readability(doc)
    if not any(present.values()):
        read_mark = 0.0  # nothing of the plan to read
    spec_all = specificity.measure(
        body, "", [x.text for x in doc.sentences if x.section in READ_SECTIONS]
    )
    substance_marks = {sid: substance_of(doc, sid) if present[sid] else 0.0 for sid in REQUIRED}
    share = data.config()["evidence_share"]
    substance_mark = (1 - share) * sum(substance_marks.values()) / len(REQUIRED)
    substance_mark += share * substance.evidence_mark(body)
    headed = doc.headed
    dimensions = {
        "substance": round(substance_mark, 1),
        "specificity": round(sum(spec_marks) / len(spec_marks), 1) if spec_marks else 0.0,
        "rules": round(formula.rules_mark(findings), 1),
        "style": round(formula.style_mark(numbered, headed, words, read_mark), 1),
    }
    facts = sum(spec_all.get(k, 0) for k in data.config()["caps"]["no_facts"]["no_facts"])
    score, caps = formula.capped(dimensions, findings, facts)
    for sid, mark in substance_marks.items():
        if sid in sections and present[sid]:
            sections[sid].substance = round(mark)
    violation = ctx.case.violation.value if ctx.case is not None else ""
    prompts = _predict(doc, sections, findings, ctx.notice_text, violation)
    overall_read = {**overall_read, "words": overall_read["words"]}
    return ScoreReport(
        target=target,
        score=score,
        sections=sections,
        readability=overall_read,
        specificity={**spec_all, "words": words},
        findings=findings,
        predicted_prompts=prompts,
        components=dimensions,
        caps=caps,
    )


def score_text(text: str, *, target: str = "-", notice_text: str | None = None) -> ScoreReport:
    """Score a draft written anywhere: sections are found from headings or wording."""
    if not text.strip():
        raise InputError(f"{target}: the draft is empty")
    doc = parse(text)
    return _score(doc, Context(doc=doc, notice_text=notice_text or ""), target)


def score_case(
    case: Any, *, target: str, today: dt.date | None = None, orders: bool = True
) -> ScoreReport:
    """Score a case's current draft as ``poa export --format md`` renders it.

    The case's own structure is used: section titles are known, each root cause's actions and
    measures come from their links, and the notice names the orders and ASINs to cover.
    The order cross-reference of ``poa check`` (``orders.*``: unknown or malformed order IDs,
    defect orders no action names...) is part of the findings and of the rules mark; rules
    kept for some violation kinds run for the case's kind. ``orders=False`` leaves the order
    cross-reference out (poa check runs it itself; the rest's findings are the same).
    """
    import datetime as dt

    from poa.export.markdown import to_markdown
    from poa.render import NOT_WRITTEN, render_plan

    today = today or dt.date.today()
    plan = render_plan(case, today)
    exported = to_markdown(plan)
    markdown = exported.replace(NOT_WRITTEN, "")
    known = {s.title.lower(): s.id for s in plan.sections}
    known[plan.orders_title.lower()] = "orders"
    if plan.closing_title:
        known[plan.closing_title.lower()] = "closing"
    elif plan.closing and f"\n\n{plan.closing}" in markdown:
        # The closing has no heading of its own: mark it on the blank line before it, so that
        # it is not read as part of the section above and line numbers stay those of the .md.
        markdown = markdown.replace(f"\n\n{plan.closing}", f"\n## {_CLOSING}\n{plan.closing}", 1)
        known[_CLOSING.lower()] = "closing"
    doc = parse(markdown, known_titles=known)
    ctx = Context(
        doc=doc, notice_text=case.notice.text or "", case=case, violation=case.violation.value
    )
    extra = order_findings(case, today, (plan, exported)) if orders else None
    return _score(doc, ctx, target, extra)


def order_findings(
    case: Any, today: dt.date | None = None, rendered: tuple[Any, str] | None = None
) -> list[Finding]:
    """The order cross-reference (``poa check``'s ``orders.*`` findings) as score findings
    (no section, line or column written ``""`` and 0, as the scorer's own).

    Both read the plan as ``poa export --format md`` writes it, so lines and columns agree;
    ``rendered`` is that plan and its Markdown when the caller has rendered it for ``today``.
    Imported here: a draft that is not a case never needs it.
    """
    from poa.orders.check import check_case

    findings = check_case(case, today, rendered=rendered)
    for f in findings:
        f.section, f.line, f.column = f.section or "", f.line or 0, f.column or 0
    return findings


def completeness(case: Any, today: dt.date | None = None) -> list[Finding]:
    """The scorer's completeness findings (``completeness_rules`` in orders.yaml) for ``case``,
    as ``poa check`` writes them (no section, line or column is None).

    One set of rules: ``poa check`` reports what ``poa score`` would, for these rules only.
    """
    from poa.orders.detect import orders_data

    wanted = set(orders_data()["completeness_rules"])
    report = score_case(case, target="", today=today, orders=False)  # orders.*: check_case
    findings = [f for f in report.findings if f.rule in wanted]
    for f in findings:
        f.section, f.line, f.column = f.section or None, f.line or None, f.column or None
    return findings


def read_draft(path: Path) -> str:
    """The text of a .txt, .md or .docx draft; InputError (exit 2) for anything else."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        raise InputError(f"{path} is a folder without case.yaml; give a case folder or a draft")
    regular_file(path, "draft")  # a named pipe would block forever
    suffix = path.suffix.lower()
    if suffix not in (*TEXT_SUFFIXES, ".docx"):
        raise InputError(
            f"{path}: unknown kind of file {suffix or '(no extension)'};"
            " poa score reads .txt, .md or .docx drafts and case folders"
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{path} is {size / 1024 / 1024:.1f} MB; a plan is a few pages"
                f" (poa score reads drafts up to {MAX_BYTES // 1024 // 1024} MB)"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if suffix == ".docx":
        from poa.score.docx_text import docx_text

        text = docx_text(raw, path)
    else:
        text = _decode(raw, path)
    if not text.strip():
        raise InputError(f"{path} is empty: there is no draft to score")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"{path} holds {len(text):,} characters of text; a plan is a few pages"
            f" (poa score reads drafts up to {MAX_CHARS:,} characters, about 40,000 words)"
        )
    return text


def _decode(raw: bytes, path: Path) -> str:
    from poa.text.decode import decode_text

    return decode_text(
        raw,
        str(path),
        binary_hint=" (binary content); save the draft as .txt",
        encoding_hint="save it as UTF-8 (or give the .docx)",
    )


def score_file(path: Path, *, notice_text: str | None = None) -> ScoreReport:
    """Score a .txt/.md/.docx draft, or the current draft of a case folder.

    ``notice_text`` is Amazon's notice (for the IDs it names); for a case it adds to the
    notice the case already holds.
    """
    path = Path(path)
    if path.is_dir() and (path / "case.yaml").is_file():
        from poa.case import store

        case = store.load_case(path)
        if notice_text:
            merged = "\n".join(t for t in (case.notice.text, notice_text) if t)
            case = case.model_copy(
                update={"notice": case.notice.model_copy(update={"text": merged})}
            )
        return score_case(case, target=str(path))
    text = read_draft(path)
    return score_text(text, target=str(path), notice_text=notice_text)


def check_answer(section_id: str, text: str, violation: str = "other") -> list[Finding]:
    """Findings for one wizard answer, by the same rules that score a whole plan.

    Only rules that make sense for a single answer run (phrasing, tense, specifics), and of
    the rules kept for some violation kinds only those for ``violation``; lines and columns
    are those of the answer itself.
    """
    if not text.strip():
        return []
    title = knowledge.section_titles().get(section_id, section_id.replace("_", " ").title())
    wrapped = f"## {title}\n{text}"
    known = {t.lower(): sid for sid, t in knowledge.section_titles().items()}
    doc = parse(wrapped, known_titles=known)
    findings = engine.run(Context(doc=doc, answer=True, violation=violation))
    for f in findings:
        if f.line:
            f.line -= 1
        f.section = f.section or section_id
    return findings


def example_text(example: Any) -> tuple[str, str]:
    """(text, notice) of a rule example: a string, {text, notice, violation} or {repeat, times}."""
    if isinstance(example, dict):
        if "repeat" in example:
            return str(example["repeat"]) * int(example["times"]), ""
        return str(example["text"]), str(example.get("notice", ""))
    return str(example), ""


def rule_findings(rule_id: str, example: Any) -> list[Finding]:
    """Run one rule on one of its examples, placed where the rule looks.

    An example for a section-scoped rule is put under that section's heading (as a wizard
    answer is); a whole-plan example (structure, case, document rules) is used as written.
    A rule kept for some violation kinds is run as for the first of them, unless the example
    names its own ``violation``.
    """
    rule = engine.rule(rule_id)
    text, notice = example_text(example)
    whole = rule.unit == "document" or rule.type in ("structure", "case")
    if not whole:
        section = next((s for s in rule.scope if s in knowledge.section_titles()), "root_cause")
        text = f"## {knowledge.section_titles()[section]}\n{text}"
    known = {t.lower(): sid for sid, t in knowledge.section_titles().items()}
    doc = parse(text, known_titles=known if not whole else None)
    violation = example.get("violation", "") if isinstance(example, dict) else ""
    violation = violation or next(iter(rule.params.get("violations") or ()), "")
    ctx = Context(doc=doc, notice_text=notice, violation=violation)
    return engine.run(ctx, rules=(rule,))
