"""poa orders import / list / metrics: Seller Central reports into a case, and what they show."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from poa.cli import terminal
from poa.cli.common import echo_err, echo_json
from poa.cli.terminal import Terminal

orders_app = typer.Typer(
    help=(
        "Import order IDs from Seller Central reports and list them.\n\n"
        "Examples:\n\n"
        "  poa orders import my-case OrdersReport.txt feedback.csv claims.csv\n\n"
        "  poa orders list my-case"
    ),
    no_args_is_help=True,
)


def _store_counts(case_dir: Path) -> dict[str, int] | None:
    """What orders.sqlite holds (every imported row), or None before the first import."""
    from poa.case import orderstore as db

    with db.reading(case_dir) as conn:
        return db.counts(conn) if conn is not None else None


def _print_store(counts: dict[str, int] | None) -> None:
    if counts:
        typer.echo(
            f"Order store (orders.sqlite): {counts['item_rows']:,} report rows of"
            f" {counts['orders']:,} orders, {counts['defect_rows']:,} defect rows,"
            f" {counts['reports']:,} reports"
        )


@contextmanager
def _progress_bar(term: Terminal) -> Any:
    """A rich progress bar on stderr when it is a terminal; otherwise nothing is drawn."""
    if not term.stderr_tty:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn())
    console = Console(file=term.stderr, force_terminal=True)  # term.stderr_tty said so
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[Path, Any] = {}

        def update(path: Path, done: int, total: int) -> None:
            if path not in tasks:
                tasks[path] = bar.add_task(path.name, total=total or None)
            bar.update(tasks[path], completed=done)

        yield update


@orders_app.command("import")
def import_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help="Case folder (holds case.yaml)."),
    files: list[Path] = typer.Argument(
        ..., metavar="FILE...", help="Reports: .txt/.tsv/.csv as downloaded or copied, or .xlsx."
    ),
    defect: str | None = typer.Option(
        None,
        "--defect",
        metavar="KIND",
        help="Defect for orders from a plain list or a sheet without a defect column:"
        " claim, negative_feedback, chargeback, late, cancelled, other.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Import orders from Seller Central reports into a case.

    Recognises each file by its header: the All Orders report (tab-separated), the Feedback
    Manager download, A-to-z claims and chargeback lists (exported or copied from the page),
    a spreadsheet saved from Excel (.xlsx or .csv), or a plain list of order IDs. UTF-8 (with
    or without BOM), GB18030 and Windows-1252 files are read as they are. A cell or line may
    hold several IDs separated by commas, semicolons (ASCII or full-width), 、 or spaces; each
    is imported, and a malformed one beside them is listed as skipped.

    Every row goes to the case's order store, orders.sqlite (metrics and units sold per ASIN
    are counted from it); case.yaml keeps the defect orders (claims, negative feedback,
    chargebacks) and the orders the plan quotes. Never buyer names, e-mails or addresses.
    Importing the same report again changes nothing. A bad file stops the import with the
    store and the case unchanged.

    Examples:

      poa orders import my-case OrdersReport.txt Feedback.csv

      poa orders import my-case complaint-orders.txt --defect claim
    """
    from poa.orders import importer, metrics

    with _progress_bar(terminal.current()) as progress:
        result = importer.import_into_folder(
            case_dir, list(files), default_defect=defect, progress=progress
        )
    figures = metrics.compute(result.case)
    if as_json:
        data = {
            "changed": result.changed,
            "seconds": round(result.seconds, 3),
            "files": [_file_dict(f) for f in result.files],
            "store": _store_counts(case_dir),
            **figures.as_dict(),
        }
        echo_json(data)
        return
    for f in result.files:
        _print_file(f)
    verb = "saved" if result.changed else "unchanged (nothing new)"
    typer.echo(
        f"Total: {result.total('added')} added, {result.total('updated')} updated,"
        f" {result.total('unchanged')} already there, {result.total('skipped_count')} skipped;"
        f" case {verb}. ({result.seconds:.1f} s)"
    )
    _print_store(_store_counts(case_dir))
    _print_metrics(figures)


def _file_dict(f: Any) -> dict[str, Any]:
    return {
        "file": str(f.path),
        "kind": f.kind,
        "encoding": f.encoding,
        "rows": f.rows,
        "added": f.added,
        "updated": f.updated,
        "unchanged": f.unchanged,
        "counted_only": f.counted,
        "days": f.days,
        "skipped": {reason: lines for reason, lines in f.skipped.items()},
        "already_imported": f.already_imported,
    }


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    return f"line {shown}" + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")


