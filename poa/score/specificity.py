"""How specific a piece of the plan is: facts a reviewer can check, vague words, a density.

Counting is ``poa.text.facts.count_specifics`` (patterns in ``sections/specifics.yaml``); the
vague words are those of the ``specificity.vague`` rule, so the rule and the figures agree.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from poa.score import data
from poa.score.engine import count_words, rule
from poa.text import ids
from poa.text.facts import KINDS


def vague_terms(text: str) -> list[str]:
    return [m.group(0) for m in rule("specificity.vague").regex.finditer(text)]


_SPLIT = re.compile(r"(?<=[.!?。！？])\s+|\n+")


@functools.lru_cache(maxsize=4096)
def _has_fact(sentence: str) -> bool:
    """Whether a sentence holds a fact of any kind (the patterns of sections/specifics.yaml)."""
    from poa.text.facts import _patterns

    folded = sentence if sentence.isascii() else ids._fold(sentence)
    if ids.ORDER_ID_RE.search(folded) or ids.ASIN_RE.search(folded):
        return True
    return any(regex.search(folded) for regex in _patterns().values())


def fact_share(sentences: list[str]) -> float:
    """Share of sentences (of 3 words or more) that hold at least one checkable fact."""
    read = [s for s in sentences if count_words(s) >= 3]
    if not read:
        return 0.0
    return sum(1 for s in read if _has_fact(s)) / len(read)


@functools.lru_cache(maxsize=256)
def counts(text: str) -> dict[str, int]:
    """``count_specifics``, cached: several rules and the figures ask about the same section."""
    from poa.text.facts import count_specifics

    return count_specifics(text)


def measure(text: str, section: str = "", sentences: list[str] | None = None) -> dict[str, Any]:
    """Counts per fact kind, vague terms, words, facts per 100 words, and a 0-100 mark.

    Padding cannot raise the mark: filler adds words without facts (the density falls) and
    sentences without facts (the share of sentences that carry one falls).
    """
    cfg = data.config()["specificity"]
    found = dict(counts(text))
    folded = ids._fold(text)
    # An ID repeated is one fact.
    found["order_ids"] = len(set(ids.find_order_ids(folded)))
    found["asins"] = len(set(ids.find_asins(folded)))
    words = count_words(text)
    vague = vague_terms(text)
    per100 = max(0.3, words / 100)  # per 100 words; a very short text counts as 30
    cap = cfg["max_per_kind"] * per100
    facts = sum(min(found[k], cap) for k in KINDS)
    density = facts / per100
    expected = cfg["expected"].get(section) or []
    present = sum(1 for k in expected if found.get(k))
    kinds_share = present / len(expected) if expected else min(1.0, density / cfg["target_density"])
    if sentences is None:
        sentences = [p for p in _SPLIT.split(text) if p.strip()]
    share = fact_share(sentences)
    w = cfg["weights"]
    mark = 100 * (
        w["density"] * min(1.0, density / cfg["target_density"])
        + w["kinds"] * kinds_share
        + w["sentences"] * share
    )
    mark -= cfg["vague_penalty_per_100_words"] * len(vague) / per100
    out: dict[str, Any] = dict(found)
    out.update(
        vague_terms=len(vague),
        vague=sorted(set(v.lower() for v in vague)),
        words=words,
        density=round(density, 2),
        fact_sentences=round(share, 2),
        score=round(max(0.0, min(100.0, mark))) if words else 0,
    )
    return out
