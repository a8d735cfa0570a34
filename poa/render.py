"""Render a case into the plan's sections with the Jinja2 templates in ``sections/``.

Each section template produces a small, fixed Markdown subset (numbered points, indented
continuation lines, ``**bold**`` lead-ins) that every exporter understands. User text only ever
enters templates as variable values, so ``{{`` typed by a seller comes out literally.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

import jinja2

from poa import knowledge
from poa.case.model import Case
from poa.evidence.exhibits import exhibit_kind, invoice_text
from poa.text import dates

CONTINUATION = "   "
NOT_WRITTEN = "(not written yet)"


@dataclass
class RenderedSection:
    id: str
    title: str
    markdown: str
    required: bool = False
    appendix: bool = False

    @property
    def empty(self) -> bool:
        return not self.markdown.strip()


@dataclass
class OrderRow:
    order_id: str
    date: str
    asin: str
    defect: str
    root_causes: str
    actions: str


# Columns whose values are never wrapped inside (an ID or a date split over lines misleads).
WHOLE_COLUMNS = frozenset({"order_id", "date", "asin"})

ORDER_COLUMNS = [
    ("Order ID", "order_id"),
    ("Order date", "date"),
    ("ASIN", "asin"),
    ("Defect", "defect"),
    ("Root cause", "root_causes"),
    ("Action", "actions"),
]


@dataclass
class Plan:
    """A rendered plan, ready for any exporter."""

    title: str
    date: dt.date
    store: str
    marketplace: str
    sections: list[RenderedSection]
    orders: list[OrderRow] = field(default_factory=list)
    orders_title: str = "Affected orders"
    orders_after: str = "preventive_measures"
    closing: str = ""
    closing_title: str = ""

    def order_table(self) -> tuple[list[str], list[list[str]]]:
        """Headers and rows of the affected-orders table, without columns that are all empty."""
        headers, rows, _attrs = self.order_columns()
        return headers, rows

    def order_columns(self) -> tuple[list[str], list[list[str]], list[str]]:
        """Like ``order_table``, with each column's attribute name (see ``WHOLE_COLUMNS``)."""
        keep = [
            (header, attr)
            for header, attr in ORDER_COLUMNS
            if attr == "order_id" or any(getattr(r, attr) for r in self.orders)
        ]
        rows = [[getattr(r, attr) for _, attr in keep] for r in self.orders]
        return [header for header, _ in keep], rows, [attr for _, attr in keep]

    def section(self, section_id: str) -> RenderedSection | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def layout(self) -> list[tuple[str, RenderedSection | None]]:
        """What a document shows, in order: ("section", s), ("orders", None), ("closing", None).

        Empty optional sections are left out; the closing comes before the appendix.
        """
        out: list[tuple[str, RenderedSection | None]] = []
        closed = False
        for s in self.sections:
            if s.appendix and not closed:
                out.append(("closing", None))
                closed = True
            if not s.empty or s.required:
                out.append(("section", s))
            if s.id == self.orders_after and self.orders:
                out.append(("orders", None))
        if not closed:
            out.append(("closing", None))
        return [(kind, s) for kind, s in out if kind != "closing" or self.closing]


def format_date(value: dt.date | None) -> str:
    """'3 March 2026': unambiguous for a reviewer in any country."""
    return dates.written(value)


def _sentence(text: str) -> str:
    text = (text or "").strip()
    if text and text[-1] not in ".!?:;)\"'”。":
        text += "."
    return text


def _para(text: str) -> str:
    """Keep a seller's line breaks, indented so they stay inside the current point."""
    lines = [ln.rstrip() for ln in (text or "").strip().splitlines()]
    return ("\n" + CONTINUATION).join(ln for ln in lines if ln.strip())


