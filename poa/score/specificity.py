"""How specific a piece of the plan is, as a mark: facts a reviewer can check, vague words,
a density.

Recognising the facts is the text layer's (``poa.text.facts``, patterns in
``sections/specifics.yaml``); this module only scores them. The vague words are those of the
``specificity.vague`` rule, so the rule and the figures agree.
"""

from __future__ import annotations

from typing import Any

from poa.score import data
from poa.score.engine import rule
from poa.text import sentences as splitter
from poa.text.facts import KINDS, count_specifics, distinct_ids, has_fact
from poa.text.words import count_words


def vague_terms(text: str) -> list[str]:
    return [m.group(0) for m in rule("specificity.vague").regex.finditer(text)]


def fact_share(sentences: list[str]) -> float:
    """Share of sentences (of 3 words or more) that hold at least one checkable fact."""
    read = [s for s in sentences if count_words(s) >= 3]
    if not read:
        return 0.0
    return sum(1 for s in read if has_fact(s)) / len(read)


def measure(text: str, section: str = "", sentences: list[str] | None = None) -> dict[str, Any]:
    """Counts per fact kind, vague terms, words, facts per 100 words, and a 0-100 mark.

    Padding cannot raise the mark: filler adds words without facts (the density falls) and
    sentences without facts (the share of sentences that carry one falls).
    """
    cfg = data.config()["specificity"]
    found = count_specifics(text)
    found.update(distinct_ids(text))  # an ID repeated is one fact
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
        sentences = splitter.split(text, splitter.PLAIN)
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
