"""The last line of defence at both entry points: every run ends in a status, never a stack.

A command's own errors (PoaError) are one line and their exit code; Ctrl-C is 130; output that
cannot be written (a closed pipe, a full disk) ends quietly or in one line; anything else is a
bug: one line naming the command and asking for a report, the details in poa.files.crashlog's file.
Typer-free, so the fast ``score`` path uses it too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable

from poa.errors import ExitStatus, PoaError

HELP = {"-h", "--help"}  # the options that ask for help, on either path
LINE_LIMIT = 300  # characters per line of an error message
LINES_LIMIT = 12
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def for_terminal(message: str) -> str:
    """Each line cut to a readable length, control characters shown, at most a dozen lines."""
    lines = message.splitlines() or [""]
    out = []
    for line in lines[:LINES_LIMIT]:
        line = "".join(ch if ch.isprintable() or ch == "\t" else f"\\x{ord(ch):02x}" for ch in line)
        if len(line) > LINE_LIMIT:
            line = line[: LINE_LIMIT - 3] + "..."
        out.append(line)
    if len(lines) > LINES_LIMIT:
        out.append(f"... and {len(lines) - LINES_LIMIT} more lines")
    return "\n".join(out)


def say(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(for_terminal(message) + "\n")
        sys.stderr.flush()


def _silence_stdout() -> None:
    """After a failed write, make the interpreter's final flush a no-op (no 'Exception ignored')."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def run(command: Callable[[], int], argv: list[str]) -> int:
    """``command()``'s status, its output flushed; one line on stderr for anything that fails."""
    try:
        status = command()
        sys.stdout.flush()
        return status
    except PoaError as exc:
        say(f"poa: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        say("\npoa: interrupted; everything saved so far is kept")
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:  # 'poa ... | head': the reader has all it wanted
        _silence_stdout()
        return ExitStatus.OK
    except OSError as exc:
        if exc.errno in _OUTPUT_ERRNOS and exc.filename is None:
            _silence_stdout()
            say(f"poa: cannot write the output: {exc.strerror or exc}")
            return ExitStatus.BAD_INPUT
        return _unexpected(exc, argv)
    except Exception as exc:
        return _unexpected(exc, argv)


def _unexpected(exc: BaseException, argv: list[str]) -> int:
    from poa.files import crashlog

    log = crashlog.record(exc, argv)
    command = " ".join(["poa", *argv])
    if len(command) > 100:
        command = command[:97] + "..."
    where = f"; details in {log}" if log else ""
    say(
        f"poa: unexpected error in '{command}' ({type(exc).__name__}); this is a bug in poa,"
        f" please report it{where}"
    )
    return ExitStatus.BAD_INPUT
