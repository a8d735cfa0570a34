"""``sections/evidence.yaml``, read once and checked, so a typo in the data fails loudly."""

from __future__ import annotations

import functools
import re
import typing
from typing import Any

from poa import knowledge
from poa.case.model import EvidenceKind, Violation
from poa.errors import PoaError

DATA_FILE = "evidence.yaml"
KINDS: tuple[str, ...] = typing.get_args(EvidenceKind)
ROW_KEYS = {"kind", "required", "why", "window_days"}


def _fail(message: str) -> PoaError:
    return PoaError(f"poa data file {knowledge.sections_dir() / DATA_FILE}: {message}")


@functools.cache
def evidence_data() -> dict[str, Any]:
    """The parsed file; every violation kind has a checklist and every row a known kind."""
    data = knowledge.load_data(DATA_FILE)
    if set(data["kinds"]) != set(KINDS):
        raise _fail(f"kinds must be exactly: {', '.join(KINDS)}")
    for kind, spec in data["kinds"].items():
        if not spec.get("noun") or not {"en", "zh"} <= set(spec.get("label", {})):
            raise _fail(f"kinds.{kind}: needs a noun and a label (en, zh)")
    for violation in Violation:
        rows = data["checklist"].get(violation.value)
        if rows is None:
            raise _fail(f"checklist has no entry for violation kind {violation.value!r}")
        for n, row in enumerate(rows):
            unknown = set(row) - ROW_KEYS
            if unknown or row.get("kind") not in KINDS or not {"en", "zh"} <= set(row["why"]):
                raise _fail(
                    f"checklist.{violation.value}[{n}]: needs a known kind, required and why"
                    f" (en, zh){'; unknown keys: ' + ', '.join(sorted(unknown)) if unknown else ''}"
                )
    for doc, kind in data["notice_documents"].items():
        if kind not in KINDS:
            raise _fail(f"notice_documents.{doc}: {kind!r} is not an evidence kind")
    return dict(data)


def kind_label(kind: str, lang: str = "en") -> str:
    labels = evidence_data()["kinds"][kind]["label"]
    return str(labels.get(lang) or labels["en"])


@functools.cache
def _patterns(kind: str) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in evidence_data()["kinds"][kind]["infer"]]


@functools.cache
def not_final_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in evidence_data()["not_final"]]


def infer_kind(*texts: str) -> str | None:
    """The kind an untyped document's description or file name points to, if any."""
    for kind in KINDS:
        if any(p.search(t) for p in _patterns(kind) for t in texts if t):
            return kind
    return None


def rule(rule_id: str) -> dict[str, Any]:
    return dict(evidence_data()["rules"][rule_id])


def word_zh(key: str) -> str:
    return str(evidence_data()["words_zh"].get(key, key))