def _print_file(f: Any) -> None:
    encoding = f" ({f.encoding})" if f.encoding and f.encoding != "xlsx" else ""
    again = "  [imported before]" if f.already_imported else ""
    rows = f"{f.rows:,} row{'s' * (f.rows != 1)}"
    typer.echo(f"{f.path.name}: {f.label}{encoding}, {rows}{again}")
    parts = [f"{f.added} added", f"{f.updated} updated", f"{f.unchanged} already there"]
    if f.counted:
        parts.append(f"{f.counted:,} counted for the metrics only ({f.days} days)")
    typer.echo("  " + ", ".join(parts))
    for reason, lines in f.skipped.items():
        typer.echo(f"  skipped {len(lines)}: {reason} ({_lines(lines)})")


def _percent(rate: Any) -> str:
    """Two decimals, as Seller Central shows them; three when two would round onto the target."""
    text = f"{rate.value * 100:.2f}"
    if float(text) == round(rate.target * 100, 2) and not rate.over_target:
        text = f"{rate.value * 100:.3f}"
    return text + "%"


def _print_metrics(figures: Any) -> None:
    shown = False
    for rate in figures.rates.values():
        if rate.value is None:
            continue
        if not shown:
            typer.echo(f"Metrics as of {figures.as_of}:")
            shown = True
        flag = "over" if rate.over_target else "under"
        line = (
            f"  {rate.label}: {_percent(rate)} ({rate.numerator:,} of {rate.denominator:,}"
            f" orders, {rate.window_start} to {rate.window_end}); target under"
            f" {rate.target * 100:g}%, {flag} target"
        )
        typer.echo(line)
        for part in rate.parts.values():
            typer.echo(f"    {part.label}: {_percent(part)} ({part.numerator:,})")
        if rate.over_target:
            typer.echo(
                f"    {rate.orders_needed:,} more defect-free orders would bring it under"
                f" {rate.target * 100:g}%"
            )
    for note in figures.notes:
        typer.echo(f"  note: {note}")


@orders_app.command("list")
def list_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help="Case folder (holds case.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print orders and metrics as JSON."),
) -> None:
    """List the case's orders with their defects and the root causes and actions naming them.

    Examples:

      poa orders list my-case

      poa orders list my-case --json
    """
    from poa.case import store
    from poa.orders import metrics
    from poa.orders.checkrules import _mentions

    case = store.load_case(case_dir)
    causes = _mentions(case.root_causes)
    actions = _mentions(case.corrective_actions)
    rows: list[dict[str, Any]] = [
        {
            "order_id": o.order_id,
            "purchase_date": o.purchase_date.isoformat() if o.purchase_date else None,
            "asin": o.asin,
            "sku": o.sku,
            "status": o.status,
            "defect": o.defect,
            "defects": list(o.defects),
            "root_causes": causes.get(o.order_id, []),
            "actions": actions.get(o.order_id, []),
        }
        for o in case.orders
    ]
    figures = metrics.compute(case)
    held = _store_counts(case_dir)
    if as_json:
        echo_json({"orders": rows, "store": held, **figures.as_dict()}, ensure_ascii=True)
        return
    if not rows:
        if held and held["item_rows"]:
            echo_err(f"{case_dir}: no defect orders in case.yaml (the reports show none it keeps)")
        else:
            echo_err(
                f"{case_dir}: no orders yet; import them with 'poa orders import {case_dir} FILE'"
            )
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_edge=False, pad_edge=False)
        for title in ("Order ID", "Date", "ASIN", "SKU", "Status", "Defect", "Causes", "Actions"):
            table.add_column(title, no_wrap=title in ("Order ID", "Date", "ASIN"))
        for r in rows:
            defects = ", ".join(d.replace("_", " ") for d in r["defects"])
            uncovered = r["defects"] and not r["actions"]
            table.add_row(
                r["order_id"],
                r["purchase_date"] or "",
                r["asin"] or "",
                r["sku"],
                r["status"],
                defects,
                ", ".join(r["root_causes"]),
                ", ".join(r["actions"]) or ("[red]none[/red]" if uncovered else ""),
            )
        term = terminal.current()
        console = Console(file=term.stdout, width=None if term.stdout_tty else 160)
        console.print(table)
        typer.echo(f"{len(rows)} orders, {sum(bool(r['defects']) for r in rows)} with a defect")
    _print_store(held)
    _print_metrics(figures)


@orders_app.command("metrics")
def metrics_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help="Case folder (holds case.yaml)."),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="End of the windows (default: latest order)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
) -> None:
    """Recompute the order defect rate and its parts, late shipment and cancel rates.

    Examples:

      poa orders metrics my-case

      poa orders metrics my-case --as-of 2026-03-15 --json
    """
    from poa.case import store
    from poa.orders import metrics
    from poa.text.dates import parse_option

    case = store.load_case(case_dir)
    figures = metrics.compute(case, parse_option(as_of, "--as-of"))
    if as_json:
        echo_json(figures.as_dict(), ensure_ascii=True)
        return
    _print_metrics(figures)
    if not any(r.value is not None for r in figures.rates.values()) and not figures.notes:
        typer.echo("No metrics: import an All Orders report first.")
