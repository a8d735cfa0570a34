"""Scoring data from ``sections/``: rules, word lists, weights, thresholds.

Parsed with libyaml's C loader when present: the rule files are read on every ``poa score``
and the pure-Python loader alone would take most of the command's time budget.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from poa import knowledge
from poa.errors import PoaError

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise PoaError(f"poa data file {path} cannot be read: {exc}") from exc


@functools.cache
def scoring(name: str) -> Any:
    """A file from ``sections/scoring/`` (config.yaml, headings.yaml)."""
    return _read(knowledge.sections_dir() / "scoring" / name)


@functools.cache
def rule_files() -> tuple[tuple[str, Any], ...]:
    """Every ``sections/rules/<family>.yaml``, as (family, parsed data), sorted by family."""
    folder = knowledge.sections_dir() / "rules"
    return tuple((p.stem, _read(p)) for p in sorted(folder.glob("*.yaml")))


def config() -> dict[str, Any]:
    return dict(scoring("config.yaml"))
