"""poa letter / poa check-message: the letters around an appeal, and the check of buyer messages."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from poa.cli import terminal
from poa.cli.common import echo_err, echo_json
from poa.errors import ExitStatus

if TYPE_CHECKING:
    from poa.case.model import Case


class Lang(str, Enum):
    en = "en"
    zh = "zh"


KINDS_HELP = (
    "buyer-apology, buyer-resolution, supplier-invoice, rights-owner-retraction,"
    " seller-performance-follow-up"
)


def letter_command(
    case_dir: Path = typer.Argument(..., metavar="CASE", help="Case folder (holds case.yaml)."),
    kind: str = typer.Argument(..., metavar="KIND", help=f"One of: {KINDS_HELP}."),
    order: str | None = typer.Option(
        None,
        "--order",
        metavar="ID",
        help="The order a buyer letter is about; 'all': one file per order, in -o DIR"
        " (default CASE/letters/).",
    ),
    lang: Lang = typer.Option(
        Lang.en, "--lang", help="zh: add a Chinese gloss of each paragraph, outside the letter."
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", metavar="PATH", help="Write the letter to PATH (default: print)."
    ),
    fact: list[str] = typer.Option(
        [],
        "--fact",
        metavar="NAME=VALUE",
        help="A fact the case does not hold (supplier, rights_owner, complaint_id, ...).",
    ),
) -> None:
    """Write a letter from the case's facts: to a buyer, a supplier, a rights owner or Amazon.

    Kinds: buyer-apology (one order: what went wrong, the remedy already given, no request of
    any kind), buyer-resolution (one order: a replacement or refund offered through Amazon),
    supplier-invoice (invoices with every field Amazon checks), rights-owner-retraction (IP:
    what changed, a courteous request to withdraw the complaint through Amazon) and
    seller-performance-follow-up (after a canned reply: what the new revision adds).

    Letters are in English, every fact filled in from the case; a fact the case does not hold
    is one line naming it and how to give it (--fact NAME=VALUE). Letters to buyers pass
    poa check-message. With -o, the letter goes to PATH and the --lang zh gloss is printed.
    Example:

      poa letter my-case buyer-apology --order 113-4827301-5520947 --lang zh
    """
    from poa.case import store
    from poa.files import atomic
    from poa.letters import compose, facts

    compose.spec_of(kind)  # an unknown kind fails before the case is read
    given = facts.parse_given(fact)
    case = store.load_case(case_dir)
    if order is not None and order.lower() == compose.ALL:
        _write_all(case_dir, case, kind, given, output)
        return
    letter = compose.compose(case, kind, folder=case_dir, order=order, given=given)
    text = letter.text()
    gloss = letter.gloss_text() if lang is Lang.zh else ""
    if output is None or str(output) == "-":
        typer.echo(text + (f"\n{gloss}" if gloss else ""), nl=False)
        return
    atomic.write_text(output, text)
    echo_err(f"Wrote {output} ({letter.kind}, {len(letter.paragraphs)} paragraphs)")
    if gloss:
        typer.echo(gloss, nl=False)


def _write_all(
    case_dir: Path, case: Case, kind: str, given: dict[str, str], out: Path | None
) -> None:
    """--order all: one file per order in a folder (default CASE/letters/)."""
    from poa.errors import OutputError
    from poa.files import atomic
    from poa.letters import compose

    letters, skipped = compose.compose_all(case, kind, folder=case_dir, given=given)
    folder = out if out is not None and str(out) != "-" else case_dir / "letters"
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"-o {folder}: --order all writes one file per order into a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from None
    for letter in letters:
        atomic.write_text(folder / letter.file_name, letter.text())
        typer.echo(str(folder / letter.file_name))
    for line in skipped:
        echo_err(f"skipped {line}")
    echo_err(f"Wrote {len(letters)} {kind} letters to {folder}; skipped {len(skipped)}")


def check_message_command(
    source: str = typer.Argument(
        ..., metavar="FILE|-", help="The message to a buyer, as a text file, or - for stdin."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """Check a message to a buyer against Amazon's buyer-seller messaging rules.

    Flags asking to change, remove or leave a review or feedback, refunds or gifts tied to a
    review, e-mail addresses, phone numbers and links outside Amazon, marketing, attachments
    of kinds Amazon refuses, chasing a buyer or writing after an opt-out, and blaming,
    arguing with or threatening the buyer, in English and in Chinese drafts. Exits 1 when
    there is an error, so it can gate sending. --json prints the findings in the shape of
    poa score --json. Example:

      poa check-message reply-to-buyer.txt
    """
    from poa.letters.check import check_message, has_errors, read_message

    stdin = None
    if source == "-":
        term = terminal.current()
        stream = getattr(term.stdin, "buffer", None)
        stdin = stream.read() if stream is not None else term.stdin.read().encode("utf-8")
    name, text = read_message(source, stdin)
    findings = check_message(text)
    if as_json:
        payload = {"target": name, "findings": [f.to_json() for f in findings]}
        echo_json(payload)
    else:
        for f in findings:
            typer.echo(f"{name}:{f.line}:{f.column}: {f.severity}: {f.rule}: {f.message}")
            if f.suggestion:
                typer.echo(f"    -> {f.suggestion}")
        errors = sum(f.severity == "error" for f in findings)
        warnings = len(findings) - errors
        verdict = "" if findings else "; nothing Amazon's messaging rules forbid was found"
        echo_err(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            f"{verdict}"
        )
    if has_errors(findings):
        raise typer.Exit(ExitStatus.CHECK_FAILED)


def print_letter_offer(case_dir: Path, lang: str | None) -> None:
    """At the wizard's end: offer the letters to the buyers the corrective actions name."""
    from poa import wizard
    from poa.case import store
    from poa.letters.offer import offer_lines

    lines = offer_lines(
        store.load_case(case_dir), case_dir, lang or wizard.load_progress(case_dir).lang
    )
    if lines:
        typer.echo()
        for line in lines:
            typer.echo(line)
