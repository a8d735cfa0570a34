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
from poa.files import datakeys
from poa.files.datakeys import TEXT, Each, Values, keys
from poa.text import regexcache
from poa.text.regex_gate import AnyGated, Gated

DATA_FILE = "prompts.yaml"


def rx(pattern: str) -> re.Pattern[str]:
    return regexcache.compile(pattern, re.IGNORECASE)


def _any(patterns: list[str]) -> re.Pattern[str]:
    return regexcache.any_of(patterns, re.IGNORECASE)


def _gated(patterns: list[str] | None) -> Gated | None:
    return Gated(_any(patterns)) if patterns else None


# Cues that state Amazon's decision or request: a quoted block holding one reads as Amazon's.
DECISION_CUES = ("final", "final_weak", "reinstated", "rejection", "deactivated", "listing_removed")


def _prompt_patterns(spec: dict[str, Any]) -> PromptPatterns:
    return PromptPatterns(
        always=Gated(_any(spec["patterns"])),
        when_asked=_gated(spec.get("when_asked")),
        general=_gated(spec.get("general")),
        yields_to=tuple(spec.get("yields_to", ())),
        suppressed_by=tuple(spec.get("suppressed_by", ())),
        own=_gated(spec.get("own")),
    )


@dataclass
class PromptPatterns:
    """How one prompt is recognised: always, only in a sentence that asks, or in general words
    that give way when the message asks for one of ``yields_to``."""

    always: Gated
    when_asked: Gated | None
    general: Gated | None
    yields_to: tuple[str, ...]
    suppressed_by: tuple[str, ...]
    own: Gated | None = None


@dataclass
class _Catalogue:
    data: dict[str, Any]
    asks: dict[str, bool | str]  # true, false, or "asked": only from sentences that ask
    cues: dict[str, Gated]
    kind_rules: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
    conditional: re.Pattern[str]
    not_asked: re.Pattern[str]
    decision: AnyGated
    prompts: dict[str, PromptPatterns]
    ask_cue: re.Pattern[str]
    direct_ask: re.Pattern[str]  # the asks a reinstatement ("asks: asked") is read for
    deadline_addressed: re.Pattern[str]
    first_person: re.Pattern[str]
    second_person: re.Pattern[str]
    amazon_we: re.Pattern[str]
    seller_marker: re.Pattern[str]
    quote_prefix: re.Pattern[str]
    quote_start: re.Pattern[str]
    quote_resume: re.Pattern[str]
    quote_forwarded: re.Pattern[str]
    quote_any: re.Pattern[str]
    bullet: re.Pattern[str]
    deadlines: list[re.Pattern[str]]
    documents: dict[str, re.Pattern[str]]
    document_window: list[re.Pattern[str]]
    violations: list[tuple[str, re.Pattern[str], int]]
    metric_alias: dict[str, re.Pattern[str]]
    metric_target: list[re.Pattern[str]]
    metric_value: re.Pattern[str]


# The keys of prompts.yaml, checked when the catalogue is compiled: a misspelt one (``when_askd``)
# is an error naming the file, the line and the key meant, not a pattern silently unused.
_PROMPT = keys(
    "section", "patterns", "when_asked", "general", "yields_to", "suppressed_by", "own",
    label=TEXT,
    advice=keys(default=TEXT, by_violation=Values(TEXT)),
)  # fmt: skip
SCHEMA = keys(
    "conditional", "ask_cue", "direct_ask", "not_asked", "bullets", "deadline_addressed",
    "deadlines", "max_bytes", "document_window", "violations", "metric_target",
    "metric_value", "cues", "section_names_zh", "violation_names_zh", "metric_names_zh",
    kind_other=TEXT,
    kinds=Each(keys("id", "asks", label=TEXT)),
    kind_rules=Each(keys("kind", "all", "unless")),
    prompts=Values(_PROMPT),
    implied=Each(keys("pattern", "prompts")),
    voice=keys("first_person", "second_person", "amazon_we", "seller_marker"),
    quotes=keys("line_prefix", "forwarded", "start", "resume"),
    documents=Values(keys("label", "label_zh", "patterns")),
    metrics=Values(keys("aliases", "default_target", "unit")),
    ui=Values(TEXT),
)  # fmt: skip


@functools.cache
def catalogue() -> _Catalogue:
    """Compile ``sections/prompts.yaml`` once per process."""
    d = knowledge.load_data(DATA_FILE)
    datakeys.check(d, SCHEMA, knowledge.sections_dir() / DATA_FILE)
    return _Catalogue(
        data=d,
        asks={k["id"]: k.get("asks", True) for k in d["kinds"]},
        cues=(cues := {name: Gated(_any(patterns)) for name, patterns in d["cues"].items()}),
        kind_rules=[
            (r["kind"], tuple(r.get("all", ())), tuple(r.get("unless", ())))
            for r in d["kind_rules"]
        ],
        conditional=rx(d["conditional"]),
        not_asked=_any(d["not_asked"]),
        decision=AnyGated([cues[name] for name in DECISION_CUES]),
        prompts={pid: _prompt_patterns(spec) for pid, spec in d["prompts"].items()},
        ask_cue=rx(d["ask_cue"]),
        direct_ask=rx(d["direct_ask"]),
        deadline_addressed=rx(d["deadline_addressed"]),
        first_person=rx(d["voice"]["first_person"]),
        second_person=rx(d["voice"]["second_person"]),
        amazon_we=rx(d["voice"]["amazon_we"]),
        seller_marker=rx(d["voice"]["seller_marker"]),
        quote_prefix=rx(d["quotes"]["line_prefix"]),
        quote_start=_any(d["quotes"]["start"]),
        quote_resume=_any(d["quotes"]["resume"]),
        quote_forwarded=_any(d["quotes"]["forwarded"]),
        quote_any=_any(d["quotes"]["start"] + d["quotes"]["resume"] + d["quotes"]["forwarded"]),
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
