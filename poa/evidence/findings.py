"""Evidence findings in the shape ``poa check`` and ``poa score --json`` print.

Rule ids, severities and messages (English and Chinese) are data (``rules`` in
``sections/evidence.yaml``); each finding names the case.yaml field to edit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from poa.evidence.data import rule
from poa.orders.check import Finding


@dataclass
class EvidenceFinding(Finding):
    """A finding with its Chinese message beside it (printed under ``--lang zh``)."""

    message_zh: str = dc_field(default="", repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        del out["message_zh"]
        return out

    def text(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" and self.message_zh else self.message


def make(
    rule_id: str, loc: tuple[Any, ...], severity: str | None = None, **values: Any
) -> EvidenceFinding:
    """A finding of ``rule_id`` about the case field at ``loc``; ``values`` fill the message."""
    spec = rule(rule_id)
    filled: defaultdict[str, str] = defaultdict(str, {k: str(v) for k, v in values.items()})
    filled.setdefault("case", "{case}")  # the case folder, filled in by the caller
    return EvidenceFinding(
        rule=rule_id,
        severity=severity or str(spec["severity"]),
        section="evidence",
        message=str(spec["message"]).format_map(filled),
        suggestion=str(spec.get("suggestion", "")).format_map(filled),
        loc=loc,
        message_zh=str(spec.get("message_zh", "")).format_map(filled),
    )
