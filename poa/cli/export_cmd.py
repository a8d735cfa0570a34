"""poa export: render the current draft as .docx, Markdown or plain text."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from poa.cli import terminal
from poa.cli.common import echo_err
from poa.errors import InputError


class Format(str, Enum):
    docx = "docx"
    md = "md"
    txt = "txt"


def export_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help="Case folder (holds case.yaml)."),
    fmt: Format = typer.Option(Format.docx, "--format", "-f", help="Output format."),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="PATH",
        help="Where to write. Default: CASE/appeal.<format>. '-' prints md or txt to stdout.",
    ),
    date: str | None = typer.Option(
        None, "--date", metavar="YYYY-MM-DD", help="Date printed on the plan (default: today)."
    ),
    max_chars: int | None = typer.Option(
        None,
        "--max-chars",
        metavar="N",
        min=1,
        help="Warn when a section is longer than N characters (an appeal form's field limit).",
    ),
) -> None:
    """Render the current draft as a Word document, Markdown or plain text.

    The .txt is what you paste into Amazon's appeal form: plain text, one part per section,
    with each part's character count printed.

    Examples:

      poa export my-case                      # my-case/appeal.docx

      poa export my-case --format txt -o -    # paste-ready text on stdout
    """
    from poa import export
    from poa.case import store
    from poa.text.dates import parse_option

    today = parse_option(date, "--date")
    case = store.load_case(case_dir)
    if output == "-" and fmt is Format.docx:
        raise InputError("a .docx cannot go to stdout; give -o FILE.docx")
    target = export.default_output(case_dir, fmt.value) if output in (None, "") else Path(output)
    plan, data = export.render(case, fmt.value, today, case_dir)
    if output == "-":
        out = terminal.current().stdout
        out.write(data.decode("utf-8"))
        out.flush()
    else:
        export.write(target, data)
        echo_err(f"Wrote {target} ({len(data):,} bytes)")
    _warn_non_english(case, case_dir)
    _report_lengths(plan, max_chars)


def _warn_non_english(case: object, case_dir: Path) -> None:
    """One line naming every field still in Chinese (or another non-Latin script)."""
    from poa.case.store import field_path
    from poa.text.scripts import non_english_fields

    found = [field_path(loc) for loc, _ in non_english_fields(case)]
    if found:
        echo_err(
            f"warning: not in English: {', '.join(found)}; Amazon's reviewers read English"
            f" (poa check {case_dir} shows each one)"
        )


def _report_lengths(plan: object, max_chars: int | None) -> None:
    """Per-section character counts: appeal forms take one section per field."""
    from poa.export.text import text_parts

    parts = text_parts(plan)  # type: ignore[arg-type]
    width = max((len(p.title or "Closing") for p in parts), default=10)
    echo_err("Characters per section (plain text):")
    for part in parts:
        flag = ""
        if max_chars and part.chars > max_chars:
            flag = f"  <- over {max_chars:,}"
        echo_err(f"  {(part.title or 'Closing'):<{width}}  {part.chars:>6,}{flag}")
    echo_err(f"  {'Total':<{width}}  {sum(p.chars for p in parts):>6,}")
