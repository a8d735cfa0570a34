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


def style_mark(numbered: dict[str, bool], headed: bool, words: int, readability: float) -> float:
    """Form a reader notices: points or paragraphs under headings, length, plain sentences.

    Advice with a small weight: a well-argued prose plan under plain headings loses nothing
    here for not numbering its paragraphs.
    """
    cfg = data.config()["structure"]
    required = len(numbered) or 1
    layout = 100.0 if headed else 100 * sum(numbered.values()) / required
    length = band(
        words, cfg["words_best_low"], cfg["words_best_high"], cfg["words_low"], cfg["words_high"]
    )
    return 0.25 * layout + 0.25 * length + 0.5 * readability


def weighted(dimensions: dict[str, float]) -> float:
    weights = data.config()["weights"]
    return sum(weights[k] * dimensions[k] for k in weights)


def caps(findings: list[Finding], facts: int) -> list[dict[str, Any]]:
    """The caps that apply, like a reviewer's instant rejections (figures in config.yaml).

    A required section missing, no checkable fact at all, a disqualifier (blame, threats,
    pleading, a buyer's personal data, other marketplaces), text in another language; and any
    error-level finding caps the score at 80. Each further error-level finding (every finding
    counts, not every rule) lowers the lowest cap by ``error_cap_step``.
    """
    cfg = data.config()
    out: list[dict[str, Any]] = []
    fired: dict[str, Finding] = {}
    for f in findings:
        fired.setdefault(f.rule, f)
    for cap_id, spec in cfg["caps"].items():
        if spec.get("no_facts"):
            if facts == 0:
                out.append({"id": cap_id, "limit": spec["limit"], "reason": spec["reason"]})
            continue
        hit = [fired[r] for r in spec.get("rules", []) if r in fired]
        if hit:
            names = ", ".join(sorted({f.rule for f in hit}))
            out.append(
                {"id": cap_id, "limit": spec["limit"], "reason": f"{spec['reason']} ({names})"}
            )
    errors = error_count(findings)
    if errors:
        out.append(
            {
                "id": "errors",
                "limit": cfg["error_cap"],
                "reason": f"{errors} error-level finding{'s' if errors != 1 else ''}",
                "step": cfg["error_cap_step"],
            }
        )
    return out


def error_count(findings: list[Finding]) -> int:
    """Error-level findings, each counted, at most ``max_per_rule`` per rule (as the rules mark):
    one misspelt phrase repeated twenty times is one problem, not twenty."""
    per_rule = Counter(f.rule for f in findings if f.severity == "error")
    most = data.config()["max_per_rule"]
    return sum(min(n, most) for n in per_rule.values())


def overall(dimensions: dict[str, float], findings: list[Finding], facts: int = 1) -> int:
    score, _ = capped(dimensions, findings, facts)
    return score


def capped(
    dimensions: dict[str, float], findings: list[Finding], facts: int = 1
) -> tuple[int, list[dict[str, Any]]]:
    """The weighted score, under the lowest cap less a step per error after the first."""
    cfg = data.config()
    score = weighted(dimensions)
    applied = caps(findings, facts)
    if applied:
        errors = error_count(findings)
        limit = min(c["limit"] for c in applied) - cfg["error_cap_step"] * max(0, errors - 1)
        score = min(score, max(cfg["cap_floor"], limit))
    return round(max(0.0, min(100.0, score))), applied


def section_score(spec: float, readability: float, rules: float) -> int:
    w = data.config()["section_weights"]
    value = w["specificity"] * spec + w["readability"] * readability + w["rules"] * rules
    return round(max(0.0, min(100.0, value)))