def _ids(values: list[str]) -> str:
    return ", ".join(values)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _refs(item_ids: list[str], numbers: dict[str, int], word: str) -> str:
    """Item ids as the reader sees them: 'root cause 1', 'root causes 1, 2 and 3'."""
    labels = [str(numbers[i]) for i in item_ids]
    if len(labels) == 1:
        return f"{word} {labels[0]}"
    return f"{word}s {', '.join(labels[:-1])} and {labels[-1]}"


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(knowledge.sections_dir())),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(date=format_date, sentence=_sentence, para=_para, ids=_ids)
    # {% if not a.what is mentioning(a.when) %}: a date the seller wrote is not printed twice.
    env.tests["mentioning"] = dates.mentions
    env.globals.update(
        plural=_plural, refs=_refs, exhibit_kind=exhibit_kind, invoice_text=invoice_text
    )
    return env


def _numbering(items: list[Any]) -> dict[str, int]:
    return {item.id: n for n, item in enumerate(items, start=1)}


def _metric_text(case: Case) -> list[str]:
    out = []
    for m in case.notice.metrics:
        unit = m.unit if m.unit != "%" else "%"
        text = f"{knowledge.metric_label(m.name)} {m.value:g}{unit}"
        if m.target is not None:
            text += f" against a target of {m.target:g}{unit}"
        out.append(text)
    return out


def _defect_label(defect: str | None) -> str:
    """'A-to-z claim', not the case file's 'claim' (``defect_labels`` in sections.yaml)."""
    if not defect:
        return ""
    labels = knowledge.load_data("sections.yaml")["orders_table"].get("defect_labels", {})
    return str(labels.get(defect, defect.replace("_", " ")))


def _order_rows(case: Case, num: dict[str, dict[str, int]]) -> list[OrderRow]:
    rows = []
    orders = case.orders_by_id()
    for order_id in case.affected_order_ids():
        order = orders.get(order_id)
        causes = [f"{num['rc'][rc.id]}" for rc in case.root_causes if order_id in rc.order_ids]
        actions = [f"{num['ca'][a.id]}" for a in case.corrective_actions if order_id in a.order_ids]
        rows.append(
            OrderRow(
                order_id=order_id,
                date=format_date(order.purchase_date) if order else "",
                asin=(order.asin or "") if order else "",
                defect=_defect_label(order.defect) if order else "",
                root_causes=", ".join(causes),
                actions=", ".join(actions),
            )
        )
    return rows


def context(case: Case, today: dt.date) -> dict[str, Any]:
    """What every template sees: the case plus numbering and derived figures."""
    num = {
        "rc": _numbering(case.root_causes),
        "ca": _numbering(case.corrective_actions),
        "pm": _numbering(case.preventive_measures),
        "ev": _numbering(case.evidence),
    }
    return {
        "case": case,
        "today": today,
        "num": num,
        "violation": knowledge.violation_info(case.violation.value),
        "metrics": _metric_text(case),
        "affected_orders": case.affected_order_ids(),
        "error_appeal": case.appeal_mode.value == "deactivated_in_error",
        # Rates recomputed from imported reports, e.g.
        # {{ order_metrics.rates.order_defect_rate.percent }} or .orders_needed (None: no data).
        "order_metrics": _order_metrics(case),
    }


def _order_metrics(case: Case) -> Any:
    from poa.orders import metrics

    return metrics.compute(case)


def _tidy(markdown: str) -> str:
    """Collapse runs of blank lines that template loops leave behind."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def render_plan(case: Case, today: dt.date | None = None) -> Plan:
    today = today or dt.date.today()
    env = _environment()
    ctx = context(case, today)
    sections = []
    for spec in knowledge.section_specs():
        body = env.get_template(spec["template"]).render(ctx)
        sections.append(
            RenderedSection(
                id=spec["id"],
                title=spec["title"],
                markdown=_tidy(body),
                required=bool(spec.get("required")),
                appendix=bool(spec.get("appendix")),
            )
        )
    layout = knowledge.load_data("sections.yaml")
    closing = env.get_template(layout["closing_template"]).render(ctx)
    store = case.store.name
    return Plan(
        title="Plan of action"
        if not ctx["error_appeal"]
        else "Appeal: account deactivated in error",
        date=today,
        store=store,
        marketplace=case.store.marketplace,
        sections=sections,
        orders=_order_rows(case, ctx["num"]),
        orders_title=layout["orders_table"]["title"],
        orders_after=layout["orders_table"]["after"],
        closing=_tidy(closing),
        closing_title=str(layout.get("closing_title") or ""),
    )
