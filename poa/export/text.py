"""Plain-text export: what a seller pastes into the appeal form, field by field."""

from __future__ import annotations

from dataclasses import dataclass

from poa.export import blocks
from poa.render import NOT_WRITTEN, Plan, format_date


@dataclass
class TextPart:
    id: str
    title: str
    text: str

    @property
    def chars(self) -> int:
        return len(self.text)


def _section_text(markdown: str) -> str:
    out = []
    for block in blocks.parse(markdown):
        lines = [blocks.plain(ln) for ln in block.lines]
        if block.kind == "item":
            first = f"{block.number}. {lines[0]}"
            out.append("\n".join([first, *("   " + ln for ln in lines[1:])]))
        else:
            out.append("\n".join(lines))
    return "\n\n".join(out)


def text_parts(plan: Plan) -> list[TextPart]:
    """The plan split the way the appeal form takes it: one part per section."""
    parts = []
    for kind, section in plan.layout():
        if section is not None:
            body = _section_text(section.markdown) or NOT_WRITTEN
            parts.append(TextPart(section.id, section.title, body))
        elif kind == "orders":
            lines = []
            for r in plan.orders:
                facts = [v for v in (r.date, r.asin, r.defect) if v]
                refs = []
                if r.root_causes:
                    refs.append(f"root cause {r.root_causes}")
                if r.actions:
                    refs.append(f"action {r.actions}")
                lines.append(" - ".join([r.order_id, *facts, *refs]))
            parts.append(TextPart("orders", plan.orders_title, "\n".join(lines)))
        else:
            parts.append(TextPart("closing", plan.closing_title, _section_text(plan.closing)))
    return parts


def to_text(plan: Plan) -> str:
    head = [plan.title.upper(), f"Date: {format_date(plan.date)}"]
    if plan.store:
        head.append(f"Store: {plan.store} ({plan.marketplace})")
    chunks = ["\n".join(head)]
    for part in text_parts(plan):
        chunks.append(f"{part.title.upper()}\n\n{part.text}" if part.title else part.text)
    return "\n\n".join(chunks).rstrip() + "\n"
