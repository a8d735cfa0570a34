"""poa evidence: the documents a reviewer expects for the case, against those it holds."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from poa.cli.common import CaseArg, echo_json
from poa.errors import ExitStatus

if TYPE_CHECKING:
    from poa.evidence.checklist import Checklist
    from poa.score.report import Finding

STATUS = {
    "present": {"en": "present", "zh": "已有"},
    "missing": {"en": "missing", "zh": "缺少"},
    "problem": {"en": "problem", "zh": "有问题"},
}
NEED = {True: {"en": "required", "zh": "必需"}, False: {"en": "helpful", "zh": "有帮助"}}


class Lang(str, Enum):
    en = "en"
    zh = "zh"


def evidence_command(
    case_dir: Path = CaseArg,
    as_json: bool = typer.Option(False, "--json", help="Print the checklist as JSON."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of labels and reasons."),
) -> None:
    """Check the case's documents against what a reviewer expects.

    For the case's violation kind, lists the documents expected (required or helpful, and
    why), with those the notice itself asks for, and says of each whether the case holds it:
    present, missing, or present with problems. Typed invoices are checked: dated within the
    window counted back from the notice date and not after it, the supplier's name, address,
    phone, e-mail and website, addressed to the store's business, not a pro-forma, quotation or
    order confirmation, every ASIN the notice names on an invoice, and the units invoiced per
    ASIN against units_sold. Each finding names the case.yaml field and its line.

    --json prints {"documents": [{"kind", "required", "status", "evidence", "findings"}],
    "units_sold": [{"asin", "sold", "invoiced", "source", "window"}]}: the units the coverage
    check used, from case.yaml's units_sold or the imported reports (orders.sqlite).
    Exits 1 when a required document is missing or a finding is an error. Example:

      poa evidence examples/inauthentic-supplier-invoices --lang zh
    """
    from poa.case import store
    from poa.evidence.checklist import build

    case = store.load_case(case_dir)
    checklist = build(case, case_dir)
    if as_json:
        echo_json(checklist.as_dict())
    else:
        _print(checklist, case_dir, lang.value)
    if not checklist.passed:
        raise typer.Exit(ExitStatus.CHECK_FAILED)


def _print(checklist: Checklist, case_dir: Path, lang: str) -> None:
    from poa.case import store

    case_file = store.case_file(case_dir)
    for row in checklist.rows:
        label = row.label(lang)
        if lang == "zh":
            label = f"{label} / {row.label()}"
        status = STATUS[row.status][lang]
        need = NEED[row.required][lang]
        held = f" ({', '.join(row.evidence)})" if row.evidence else ""
        typer.echo(f"[{status}] {label}: {need}{held}")
        typer.echo(f"    {row.why.get(lang) or row.why['en']}")
        for ask in row.asked:
            window = f", {ask.window_days} days" if ask.window_days else ""
            typer.echo(f"    notice asks ({ask.label}{window}): {ask.quote}")
        for f in row.findings:
            _finding(f, case_file, lang)
    for u in checklist.units_sold:
        source = "imported reports" if u["source"] == "orders.sqlite" else "units_sold in case.yaml"
        if lang == "zh":
            source = (
                "导入的订单报告" if u["source"] == "orders.sqlite" else "case.yaml 的 units_sold"
            )
        start, end = (d or "?" for d in u["window"])
        typer.echo(
            f"units {u['asin']}: {u['sold']:,} sold {start} to {end} ({source}),"
            f" {u['invoiced']:,} invoiced"
        )
    missing = sum(r.required and r.status == "missing" for r in checklist.rows)
    problems = sum(r.status == "problem" for r in checklist.rows)
    typer.echo(
        f"{len(checklist.rows)} documents: {missing} required missing, {problems} with problems",
        err=True,
    )


def _finding(f: Finding, case_file: Path, lang: str) -> None:
    text = f.text(lang) if hasattr(f, "text") else f.message
    where = f"{case_file}:{f.field_line}" if f.field_line else str(case_file)
    if f.field:
        where += f": {f.field}"
    typer.echo(f"    {where}: {f.severity}: {f.rule}: {text}")
    if f.suggestion:
        typer.echo(f"      -> {f.suggestion}")
