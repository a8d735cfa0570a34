"""A new case from Amazon's notice: its text, and the violation and metrics read from it."""

from __future__ import annotations

from typing import Any

from poa.case.model import Case, Notice


def read_notice(text: str) -> dict[str, Any]:
    """Fields the notice gives (violation, notice{text, metrics}); just the text when the
    notice reader is not part of this poa."""
    try:
        from poa.inbox.feedback import notice_to_case_fields
    except ImportError:
        return {"notice": {"text": text}}
    fields = dict(notice_to_case_fields(text))
    notice = dict(fields.get("notice") or {})
    notice.setdefault("text", text)
    fields["notice"] = notice
    return fields


def case_from_notice(text: str | None) -> tuple[Case, bool]:
    """The starting case, and whether the violation kind was recognised in the notice."""
    if not text:
        return Case(), False
    fields = read_notice(text)
    case = Case(notice=Notice.model_validate(fields["notice"]))
    violation = fields.get("violation")
    if violation and violation != "other":
        case.violation = violation
        return case, True
    return case, False


def merge_notice(case: Case, text: str | None) -> Case:
    """An answers file without a notice takes it (and the kind it names) from --notice."""
    if not text or case.notice.text:
        return case
    start, found = case_from_notice(text)
    case.notice = start.notice
    if found and case.violation.value == "other":
        case.violation = start.violation
    return case
