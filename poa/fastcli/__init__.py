"""The ``poa`` entry point: a few hot commands run without loading Typer.

Importing Typer and, through its parameter coercion, pydantic takes longer than scoring a
whole plan. ``poa score`` (without --help) is dispatched here straight to poa.fastcli.score;
everything else goes to the Typer app in poa.cli. Errors are handled as poa.cli does: one
line on stderr and the error's exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

HELP = {"-h", "--help"}


def _score(args: list[str]) -> int:
    from poa.fastcli.score import run

    return run(args)


FAST: dict[str, Callable[[list[str]], int]] = {"score": _score}


def main() -> None:
    argv = sys.argv[1:]
    if argv and argv[0] in FAST and not HELP & set(argv[1:]):
        import gc

        from poa.errors import PoaError

        gc.disable()  # a short run: reference counting frees enough; cycle scans only cost time
        try:
            status = FAST[argv[0]](argv[1:])
        except PoaError as exc:
            sys.stderr.write(f"poa: {exc}\n")
            status = exc.exit_code
        except KeyboardInterrupt:
            sys.stderr.write("\npoa: interrupted; everything saved so far is kept\n")
            status = 130
        except BrokenPipeError:
            status = 0
        sys.exit(status)
    from poa.cli import main as typer_main

    typer_main()
