"""Where domain knowledge lives: the ``sections/`` folder (templates, questions, word lists).

Installed wheels carry it as ``poa/sections``; a source checkout keeps it at the top level.
Data files are read lazily and cached, so commands pay only for what they use.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from poa.errors import PoaError


@functools.cache
def sections_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "sections", here.parent / "sections"):
        if (candidate / "sections.yaml").is_file():
            return candidate
    raise PoaError("poa is installed without its sections/ data; reinstall it")


@functools.cache
def load_data(name: str) -> Any:
    """Parse a YAML data file from ``sections/`` (cached for the life of the process)."""
    from poa.files import datacache  # a JSON copy of the parsed file: no YAML parse on every run

    path = sections_dir() / name
    try:
        return datacache.load_yaml(path)
    except Exception as exc:  # OSError, yaml.YAMLError (yaml is imported only to parse)
        raise PoaError(f"poa data file {path} cannot be read: {exc}") from exc


def section_specs() -> list[dict[str, Any]]:
    """The plan's sections in presentation order, with ids, titles and templates."""
    return list(load_data("sections.yaml")["sections"])


def violation_info(kind: str) -> dict[str, Any]:
    table = load_data("violations.yaml")["violations"]
    return dict(table.get(kind) or table["other"])


def metric_label(name: str) -> str:
    labels = load_data("violations.yaml")["metrics"]
    return str(labels.get(name, name.replace("_", " ")))


def section_titles(short: bool = False) -> dict[str, str]:
    """Section id -> its heading (or its short name for tables), one naming everywhere."""
    key = "short" if short else "title"
    return {spec["id"]: str(spec.get(key) or spec["title"]) for spec in section_specs()}
