"""Parsed YAML data files, cached as JSON between runs.

Reading the ``sections/`` data is most of a short command's time: importing PyYAML and
constructing Python objects from a dozen files costs more than scoring a 1,000-word draft,
while ``json`` is in C. The first run parses the YAML and stores a JSON copy in the user's
cache folder; later runs use the copy while the file's size and modification time match.
Data that JSON cannot hold exactly (dates) is never cached. Any cache problem falls back to
parsing the YAML, so the cache can be deleted at any time (or disabled: POA_NO_CACHE=1).
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path
from typing import Any

VERSION = 1


def cache_dir() -> Path | None:
    if os.environ.get("POA_NO_CACHE"):
        return None
    base = os.environ.get("POA_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "poa" if xdg else Path.home() / ".cache" / "poa"


def _parse(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def load_yaml(path: Path) -> Any:
    """The parsed content of ``path``; raises OSError or yaml.YAMLError like a plain parse."""
    folder = cache_dir()
    stat = path.stat()
    stamp = [VERSION, stat.st_size, stat.st_mtime_ns]
    entry = None
    if folder is not None:
        key = f"{zlib.crc32(str(path.resolve()).encode('utf-8')):08x}"
        entry = folder / f"{path.stem}-{key}.json"
        with contextlib.suppress(OSError, ValueError):
            cached = json.loads(entry.read_text(encoding="utf-8"))
            if cached.get("stamp") == stamp:
                return cached["data"]
    data = _parse(path.read_text(encoding="utf-8"))
    if entry is not None:
        _store(entry, stamp, data)
    return data


def _store(entry: Path, stamp: list[int], data: Any) -> None:
    try:
        text = json.dumps({"stamp": stamp, "data": data}, ensure_ascii=False)
    except (TypeError, ValueError):
        return  # not JSON-exact (dates, sets...): parse the YAML every time
    import tempfile

    with contextlib.suppress(OSError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", dir=entry.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, entry)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
