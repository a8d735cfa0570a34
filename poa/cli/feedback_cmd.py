"""poa feedback: read an Amazon message on its own and say what it asks for."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from poa.cli import app
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


def section_title(section_id: str) -> str:
    from poa.knowledge import section_specs

    spec = next((s for s in section_specs() if s["id"] == section_id), None)
    return str(spec["title"]) if spec else section_id


def checklist_lines(analysis: MessageAnalysis, lang: str = "en") -> list[str]:
    """The readable checklist: each prompt, the section it points at, what to add."""
    from poa import knowledge
    from poa.feedback import kind_label, prompt_label

    lines = [f"Kind: {analysis.kind} ({kind_label(analysis.kind, lang)})"]
    if analysis.violation != "other":
        label = knowledge.violation_info(analysis.violation).get("label", analysis.violation)
        lines.append(f"Violation: {analysis.violation} ({label})")
    for m in analysis.metrics:
        target = f" (target {m.target:g}{m.unit})" if m.target is not None else ""
        lines.append(f"Metric: {knowledge.metric_label(m.name)} {m.value:g}{m.unit}{target}")
    if analysis.deadline:
        lines.append(f"Deadline: respond {analysis.deadline.text}")
    if analysis.asins:
        lines.append(f"ASINs: {', '.join(analysis.asins)}")
    if analysis.order_ids:
        lines.append(f"Orders: {', '.join(analysis.order_ids)}")
    for d in analysis.documents:
        window = f" from the last {d.window_days} days" if d.window_days else ""
        lines.append(f"Document asked for: {d.label}{window}")
    lines.append("")
    if not analysis.prompts:
        if analysis.kind == "reinstated":
            lines.append(
                "Nothing to answer: the account is reinstated. Keep the processes running."
            )
        elif analysis.kind == "final_denial":
            lines.append("Nothing to answer: Amazon says it will not consider further appeals.")
        else:
            lines.append("This message asks for nothing.")
        return lines
    lines.append(f"What Amazon asks for ({len(analysis.prompts)}):")
    for n, p in enumerate(analysis.prompts, start=1):
        advice = p.advice_zh if lang == "zh" else p.advice
        lines.append(f"  [ ] {n}. {prompt_label(p.id, lang)} [{p.id}]")
        lines.append(f"         Section: {section_title(p.section)} ({p.section})")
        lines.append(f'         Amazon: "{p.quote}"')
        lines.append(f"         Add: {advice}")
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
        typer.echo(line)
