"""The command line, and the ``poa`` entry point (``main``).

This package is the only place that prints, prompts or exits. Importing it is cheap: the Typer
app (poa.cli.typer_app) is loaded only when a command needs it, because importing Typer and,
through its parameter coercion, pydantic takes longer than scoring a whole plan. So ``poa score``
(without --help) runs poa.cli.fast_score straight away; everything else goes to the Typer app.
Both paths run under poa.cli.guard: one line on stderr and the error's exit code, never a stack.

``from poa.cli import app`` still gives the Typer app (loaded on first use).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from poa.cli.terminal import Terminal

HELP = {"-h", "--help"}


def _score(args: list[str], term: Terminal) -> int:
    from poa.cli.fast_score import run

    return run(args, term)


# Commands run without Typer (their --help still goes to the Typer app).
FAST: dict[str, Callable[[list[str], Terminal], int]] = {"score": _score}


def main() -> NoReturn:
    """The ``poa`` command: a fast command directly, any other through the Typer app."""
    argv = sys.argv[1:]
    _usable_streams()
    from poa.cli import guard
    from poa.cli.terminal import Terminal

    if argv and argv[0] in FAST and not HELP & set(argv[1:]):
        import gc

        gc.disable()  # a short run: reference counting frees enough; cycle scans only cost time
        fast = FAST[argv[0]]
        sys.exit(guard.run(lambda: fast(argv[1:], Terminal.detect()), argv))
    sys.exit(guard.run(_typer, argv))  # the app guards its commands; this covers its loading


def _usable_streams() -> None:
    # A closed stdout or stderr (`poa ... >&-`) is None in Python: output goes nowhere instead,
    # and the descriptor is taken, so no file poa opens later lands on it.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    for stream in (sys.stdout, sys.stderr):  # a path that is not UTF-8 is shown, not fatal
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")


def _typer() -> int:
    from poa.cli.typer_app import app

    app()  # exits itself, with the status of the command
    raise AssertionError("unreachable: the Typer app exits")


def __getattr__(name: str) -> Any:
    """``poa.cli.app``: the Typer app, built on first use (tests and CliRunner use it)."""
    if name == "app":
        from poa.cli.typer_app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
