"""A light stand-in for ``@dataclass``: __init__, __repr__ and __eq__ from annotations.

``dataclasses`` imports ``inspect``, about a tenth of the time ``poa score`` may take as a
whole command; these records need none of what it adds. Mutable defaults are written
``field(list)``.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Any) -> None:
        self.make = make


def field(make: Any) -> Any:
    """A default built fresh for each record (``field(list)``, ``field(dict)``)."""
    return _Factory(make)


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

    cls.__init__ = __init__  # type: ignore[misc]
    cls.__repr__ = __repr__  # type: ignore[method-assign]
    cls.__eq__ = __eq__  # type: ignore[method-assign,assignment]
    cls.__hash__ = None  # type: ignore[assignment]
    cls.__record_fields__ = tuple(names)  # type: ignore[attr-defined]
    return cls


def asdict(obj: Any) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in obj.__record_fields__}
