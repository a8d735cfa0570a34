"""poa submit / reply / revise / history / diff: the rounds of an appeal."""

from __future__ import annotations

from pathlib import Path

import typer

from poa.cli import terminal, wrap
from poa.cli.common import echo_err, echo_json
from poa.cli.feedback_cmd import Lang, checklist_lines, read_message, section_title

CASE_HELP = "Case folder (holds case.yaml and revisions/)."


def _warn_stray(case_dir: Path) -> None:
    """One line about files the seller left in revisions/ (they are ignored, not damage)."""
    from poa import revisions

    names = revisions.stray_files(case_dir)
    if names:
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        echo_err(
            f"poa: warning: ignoring {shown} in {revisions.revisions_path(case_dir)}"
            " (only the numbered folders are revisions)"
        )


def submit_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help=CASE_HELP),
) -> None:
    """Freeze the current draft as the next revision (revisions/NNN/).

    The revision keeps the appeal text as submitted (appeal.md), the case as it was
    (case.yaml) and meta.yaml (time, score). Earlier revisions are never rewritten.

    Example:

      poa submit my-case
    """
    from poa import revisions

    _warn_stray(case_dir)
    result = revisions.submit(case_dir)
    rev = result.revision
    score = "not scored (no scorer installed)" if result.score is None else str(result.score)
    typer.echo(f"Submitted revision {rev.number} ({rev.path}); score: {score}")
    if result.similarity is not None:
        typer.echo(f"Similarity to revision {rev.number - 1}: {result.similarity:.1%}")
    if result.similar_warning:
        echo_err(
            f"poa: warning: revision {rev.number} is {result.similarity:.1%} the same text as"
            f" revision {rev.number - 1}; a repeated plan usually gets the same reply."
            f" Change the sections Amazon asked about ('poa revise {case_dir}')."
        )
    if result.unaddressed:
        count = len(result.unaddressed)
        echo_err(
            f"poa: warning: revision {rev.number} leaves {count} prompt(s) of Amazon's reply to"
            f" revision {result.replied_number} unaddressed (no more specific section, or no new"
            " evidence item); Amazon is likely to ask again:"
        )
        for p in result.unaddressed:
            quote = f': "{_shorten(p.quote, 80)}"' if p.quote else ""
            echo_err(f"poa: warning:   not addressed: {_prompt_name(p.id, p.section)}{quote}")
    if result.unanswered_previous:
        echo_err(
            f"poa: note: no reply was recorded for revision {rev.number - 1};"
            " many quick resubmissions can slow a review down"
        )
    if result.previous_reply_kind in ("reinstated", "final_denial"):
        echo_err(
            f"poa: note: Amazon's reply to revision {rev.number - 1} was"
            f" {result.previous_reply_kind}; check that another submission is needed"
        )
    typer.echo(f"When Amazon replies: poa reply {case_dir} reply.txt")


def reply_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help=CASE_HELP),
    source: str = typer.Argument(
        ..., metavar="FILE|-", help="Amazon's reply as a file, or '-' to read stdin."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Replace a reply already recorded for the latest revision."
    ),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the advice (en or zh)."),
) -> None:
    """Record Amazon's reply to the latest submitted revision and print its checklist.

    Examples:

      poa reply my-case reply.txt

      pbpaste | poa reply my-case -
    """
    from poa import revisions

    _warn_stray(case_dir)
    term = terminal.current()
    text = read_message(source, term)
    result = revisions.record_reply(case_dir, text, replace=replace)
    wrap.echo(f"Recorded Amazon's reply to revision {result.revision.number}.")
    for line in checklist_lines(result.analysis, lang.value):
        wrap.echo(line)
    if result.analysis.prompts:
        wrap.echo("")
        wrap.echo(f"Next: poa revise {case_dir}")


