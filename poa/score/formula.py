"""The score: four dimensions, each 0-100, weighted, then capped (figures in
sections/scoring/config.yaml; the reasoning is in the README, "How the score is built").

    score = 0.50 substance + 0.20 specificity + 0.20 rules + 0.10 style

- substance (poa.score.substance): what each required section says that a reviewer checks;
- specificity: facts per 100 words and per sentence, less vague terms; padding lowers it;
- rules: 100, multiplied per finding by 0.85 (error), 0.94 (warning) or 0.98 (info), at most
  two findings counted per rule;
- style: layout, length and readability, advice with a small weight.

Caps act like a reviewer's instant rejection (``caps``); any error-level finding caps the score
at 80, and each further one lowers the lowest cap by 10.

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


def style_mark(numbered: dict[str, bool], headed: bool, words: int, readability: float) -> float:
    """Form a reader notices: points or paragraphs under headings, length, plain sentences.

    Advice with a small weight: a well-argued prose plan under plain headings loses nothing
    here for not numbering its paragraphs.
    """
    cfg = data.config()["structure"]
    share = cfg["style_weights"]
    required = len(numbered) or 1
    layout = 100.0 if headed else 100 * sum(numbered.values()) / required
    length = band(
        words, cfg["words_best_low"], cfg["words_best_high"], cfg["words_low"], cfg["words_high"]
    )
    return share["layout"] * layout + share["length"] * length + share["readability"] * readability


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
