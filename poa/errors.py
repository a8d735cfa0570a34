"""One family of exceptions, turned into a message and an exit code in one place (the CLI)."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """What a command's exit code means; the README's table of exit codes."""

    OK = 0
    CHECK_FAILED = 1  # `check` found errors, `score --min-score` not met, a failed evidence list
    ABORTED = 1  # input ended (end of file) where a command waited for it: "poa: aborted"
    BAD_INPUT = 2  # bad usage or bad input: one line on stderr
    INTERRUPTED = 130  # Ctrl-C


class PoaError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits with ``exit_code``."""

    exit_code: int = ExitStatus.BAD_INPUT

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class CaseError(PoaError):
    """A case folder is missing, unreadable or invalid."""


class InputError(PoaError):
    """A file or value given on the command line cannot be used."""


class OutputError(PoaError):
    """A result cannot be written where the user asked."""
