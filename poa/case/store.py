"""The case folder on disk: ``case.yaml`` (source of truth) and ``revisions/``.

Reads report problems with the field and the line; writes are atomic; a file that cannot be
read is reported and never overwritten.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from poa.case.model import SCHEMA_VERSIONS, STORE_SCHEMA_VERSION, Case, OrderTotals
from poa.case.validation import friendly
from poa.case.yamlcopy import Lines, line_of, lines_kept, load_yaml_kept
from poa.case.yamlio import DataLoader, compose, load_yaml, no_gc
from poa.case.yamlio import cut as _cut
from poa.errors import CaseError
from poa.files import atomic
from poa.files import lock as caselock

CASE_FILE = "case.yaml"
REVISIONS_DIR = "revisions"


class _Dumper(yaml.SafeDumper):
    """Block style, keys in model order, multi-line text as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


class _CaseDumper(_Dumper):
    """case.yaml writes dates plain (2026-03-19), as a seller would type them."""


_CaseDumper.yaml_implicit_resolvers = DataLoader.yaml_implicit_resolvers


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


BLOCK_KEYS = ("block", "slots")
BLOCK_LISTS = ("root_causes", "corrective_actions", "preventive_measures")


def _block_keys_last(data: dict[str, Any]) -> None:
    """An item's building block (``block``, ``slots``) goes after its own fields, or away when
    the item was written freely: case.yaml stays as it was for cases without blocks."""
    for name in BLOCK_LISTS:
        for index, item in enumerate(data.get(name) or []):
            moved = {k: item.pop(k) for k in BLOCK_KEYS if k in item}
            if moved.get("block"):
                data[name][index] = {**item, **moved}


def _omit_empty_evidence_fields(data: dict[str, Any]) -> None:
    """``kind``, ``invoice`` and ``units_sold`` appear only when given: case.yaml stays as it
    was for cases without them; an invoice line keeps only the ``asin`` or ``product`` it has."""
    for item in data.get("evidence") or []:
        for key in ("kind", "invoice"):
            if item.get(key) is None:
                item.pop(key, None)
        for line in (item.get("invoice") or {}).get("lines") or []:
            for key in ("asin", "product"):
                if not line.get(key):
                    line.pop(key, None)
    if data.get("units_sold") is None:
        data.pop("units_sold", None)


def _omit_stored_days(data: dict[str, Any]) -> None:
    """Version 2 keeps the day totals in orders.sqlite: case.yaml does not grow with orders."""
    if data.get("schema_version") == STORE_SCHEMA_VERSION:
        data.get("order_totals", {}).pop("days", None)


def case_to_yaml(case: Case) -> str:
    data = case.model_dump(mode="json", exclude_defaults=False)
    _block_keys_last(data)
    _omit_empty_evidence_fields(data)
    _omit_stored_days(data)
    return yaml.dump(data, Dumper=_CaseDumper, sort_keys=False, allow_unicode=True, width=100)


def field_path(loc: tuple[Any, ...]) -> str:
    """root_causes[0].what: a location as a seller reads it in case.yaml."""
    out = ""
    for key in loc:
        if isinstance(key, int):
            out += f"[{key}]"
        elif not isinstance(key, str) or key.startswith(("function-", "list[", "literal[")):
            continue
        else:
            out += f".{key}" if out else key
    return out


def validation_message(source: str, exc: ValidationError, node: yaml.Node | None) -> str:
    """One line naming the field (and line) of the first error, and how many others there are."""
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    field = field_path(loc) or "case"
    line = line_of(node, loc)
    where = f"{source}:{line}" if line else source
    msg = friendly(first, Case)
    more = (
        f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        if len(errors) > 1
        else ""
    )
    return f"{where}: {field}: {msg}{more}"


def parse_case_yaml(text: str, source: str = CASE_FILE) -> Case:
    """Validate YAML text as a case, raising CaseError with field and line."""
    return _parse(text, source)[0]


def _parse(
    text: str, source: str, kept: tuple[Path, str] | None = None
) -> tuple[Case, yaml.Node | None]:
    """The case and the node tree it was read from (None when the data came from the parsed
    copy of a large file: ``kept`` is its path and the text's digest)."""
    with no_gc(len(text)):
        return _validate(text, source, kept)


def _validate(
    text: str, source: str, kept: tuple[Path, str] | None
) -> tuple[Case, yaml.Node | None]:
    if kept is None:
        data, node = load_yaml(text, source)
    else:
        data, node = load_yaml_kept(kept[0], text, kept[1], source)
    if data is None:
        raise CaseError(f"{source}: the file is empty")
    if not isinstance(data, dict):
        raise CaseError(f"{source}: expected a mapping of case fields at the top level")
    version = data.get("schema_version", SCHEMA_VERSIONS[0])
    if version not in SCHEMA_VERSIONS or isinstance(version, bool):
        raise CaseError(
            f"{source}: schema_version {_cut(repr(version))} is not supported by this poa"
            f" (it reads versions {' and '.join(map(str, SCHEMA_VERSIONS))})"
        )
    try:
        return Case.model_validate(data), node
    except ValidationError as exc:
        if node is None:
            node = compose(text)
        raise CaseError(validation_message(source, exc, node)) from exc


