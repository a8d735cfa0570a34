"""The Typer app: the group that turns every error into one line, and the command table.

The command modules (poa/cli/*_cmd.py) define plain functions and sub-apps and never import
this module; ``_register`` adds them here, in one place, so there is no import cycle between
the app and its commands. Heavy libraries (python-docx, textstat) are imported inside
commands, never here.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from poa.cli import guard, lighter, terminal
from poa.cli.guard import HELP
from poa.errors import ExitStatus, PoaError

# The design's command table, in the order of a seller's path.
ORDER = ["new", "edit", "blocks", "orders", "check", "evidence", "score", "export", "submit",
         "reply", "feedback", "revise", "history", "diff"]  # fmt: skip


class PoaGroup(TyperGroup):
    """Every error as one line on stderr: PoaError (its code), usage (2), Ctrl-C (130)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        extra["windows_expand_args"] = windows_expand_args
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        if self._shows_help(argv):
            lighter.load_rich_utils()  # help is drawn: load it without what poa never shows

        def command() -> int:
            try:
                code = super(PoaGroup, self).main(args, prog_name, complete_var, False, **extra)
            except typer.TyperException as exc:
                message = exc.format_message().replace("Value error, ", "")
                if not message:  # 'poa' alone: the help was shown, nothing went wrong
                    return ExitStatus.OK
                ctx = getattr(exc, "ctx", None)
                where = ctx.command_path if ctx is not None else "poa"
                guard.say(f"{where}: {message} (see '{where} --help')")
                return exc.exit_code
            except typer.Abort as exc:
                if isinstance(exc.__context__, KeyboardInterrupt):
                    raise KeyboardInterrupt from None  # Ctrl-C outside a command: 130
                guard.say("poa: aborted")
                return ExitStatus.ABORTED
            return code if isinstance(code, int) else ExitStatus.OK

        sys.exit(guard.run(command, argv))

    def _shows_help(self, argv: list[str]) -> bool:
        """No arguments, -h or --help, or a sub-app named alone ('poa orders'): help is drawn."""
        if not argv or HELP & set(argv):
            return True
        return len(argv) == 1 and hasattr(self.commands.get(argv[0]), "commands")

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """An unknown command that is a subcommand of a group suggests it in full.

        'poa import' is not a near-miss of 'export': it is 'poa orders import'.
        """
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as exc:
            nested = self._nested(ctx, args[0]) if args and hasattr(exc, "message") else []
            if nested:
                exc.message = f"No such command {args[0]!r}. Did you mean {' or '.join(nested)}?"
            raise

    def _nested(self, ctx: Any, name: str) -> list[str]:
        found = []
        for group_name in self.list_commands(ctx):
            group = self.get_command(ctx, group_name)
            commands = getattr(group, "commands", None) or {}
            if name in commands:
                found.append(f"'{ctx.command_path} {group_name} {name}'")
        return found

    def list_commands(self, ctx: Any) -> list[str]:
        """Help lists commands in the order of a seller's path (the design's table)."""
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))

    def invoke(self, ctx: Any) -> Any:
        """Run the command with the run's terminal (poa.cli.terminal), looked at once here."""
        gc.enable()  # off while poa.cli.main loaded the modules
        try:
            with terminal.for_run(terminal.Terminal.detect()):
                return super().invoke(ctx)
        except PoaError as exc:
            guard.say(f"poa: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("\npoa: interrupted; everything saved so far is kept", err=True)
            raise typer.Exit(ExitStatus.INTERRUPTED) from None


app = typer.Typer(
    name="poa",
    cls=PoaGroup,
    help=(
        "Write, score and track an Amazon plan of action.\n\n"
        "Start with 'poa new my-case --notice notice.txt', or try an example:\n\n"
        "  poa export examples/odr-unanswered-messages --format docx"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _register(app: typer.Typer) -> None:
    """Every command and sub-app, in the order help lists those outside ``ORDER``."""
    from poa.cli import (
        blocks_cmd,
        check_cmd,
        evidence_cmd,
        export_cmd,
        feedback_cmd,
        letter_cmd,
        orders_cmd,
        revisions_cmd,
        score_cmd,
        wizard_cmd,
    )

    app.command("blocks")(blocks_cmd.blocks_command)
    app.command("check")(check_cmd.check_command)
    app.command("evidence")(evidence_cmd.evidence_command)
    app.command("export")(export_cmd.export_command)
    app.command("feedback")(feedback_cmd.feedback_command)
    app.command("letter")(letter_cmd.letter_command)
    app.command("check-message")(letter_cmd.check_message_command)
    app.add_typer(orders_cmd.orders_app, name="orders")
    app.command("submit")(revisions_cmd.submit_command)
    app.command("reply")(revisions_cmd.reply_command)
    app.command("revise")(revisions_cmd.revise_command)
    app.command("history")(revisions_cmd.history_command)
    app.command("diff")(revisions_cmd.diff_command)
    app.command("score", **score_cmd.SETTINGS)(score_cmd.score_command)
    app.command("new")(wizard_cmd.new_command)
    app.command("edit")(wizard_cmd.edit_command)


_register(app)
