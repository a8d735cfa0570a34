"""Scoring data from ``sections/``: rules, word lists, weights, thresholds.

Read through poa.files.datacache (a JSON copy of each parsed file): the rule files are read on every
``poa score``, and parsing YAML alone would take most of the command's time budget.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from poa import knowledge
from poa.errors import PoaError
from poa.files import datacache


def _read(path: Path) -> Any:
    try:
        return datacache.load_yaml(path)
    except Exception as exc:  # OSError, yaml.YAMLError (yaml is imported only to parse)
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