def revise_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help=CASE_HELP),
    no_wizard: bool = typer.Option(
        False, "--list", help="Only list what to work on; do not start the wizard."
    ),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the advice (en or zh)."),
) -> None:
    """Work on the sections Amazon's open prompts point at, for the next revision.

    Lists each open prompt, the section and the case.yaml fields to work on, and whether
    the working draft already answers it; in a terminal, runs the wizard on those sections.

    Example:

      poa revise my-case
    """
    from poa import revisions
    from poa.inbox import feedback

    _warn_stray(case_dir)
    plan = revisions.revise_plan(case_dir)
    replied = plan.replied
    assert replied is not None
    if plan.kind in ("reinstated", "final_denial"):
        wrap.echo(
            f"Amazon's reply to revision {replied.number}:"
            f" {feedback.kind_label(plan.kind or 'other', lang.value)}. Nothing to revise."
        )
        return
    if not plan.items:
        wrap.echo(
            f"Every prompt Amazon sent has been addressed by a later revision."
            f" Review the draft and 'poa submit {case_dir}' when ready."
        )
        return
    wrap.echo(
        f"Revision {plan.next_number} (working draft: {Path(case_dir) / 'case.yaml'})"
        f" answers Amazon's reply to revision {replied.number}:"
    )
    deadline = (replied.reply or {}).get("deadline")
    if deadline:
        wrap.echo(f"Amazon's deadline: respond {deadline}")
    for item in plan.items:
        status = "more specific in the draft already" if item.done_in_draft else "to do"
        wrap.echo("")
        wrap.echo(f"{section_title(item.section, lang.value)} ({item.section}): {status}")
        for p in item.prompts:
            advice = feedback.prompt_advice(p.id, (replied.reply or {}).get("violation", "other"))
            wrap.echo(f"  - {feedback.prompt_label(p.id, lang.value)} [{p.id}]")
            if p.quote:
                wrap.echo("    " + feedback.ui_text("amazon", lang.value, quote=p.quote))
            add = advice["zh" if lang.value == "zh" else "en"]
            wrap.echo("    " + feedback.ui_text("add", lang.value, advice=add))
        fields = ", ".join(item.fields)
        wrap.echo("  " + feedback.ui_text("work_on", lang.value, fields=fields))
    wrap.echo("")
    wrap.echo(str(revisions.settings().get("addressed_rule", "")))  # the rule history shows
    term = terminal.current()
    if not no_wizard and term.interactive:
        from poa.cli.wizard_cmd import rework

        # Called directly, not through the app: Ctrl-C in one section stops the whole revise
        # (the KeyboardInterrupt reaches the group, which exits 130) instead of going on.
        for item in plan.items:
            reminder = [
                feedback.ui_text("amazon", lang.value, quote=_shorten(p.quote, 120))
                if p.quote
                else feedback.prompt_label(p.id, lang.value)
                for p in item.prompts
            ]
            rework(case_dir, item.section, None, term, reminder=reminder)
    else:
        wrap.echo(f"Edit {Path(case_dir) / 'case.yaml'}, then: poa submit {case_dir}")


