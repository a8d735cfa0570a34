"""What a score run returns: findings, per-section figures and the overall score.

``ScoreReport.to_json()`` is the ``poa score --json`` contract; extend it, never rename keys.
"""

from __future__ import annotations

from typing import Any

from poa.records import JSONRecord, field, record

SEVERITIES = ("error", "warning", "info")


@record
class Finding(JSONRecord):
    """One problem a rule found, located in the scored text (1-based line and column)."""

    rule: str
    severity: str
    section: str
    line: int
    column: int
    excerpt: str
    message: str
    suggestion: str = ""


@record
class SectionReport(JSONRecord):
    id: str
    title: str = ""
    present: bool = False
    score: int = 0
    words: int = 0
    points: int = 0
    specificity: dict[str, Any] = field(default_factory=dict)
    readability: dict[str, Any] = field(default_factory=dict)
    substance: int | None = None

    _json_keys = (
        "present",
        "substance",
        "score",
        "words",
        "points",
        "title",
        "specificity",
        "readability",
    )


@record
class ScoreReport(JSONRecord):
    target: str
    score: int
    sections: dict[str, SectionReport]
    readability: dict[str, Any]
    specificity: dict[str, Any]
    findings: list[Finding]
    predicted_prompts: list[str]
    components: dict[str, float] = field(default_factory=dict)
    caps: list[dict[str, Any]] = field(default_factory=list)

    # "dimensions" repeats "components": both keys are in the --json contract.
    _json_keys = (
        "target",
        "score",
        "sections",
        "readability",
        "specificity",
        "findings",
        "predicted_prompts",
        "components",
        "dimensions",
        "caps",
    )

    @property
    def dimensions(self) -> dict[str, float]:
        return self.components

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
