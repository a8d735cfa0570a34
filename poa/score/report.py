"""What a score run returns: findings, per-section figures and the overall score.

``ScoreReport.to_json()`` is the ``poa score --json`` contract; extend it, never rename keys.
"""

from __future__ import annotations

from typing import Any

from poa.score.record import field, record

SEVERITIES = ("error", "warning", "info")


@record
class Finding:
    """One problem a rule or check found: the one finding type of poa (the scorer, ``poa check``
    with its order and evidence checks, buyer messages).

    Line and column are 1-based in the checked text (the plan as exported to Markdown for a
    case). Where there is none, the scorer writes ``""`` and 0, ``poa check`` None.
    ``poa score --json`` writes :meth:`to_json`, ``poa check --json`` :meth:`as_dict`, which adds
    the case.yaml field holding what the finding quotes (``field``, e.g.
    ``root_causes[0].order_ids[2]``) and that field's line (``field_line``).
    """

    rule: str
    severity: str
    section: str | None
    line: int | None = None
    column: int | None = None
    excerpt: str = ""
    message: str = ""
    suggestion: str = ""
    field: str = ""
    field_line: int | None = None
    # Not printed: the field as a path of keys and indexes, the text quoted (to find that
    # field) and the message in Chinese (``poa evidence --lang zh``).
    loc: tuple[Any, ...] = ()
    quote: str = ""
    message_zh: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "section": self.section,
            "line": self.line,
            "column": self.column,
            "excerpt": self.excerpt,
            "message": self.message,
            "suggestion": self.suggestion,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "section": self.section,
            "message": self.message,
            "excerpt": self.excerpt,
            "line": self.line,
            "column": self.column,
            "suggestion": self.suggestion,
            "field": self.field,
            "field_line": self.field_line,
        }

    def text(self, lang: str = "en") -> str:
        """The message, in Chinese under ``lang="zh"`` when there is one."""
        return self.message_zh if lang == "zh" and self.message_zh else self.message


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
