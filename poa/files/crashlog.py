"""The details of an unexpected error, kept in a log file rather than shown as a stack.

The terminal gets one line asking for a report; the traceback goes to ``errors.log`` in poa's
cache folder (``POA_CACHE_DIR``, else ``$XDG_CACHE_HOME/poa``, else ``~/.cache/poa``), where a
seller can find it and attach it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path

LOG_NAME = "errors.log"
MAX_BYTES = 1_000_000  # then the log starts again (the previous one kept as errors.log.1)


def log_dir() -> Path:
    base = os.environ.get("POA_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "poa" if xdg else Path.home() / ".cache" / "poa"


def record(exc: BaseException, argv: list[str]) -> Path | None:
    """Append the error and its traceback to the log; the log's path, or None if unwritable."""
    path = log_dir() / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        stack = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        when = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        command = " ".join(["poa", *argv])
        entry = f"--- {when} python {sys.version.split()[0]}\n{command}\n{stack}\n"
        with open(path, "a", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(entry)
    except OSError:
        return None
    return path
