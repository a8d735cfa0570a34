"""Markdown export: the plan as a reviewer-friendly .md file (also what ``submit`` freezes)."""

from __future__ import annotations

from poa.render import NOT_WRITTEN, Plan, format_date


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or " "


def orders_table(plan: Plan) -> str:
    headers, rows = plan.order_table()
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def to_markdown(plan: Plan) -> str:
    parts = [f"# {plan.title}", ""]
    meta = [f"**Date:** {format_date(plan.date)}"]
    if plan.store:
        meta.append(f"**Store:** {plan.store} ({plan.marketplace})")
    else:
        meta.append(f"**Marketplace:** {plan.marketplace}")
    parts.append("  \n".join(meta))
    for kind, section in plan.layout():
        if section is not None:
            parts += ["", f"## {section.title}", "", section.markdown or NOT_WRITTEN]
        elif kind == "orders":
            parts += ["", f"## {plan.orders_title}", "", orders_table(plan)]
        else:
            heading = ["", f"## {plan.closing_title}"] if plan.closing_title else []
            parts += [*heading, "", plan.closing]
    return "\n".join(parts).rstrip() + "\n"
