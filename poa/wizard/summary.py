"""What the wizard says at the end: counts, what is still thin, and the next commands."""

from __future__ import annotations

from dataclasses import dataclass, field

from poa.case.model import Case
from poa.wizard.progress import Progress
from poa.wizard.questions import load_flow


@dataclass
class Summary:
    title: str
    counts: str
    thin_title: str
    thin: list[str] = field(default_factory=list)
    next_title: str = ""
    next: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [self.title, "  " + self.counts, self.thin_title]
        out += [f"  - {t}" for t in self.thin]
        out += [self.next_title] + [f"  {n}" for n in self.next]
        return out


def summarize(case: Case, progress: Progress, case_name: str, next_revision: int = 1) -> Summary:
    """Counts and gaps, in the wizard's language (the plan itself stays English).

    ``next_revision``: the number ``poa submit`` will give the draft (revisions so far + 1).
    """
    flow = load_flow(case.violation.value, progress.lang)
    counts = flow.text(
        "counts",
        root_causes=len(case.root_causes),
        corrective_actions=len(case.corrective_actions),
        preventive_measures=len(case.preventive_measures),
        orders=len(case.affected_order_ids()),
        evidence=len(case.evidence),
    )
    thin: list[str] = []
    if not case.affected_order_ids():
        thin.append(flow.text("thin_no_orders"))
    for sec in flow.sections:
        if sec.loop is None:
            for q in sec.questions:
                kept = progress.kept.get(q.key)
                flagged = progress.flagged.get(q.key)
                if kept:
                    thin.append(flow.text("thin_kept_plain", question=q.ask, message=_reason(kept)))
                elif flagged:
                    thin.append(
                        flow.text("thin_flagged_plain", question=q.ask, reason=_reason(flagged))
                    )
            continue
        for n, item in enumerate(getattr(case, sec.loop), start=1):
            for q in sec.questions:
                key = f"{item.id}.{q.id}"
                value = getattr(item, q.field)
                if key in progress.kept:
                    reason = _reason(progress.kept[key])
                    thin.append(flow.text("thin_kept", item=sec.item, n=n, message=reason))
                elif key in progress.flagged:
                    reason = _reason(progress.flagged[key])
                    thin.append(flow.text("thin_flagged", item=sec.item, n=n, reason=reason))
                elif value in ("", None, []) and (
                    q.check or (q.type == "date" and sec.id != "evidence")
                ):
                    thin.append(flow.text("thin_empty", item=sec.item, n=n, question=q.ask))
    for n, rc in enumerate(case.root_causes, start=1):
        if not case.actions_for(rc.id):
            thin.append(flow.text("thin_no_action", n=n))
        if not case.measures_for(rc.id):
            thin.append(flow.text("thin_no_measure", n=n))
    if not thin:
        thin.append(flow.text("thin_none"))
    return Summary(
        title=flow.text("summary_title", case=case_name),
        counts=counts,
        thin_title=flow.text("thin_title"),
        thin=thin,
        next_title=flow.text("next_title"),
        next=_aligned(
            [
                (f"poa score {case_name}", flow.text("next_score")),
                (f"poa export {case_name} --format docx", flow.text("next_export")),
                (f"poa submit {case_name}", flow.text("next_submit", n=next_revision)),
                (f"poa edit {case_name} --section ID", flow.text("next_edit")),
            ]
        ),
    )


def _reason(problems: list[str]) -> str:
    """The gist of every problem, each its first sentence as a phrase ("no order ID, ...")."""
    gists = []
    for problem in problems:
        first = problem.split(". ", 1)[0].split("。", 1)[0].rstrip(".").strip()
        if len(first) > 1 and first[0].isupper() and first[1].islower():
            first = first[0].lower() + first[1:]  # "No order ID" -> "no order ID"; "ODR" stays
        if first and first not in gists:
            gists.append(first)
    return "; ".join(gists)


def _aligned(rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(cmd) for cmd, _ in rows)
    return [f"{cmd:<{width}}  {what}" for cmd, what in rows]
