"""Substance: does each part of the plan say what a reviewer checks?

A reviewer reads the root cause for the failed step, its scope and its cause; the actions for
what was done, when, to which orders and with what result; the prevention for what now runs,
who runs it, how often, since when and how it is measured. Each of these is a feature in
``sections/scoring/substance.yaml``, credited from wording and facts; form (headings, numbering,
sentence length) is left to the style dimension.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from poa.score import data
from poa.text import ids, regexcache
from poa.text.facts import distinct_ids


@functools.cache
def _table() -> dict[str, Any]:
    raw = data.scoring("substance.yaml")
    compiled: dict[str, Any] = {"sections": {}, "evidence": {}}
    for sid, features in raw["sections"].items():
        compiled["sections"][sid] = {
            name: {
                **spec,
                "regex": _join(spec.get("patterns") or []),
            }
            for name, spec in features.items()
        }
    ev = raw["evidence"]
    compiled["evidence"] = {**ev, "regex": _join(ev["patterns"])}
    compiled["masked"] = {
        k: regexcache.compile(p, re.IGNORECASE) for k, p in raw["masked_ids"].items()
    }
    return compiled


def _join(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return regexcache.any_of(patterns, re.IGNORECASE | re.MULTILINE)


def _fact_count(counts: dict[str, int], kinds: list[str]) -> int:
    return sum(counts.get(k, 0) for k in kinds)


def _pattern_count(regex: re.Pattern[str], sentences: list[str]) -> int:
    return sum(1 for s in sentences if regex.search(s))


def section_features(
    section: str, sentences: list[str], counts: dict[str, int]
) -> dict[str, float]:
    """Credit (0-1) of each feature of ``section``, from its sentences and fact counts."""
    features = _table()["sections"].get(section) or {}
    out: dict[str, float] = {}
    for name, spec in features.items():
        full = max(1, int(spec.get("full", 1)))
        credits = []
        if spec.get("facts"):
            credits.append(min(1.0, _fact_count(counts, spec["facts"]) / full))
        if spec["regex"] is not None:
            credits.append(min(1.0, _pattern_count(spec["regex"], sentences) / full))
        out[name] = max(credits) if spec.get("any_of") else min(credits) if credits else 0.0
    return out


def section_mark(section: str, features: dict[str, float]) -> float:
    spec = _table()["sections"].get(section) or {}
    total = sum(f["weight"] for f in spec.values()) or 1
    return 100 * sum(spec[name]["weight"] * credit for name, credit in features.items()) / total


def depth(words: int) -> float:
    """Share of the mark a section of ``words`` words can earn: a one-line section is read as
    thin however well it is phrased (``depth_floor`` for nothing, full from ``depth_words``)."""
    table = data.scoring("substance.yaml")
    full, floor = int(table["depth_words"]), float(table["depth_floor"])
    return min(1.0, floor + (1 - floor) * words / full) if full else 1.0


def evidence_mark(text: str) -> float:
    """How far the plan names documents the reviewer can open (0-100)."""
    ev = _table()["evidence"]
    found = {m.group(0).lower() for m in ev["regex"].finditer(text)}
    return 100 * min(1.0, len(found) / max(1, int(ev.get("full", 1))))


def unique_counts(text: str, counts: dict[str, int]) -> dict[str, int]:
    """Fact counts with each order ID and ASIN counted once (a repeated ID is one fact)."""
    distinct = distinct_ids(text)
    masked = _table()["masked"]["order_ids"].findall(ids.fold(text))
    return {**counts, "order_ids": distinct["order_ids"] + len(masked), "asins": distinct["asins"]}
