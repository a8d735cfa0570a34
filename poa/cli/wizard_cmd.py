"""poa new / poa edit: the guided wizard on a terminal, or an answers file without prompts."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from poa.cli import terminal
from poa.cli.feedback_cmd import read_message
from poa.cli.terminal import Terminal
from poa.errors import ExitStatus, InputError

NO_TERMINAL = "no terminal: answer with --answers FILE (see poa new --help)"
NO_TERMINAL_EDIT = (
    "poa edit needs a terminal; edit {case_file} directly, or run poa new with --answers"
)


class Lang(str, Enum):
    en = "en"
    zh = "zh"


def _require_terminal(term: Terminal, message: str = NO_TERMINAL) -> None:
    """Piped stdin or CI: refuse at once rather than wait for answers that never come."""
    if not term.stdin_tty:
        raise InputError(message)


def _print_summary(case_dir: Path, lang: str | None, term: Terminal) -> None:
    from poa import wizard
    from poa.case import store

    case = store.load_case(case_dir)
    progress = wizard.load_progress(case_dir)
    if lang:  # the language asked for now, even when nothing was left to ask
        progress.lang = lang
    summary = wizard.summarize(case, progress, str(case_dir), _next_revision(case_dir))
    typer.echo(file=term.stdout)
    for line in summary.lines():
        if term.stdout_tty:  # on a terminal, fit long lines; a pipe gets them whole
            from poa.cli.wrap import terminal_width, wrap

            body = line.lstrip()
            indent = line[: len(line) - len(body)]
            hang = indent + ("  " if body.startswith("- ") else "")
            line = wrap(body, indent, hang, terminal_width(term))
        typer.echo(line, file=term.stdout)


def _next_revision(case_dir: Path) -> int:
    """The number the next 'poa submit' gives (1 before any; damaged revisions: 1)."""
    from poa import revisions
    from poa.errors import PoaError

    try:
        return len(revisions.list_revisions(case_dir)) + 1
    except PoaError:
        return 1


def new_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help="Case folder to create."),
    notice: Path | None = typer.Option(
        None, "--notice", metavar="FILE", help="Amazon's notice as a text file (read for the kind)."
    ),
    answers: Path | None = typer.Option(
        None,
        "--answers",
        metavar="FILE",
        help="YAML or JSON with the case's fields: fill the case without prompts.",
    ),
    lang: Lang = typer.Option(
        Lang.en, "--lang", help="Language of the questions and guidance (the plan stays English)."
    ),
) -> None:
    """Create a case folder and write the plan with the guided wizard.

    The wizard asks about the violation, the affected orders, each root cause, the actions
    already taken and the preventive measures, with hints and examples. Every answer is saved at
    once: after Ctrl-C, 'poa edit CASE' goes on where you stopped.

    Examples:

      poa new my-case --notice notice.txt

      poa new my-case --lang zh               # questions and guidance in Chinese

      poa new my-case --answers answers.yaml  # no prompts (scripts, CI)
    """
    from poa import wizard
    from poa.case import store
    from poa.wizard.notice import case_from_notice, merge_notice

    term = terminal.current()
    if answers is None:
        _require_terminal(term)
    notice_text = read_message(str(notice)) if notice is not None else None
    if answers is not None:
        from poa.blocks.answers import expand_answers
        from poa.case.answers import load_answers

        case = merge_notice(load_answers(answers, expand_answers), notice_text)
        store.create_case(case_dir, case)
        wizard.mark_all_answered(case_dir, wizard.default_check(lang.value), lang.value)
        typer.echo(f"Created {case_dir} from {answers}.")
        _print_summary(case_dir, None, term)
        return
    case, found = case_from_notice(notice_text)
    store.create_case(case_dir, case)
    progress = wizard.Progress(lang=lang.value)
    if found:
        progress.answered.add("violation.kind")
    wizard.save_progress(case_dir, progress)
    _run(case_dir, None, lang.value, term, from_notice=found)


def edit_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help="Case folder (holds case.yaml)."),
    section: str | None = typer.Option(
        None,
        "--section",
        metavar="ID",
        help="Rework one part: store, violation, orders, root_cause, corrective_actions, "
        "preventive_measures, evidence, additional_info, summary.",
    ),
    lang: Lang | None = typer.Option(
        None, "--lang", help="Language of the questions (default: the one the case began in)."
    ),
) -> None:
    """Resume the wizard at the first unanswered question, or rework one section.

    Examples:

      poa edit my-case                          # go on where you stopped

      poa edit my-case --section root_cause     # rework the root causes
    """
    from poa import wizard

    if section is not None and section not in wizard.section_ids():
        raise InputError(
            f"--section {section!r} is not a part of the wizard"
            f" (choose from {', '.join(wizard.section_ids())})"
        )
    rework(case_dir, section, lang.value if lang else None, terminal.current())


def rework(
    case_dir: Path,
    section: str | None,
    lang: str | None,
    term: Terminal,
    reminder: list[str] | None = None,
) -> None:
    """``poa edit``'s work; ``reminder``: lines shown right before the questions (``revise``
    repeats there what Amazon asked, which its longer list has scrolled off the screen)."""
    from poa.case import store

    store.load_case(case_dir)  # a missing or damaged case is reported before anything else
    _require_terminal(term, NO_TERMINAL_EDIT.format(case_file=case_dir / "case.yaml"))
    _run(case_dir, section, lang, term, resume=True, reminder=reminder)


def _run(
    case_dir: Path,
    section: str | None,
    lang: str | None,
    term: Terminal,
    *,
    from_notice: bool = False,
    resume: bool = False,
    reminder: list[str] | None = None,
) -> None:
    from poa import wizard
    from poa.cli.wizard_term import TerminalAsk, wrap
    from poa.wizard.questions import violation_choices

    ask = TerminalAsk(term)
    check = wizard.default_check(lang or wizard.load_progress(case_dir).lang)
    engine = wizard.Wizard(case_dir, ask, check, lang=lang)
    flow = engine.flow
    typer.echo(wrap(flow.text("welcome", case=case_dir), "", ""))
    if from_notice:
        label = dict(violation_choices(flow.lang))[engine.case.violation.value]
        typer.echo(wrap(flow.text("from_notice", label=label), "", ""))
    if resume and section is None and engine.progress.answered and engine.pending():
        typer.echo(wrap(flow.text("resuming"), "", ""))
    for line in reminder or []:
        typer.echo(wrap(line, "", "    "))
    if section is None and not engine.pending():
        text = flow.text("all_answered", case=case_dir, sections=", ".join(wizard.section_ids()))
        typer.echo(wrap(text, "", "  "))
    else:
        try:
            engine.run(section)
        except KeyboardInterrupt:
            # Said here, where the case is known: how to go on is the one thing to remember.
            typer.echo("", err=True)
            typer.echo(wrap(flow.text("interrupted", case=case_dir), "", ""), err=True)
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
    _print_summary(case_dir, lang, term)
    if section in (None, "corrective_actions"):  # offer the buyer letters the actions call for
        from poa.cli.letter_cmd import print_letter_offer

        print_letter_offer(case_dir, lang)
