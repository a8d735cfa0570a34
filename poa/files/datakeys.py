"""Unknown keys in poa's own data files (``sections/``): an error naming the file, the line and
the key meant, never a setting silently ignored (as Vale and proselint reject what they do not
understand).

A loader states the keys it reads as a small schema: ``keys(...)`` for a mapping with fixed keys
(some with the shape of their value), ``Each`` for a list of such mappings, ``Values`` for a
mapping whose keys the file chooses (ids). Checking parsed data against it is a few set
operations, cheap enough to run when a loader first reads the file; the YAML is composed again
for its line marks only when there is a bad key to report. Values of another type than the
schema expects are not looked into (reading them is the loader's business). The rule files use
the same wording; the files read through pydantic (case.yaml, blocks) say it through
``poa.case.validation``, whose spelling match is the one here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeAlias

from poa.errors import PoaError


class DataFileError(PoaError):
    """A data file of sections/ with a key poa does not read (an editing or packaging mistake)."""


# Plain classes, not dataclasses: the message reader imports this module, and building three
# dataclasses costs more (about 1 ms) than every check it makes.


class Keys:
    """A mapping with only the keys ``allowed``; ``shapes`` gives the shape of some values."""

    __slots__ = ("allowed", "shapes")

    def __init__(self, allowed: frozenset[str], shapes: Mapping[str, Shape]) -> None:
        self.allowed = allowed
        self.shapes = shapes


class Each:
    """A list whose items have the shape ``item``."""

    __slots__ = ("item",)

    def __init__(self, item: Shape) -> None:
        self.item = item


class Values:
    """A mapping with keys of the file's choosing (ids) whose values have the shape ``value``."""

    __slots__ = ("value",)

    def __init__(self, value: Shape) -> None:
        self.value = value


Shape: TypeAlias = Keys | Each | Values


def keys(*names: str, **shapes: Shape) -> Keys:
    """A mapping with the keys ``names`` (values not looked into) and ``shapes``."""
    return Keys(frozenset(names) | frozenset(shapes), shapes)


# Text in English and Chinese ({en: ..., zh: ...}); a plain string is shared by both.
TEXT = keys("en", "zh")


def closest(name: str, names: Iterable[str]) -> str | None:
    """The name ``name`` was probably meant to be, by spelling; None if none is close."""
    import difflib  # only when there is a name to suggest

    candidates = sorted({str(n) for n in names} - {name})
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def hint(name: str, names: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``names``, or nothing."""
    guess = closest(name, names)
    return f" (did you mean '{guess}'?)" if guess else ""


def unknown_key(key: object, allowed: Iterable[str]) -> str:
    """``unknown key 'x' (did you mean 'y'?)``: the words every data file's check uses."""
    return f"unknown key '{key}'{hint(str(key), allowed)}"


def check(data: Any, shape: Shape, path: Path, loc: tuple[Any, ...] = ()) -> None:
    """Raise DataFileError for the first key of ``data`` (read from ``path``, at ``loc`` in
    it) that ``shape`` does not allow; return quietly, at the cost of a few set operations,
    when there is none."""
    found = _first_unknown(data, shape, loc)
    if found is not None:
        bad_loc, allowed = found
        raise_unknown(path, bad_loc, allowed)


def check_keys(data: Any, allowed: Iterable[str], path: Path, loc: tuple[Any, ...]) -> None:
    """Raise DataFileError when the mapping ``data`` has a key not in ``allowed`` (a set
    known only when the file is read, such as the ids of another file's entries)."""
    if isinstance(data, dict):
        names = allowed if isinstance(allowed, (set, frozenset)) else set(allowed)
        for key in data:
            if key not in names:
                raise_unknown(path, (*loc, key), names)


def raise_unknown(path: Path, loc: tuple[Any, ...], allowed: Iterable[str]) -> None:
    """The one-line error for the key at the end of ``loc``: file, line, where, key meant."""
    line = key_line(path, loc)
    where = dotted(loc[:-1])
    raise DataFileError(
        f"{path}{f':{line}' if line else ''}: {unknown_key(loc[-1], allowed)}"
        f"{f' in {where}' if where else ''}"
    )


def _first_unknown(
    data: Any, shape: Shape, loc: tuple[Any, ...]
) -> tuple[tuple[Any, ...], frozenset[str]] | None:
    if isinstance(shape, Keys):
        if not isinstance(data, dict):
            return None
        if not shape.allowed.issuperset(data):
            key = next(k for k in data if k not in shape.allowed)
            return (*loc, key), shape.allowed
        for name, inner in shape.shapes.items():
            if name in data:
                found = _first_unknown(data[name], inner, (*loc, name))
                if found is not None:
                    return found
    elif isinstance(shape, Each):
        if isinstance(data, list):
            for index, item in enumerate(data):
                found = _first_unknown(item, shape.item, (*loc, index))
                if found is not None:
                    return found
    elif isinstance(data, dict):
        for name, value in data.items():
            found = _first_unknown(value, shape.value, (*loc, name))
            if found is not None:
                return found
    return None


def dotted(loc: tuple[Any, ...]) -> str:
    """``prompts.evidence``, ``sections[2].questions[0]``: a location as the file reads."""
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else f".{key}" if out else str(key)
    return out


def key_line(path: Path, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the key at the end of ``loc`` in the YAML file ``path`` (of the
    nearest enclosing entry when it cannot be followed; None when the file cannot be read).
    Composes the file with line marks: for an error message only."""
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError):
        return None
    return node_line(node, loc, at_key=True)


def node_line(node: Any, loc: tuple[Any, ...], at_key: bool = False) -> int | None:
    """Follow ``loc`` (keys and list indexes) through a composed YAML node tree to a 1-based
    line: of the value at its end, or of its last key with ``at_key``; the nearest enclosing
    entry's line where the path cannot be followed; None for an empty document."""
    import yaml

    if node is None:
        return None
    line: int = node.start_mark.line + 1
    for n, key in enumerate(loc):
        if isinstance(node, yaml.MappingNode):
            pair = next((p for p in node.value if p[0].value in (key, str(key))), None)
            if pair is None:
                return line
            if at_key and n == len(loc) - 1:
                return int(pair[0].start_mark.line) + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                return line
            node = node.value[key]
        else:
            return line
        line = node.start_mark.line + 1
    return line
