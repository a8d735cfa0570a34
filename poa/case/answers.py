"""``--answers FILE``: the wizard's answers as YAML or JSON, with the same fields as the case.

Scripts and tests fill a case without prompts. Unlike ``case.yaml`` (first problem reported),
an answers file is checked whole: every invalid field is listed at once, with its field path
and, for YAML, its line, in plain words (``poa.case.validation``). Item ids (rc1, ca1, ...)
may be left out; they are numbered in order. Choice values are matched without regard to
case (``ODR``).
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from poa.case.model import Case
from poa.case.store import field_path, line_of, load_yaml
from poa.case.validation import friendly, model_at
from poa.errors import InputError
from poa.files.inputs import regular_file

MAX_ANSWERS_BYTES = 4 * 1024 * 1024  # a whole case's answers are a few dozen KB
MAX_LISTED = 10  # an answers file with thousands of errors lists the first few and a count
ITEM_PREFIXES = {
    "root_causes": "rc",
    "corrective_actions": "ca",
    "preventive_measures": "pm",
    "evidence": "ev",
}

# What the case's link check says when a link points nowhere (poa.case.model.Case._links_resolve).
_LINK_ERROR = re.compile(
    r"^(?P<field>\w+): (?P<item>\S+) (?:answers root cause|cites evidence) '(?P<ref>[^']*)'"
)
_TWICE_ERROR = re.compile(r"^(?P<field>\w+): id '(?P<item>[^']*)' is used twice")


def _read(path: Path) -> str:
    if not path.exists():
        raise InputError(f"{path}: no such answers file")
    regular_file(path, "answers file")
    if path.stat().st_size > MAX_ANSWERS_BYTES:
        raise InputError(
            f"{path}: an answers file of over {MAX_ANSWERS_BYTES >> 20} MB is not one poa reads"
        )
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
            data = json.loads(text)
            json.dumps(data, ensure_ascii=False).encode("utf-8")  # "\ud800" is no character
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
        except RecursionError:
            raise InputError(f"{path}: not valid here: values nested too deeply") from None
        except UnicodeEncodeError:
            raise InputError(
                f"{path}: a broken character (a lone UTF-16 surrogate such as \\ud800)"
            ) from None
        except ValueError as exc:  # a number of more than 4,300 digits
            raise InputError(f"{path}: not valid here: {str(exc)[:120]}") from None
        return data, None
    return load_yaml(text, str(path), InputError)


def number_items(data: dict[str, Any]) -> None:
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


def _choices(annotation: Any) -> list[str]:
    """The allowed values of an enum or literal field (inside Optional, list, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(m.value) for m in annotation]
    if typing.get_origin(annotation) is typing.Literal:
        return [a for a in typing.get_args(annotation) if isinstance(a, str)]
    return [c for arg in typing.get_args(annotation) for c in _choices(arg)]


def _fold(value: Any, choices: list[str]) -> Any:
    if not isinstance(value, str):
        return value
    lower = {c.lower(): c for c in choices}
    return lower.get(value.strip().lower(), value)


def _normalise_choices(data: Any, model: type[BaseModel]) -> None:
    """'ODR' -> 'odr': choice values are ids; their case carries no meaning."""
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        sub = model_at(model, [name])
        value = data[name]
        if sub is not None:
            for item in value if isinstance(value, list) else [value]:
                _normalise_choices(item, sub)
            continue
        choices = _choices(info.annotation)
        if choices:
            if isinstance(value, list):
                data[name] = [_fold(v, choices) for v in value]
            else:
                data[name] = _fold(value, choices)


Problem = tuple[tuple[Any, ...], str]
# Rewrites items written in a shorthand of a higher layer (building blocks) into case items,
# in place, and returns the problems found, as (field path, message).
Expand = Callable[[dict[str, Any]], Sequence[Problem]]


def load_answers(path: Path, expand: Expand | None = None) -> Case:
    """Validate an answers file as a case; InputError lists every problem found.

    ``expand`` is the caller's (``poa.blocks.answers.expand_answers`` for building blocks): it
    runs before items are numbered and validated, and its problems are listed with the rest.
    """
    path = Path(path)
    data, node = _parse(path, _read(path))
    if data is None:
        raise InputError(f"{path}: the file is empty")
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of case fields at the top level")
    data.setdefault("schema_version", 1)
    problems = list(expand(data)) if expand is not None else []
    number_items(data)
    _normalise_choices(data, Case)
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise InputError(format_errors(path, exc, node, data, problems)) from None
    if problems:
        raise InputError(format_errors(path, None, node, data, problems))
    return case


def _link_loc(msg: str, data: dict[str, Any]) -> tuple[Any, ...]:
    """Where in the file a broken link (or a doubled id) is, from the case's message."""
    m = _LINK_ERROR.match(msg) or _TWICE_ERROR.match(msg)
    if m is None:
        return ()
    field, item_id = m["field"], m["item"]
    items = data.get(field)
    if not isinstance(items, list):
        return ()
    found = [i for i, it in enumerate(items) if isinstance(it, dict) and it.get("id") == item_id]
    if not found:
        return ()
    if "ref" not in m.groupdict():  # "used twice": the second one
        return (field, found[-1], "id")
    index = found[0]
    for key in ("root_causes", "evidence"):
        refs = items[index].get(key)
        if isinstance(refs, list) and m["ref"] in refs:
            return (field, index, key, refs.index(m["ref"]))
    return (field, index)


def format_errors(
    path: Path,
    exc: ValidationError | None,
    node: yaml.Node | None,
    data: dict[str, Any] | None = None,
    problems: Sequence[tuple[tuple[Any, ...], str]] = (),
) -> str:
    """'N invalid fields' and one indented line per field: FILE:LINE: field.path: message.

    ``problems``: (field path, message) found before validation (building blocks' slots).
    """
    lines = []
    for loc, msg in list(problems)[:MAX_LISTED]:
        line = line_of(node, loc) if node is not None else None
        where = f"{path}:{line}" if line else str(path)
        lines.append(f"  {where}: {field_path(loc)}: {msg}")
    errors = exc.errors() if exc is not None else []
    for err in errors[: max(0, MAX_LISTED - len(lines))]:
        loc = tuple(err["loc"])
        msg = friendly(err, Case)
        if not loc and data is not None:  # a whole-case check: find the item it is about
            loc = _link_loc(msg, data)
            field = field_path(loc)
            if field:
                msg = msg.split(": ", 1)[-1]  # the path says the field already
        field = field_path(loc) or "case"
        line = line_of(node, loc) if node is not None else None
        where = f"{path}:{line}" if line else str(path)
        lines.append(f"  {where}: {field}: {msg}")
    count = len(problems) + len(errors)
    head = f"{path}: {count:,} invalid field{'s' if count != 1 else ''} in the answers"
    if count > MAX_LISTED:
        lines.append(f"  ... and {count - MAX_LISTED:,} more (fix these first, then run again)")
    return "\n".join([head, *lines])
