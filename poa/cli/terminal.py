"""The terminal a run talks to, looked at once: its streams, which are terminals, width, colour.

Built once per run (``Terminal.detect()``, by the entry point or the Typer group) and passed to
the code that prints, so whether output goes to a terminal is decided here and nowhere else. A
test renders a terminal-only branch (colours, wrapping, a progress bar, the paste hint) by
passing ``Terminal.fake(...)``, without a pseudo-terminal. Typer-free: the fast path uses it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from typing import IO, Any


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no stream, or a closed one: not a terminal
        return False


class Terminal:
    """What a run writes to and reads from, and what they are (a plain class: a dataclass costs
    a millisecond of start-up to build)."""

    def __init__(
        self,
        *,
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        stdin_tty: bool = False,
        stdout_tty: bool = False,
        stderr_tty: bool = False,
        columns: int = 0,
        columns_asked: bool = False,
        no_color: bool = False,
        term: str = "",
    ) -> None:
        self.stdin: IO[str] = io.StringIO() if stdin is None else stdin
        self.stdout: IO[str] = io.StringIO() if stdout is None else stdout
        self.stderr: IO[str] = io.StringIO() if stderr is None else stderr
        self.stdin_tty = stdin_tty
        self.stdout_tty = stdout_tty
        self.stderr_tty = stderr_tty
        self.columns = columns  # the width in columns (COLUMNS, or the terminal's); 0: unknown
        self.columns_asked = columns_asked  # COLUMNS is set: wrap even when not a terminal
        self.no_color = no_color  # NO_COLOR is set (https://no-color.org)
        self.term = term  # TERM ('dumb' or empty: no line editing)

    @classmethod
    def detect(cls) -> Terminal:
        """The process's own streams and environment, as they are now."""
        import shutil

        env = os.environ
        return cls(
            stdin=sys.stdin,
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdin_tty=_is_tty(sys.stdin),
            stdout_tty=_is_tty(sys.stdout),
            stderr_tty=_is_tty(sys.stderr),
            columns=shutil.get_terminal_size((0, 0)).columns,
            columns_asked=bool(env.get("COLUMNS")),
            no_color="NO_COLOR" in env,
            term=env.get("TERM", ""),
        )

    @classmethod
    def fake(cls, *, tty: bool = True, columns: int = 80, **changes: Any) -> Terminal:
        """A terminal for tests: every stream a terminal (or none, ``tty=False``), output kept
        in StringIO (read ``stdout.getvalue()``)."""
        base: dict[str, Any] = {
            "stdin_tty": tty,
            "stdout_tty": tty,
            "stderr_tty": tty,
            "columns": columns,
            "term": "xterm" if tty else "",
        }
        return cls(**{**base, **changes})

    @property
    def colour(self) -> bool:
        """ANSI colours on stdout: a terminal, and NO_COLOR not set."""
        return self.stdout_tty and not self.no_color

    @property
    def interactive(self) -> bool:
        """Someone can answer questions: stdin and stdout are both terminals."""
        return self.stdin_tty and self.stdout_tty

    @property
    def line_editing(self) -> bool:
        """prompt_toolkit can run: stdin is a terminal that is not 'dumb'."""
        return self.stdin_tty and self.term not in ("dumb", "")

    @property
    def wraps(self) -> bool:
        """Prose is fitted to the width on a terminal, or when COLUMNS asks for a width; piped
        output stays line per line."""
        return self.stdout_tty or self.columns_asked

    def width(self, fallback: int) -> int:
        """The width in columns, or ``fallback`` when it is unknown."""
        return self.columns if self.columns > 0 else fallback


_run: Terminal | None = None  # the terminal of the command running now (see ``for_run``)


@contextlib.contextmanager
def for_run(term: Terminal) -> Iterator[Terminal]:
    """Make ``term`` the run's terminal while a command runs (the Typer group does this)."""
    global _run
    before, _run = _run, term
    try:
        yield term
    finally:
        _run = before


def current() -> Terminal:
    """The run's terminal; outside a run (a helper called on its own), the process's as it is."""
    return _run if _run is not None else Terminal.detect()
