"""What a score run returns: findings, per-section figures and the overall score.

``ScoreReport.to_json()`` is the ``poa score --json`` contract; extend it, never rename keys.
"""

from __future__ import annotations

from typing import Any

from poa.score.record import asdict, field, record

SEVERITIES = ("error", "warning", "info")


@record
class Finding:
    """One problem a rule found, located in the scored text (1-based line and column)."""

    rule: str
    severity: str
    section: str
    line: int
    column: int
    excerpt: str
    message: str
    suggestion: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@record
class SectionReport:
    id: str
    title: str = ""
    present: bool = False
    score: int = 0
    words: int = 0
    points: int = 0
    specificity: dict[str, Any] = field(dict)
    readability: dict[str, Any] = field(dict)
    substance: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "present": self.present,
            "substance": self.substance,
            "score": self.score,
            "words": self.words,
            "points": self.points,
            "title": self.title,
            "specificity": self.specificity,
            "readability": self.readability,
        }


@record
class ScoreReport:
    target: str
    score: int
    sections: dict[str, SectionReport]
    readability: dict[str, Any]
    specificity: dict[str, Any]
    findings: list[Finding]
    predicted_prompts: list[str]
    components: dict[str, float] = field(dict)
    caps: list[dict[str, Any]] = field(list)

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "score": self.score,
            "sections": {k: v.to_json() for k, v in self.sections.items()},
            "readability": self.readability,
            "specificity": self.specificity,
            "findings": [f.to_json() for f in self.findings],
            "predicted_prompts": self.predicted_prompts,
            "components": self.components,
            "dimensions": self.components,
            "caps": self.caps,
        }

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
