"""Score a plan of action before it is submitted: specificity, readability, structure, rules.

Public API (other parts of poa call these; signatures are stable):

    score_text(text, *, target="-", notice_text=None) -> ScoreReport
    score_case(case, *, target) -> ScoreReport
    score_file(path) -> ScoreReport
    check_answer(section_id, text, violation="other") -> list[Finding]

Rules, word lists, weights and thresholds live in ``sections/rules/`` and
``sections/scoring/``; this package holds only the mechanism.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from poa.score.report import Finding, ScoreReport, SectionReport
    from poa.score.scorer import check_answer, read_draft, score_case, score_file, score_text

__all__ = [
    "Finding",
    "ScoreReport",
    "SectionReport",
    "check_answer",
    "read_draft",
    "score_case",
    "score_file",
    "score_text",
]
_REPORT = ("Finding", "ScoreReport", "SectionReport")


def __getattr__(name: str) -> Any:
    """The public names, imported on first use: a module that needs only the ``Finding`` type
    (``poa.orders``, ``poa.evidence``) imports ``poa.score.report`` without the scorer."""
    if name in _REPORT:
        from poa.score import report

        value = getattr(report, name)
    elif name in __all__:
        from poa.score import scorer

        value = getattr(scorer, name)
    else:
        raise AttributeError(f"module 'poa.score' has no attribute {name!r}")
    globals()[name] = value
    return value
