"""Files given on the command line are checked before they are opened.

Opening a named pipe blocks until something writes to it, and a device such as /dev/zero never
ends: both would hang poa. A stat first (it never blocks) tells a regular file from the rest.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from poa.errors import InputError


def regular_file(path: Path, what: str = "file") -> Path:
    """``path`` if it is a regular file (symlinks followed); InputError, at once, otherwise."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder; give the {what} itself")
    if not stat.S_ISREG(mode):
        kind = "a named pipe" if stat.S_ISFIFO(mode) else "a device or socket"
        raise InputError(f"{path}: is {kind}, not a saved file; give the {what} as a file")
    return Path(path)
