"""The score: four components, each 0-100, weighted (all figures in sections/scoring/config.yaml).

    score = 0.25 * structure + 0.30 * specificity + 0.15 * readability + 0.30 * rules

then capped when error-level findings exist: at most 80 with one error rule, 10 less for each
further one (a plan holding something that gets plans rejected cannot score as a good plan).

- structure: 60 marks for the three required sections, present and non-empty (20 each);
  20 for numbered points (share of required sections that use them, or hold a single point);
  20 for length: full between 200 and 1,000 words, falling linearly to 0 at 80 and 1,600.
- specificity: the mean over the required sections present (a missing one is already paid for
  in structure and rules) of 40% density (facts per 100 words - order IDs, ASINs, dates,
  numbers, durations, owners, frequencies - full at 10; each kind counts at most 3 times per
  100 words and a repeated ID once), 30% the share of the fact kinds expected in that section
  (root cause: orders, counts, dates; actions: dates, orders, counts; prevention: owners,
  frequencies, time limits) and 30% the share of its sentences that hold a fact, less 6 marks
  per vague term per 100 words. Padding adds words and sentences without facts, so both the
  density and the share fall.
- readability: mean of two band marks on the prepared text - Flesch reading ease full between
  50 and 80 (0 at 10 and 110), Flesch-Kincaid grade full between 5 and 10 (0 at 0 and 18) -
  less 25 marks times the share of sentences over 35 words.
- rules: 100, multiplied for each finding by 0.85 (error), 0.94 (warning) or 0.98 (info),
  counting at most 2 findings per rule.

A section's own score: 50% its specificity mark + 15% its readability + 35% the rules mark of
the findings in that section; 0 when the section is missing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from poa.score import data
from poa.score.report import Finding


def band(
    value: float, best_low: float, best_high: float, zero_low: float, zero_high: float
) -> float:
    """100 inside [best_low, best_high], falling linearly to 0 at zero_low / zero_high."""
    if best_low <= value <= best_high:
        return 100.0
    if value < best_low:
        return max(0.0, 100 * (value - zero_low) / (best_low - zero_low))
    return max(0.0, 100 * (zero_high - value) / (zero_high - best_high))


def readability_mark(figures: dict[str, Any], long_share: float) -> float:
    cfg = data.config()["readability"]
    if not figures.get("words"):
        return 0.0
    ease = band(figures["flesch_reading_ease"], **cfg["reading_ease"])
    grade = band(figures["flesch_kincaid_grade"], **cfg["grade"])
    return max(0.0, (ease + grade) / 2 - cfg["long_sentence_penalty"] * long_share)


def rules_mark(findings: list[Finding]) -> float:
    """100, times (1 - penalty) per finding, at most ``max_per_rule`` findings per rule.

    Multiplicative, so a fifth error still costs something where a sum would already be at 0.
    """
    cfg = data.config()
    per_rule = Counter(f.rule for f in findings)
    severity = {f.rule: f.severity for f in findings}
    mark = 100.0
    for rule_id, n in per_rule.items():
        mark *= (1 - cfg["penalties"][severity[rule_id]] / 100) ** min(n, cfg["max_per_rule"])
    return mark


def structure_mark(present: dict[str, bool], numbered: dict[str, bool], words: int) -> float:
    cfg = data.config()["structure"]
    required = len(present) or 1
    mark = cfg["required_marks"] * sum(present.values()) / required
    mark += cfg["numbered_marks"] * sum(numbered.values()) / required
    length = band(
        words, cfg["words_best_low"], cfg["words_best_high"], cfg["words_low"], cfg["words_high"]
    )
    return mark + cfg["length_marks"] * length / 100


def overall(components: dict[str, float], findings: list[Finding]) -> int:
    cfg = data.config()
    score = sum(cfg["weights"][k] * components[k] for k in cfg["weights"])
    error_rules = {f.rule for f in findings if f.severity == "error"}
    if error_rules:
        score = min(score, cfg["error_cap"] - cfg["error_cap_step"] * (len(error_rules) - 1))
    return round(max(0.0, min(100.0, score)))


def section_score(spec: float, readability: float, rules: float) -> int:
    w = data.config()["section_weights"]
    value = w["specificity"] * spec + w["readability"] * readability + w["rules"] * rules
    return round(max(0.0, min(100.0, value)))
