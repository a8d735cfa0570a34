"""Result records and their JSON: one record style and one ``to_json`` for every result.

``@record`` is a light stand-in for ``@dataclass``: __init__, __repr__ and __eq__ from the
annotations. ``dataclasses`` imports ``inspect``, about a tenth of the time ``poa score`` may
take as a whole command; these records need none of what it adds. Mutable defaults are written
``field(default_factory=list)``, as with dataclasses. Type checkers see ``@record`` as a
dataclass through ``dataclass_transform``, imported only while type checking.

``to_json`` turns records (``@record`` and dataclasses), lists, tuples, dicts, enums and dates
into values ``json.dumps`` takes. A record gives its fields in declared order, or the names in
its ``_json_keys`` when it has one: these may also name properties, and methods, which are
called with the keyword arguments given to ``to_json`` (``lang``).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from collections.abc import Callable

    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Any:
        return lambda decorated: decorated


T = TypeVar("T")


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A default built fresh for each record (``field(default_factory=list)``)."""
    return cast(T, _Factory(default_factory))


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (no inspect import)
    names = [n for n in annotations if not n.startswith("_")]
    defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
    for n in defaults:
        delattr(cls, n)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(names):
            raise TypeError(f"{cls.__name__} takes {len(names)} arguments")
        values = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key not in names or key in values:
                raise TypeError(f"{cls.__name__}: unexpected or repeated argument {key!r}")
            values[key] = value
        for n in names:
            if n in values:
                setattr(self, n, values[n])
            elif n in defaults:
                d = defaults[n]
                setattr(self, n, d.make() if isinstance(d, _Factory) else d)
            else:
                raise TypeError(f"{cls.__name__} needs {n!r}")

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{cls.__name__}({inner})"

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in names)

    # setattr: a class's methods are not assignable as far as a type checker knows.
    setattr(cls, "__init__", __init__)  # noqa: B010
    setattr(cls, "__repr__", __repr__)  # noqa: B010
    setattr(cls, "__eq__", __eq__)  # noqa: B010
    setattr(cls, "__hash__", None)  # noqa: B010
    setattr(cls, "__record_fields__", tuple(names))  # noqa: B010
    return cls


def field_names(obj: Any) -> tuple[str, ...]:
    """The fields of a record or a dataclass instance, in declared order ("" when neither)."""
    names = getattr(type(obj), "__record_fields__", None)
    if names is not None:
        return cast("tuple[str, ...]", names)
    if hasattr(type(obj), "__dataclass_fields__"):
        import dataclasses  # already imported: it made the class

        return tuple(f.name for f in dataclasses.fields(obj))
    return ()


def to_json(value: Any, *, keys: tuple[str, ...] | None = None, **context: Any) -> Any:
    """``value`` as JSON-ready data (dicts, lists, strings, numbers, booleans, None).

    ``keys``: the names to give for ``value`` itself, in place of its ``_json_keys`` (a record
    printed in two shapes); records inside it keep their own.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return {key: to_json(item, **context) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item, **context) for item in value]
    if hasattr(value, "isoformat"):  # dates, datetimes and times
        return value.isoformat()
    keys = keys or getattr(type(value), "_json_keys", None) or field_names(value)
    if not keys:
        raise TypeError(f"{type(value).__name__} is not a record")
    out = {}
    for key in keys:
        item = getattr(value, key)
        out[key] = to_json(item(**context) if callable(item) else item, **context)
    return out


class JSONRecord:
    """Gives a record ``to_json(**context)``, the shape described at the top of this module."""

    __slots__ = ()

    def to_json(self, **context: Any) -> dict[str, Any]:
        return cast("dict[str, Any]", to_json(self, **context))
