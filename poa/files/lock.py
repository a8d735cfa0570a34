"""One writer at a time per case folder, and the debris of killed runs swept on the next one.

Every command that reads, changes and writes a case holds ``locked(folder)`` for the whole
read-change-write, so two ``poa orders import`` runs at the same moment are serialised and
neither loses the other's orders. The lock is an ``fcntl.flock`` on ``.poa.lock`` in the case
folder: the kernel drops it when the process dies (even under kill -9), so a crash never leaves
a stale lock behind. The lock file itself stays (removing it would let two processes lock two
different files).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from poa.errors import CaseError

LOCK_FILE = ".poa.lock"
WAIT_SECONDS = 60.0  # another import of 200,000 rows takes a few seconds
_POLL = 0.05

try:  # POSIX; elsewhere the check of case.yaml before each save still refuses a lost update
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_held: dict[Path, tuple[int, int]] = {}  # folder -> (fd, depth): re-entrant within a process

# Temporary names written by poa.files.atomic and poa.revisions: ".<name>.<pid>.<random>.tmp".
TEMP_RE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the case's exclusive lock; waits for another poa command, then refuses."""
    key = Path(folder).resolve()
    if key in _held:
        fd, depth = _held[key]
        _held[key] = (fd, depth + 1)
        try:
            yield
        finally:
            _held[key] = (fd, _held[key][1] - 1)
        return
    fd = _acquire(Path(folder))
    _held[key] = (fd, 1)
    try:
        clean_leftovers(Path(folder))
        yield
    finally:
        del _held[key]
        if fd >= 0:
            os.close(fd)  # closing the descriptor releases the lock


def _acquire(folder: Path) -> int:
    if fcntl is None or not folder.is_dir():
        return -1
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only folder: the write itself then fails with its own message
        return -1
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise CaseError(
                    f"{folder}: another poa command is changing this case;"
                    " try again when it has finished"
                ) from None
            time.sleep(_POLL)
        except OSError:  # a file system without locks: the save-time check still guards
            os.close(fd)
            return -1


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill(pid, 0) would end it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def is_debris(entry: Path) -> bool:
    match = TEMP_RE.match(entry.name)
    return match is not None and not _alive(int(match["pid"]))


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files and folders of poa runs that died before finishing.

    Also finishes or rolls back a reply swap cut short (see poa.revisions): a revision left as
    ``.NNN.<pid>.old.tmp`` without its ``NNN`` is put back; with its ``NNN``, it is removed.
    """
    removed: list[Path] = []
    for where in (folder, folder / "revisions", *_revision_dirs(folder)):
        try:
            entries = list(where.iterdir())
        except OSError:
            continue
        for entry in sorted(entries):
            if not is_debris(entry):
                continue
            name = TEMP_RE.match(entry.name)["name"]  # type: ignore[index]
            original = entry.with_name(name.removesuffix(".old"))
            try:
                if name.endswith(".old") and entry.is_dir() and not original.exists():
                    os.rename(entry, original)  # a swap cut between its two renames
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
                removed.append(entry)
            except OSError:
                continue
    return removed


def _revision_dirs(folder: Path) -> list[Path]:
    try:
        return [p for p in (folder / "revisions").iterdir() if p.name.isdigit() and p.is_dir()]
    except OSError:
        return []
