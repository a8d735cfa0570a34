"""The Amazon prompt catalogue (``sections/prompts.yaml``), compiled once per process.

Kept apart from the reading code so that the text normaliser and the analysis share one
compiled copy of every pattern.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from poa import knowledge

DATA_FILE = "prompts.yaml"


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _any(patterns: list[str]) -> re.Pattern[str]:
    return rx("|".join(f"(?:{p})" for p in patterns))


@dataclass
class _Catalogue:
    data: dict[str, Any]
    kinds: list[tuple[str, bool, re.Pattern[str]]]
    prompts: dict[str, re.Pattern[str]]
    ask_cue: re.Pattern[str]
    first_person: re.Pattern[str]
    second_person: re.Pattern[str]
    amazon_we: re.Pattern[str]
    quote_prefix: re.Pattern[str]
    quote_start: re.Pattern[str]
    quote_resume: re.Pattern[str]
    quote_forwarded: re.Pattern[str]
    bullet: re.Pattern[str]
    deadlines: list[re.Pattern[str]]
    documents: dict[str, re.Pattern[str]]
    document_window: list[re.Pattern[str]]
    violations: list[tuple[str, re.Pattern[str], int]]
    metric_alias: dict[str, re.Pattern[str]]
    metric_target: list[re.Pattern[str]]
    metric_value: re.Pattern[str]


@functools.cache
def catalogue() -> _Catalogue:
    """Compile ``sections/prompts.yaml`` once per process."""
    d = knowledge.load_data(DATA_FILE)
    return _Catalogue(
        data=d,
        kinds=[(k["id"], bool(k.get("asks", True)), _any(k["patterns"])) for k in d["kinds"]],
        prompts={pid: _any(spec["patterns"]) for pid, spec in d["prompts"].items()},
        ask_cue=rx(d["ask_cue"]),
        first_person=rx(d["voice"]["first_person"]),
        second_person=rx(d["voice"]["second_person"]),
        amazon_we=rx(d["voice"]["amazon_we"]),
        quote_prefix=rx(d["quotes"]["line_prefix"]),
        quote_start=_any(d["quotes"]["start"]),
        quote_resume=_any(d["quotes"]["resume"]),
        quote_forwarded=_any(d["quotes"]["forwarded"]),
        bullet=re.compile(d["bullets"]),
        deadlines=[rx(p) for p in d["deadlines"]],
        documents={k: _any(v["patterns"]) for k, v in d["documents"].items()},
        document_window=[rx(p) for p in d["document_window"]],
        violations=[
            (kind, rx(pattern), int(weight))
            for kind, rows in d["violations"].items()
            for pattern, weight in rows
        ],
        metric_alias={
            name: rx(r"(?<![A-Za-z])(?:" + "|".join(spec["aliases"]) + r")(?![A-Za-z])")
            for name, spec in d["metrics"].items()
        },
        metric_target=[rx(p) for p in d["metric_target"]],
        metric_value=rx(d["metric_value"]),
    )
