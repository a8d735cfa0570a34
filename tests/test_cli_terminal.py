"""Terminal-only output, rendered by passing a fake terminal (no pseudo-terminal needed)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import typer

from poa.cli.terminal import Terminal

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "odr-unanswered-messages"
MESSAGES = Path(__file__).parent / "data" / "messages"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_detect_sees_no_terminal_under_pytest_capture() -> None:
    term = Terminal.detect()
    assert not (term.stdout_tty or term.stderr_tty or term.colour)


def test_the_score_report_is_coloured_and_fitted_on_a_terminal() -> None:
    from poa.cli.fast_score import run

    term = Terminal.fake(columns=60)
    assert run([str(EXAMPLE)], term) == 0
    out = term.stdout.getvalue()
    assert ANSI.search(out)  # the score and the table heading in colour

    plain = Terminal.fake(columns=60, no_color=True)
    run([str(EXAMPLE)], plain)
    assert not ANSI.search(plain.stdout.getvalue())
    assert ANSI.sub("", out) == plain.stdout.getvalue()

    wide = Terminal.fake(columns=140, no_color=True)  # findings' text wrapped to the width
    run([str(EXAMPLE)], wide)
    assert len(wide.stdout.getvalue().splitlines()) < len(plain.stdout.getvalue().splitlines())


def test_piped_output_wraps_only_when_columns_asks() -> None:
    from poa.cli import wrap

    line = "word " * 30
    term = Terminal.fake(columns=40)
    wrap.echo(line, term)
    assert max(len(x) for x in term.stdout.getvalue().splitlines()) <= 39

    piped = Terminal.fake(tty=False, columns=40)
    wrap.echo(line, piped)
    assert piped.stdout.getvalue() == line + "\n"

    asked = Terminal.fake(tty=False, columns=40, columns_asked=True)
    wrap.echo(line, asked)
    assert len(asked.stdout.getvalue().splitlines()) > 1


def test_reading_stdin_from_a_terminal_says_how_to_paste() -> None:
    from poa.cli.feedback_cmd import read_message

    text = (MESSAGES / "seed_reply_1.txt").read_text(encoding="utf-8")
    term = Terminal.fake(stdin=io.StringIO(text))
    assert read_message("-", term).strip() == text.strip()
    assert "Paste Amazon's message" in term.stderr.getvalue()

    piped = Terminal.fake(tty=False, stdin=io.StringIO(text))
    read_message("-", piped)
    assert piped.stderr.getvalue() == ""


def test_the_import_progress_bar_is_drawn_on_a_terminal_only() -> None:
    from poa.cli.orders_cmd import _progress_bar

    with _progress_bar(Terminal.fake(tty=False)) as progress:
        assert progress is None
    term = Terminal.fake(columns=80)
    with _progress_bar(term) as progress:
        assert progress is not None
        progress(Path("OrdersReport.txt"), 50, 100)
    assert "OrdersReport.txt" in term.stderr.getvalue()


def test_the_wizard_needs_a_terminal_and_colours_on_one() -> None:
    from poa.cli.wizard_cmd import _require_terminal
    from poa.cli.wizard_term import TerminalAsk
    from poa.errors import InputError

    with pytest.raises(InputError, match="no terminal"):
        _require_terminal(Terminal.fake(tty=False))
    _require_terminal(Terminal.fake())

    term = Terminal.fake(term="dumb")  # no prompt_toolkit on a dumb terminal: plain input()
    ask = TerminalAsk(term)
    ask._say("Root cause", fg="red", bold=True)
    coloured = typer.style("Root cause", fg="red", bold=True, dim=False)
    assert term.stdout.getvalue() == coloured + "\n"

    plain = Terminal.fake(term="dumb", no_color=True)
    TerminalAsk(plain)._say("Root cause", fg="red", bold=True)
    assert plain.stdout.getvalue() == "Root cause\n"
