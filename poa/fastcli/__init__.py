"""The ``poa`` entry point: a few hot commands run without loading Typer.

Importing Typer and, through its parameter coercion, pydantic takes longer than scoring a
whole plan. ``poa score`` (without --help) is dispatched here straight to poa.fastcli.score;
everything else goes to the Typer app in poa.cli. Both paths end through poa.fastcli.guard:
one line on stderr and the error's exit code, never a stack.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

HELP = {"-h", "--help"}


def _score(args: list[str]) -> int:
    from poa.fastcli.score import run

    return run(args)


FAST: dict[str, Callable[[list[str]], int]] = {"score": _score}


def main() -> None:
    argv = sys.argv[1:]
    # A closed stdout or stderr (`poa ... >&-`) is None in Python: output goes nowhere instead,
    # and the descriptor is taken, so no file poa opens later lands on it.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    for stream in (sys.stdout, sys.stderr):  # a path that is not UTF-8 is shown, not fatal
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")
    from poa.fastcli import guard

    if argv and argv[0] in FAST and not HELP & set(argv[1:]):
        import gc

        gc.disable()  # a short run: reference counting frees enough; cycle scans only cost time
        sys.exit(guard.run(lambda: FAST[argv[0]](argv[1:]), argv))
    sys.exit(guard.run(_typer, argv))  # the app guards its commands; this covers its loading


def _typer() -> int:
    from poa.cli import main as typer_main

    typer_main()  # exits itself
    return 0
