"""Commands of the contract that later work fills in: each says so in one line and exits 2.

A command module that implements one of these registers it first; this module only adds
what is still missing, so building a command never means editing this file.
"""

from __future__ import annotations

import typer

from poa.cli import app

PLANNED: dict[str, str] = {
    "new": "Create a case folder and run the guided wizard.",
    "edit": "Resume or re-enter the wizard for a case.",
    "check": "Cross-reference order IDs and check the case is complete.",
    "score": "Score a draft for specificity, readability, structure and risky phrasing.",
    "submit": "Freeze the current draft as the next revision.",
    "reply": "Record Amazon's reply to the latest revision and print its checklist.",
    "feedback": "Analyse an Amazon message: its kind and what it asks for.",
    "revise": "Work through the sections the latest reply asked about.",
    "history": "Show the timeline of revisions and replies.",
    "diff": "Show the text difference between two revisions.",
}
PLANNED_GROUPS: dict[str, str] = {
    "orders": "Import order IDs from Seller Central reports and list them.",
}


def _registered() -> set[str]:
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    names |= {g.name or "" for g in app.registered_groups}
    return names


def _stub(name: str, summary: str) -> None:
    def command(args: list[str] = typer.Argument(None, hidden=True)) -> None:
        typer.echo(f"poa {name}: not available yet in this version of poa", err=True)
        raise typer.Exit(2)

    command.__doc__ = f"{summary} (not available yet)"
    app.command(
        name=name,
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )(command)


def add_missing_commands() -> None:
    """Register a stub for every contract command no module has registered."""
    done = _registered()
    for name, summary in {**PLANNED, **PLANNED_GROUPS}.items():
        if name not in done:
            _stub(name, summary)
