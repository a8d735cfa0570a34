"""poa score: grade a draft (case folder, .txt, .md or .docx) before it goes to Amazon."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from poa.cli import app
from poa.errors import InputError

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@app.command("score")
def score_command(
    target: Path = typer.Argument(
        ...,
        metavar="TARGET",
        help="A case folder, or a draft written elsewhere: .txt, .md or .docx.",
        show_default=False,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    min_score: int | None = typer.Option(
        None,
        "--min-score",
        metavar="N",
        min=0,
        max=100,
        help="Exit with status 1 when the score is below N (for scripts and CI).",
    ),
    notice: Path | None = typer.Option(
        None,
        "--notice",
        metavar="FILE",
        help="Amazon's notice, to check that every order ID and ASIN it names is covered.",
    ),
) -> None:
    """Score a draft for specificity, readability, structure and risky phrasing.

    Prints a 0-100 score, a score per section, every finding with its line and column and a
    suggested rewrite, and the prompts Amazon is likely to send back ("Greater detail on ...").

    Examples:

      poa score my-case

      poa score draft.docx --min-score 70

      poa score draft.txt --notice notice.txt --json
    """
    from poa.score import score_file

    notice_text = _read_notice(notice) if notice else None
    report = score_file(target, notice_text=notice_text)
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print(report)
    if min_score is not None and report.score < min_score:
        if not as_json:
            typer.echo(f"poa: score {report.score} is below --min-score {min_score}", err=True)
        raise typer.Exit(1)


def _read_notice(path: Path) -> str:
    from poa.score import read_draft

    if path.suffix.lower() not in (".txt", ".md", ".docx", ".markdown", ".text"):
        raise InputError(f"--notice {path}: give the notice as .txt, .md or .docx")
    return read_draft(path)


_LABELS = {
    "root_cause": "root cause",
    "corrective_actions": "actions taken",
    "preventive_measures": "prevention",
    "summary": "summary",
    "evidence": "evidence",
    "additional_info": "additional info",
}


def _print(report: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    colour = "green" if report.score >= 75 else "yellow" if report.score >= 50 else "red"
    parts = " | ".join(f"{k} {v:.0f}" for k, v in report.components.items())
    console.print(f"[bold]{_escape(report.target)}[/]: [bold {colour}]{report.score}[/]/100  ({parts})")
    read = report.readability
    console.print(
        f"Reading ease {read['flesch_reading_ease']:.0f} (aim 50-80), grade"
        f" {read['flesch_kincaid_grade']:.1f} (aim 5-10); {report.specificity['words']} words,"
        f" {read['sentences']} sentences, {report.specificity['vague_terms']} vague terms"
    )

    table = Table(show_edge=False, box=None, pad_edge=False, header_style="bold")
    table.add_column("section")
    for name in ("score", "words", "IDs", "dates", "figures", "owners", "freq", "vague", "ease"):
        table.add_column(name, justify="right")
    for sid, sec in report.sections.items():
        label = _LABELS.get(sid, sid)
        if not sec.present:
            table.add_row(label, "[red]missing[/]")
            continue
        s = sec.specificity
        figures = sum(s.get(k, 0) for k in ("numbers", "percentages", "durations", "money"))
        table.add_row(
            label,
            str(sec.score),
            str(sec.words),
            str(s.get("order_ids", 0) + s.get("asins", 0)),
            str(s.get("dates", 0)),
            str(figures),
            str(s.get("owners", 0)),
            str(s.get("frequencies", 0)),
            str(s.get("vague_terms", 0)),
            f"{sec.readability.get('flesch_reading_ease', 0):.0f}",
        )
    console.print()
    console.print(table)
    console.print()

    if report.findings:
        counts = ", ".join(
            f"{report.count(sev)} {sev}{'s' if report.count(sev) != 1 and sev != 'info' else ''}"
            for sev in ("error", "warning", "info")
        )
        console.print(f"[bold]Findings[/] ({counts})")
        findings = Table(show_edge=False, box=None, pad_edge=False, show_header=False)
        findings.add_column("where", justify="right", no_wrap=True)
        findings.add_column("rule", no_wrap=True)
        findings.add_column("message")
        for f in report.findings:
            where = f"{f.line}:{f.column}" if f.line else "-"
            text = _escape(f.message)
            if f.excerpt and f.excerpt not in f.message:
                text += f' [dim]"{_escape(f.excerpt)}"[/]'
            findings.add_row(where, f"[{_STYLE[f.severity]}]{f.rule}[/]", text)
        console.print(findings)
        console.print()
        console.print("[bold]How to fix[/]")
        seen: set[str] = set()
        for f in report.findings:
            if f.suggestion and f.rule not in seen:
                seen.add(f.rule)
                console.print(f"  [{_STYLE[f.severity]}]{f.rule}[/]: {_escape(f.suggestion)}")
    else:
        console.print("No findings.")
    console.print()
    if report.predicted_prompts:
        console.print(
            "Amazon is likely to ask again for: [bold]"
            + ", ".join(report.predicted_prompts)
            + "[/]"
        )
    else:
        console.print("No prompt predicted: nothing here that Amazon usually sends back.")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
