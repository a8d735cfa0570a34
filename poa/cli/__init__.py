"""The command line: a thin Typer layer over the library.

This package is the only place that prints, prompts or exits. Each command module registers its
commands on ``app``; commands of the contract that are not built yet answer in one line.
Heavy libraries (python-docx, textstat) are imported inside commands, never here.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from poa.errors import PoaError


class PoaGroup(TyperGroup):
    """Turns PoaError into one line on stderr and its exit code; Ctrl-C into exit 130."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PoaError as exc:
            typer.echo(f"poa: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("\npoa: interrupted; everything saved so far is kept", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    name="poa",
    cls=PoaGroup,
    help=(
        "Write, score and track an Amazon plan of action.\n\n"
        "Start with 'poa new my-case --notice notice.txt', or try an example:\n\n"
        "  poa export examples/odr-unanswered-messages --format docx"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Command modules register themselves on import; keep this list in contract order.
from poa.cli import (  # noqa: I001  (planned must stay last)
    wizard_cmd,  # noqa: F401
    score_cmd,  # noqa: F401
    export_cmd,  # noqa: F401
    feedback_cmd,  # noqa: F401
    revisions_cmd,  # noqa: F401
    planned,  # noqa: F401  (must stay last: fills the gaps)
)


def main() -> None:
    app()
