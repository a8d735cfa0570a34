"""poa check: cross-reference the plan's order IDs and ASINs with the case's orders."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from poa.cli import app
from poa.cli.common import echo_err


@app.command("check")
def check_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help="Case folder (holds case.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """Check the plan's order IDs: unknown or mistyped IDs, defect orders no action covers,
    duplicates, malformed IDs, ASINs no order has.

    Lines and columns point into the Markdown export (poa export CASE --format md).
    Exits 1 when there is an error, so it can gate an export. Example:

      poa check my-case && poa export my-case
    """
    from poa import store
    from poa.orders.check import check_case, has_errors

    case = store.load_case(case_dir)
    findings = check_case(case)
    if as_json:
        typer.echo(
            json.dumps(
                {"case": str(case_dir), "findings": [f.as_dict() for f in findings]},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for f in findings:
            where = f"appeal.md:{f.line}:{f.column}" if f.line else "case.yaml"
            section = f" [{f.section}]" if f.section else ""
            typer.echo(f"{where}: {f.severity}: {f.rule}{section}: {f.message}")
            if f.excerpt:
                typer.echo(f"    {f.excerpt}")
            if f.suggestion:
                typer.echo(f"    -> {f.suggestion}")
        errors = sum(f.severity == "error" for f in findings)
        warnings = len(findings) - errors
        echo_err(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            f" in {len(case.orders)} orders"
        )
    if has_errors(findings):
        raise typer.Exit(1)
