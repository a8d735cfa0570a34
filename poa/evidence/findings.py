"""Evidence findings in the shape ``poa check`` and ``poa score --json`` print.

Rule ids, severities and messages (English and Chinese) are data (``rules`` in
``sections/evidence.yaml``); each finding names the case.yaml field to edit, and carries its
Chinese message (``Finding.message_zh``, printed under ``--lang zh``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from poa.evidence.data import rule
from poa.score.report import Finding


def make(rule_id: str, loc: tuple[Any, ...], severity: str | None = None, **values: Any) -> Finding:
    """A finding of ``rule_id`` about the case field at ``loc``; ``values`` fill the message."""
    spec = rule(rule_id)
    filled: defaultdict[str, str] = defaultdict(str, {k: str(v) for k, v in values.items()})
    filled.setdefault("case", "{case}")  # the case folder, filled in by the caller
    return Finding(
        rule=rule_id,
        severity=severity or str(spec["severity"]),
        section="evidence",
        message=str(spec["message"]).format_map(filled),
        suggestion=str(spec.get("suggestion", "")).format_map(filled),
        loc=loc,
        message_zh=str(spec.get("message_zh", "")).format_map(filled),
    )
