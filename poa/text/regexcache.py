"""Compiled regular expressions kept between runs, so a short command does not rebuild them.

``poa score`` compiles a few hundred patterns from ``sections/`` on every run, and Python's
``re`` parses and compiles them in Python code: about half the command's time. The compiled
form (the code ``re`` hands to its C engine) depends only on the pattern, its flags and the
engine's version, so it is stored once in the cache folder (``marshal``, next to the data
cache) and handed straight to the engine on later runs. Anything unexpected (another Python,
a damaged file, a cache folder that cannot be written) falls back to ``re.compile``: the
cache can only save time, never change a match. ``POA_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import sys
from array import array
from collections.abc import Iterable
from typing import Any

try:  # the engine's own entry point; absent or different on other Pythons: no cache
    import _sre  # type: ignore[import-not-found]  # CPython's engine module: no stub
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    _sre = None

# (flags, the engine's code as unsigned ints in bytes, groups, group index, index group)
_Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]
_entries: dict[tuple[str, int], _Entry] | None = None
_MAX_ENTRIES = 5000
_dirty = False


def _path() -> str | None:
    from poa.files import datacache

    folder = datacache.cache_dir()
    if folder is None or _sre is None:
        return None
    tag = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}-v2"
    return str(folder / f"regex-{tag}.marshal")


def _load() -> dict[tuple[str, int], _Entry]:
    global _entries
    if _entries is None:
        _entries = {}
        path = _path()
        if path is not None:
            import marshal

            with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
                with open(path, "rb") as handle:
                    loaded = marshal.load(handle)
                if isinstance(loaded, dict) and len(loaded) < _MAX_ENTRIES:
                    _entries = loaded  # (past the limit, old patterns are dropped)
        atexit.register(_save)
    return _entries


def _save() -> None:
    if not _dirty or _entries is None:
        return
    path = _path()
    if path is None:
        return
    import marshal
    import tempfile

    with contextlib.suppress(OSError, ValueError):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".regex.", dir=os.path.dirname(path))
        try:
            with os.fdopen(fd, "wb") as handle:
                marshal.dump(_entries, handle)
            os.replace(tmp, path)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _build(pattern: str, flags: int) -> tuple[re.Pattern[str], _Entry]:
    """What ``re._compiler.compile`` does, keeping the pieces it hands to the engine."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[Any] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry: _Entry = (
        flags | parsed.state.flags,
        array("I", [int(op) for op in code]).tobytes(),
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    return _from_entry(pattern, entry), entry


def _from_entry(pattern: str, entry: _Entry) -> re.Pattern[str]:
    final_flags, code, groups, groupindex, indexgroup = entry
    ops = array("I")
    ops.frombytes(code)
    return _sre.compile(pattern, final_flags, ops.tolist(), groups, groupindex, indexgroup)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the cache when this engine compiled it before."""
    global _dirty
    if _sre is None or os.environ.get("POA_NO_CACHE") or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    try:
        entries = _load()
        key = (pattern, int(flags))
        entry = entries.get(key)
        if entry is not None:
            return _from_entry(pattern, entry)
        compiled, entry = _build(pattern, int(flags))
        entries[key] = entry
        _dirty = True
        return compiled
    except re.error:
        raise
    except Exception:  # an engine this cache does not understand: compile as usual
        return re.compile(pattern, flags)


def any_of(patterns: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """One pattern matching any of ``patterns`` (each kept whole in its own group), compiled
    through the cache: how lists of phrasings in ``sections/`` become one search."""
    return compile("|".join(f"(?:{p})" for p in patterns), flags)
