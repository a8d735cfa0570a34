"""Small helpers shared by the command modules."""

from __future__ import annotations

from pathlib import Path

import typer

CaseArg = typer.Argument(
    ..., metavar="CASE", help="Case folder (holds case.yaml).", show_default=False
)


def echo_err(message: str) -> None:
    typer.echo(message, err=True)


def case_path(value: Path) -> Path:
    return Path(value)
