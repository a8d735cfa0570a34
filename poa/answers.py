"""``--answers FILE``: the wizard's answers as YAML or JSON, with the same fields as the case.

Scripts and tests fill a case without prompts. Unlike ``case.yaml`` (first problem reported),
an answers file is checked whole: every invalid field is listed at once, with its field path
and, for YAML, its line. Item ids (rc1, ca1, ...) may be left out; they are numbered in order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from poa.errors import InputError
from poa.model import Case
from poa.store import _field_path, _line_of

ITEM_PREFIXES = {
    "root_causes": "rc",
    "corrective_actions": "ca",
    "preventive_measures": "pm",
    "evidence": "ev",
}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such answers file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _parse(path: Path, text: str) -> tuple[Any, yaml.Node | None]:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text), None
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}{line}: not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML: {exc}") from None


def _number_items(data: dict[str, Any]) -> None:
    """Give items without an id the next free one (rc1, rc2...), so files stay short."""
    for field, prefix in ITEM_PREFIXES.items():
        items = data.get(field)
        if not isinstance(items, list):
            continue
        used = {str(it.get("id")) for it in items if isinstance(it, dict) and it.get("id")}
        n = 0
        for it in items:
            if isinstance(it, dict) and not it.get("id"):
                n += 1
                while f"{prefix}{n}" in used:
                    n += 1
                it["id"] = f"{prefix}{n}"
                used.add(it["id"])


def load_answers(path: Path) -> Case:
    """Validate an answers file as a case; InputError lists every problem found."""
    path = Path(path)
    data, node = _parse(path, _read(path))
    if data is None:
        raise InputError(f"{path}: the file is empty")
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of case fields at the top level")
    data.setdefault("schema_version", 1)
    _number_items(data)
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise InputError(format_errors(path, exc, node)) from None


def format_errors(path: Path, exc: ValidationError, node: yaml.Node | None) -> str:
    """'N invalid fields' and one indented line per field: FILE:LINE: field.path: message."""
    lines = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = _field_path(loc) or "case"
        line = _line_of(node, loc) if node is not None else None
        where = f"{path}:{line}" if line else str(path)
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"  {where}: {field}: {msg}")
    count = len(lines)
    head = f"{path}: {count} invalid field{'s' if count != 1 else ''} in the answers"
    return "\n".join([head, *lines])
