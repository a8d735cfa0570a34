"""What a score run returns: findings, per-section figures and the overall score.

``ScoreReport.to_json()`` is the ``poa score --json`` contract; extend it, never rename keys.
"""

from __future__ import annotations

from typing import Any, cast

from poa.records import JSONRecord, field, record, to_json

SEVERITIES = ("error", "warning", "info")


@record
class Finding(JSONRecord):
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

    _json_keys = (
        "rule",
        "severity",
        "section",
        "line",
        "column",
        "excerpt",
        "message",
        "suggestion",
    )
    # poa check's shape: its own order, and the case.yaml field.
    _check_keys = (
        "rule",
        "severity",
        "section",
        "message",
        "excerpt",
        "line",
        "column",
        "suggestion",
        "field",
        "field_line",
    )

    def as_dict(self) -> dict[str, Any]:
        """The finding as ``poa check --json`` prints it."""
        return cast("dict[str, Any]", to_json(self, keys=self._check_keys))

    def text(self, lang: str = "en") -> str:
        """The message, in Chinese under ``lang="zh"`` when there is one."""
        return self.message_zh if lang == "zh" and self.message_zh else self.message


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
