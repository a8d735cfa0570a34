"""Typer's help without the parts of rich that poa never shows.

typer.rich_utils, which draws every --help, imports at its top rich.markdown (and through it
markdown-it), for help written in the "markdown" markup mode, and rich.traceback (and through
it pygments), for pretty tracebacks. poa uses neither: its help is in the default "rich" mode
and every error ends as one line (poa.cli.guard). The two are about half of what ``poa --help``
imports, so before help is drawn, typer.rich_utils is loaded with a stand-in for each of those
two classes, which loads the real one the moment it is used. The help is the same; only what
is imported differs.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

_DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


class _Deferred(type):
    """The type of a stand-in class: calling it or reading an attribute loads the real class."""

    def real(cls) -> Any:
        return getattr(importlib.import_module(cls.__module__), cls.__name__)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls.real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):  # a probe (typing, copy...): not a use
            raise AttributeError(name)
        return getattr(cls.real(), name)


def load_rich_utils() -> None:
    """Import typer.rich_utils with the stand-ins (a no-op once it is loaded)."""
    if "typer.rich_utils" in sys.modules:
        return
    import types

    stand_ins = {}
    for module, name in _DEFERRED.items():
        if module not in sys.modules:
            stand_in = types.ModuleType(module)
            setattr(stand_in, name, _Deferred(name, (), {"__module__": module}))
            stand_ins[module] = stand_in
    sys.modules.update(stand_ins)
    try:
        importlib.import_module("typer.rich_utils")
    finally:
        for module, stand_in in stand_ins.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]
