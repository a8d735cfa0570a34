"""poa check: cross-reference the plan's order IDs and ASINs with the case's orders."""

from __future__ import annotations

import shlex
from pathlib import Path

import typer

from poa.cli.common import echo_err, echo_json
from poa.errors import ExitStatus


def check_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help="Case folder (holds case.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """Check the plan's order IDs and that it is complete.

    Order IDs: unknown or mistyped IDs, defect orders no action covers, duplicates, malformed
    IDs, ASINs no order has. Completeness: a required section left empty, a root cause with no
    corrective action or no preventive measure of its own. Documents: a required one missing,
    and each problem poa evidence finds in them (an invoice after the notice, a pro-forma...).

    Each finding names the case.yaml field to edit and its line, e.g.
    CASE/case.yaml:31: root_causes[0].order_ids[2]. It also gives the line and column in the
    exported plan (poa export CASE --format md), where poa score points too; in --json those
    are "line" and "column", and the case.yaml field is "field" with its line in "field_line".
    Exits 1 when there is an error, so it can gate an export. Example:

      poa check my-case && poa export my-case
    """
    from poa.case import store
    from poa.evidence.checklist import findings_for_check
    from poa.orders.check import check_case, has_errors
    from poa.score.scorer import completeness

    case = store.load_case(case_dir)
    findings = check_case(case, folder=case_dir) + completeness(case)
    findings += findings_for_check(case, case_dir)  # documents: poa evidence CASE
    if as_json:
        echo_json({"case": str(case_dir), "findings": [f.as_dict() for f in findings]})
    else:
        case_file = store.case_file(case_dir)
        export = f"poa export {shlex.quote(str(case_dir))} --format md"
        for f in findings:
            where = f"{case_file}:{f.field_line}" if f.field_line else str(case_file)
            if f.field:
                where += f": {f.field}"
            section = f" [{f.section}]" if f.section else ""
            typer.echo(f"{where}: {f.severity}: {f.rule}{section}: {f.message}")
            if f.excerpt:
                typer.echo(f"    {f.excerpt}")
            if f.line:
                typer.echo(f"    in the exported plan ({export}): line {f.line}, column {f.column}")
            if f.suggestion:
                typer.echo(f"    -> {f.suggestion}")
        errors = sum(f.severity == "error" for f in findings)
        warnings = len(findings) - errors
        echo_err(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            f" in {len(case.orders)} orders"
        )
    if has_errors(findings):
        raise typer.Exit(ExitStatus.CHECK_FAILED)
