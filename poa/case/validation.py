"""Friendly text for pydantic's validation errors, shared by case.yaml and --answers files.

pydantic says "Extra inputs are not permitted" or "Input should be a valid date or datetime,
invalid character in year"; a seller needs "unknown field 'when' (did you mean 'start'?)" and
"'19/03/2026' is not a date (expected YYYY-MM-DD)". Callers add the file, line and field path.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from poa import knowledge
from poa.files import datakeys

ModelFields = Mapping[str, Any] | Iterable[str] | type[BaseModel] | None


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation (``X``, ``X | None``, ``list[X]``, ``Annotated[X, ...]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None:
        return None
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        args = args[:1]
    elif origin not in (list, tuple, set, typing.Union, types.UnionType):
        return None
    for arg in args:
        found = _submodel(arg)
        if found is not None:
            return found
    return None


def model_at(model: type[BaseModel], loc: Iterable[Any]) -> type[BaseModel] | None:
    """The model that holds the value at ``loc`` (list indexes are skipped); None if unknown."""
    current: type[BaseModel] | None = model
    for key in loc:
        if isinstance(key, int):
            continue
        if current is None or key not in current.model_fields:
            return None
        current = _submodel(current.model_fields[key].annotation)
    return current


def _field_names(err: Mapping[str, Any], model_fields: ModelFields) -> list[str]:
    """Field names where the error happened: a root model is followed along ``err['loc']``."""
    if model_fields is None:
        return []
    if isinstance(model_fields, type) and issubclass(model_fields, BaseModel):
        owner = model_at(model_fields, tuple(err.get("loc", ()))[:-1])
        return list(owner.model_fields) if owner is not None else []
    return list(model_fields)


def suggest_field(name: str, names: Iterable[str]) -> str | None:
    """The field ``name`` was probably meant to be: by spelling, else by meaning."""
    names = [n for n in names if n != name]
    close = datakeys.closest(name, names)
    if close:
        return close
    synonyms = knowledge.load_data("messages.yaml").get("field_synonyms", {})
    for candidate in synonyms.get(name.lower(), []):
        if candidate in names:
            return str(candidate)
    return None


def _allowed(expected: str) -> list[str]:
    return re.findall(r"'([^']*)'", expected)


def friendly(err: Mapping[str, Any], model_fields: ModelFields = None) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as plain words.

    ``model_fields``: the field names of the model where the error happened (a mapping such as
    ``Model.model_fields``, or a list of names), or the root model class (``Case``): its
    fields are then followed along the error's location. Used to suggest a known field for an
    unknown one.
    """
    kind = str(err.get("type", ""))
    loc = tuple(err.get("loc", ()))
    value = err.get("input")
    msg = str(err.get("msg", "")).removeprefix("Value error, ")
    if kind == "extra_forbidden" and loc:
        name = str(loc[-1])
        guess = suggest_field(name, _field_names(err, model_fields))
        hint = f" (did you mean '{guess}'?)" if guess else ""
        return f"unknown field '{name}'{hint}"
    if kind.startswith("date_") and kind != "date_future":
        return f"'{value}' is not a date (expected YYYY-MM-DD)"
    if kind in ("enum", "literal_error"):
        allowed = _allowed(str((err.get("ctx") or {}).get("expected", "")))
        if allowed:
            text = str(value).lower()
            close = [a for a in allowed if text and a.startswith(text)]
            close = close or difflib.get_close_matches(text, allowed, n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return f"'{value}' is not one of: {', '.join(allowed)}{hint}"
    if kind == "missing":
        return "required field is missing"
    return msg
