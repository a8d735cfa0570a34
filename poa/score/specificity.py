"""How specific a piece of the plan is: facts a reviewer can check, vague words, a density.

Counting is ``poa.specifics.count_specifics`` (patterns in ``sections/specifics.yaml``); the
vague words are those of the ``specificity.vague`` rule, so the rule and the figures agree.
"""

from __future__ import annotations

from typing import Any

from poa import ids
from poa.score import data
from poa.score.engine import count_words, rule

FACT_KINDS = (
    "order_ids",
    "asins",
    "dates",
    "percentages",
    "money",
    "durations",
    "numbers",
    "owners",
    "frequencies",
)


def vague_terms(text: str) -> list[str]:
    return [m.group(0) for m in rule("specificity.vague").params["_regex"].finditer(text)]


def measure(text: str, section: str = "") -> dict[str, Any]:
    """Counts per fact kind, vague terms, words, facts per 100 words, and a 0-100 mark."""
    from poa.specifics import count_specifics

    cfg = data.config()["specificity"]
    counts = count_specifics(text)
    folded = ids._fold(text)
    # An ID repeated is one fact.
    counts["order_ids"] = len(set(ids.find_order_ids(folded)))
    counts["asins"] = len(set(ids.find_asins(folded)))
    words = count_words(text)
    vague = vague_terms(text)
    per100 = max(1.0, words / 100)
    cap = cfg["max_per_kind"] * per100
    facts = sum(min(counts[k], cap) for k in FACT_KINDS)
    density = facts / per100
    expected = cfg["expected"].get(section) or []
    present = sum(1 for k in expected if counts.get(k))
    kinds_share = present / len(expected) if expected else min(1.0, density / cfg["target_density"])
    kw = cfg["kinds_weight"]
    mark = 100 * ((1 - kw) * min(1.0, density / cfg["target_density"]) + kw * kinds_share)
    mark -= cfg["vague_penalty_per_100_words"] * len(vague) / per100
    out: dict[str, Any] = dict(counts)
    out.update(
        vague_terms=len(vague),
        vague=sorted(set(v.lower() for v in vague)),
        words=words,
        density=round(density, 2),
        score=int(round(max(0.0, min(100.0, mark)))) if words else 0,
    )
    return out
