"""The command line, and the ``poa`` entry point (``script``, around ``main``).

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

from poa.cli.guard import HELP
from poa.errors import ExitStatus

if TYPE_CHECKING:
    from poa.cli.terminal import Terminal


def _score(args: list[str], term: Terminal) -> int:
    from poa.cli.fast_score import run

    return run(args, term)


# Commands run without Typer (their --help still goes to the Typer app).
FAST: dict[str, Callable[[list[str], Terminal], int]] = {"score": _score}


def main() -> NoReturn:
    """The ``poa`` command: a fast command directly, any other through the Typer app."""
    import gc

    # Loading the modules makes no garbage worth a cycle scan, only time spent scanning: the
    # collector is off until a Typer command starts (poa.cli.typer_app), and for the whole of a
    # fast command (a short run: reference counting frees enough) or of --help.
    gc.disable()
    argv = sys.argv[1:]
    _usable_streams()
    from poa.cli import guard
    from poa.cli.terminal import Terminal

    if argv and argv[0] in FAST and not HELP & set(argv[1:]):
        fast = FAST[argv[0]]
        sys.exit(guard.run(lambda: fast(argv[1:], Terminal.detect()), argv))
    sys.exit(guard.run(_typer, argv))  # the app guards its commands; this covers its loading


def script() -> NoReturn:
    """The installed ``poa`` command and ``python -m poa``: ``main``, and after --help or a fast
    command a quick exit.

    Help writes nothing but the help and leaves nothing to clean up, so once it is flushed the
    process ends without the interpreter's teardown of every module loaded (Typer, rich), which
    takes about a fifth of ``poa --help``'s time. A fast command (``poa score``) ends the same
    way once its output is flushed and the exit handlers (the pattern cache's) have run: the
    teardown is about a tenth of its time. Every other command ends normally, as does a fast
    command whose output cannot be flushed (the interpreter then reports it as usual).
    """
    try:
        main()
    except SystemExit as done:
        argv = sys.argv[1:]
        if HELP & set(argv) and done.code in (None, 0):
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    stream.flush()
            os._exit(ExitStatus.OK)
        if argv and argv[0] in FAST and isinstance(done.code, int) and _flushed():
            import atexit

            atexit._run_exitfuncs()
            if _flushed():
                os._exit(done.code)
        raise


def _flushed() -> bool:
    """Flush stdout and stderr; False when either cannot be."""
    try:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    except (OSError, ValueError, AttributeError):
        return False
    return True


def _usable_streams() -> None:
    # A closed stdout or stderr (`poa ... >&-`) is None in Python: output goes nowhere instead,
    # and the descriptor is taken, so no file poa opens later lands on it.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    for stream in (sys.stdout, sys.stderr):  # a path that is not UTF-8 is shown, not fatal
        reconfigure = getattr(stream, "reconfigure", None)  # a replaced stream may not have it
        if reconfigure is not None:
            with contextlib.suppress(ValueError):
                reconfigure(errors="backslashreplace")


def _typer() -> int:
    from poa.cli.typer_app import app

    app()  # exits itself, with the status of the command
    return ExitStatus.OK


def __getattr__(name: str) -> Any:
    """``poa.cli.app``: the Typer app, built on first use (tests and CliRunner use it)."""
    if name == "app":
        from poa.cli.typer_app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
