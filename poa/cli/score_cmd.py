"""poa score: grade a draft (case folder, .txt, .md or .docx) before it goes to Amazon.

The work is in poa.cli.fast_score (shared with the ``poa`` entry point's fast path, which
skips Typer so the command starts instantly); this is the command and its help, registered
by poa.cli.typer_app with ``SETTINGS``.
"""

from __future__ import annotations

from typing import Any

import typer

from poa.cli import terminal

# TARGET and the options are parsed by poa.cli.fast_score, not by Typer.
SETTINGS: dict[str, Any] = {
    "context_settings": {"allow_extra_args": True, "ignore_unknown_options": True},
    "options_metavar": "TARGET [--json] [--min-score N] [--notice FILE]",
}


def score_command(ctx: typer.Context) -> None:
    """Score a draft for specificity, readability, structure and risky phrasing.

    TARGET is a case folder, or a draft written elsewhere: .txt, .md or .docx.

    Prints a 0-100 score, a score per section and each finding at line:column with a fix.

    Ends with the prompts Amazon is likely to send back ("Greater detail on ...").

    Options:

      --json          print the result as JSON

      --min-score N   exit with status 1 when the score is below N (0-100)

      --notice FILE   Amazon's notice (.txt, .md, .docx): the plan must cover its IDs

    Examples:

      poa score my-case

      poa score draft.docx --min-score 70

      poa score draft.txt --notice notice.txt --json
    """
    from poa.cli.fast_score import run

    status = run(list(ctx.args), terminal.current())
    if status:
        raise typer.Exit(status)