def _shorten(text: str, width: int = 90) -> str:
    """A long quote cut at a word, so one prompt stays on one or two lines."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return text[: width - 3].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def _prompt_name(prompt_id: str, section: str) -> str:
    """'Root cause (Root causes)': the prompt in words and the plan section it points at."""
    from poa.inbox import feedback

    label = feedback.prompt_label(prompt_id)
    title = section_title(section)
    return label if label.lower() == title.lower() else f"{label} ({title})"


_SETTLED_BY = {
    "reinstated": "settled: reinstated after revision {n} before it was addressed",
    "final_denial": "settled: final decision after revision {n} before it was addressed",
}


def _prompt_rows(entry: object) -> list[str]:
    from poa.cli.wrap import lines as wrap

    rows = []
    for p in entry.prompts:  # type: ignore[attr-defined]
        if p.status == "addressed":
            where = f"addressed in {p.addressed_in}"
        elif p.status == "settled":
            where = _SETTLED_BY.get(p.settled_by or "", "settled").format(n=p.settled_in)
        else:
            where = "open"
        if p.asked_again_in:
            where += f"; asked again in the reply to {p.asked_again_in}"
        rows.extend(wrap(f"{_prompt_name(p.id, p.section)}: {where}", "      ", " " * 8))
        if p.quote and p.status == "open":
            rows.extend(wrap(f'Amazon: "{_shorten(p.quote)}"', "        ", " " * 10))
    return rows


def history_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help=CASE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the timeline as JSON."),
) -> None:
    """The timeline: each revision, its score, Amazon's reply and what became of each prompt.

    A prompt is addressed by the first later revision whose section it points at changed and
    became more specific (more order IDs, dates, numbers, owners); for evidence and invoices,
    by the first later revision with a new evidence item. Otherwise it is "open".

    Examples:

      poa history examples/seed-odr-five-rounds

      poa history my-case --json
    """
    from poa import revisions
    from poa.inbox import feedback

    _warn_stray(case_dir)
    hist = revisions.history(case_dir)
    if as_json:
        echo_json(hist.to_json())
        return
    if not hist.entries:
        typer.echo(
            f"{hist.case}: {revisions.NOTHING_SUBMITTED};"
            f" 'poa submit {case_dir}' freezes the first revision"
        )
        return
    typer.echo(f"Case {hist.case}: {len(hist.entries)} revision(s)")
    typer.echo(f"{'Rev':<5}{'Submitted':<12}{'Score':<7}{'Same as prev.':<15}Amazon's reply")
    for entry in hist.entries:
        rev = entry.revision
        date = rev.submitted_date.isoformat() if rev.submitted_date else "?"
        score = rev.meta.get("score")
        sim = rev.meta.get("similarity_to_previous")
        reply = rev.reply
        kind = reply.get("kind") if reply else "(no reply recorded)"
        typer.echo(
            f"{rev.number:<5}{date:<12}{('-' if score is None else str(score)):<7}"
            f"{('-' if sim is None else f'{float(sim):.1%}'):<15}{kind}"
        )
        for row in _prompt_rows(entry):
            typer.echo(row)
    from poa.cli.wrap import lines as wrap

    open_prompts = hist.open_prompts
    settled = hist.settled_prompts
    last = hist.entries[-1].revision
    typer.echo("")
    status = (last.reply or {}).get("kind")
    if status in ("reinstated", "final_denial"):
        typer.echo(f"Outcome: {status} after revision {last.number}.")
    conditions = hist.reinstatement.conditions() if hist.reinstatement is not None else []
    if conditions:
        for line in wrap("Conditions: " + "; ".join(conditions) + ".", "", "  "):
            typer.echo(line)
    if open_prompts:
        listed = "; ".join(f"{feedback.prompt_label(p.id)} (reply to {n})" for n, p in open_prompts)
        for line in wrap(f"Open by the rule: {listed}", "", "  "):
            typer.echo(line)
    elif settled:
        addressed = sum(1 for e in hist.entries for p in e.prompts if p.status == "addressed")
        ended = "reinstatement" if status == "reinstated" else "final decision"
        for line in wrap(
            f"No prompt is open: {addressed} addressed by a later revision, {len(settled)}"
            f" settled by the {ended} before a revision addressed them.",
            "",
            "  ",
        ):
            typer.echo(line)
    else:
        typer.echo("Every prompt has been addressed by a later revision.")
    typer.echo("")
    for line in wrap("Rule: " + str(revisions.settings().get("addressed_rule", "")), "", ""):
        typer.echo(line)


def diff_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help=CASE_HELP),
    a: str | None = typer.Argument(None, metavar="[A]", help="Revision number (or 'draft')."),
    b: str | None = typer.Argument(None, metavar="[B]", help="Revision number (or 'draft')."),
) -> None:
    """Show what changed between two revisions' text (coloured in a terminal).

    With no revisions given: the last two; with one revision only, it against the
    working draft. 'draft' names the current case.yaml.

    Examples:

      poa diff my-case

      poa diff my-case 1 3

      poa diff my-case 2 draft
    """
    from poa import revisions

    _warn_stray(case_dir)
    label_a, label_b, lines = revisions.diff(case_dir, a, b)
    if not lines:
        typer.echo(f"No difference between {label_a} and {label_b}.")
        return
    for line in lines:
        if line.startswith(("+++", "---")):
            typer.secho(line, bold=True)
        elif line.startswith("@@"):
            typer.secho(line, fg="cyan")
        elif line.startswith("+"):
            typer.secho(line, fg="green")
        elif line.startswith("-"):
            typer.secho(line, fg="red")
        else:
            typer.echo(line)
