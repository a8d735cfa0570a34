"""Small helpers shared by the command modules."""

from __future__ import annotations

from typing import Any

import typer

CaseArg = typer.Argument(
    ..., metavar="CASE", help="Case folder (holds case.yaml).", show_default=False
)


def echo_err(message: str) -> None:
    typer.echo(message, err=True)


def echo_json(data: Any, *, ensure_ascii: bool = False) -> None:
    """A command's --json output, indented (json is loaded only when a command prints some)."""
    import json

    typer.echo(json.dumps(data, indent=2, ensure_ascii=ensure_ascii))
