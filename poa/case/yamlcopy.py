"""Large YAML files read once: their parsed data and their lines kept between runs.

A file of CACHE_BYTES or more keeps its parsed data, and the lines of its fields once a
message needed them, in the cache folder (poa.files.datacache's), for the very same text only:
its SHA-256 is stored with them. Any problem with a copy: the text is parsed again.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

import yaml

from poa.case.yamlio import compose, load_yaml, no_gc
from poa.errors import CaseError, PoaError
from poa.files import datakeys

CACHE_BYTES = 64 * 1024
MAX_COPIES = 8  # of each kind (data, lines), the most recently written
_COPY_VERSION = 1


def _copy_path(path: Path, kind: str = "parsed") -> Path | None:
    from poa.files import datacache

    folder = datacache.cache_dir()
    if folder is None:
        return None
    key = f"{zlib.crc32(str(path).encode('utf-8', 'surrogatepass')):08x}"
    return folder / f"{kind}-{path.stem}-{key}.marshal"


def _read_copy(entry: Path, stamp: tuple[Any, ...]) -> Any:
    """What ``_keep`` stored for ``stamp``, or None."""
    with no_gc(), contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        kept = marshal.loads(entry.read_bytes())
        if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == stamp:
            return kept[1]
    return None


def load_yaml_kept(
    path: Path, text: str, digest: str, source: str, error: type[PoaError] = CaseError
) -> tuple[Any, yaml.Node | None]:
    """``load_yaml``, or for a large file the data parsed from this text before (node None).

    ``path`` names the file (one copy per file), ``digest`` is the text's SHA-256.
    """
    entry = _copy_path(path) if len(text) >= CACHE_BYTES else None
    if entry is None:
        return load_yaml(text, source, error)
    stamp = (_COPY_VERSION, yaml.__version__, digest)
    kept = _read_copy(entry, stamp)
    if kept is not None:
        return kept, None
    data, node = load_yaml(text, source, error)
    _keep(entry, stamp, data)
    return data, node


def _keep(entry: Path, stamp: tuple[Any, ...], data: Any) -> None:
    try:
        blob = marshal.dumps((stamp, data))
    except ValueError:  # a value marshal cannot hold: parsed every time
        return
    with contextlib.suppress(OSError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(tmp, entry)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        # The copies of the cases used last are kept: a folder of old ones never piles up.
        kind = entry.name.split("-", 1)[0]
        copies = sorted(entry.parent.glob(f"{kind}-*.marshal"), key=_age)
        for old in copies[:-MAX_COPIES]:
            old.unlink(missing_ok=True)


def _age(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class Lines:
    """The lines of a node tree without the tree, as marshal keeps them: a scalar is
    ``(line,)``, a mapping ``(line, {key text: child})``, a sequence ``(line, [child])``."""

    __slots__ = ("tree",)

    def __init__(self, tree: tuple[Any, ...]) -> None:
        self.tree = tree

    @classmethod
    def of(cls, node: yaml.Node) -> Lines:
        return cls(_tree(node))

    def line(self, loc: tuple[Any, ...]) -> int:
        """What ``line_of`` gives for the node tree these lines were taken from."""
        tree = self.tree
        line: int = tree[0]
        for key in loc:
            children = tree[1] if len(tree) == 2 else None
            if isinstance(children, dict):
                child = children.get(key) if isinstance(key, str) else None
                if child is None:
                    return line
                tree = child
            elif isinstance(children, list) and isinstance(key, int):
                if key >= len(children):
                    return line
                tree = children[key]
            else:
                return line
            line = tree[0]
        return line


def _tree(node: yaml.Node) -> tuple[Any, ...]:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        children: dict[str, tuple[Any, ...]] = {}
        for key, value in node.value:
            if isinstance(key.value, str):  # the first of equal keys is the one line_of finds
                children.setdefault(key.value, _tree(value))
        return (line, children)
    if isinstance(node, yaml.SequenceNode):
        return (line, [_tree(item) for item in node.value])
    return (line,)


def lines_kept(path: Path, text: str, digest: str) -> yaml.Node | Lines | None:
    """The node tree of ``text`` for field lines, or for a large file the lines kept from an
    earlier run for this very text (``digest``, its SHA-256), or None if it cannot be read."""
    entry = _copy_path(path, "lines") if len(text) >= CACHE_BYTES else None
    stamp = (_COPY_VERSION, yaml.__version__, digest)
    if entry is not None:
        kept = _read_copy(entry, stamp)
        if isinstance(kept, tuple):
            return Lines(kept)
    node = compose(text)
    if entry is not None and node is not None:
        with contextlib.suppress(RecursionError):  # too deep to keep: composed every time
            _keep(entry, stamp, _tree(node))
    return node


def line_of(node: yaml.Node | Lines | None, loc: tuple[Any, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a 1-based line."""
    if isinstance(node, Lines):
        return node.line(loc)
    return datakeys.node_line(node, loc)
