"""poa feedback: read an Amazon message on its own and say what it asks for."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from poa.cli import app, wrap
from poa.errors import InputError

if TYPE_CHECKING:
    from poa.feedback import MessageAnalysis


class Lang(str, Enum):
    en = "en"
    zh = "zh"


def read_message(source: str) -> str:
    """The message from FILE or '-' (stdin), checked: not empty, not binary, not huge."""
    from poa.feedback import decode_message, max_bytes

    limit = max_bytes() + 1  # one byte more than allowed, so a huge input is reported
    if source == "-":
        if sys.stdin.isatty():  # a blank screen otherwise: the seller does not know to paste
            typer.echo("Paste Amazon's message, then press Ctrl-D on a new line.", err=True)
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read(limit) if stream is not None else sys.stdin.read().encode("utf-8")
        return decode_message(data, "stdin")
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if path.is_dir():
        raise InputError(f"{source}: is a folder; give the file holding Amazon's message")
    try:
        with path.open("rb") as fh:
            data = fh.read(limit)
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror or exc}") from None
    return decode_message(data, source)


def section_title(section_id: str, lang: str = "en") -> str:
    from poa.feedback import section_name
    from poa.knowledge import section_specs

    spec = next((s for s in section_specs() if s["id"] == section_id), None)
    return section_name(section_id, str(spec["title"]) if spec else section_id, lang)


def checklist_lines(analysis: MessageAnalysis, lang: str = "en") -> list[str]:
    """The readable checklist: each prompt, the section it points at, what to add."""
    from poa import knowledge
    from poa.feedback import DATA_FILE, kind_label, prompt_label, ui_text

    def ui(key: str, **fields: object) -> str:
        return ui_text(key, lang, **fields)

    data = knowledge.load_data(DATA_FILE)
    lines = [ui("kind", kind=analysis.kind, label=kind_label(analysis.kind, lang))]
    if analysis.violation != "other":
        label = knowledge.violation_info(analysis.violation).get("label", analysis.violation)
        if lang == "zh":
            label = data.get("violation_names_zh", {}).get(analysis.violation, label)
        lines.append(ui("violation", violation=analysis.violation, label=label))
    for m in analysis.metrics:
        target = ui("target", target=f"{m.target:g}{m.unit}") if m.target is not None else ""
        value = f"{m.value:g}{m.unit}"
        name = knowledge.metric_label(m.name)
        if lang == "zh":
            name = data.get("metric_names_zh", {}).get(m.name, name)
        lines.append(ui("metric", label=name, value=value, target=target))
    if analysis.deadline:
        d = analysis.deadline
        unit = data["ui"]["units"].get(lang, {}).get(d.unit, d.unit)
        lines.append(ui("deadline", deadline=d.text, value=d.value, unit=unit))
    if analysis.asins:
        lines.append(ui("asins", items=", ".join(analysis.asins)))
    if analysis.order_ids:
        lines.append(ui("orders", items=", ".join(analysis.order_ids)))
    for d in analysis.documents:
        window = ui("window", days=d.window_days) if d.window_days else ""
        label = data["documents"].get(d.id, {}).get("label_zh") if lang == "zh" else None
        lines.append(ui("document", label=label or d.label, window=window))
    lines.append("")
    if not analysis.prompts:
        if analysis.kind == "reinstated":
            lines.append(ui("nothing_reinstated"))
        elif analysis.kind == "final_denial":
            lines.append(ui("nothing_final"))
        else:
            lines.append(ui("nothing"))
        return lines
    lines.append(ui("asks_for", count=len(analysis.prompts)))
    for n, p in enumerate(analysis.prompts, start=1):
        advice = p.advice_zh if lang == "zh" else p.advice
        lines.append(f"  [ ] {n}. {prompt_label(p.id, lang)} [{p.id}]")
        section = f"{section_title(p.section, lang)} ({p.section})"
        lines.append("         " + ui("section", section=section))
        lines.append("         " + ui("amazon", quote=p.quote))
        lines.append("         " + ui("add", advice=advice))
    return lines


@app.command("feedback")
def feedback_command(
    source: str = typer.Argument(
        ..., metavar="FILE|-", help="A file holding Amazon's message, or '-' to read stdin."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the analysis as JSON."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the advice (en or zh)."),
) -> None:
    """Read an Amazon message: its kind, what it asks for, and the facts it quotes.

    Works on any notice or reply, pasted as text or HTML; no case folder is needed.

    Examples:

      poa feedback reply.txt

      pbpaste | poa feedback - --json
    """
    from poa.feedback import analyze

    analysis = analyze(read_message(source))
    if as_json:
        typer.echo(json.dumps(analysis.to_json(), ensure_ascii=False, indent=2))
        return
    for line in checklist_lines(analysis, lang.value):
        wrap.echo(line)
