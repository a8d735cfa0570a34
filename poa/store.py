"""The case folder on disk: ``case.yaml`` (source of truth) and ``revisions/``.

Reads report problems with the field and the line; writes are atomic; a file that cannot be
read is reported and never overwritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from poa import atomic
from poa.errors import CaseError
from poa.messages import friendly
from poa.model import SCHEMA_VERSION, Case

CASE_FILE = "case.yaml"
REVISIONS_DIR = "revisions"


class DataLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so that pydantic validates them.

    PyYAML itself raises a bare ValueError on an impossible date (2026-02-30); as text, the date
    gets the same field-and-line message as any other bad value.
    """


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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


def case_to_yaml(case: Case) -> str:
    data = case.model_dump(mode="json", exclude_defaults=False)
    _block_keys_last(data)
    _omit_empty_evidence_fields(data)
    return yaml.dump(data, Dumper=_CaseDumper, sort_keys=False, allow_unicode=True, width=100)


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a 1-based line."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == key), None)
            if nxt is None:
                key_node = next((k for k, _ in node.value if k.value == key), None)
                return key_node.start_mark.line + 1 if key_node is not None else line
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                return line
            node = node.value[key]
        else:
            return line
        line = node.start_mark.line + 1
    return line


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
    try:
        node = yaml.compose(text, Loader=DataLoader)
        data = yaml.load(text, Loader=DataLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise CaseError(f"{source}{line}: not valid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise CaseError(f"{source}: not valid YAML: {exc}") from exc
    if data is None:
        raise CaseError(f"{source}: the file is empty")
    if not isinstance(data, dict):
        raise CaseError(f"{source}: expected a mapping of case fields at the top level")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise CaseError(
            f"{source}: schema_version {version!r} is not supported by this poa"
            f" (it reads version {SCHEMA_VERSION})"
        )
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseError(validation_message(source, exc, node)) from exc


def field_line(folder: Path, loc: tuple[Any, ...]) -> int | None:
    """The line of a field in ``folder/case.yaml``, for messages; None when it cannot be told."""
    try:
        text = case_file(folder).read_text(encoding="utf-8-sig")
        return line_of(yaml.compose(text, Loader=DataLoader), loc)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def case_file(folder: Path) -> Path:
    return Path(folder) / CASE_FILE


def load_case(folder: Path) -> Case:
    """Read and validate ``folder/case.yaml``."""
    folder = Path(folder)
    if not folder.exists():
        raise CaseError(f"{folder}: no such case folder")
    if not folder.is_dir():
        raise CaseError(f"{folder}: not a case folder (expected a folder holding {CASE_FILE})")
    path = case_file(folder)
    if not path.is_file():
        raise CaseError(f"{folder}: not a case folder ({CASE_FILE} is missing)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise CaseError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return parse_case_yaml(text, str(path))


def save_case(folder: Path, case: Case) -> None:
    """Validate, then write ``case.yaml`` atomically. Refuses to replace a file it cannot read."""
    folder = Path(folder)
    path = case_file(folder)
    if path.exists():
        load_case(folder)  # raises if the file on disk is damaged: never overwrite it
    text = case_to_yaml(Case.model_validate(case.model_dump()))
    atomic.write_text(path, text)


def create_case(folder: Path, case: Case) -> None:
    """Create a new case folder; refuses to touch an existing case."""
    folder = Path(folder)
    if case_file(folder).exists():
        raise CaseError(f"{folder}: a case already exists here (use 'poa edit {folder}')")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CaseError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc
    atomic.write_text(case_file(folder), case_to_yaml(case))