def field_line(folder: Path, loc: tuple[Any, ...]) -> int | None:
    """The line of a field in ``folder/case.yaml``, for messages; None when it cannot be told."""
    node = case_node(folder)
    return line_of(node, loc) if node is not None else None


def case_node(folder: Path) -> yaml.Node | Lines | None:
    """The node tree of ``folder/case.yaml`` (for field lines), or None if it cannot be read.

    The tree the case was loaded from while the file still holds that text; else the file is
    composed once (libyaml when PyYAML has it) and kept for the next finding that needs a line
    (a large file's lines are also kept in the cache folder for the next run: Lines).
    """
    path = case_file(folder)
    try:
        text = path.read_text(encoding="utf-8-sig")
        key = path.resolve()
    except (OSError, UnicodeDecodeError, RuntimeError):
        return None
    digest = _digest(text)
    kept = _nodes.get(key)
    if kept is not None and kept[0] == digest:
        return kept[1]
    node = lines_kept(key, text, digest)
    _nodes[key] = (digest, node)
    return node


def case_file(folder: Path) -> Path:
    return Path(folder) / CASE_FILE


# case.yaml (resolved) -> digest of the text this process last read or wrote there. A save
# refuses when the file on disk is no longer that text: another program changed it meanwhile.
_seen: dict[Path, str] = {}
# case.yaml (resolved) -> digest of a text and its node tree: the lines of fields in messages.
_nodes: dict[Path, tuple[str, yaml.Node | Lines | None]] = {}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_case(folder: Path) -> Case:
    """Read and validate ``folder/case.yaml``."""
    folder = Path(folder)
    if not folder.exists():
        raise CaseError(f"{folder}: no such case folder")
    if not folder.is_dir():
        raise CaseError(f"{folder}: not a case folder (expected a folder holding {CASE_FILE})")
    path = case_file(folder)
    if not path.exists():
        raise CaseError(f"{folder}: not a case folder ({CASE_FILE} is missing)")
    if not path.is_file():  # a folder, a named pipe (reading it would block forever), a device
        raise CaseError(f"{path}: not a regular file; {CASE_FILE} must be a plain text file")
    text = _read_text(path)
    digest = _digest(text)
    case, node = _parse(text, str(path), (path.resolve(), digest))
    _seen[path.resolve()] = digest
    if node is not None:
        _nodes[path.resolve()] = (digest, node)
    return with_store_days(folder, case)


def with_store_days(folder: Path, case: Case) -> Case:
    """A version-2 case with its day totals read from the order store (in memory only); a
    day case.yaml still names by hand keeps the larger count."""
    if case.schema_version != STORE_SCHEMA_VERSION:
        return case
    from poa.case import orderstore as db

    with db.reading(folder) as conn:
        if conn is None:
            return case
        days = {d["date"]: d for d in db.day_totals(conn)}
    for day in case.order_totals.days:
        key = day.date.isoformat()
        if key not in days or day.orders > days[key]["orders"]:
            days[key] = day.model_dump()
    totals = case.order_totals.model_dump()
    totals["days"] = [days[d] for d in sorted(days)]
    # Only the totals are validated again; the rest is shared with ``case``, which load_case
    # does not keep.
    return case.model_copy(update={"order_totals": OrderTotals.model_validate(totals)})


MAX_CASE_BYTES = 16 * 1024 * 1024  # a case with 20,000 defect orders is about 5 MB


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_CASE_BYTES:
            raise CaseError(
                f"{path}: {size / 1024 / 1024:.0f} MB is far more than a case holds"
                f" (poa reads up to {MAX_CASE_BYTES >> 20} MB)"
            )
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise CaseError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def save_case(folder: Path, case: Case) -> None:
    """Validate, then write ``case.yaml`` atomically, under the case's lock.

    Refuses to replace a file it cannot read, and a file changed since this process read it
    (another command or an editor wrote it meanwhile: saving would lose that change).
    """
    folder = Path(folder)
    path = case_file(folder)
    with caselock.locked(folder):
        seen = _seen.get(path.resolve())
        if path.exists() and (seen is None or _digest(_read_text(path)) != seen):
            if seen is not None:
                raise CaseError(
                    f"{path} was changed by another program since poa read it; nothing was"
                    " saved (run the command again)"
                )
            load_case(folder)  # raises if the file on disk is damaged: never overwrite it
        text = case_to_yaml(Case.model_validate(case.model_dump()))
        atomic.write_text(path, text)
        _seen[path.resolve()] = _digest(text)


def create_case(folder: Path, case: Case) -> None:
    """Create a new case folder; refuses to touch an existing case."""
    folder = Path(folder)
    if case_file(folder).exists():
        raise CaseError(f"{folder}: a case already exists here (use 'poa edit {folder}')")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CaseError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc
    with caselock.locked(folder):
        if case_file(folder).exists():  # created meanwhile by another poa new
            raise CaseError(f"{folder}: a case already exists here (use 'poa edit {folder}')")
        text = case_to_yaml(case)
        atomic.write_text(case_file(folder), text)
        _seen[case_file(folder).resolve()] = _digest(text)
