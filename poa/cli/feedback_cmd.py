"""poa feedback: read an Amazon message on its own and say what it asks for."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from poa.cli import terminal, wrap
from poa.cli.common import echo_json
from poa.cli.terminal import Terminal
from poa.errors import InputError
from poa.files.inputs import regular_file

if TYPE_CHECKING:
    from poa.inbox.feedback import MessageAnalysis


class Lang(str, Enum):
    en = "en"
    zh = "zh"


def read_message(source: str, term: Terminal | None = None) -> str:
    """The message from FILE or '-' (stdin), checked: not empty, not binary, not huge."""
    from poa.inbox.feedback import decode_message, max_bytes

    limit = max_bytes() + 1  # one byte more than allowed, so a huge input is reported
    if source == "-":
        term = term or terminal.current()
        if term.stdin_tty:  # a blank screen otherwise: the seller does not know to paste
            typer.echo("Paste Amazon's message, then press Ctrl-D on a new line.", file=term.stderr)
        stream = getattr(term.stdin, "buffer", None)
        data = stream.read(limit) if stream is not None else term.stdin.read().encode("utf-8")
        return decode_message(data, "stdin")
    path = regular_file(Path(source), "file holding Amazon's message")
    try:
        with path.open("rb") as fh:
            data = fh.read(limit)
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror or exc}") from None
    return decode_message(data, source)


def section_title(section_id: str, lang: str = "en") -> str:
    from poa.inbox.feedback import section_name
    from poa.knowledge import section_specs

    spec = next((s for s in section_specs() if s["id"] == section_id), None)
    return section_name(section_id, str(spec["title"]) if spec else section_id, lang)


def checklist_rows(analysis: MessageAnalysis, lang: str = "en") -> list[tuple[str, str]]:
    """The checklist as (indent, text) rows: the kind, what to send back and the next step,
    a reinstatement's conditions, where to answer, the facts, then each prompt."""
    from poa import knowledge
    from poa.inbox import outcome
    from poa.inbox.feedback import DATA_FILE, kind_label, prompt_label, ui_text

    def ui(key: str, **fields: object) -> str:
        return ui_text(key, lang, **fields)

    data = knowledge.load_data(DATA_FILE)
    rows = [("", ui("kind", kind=analysis.kind, label=kind_label(analysis.kind, lang)))]
    label = outcome.response_label(analysis.response, lang)
    rows.append(("", ui("response", response=analysis.response, label=label)))
    rows.append(("", ui("next_step", step=analysis.next_step(lang))))
    if analysis.reinstatement is not None:
        conditions = analysis.reinstatement.conditions(lang)
        if conditions:
            joiner = "; " if lang == "en" else ";"
            rows.append(("", ui("reinstatement", conditions=joiner.join(conditions))))
    if analysis.channel is not None:
        key = "channel_wrong" if analysis.channel.wrong_place else "channel_use"
        rows.append(("", ui(key, place=analysis.channel.label(lang))))
    if analysis.violation != "other":
        label = knowledge.violation_info(analysis.violation).get("label", analysis.violation)
        if lang == "zh":
            label = data.get("violation_names_zh", {}).get(analysis.violation, label)
        rows.append(("", ui("violation", violation=analysis.violation, label=label)))
    for m in analysis.metrics:
        target = ui("target", target=f"{m.target:g}{m.unit}") if m.target is not None else ""
        value = f"{m.value:g}{m.unit}"
        name = knowledge.metric_label(m.name)
        if lang == "zh":
            name = data.get("metric_names_zh", {}).get(m.name, name)
        rows.append(("", ui("metric", label=name, value=value, target=target)))
    if analysis.deadline:
        d = analysis.deadline
        unit = data["ui"]["units"].get(lang, {}).get(d.unit, d.unit)
        rows.append(("", ui("deadline", deadline=d.text, value=d.value, unit=unit)))
    if analysis.asins:
        rows.append(("", ui("asins", items=", ".join(analysis.asins))))
    if analysis.order_ids:
        rows.append(("", ui("orders", items=", ".join(analysis.order_ids))))
    for doc in analysis.documents:
        window = ui("window", days=doc.window_days) if doc.window_days else ""
        zh = data["documents"].get(doc.id, {}).get("label_zh") if lang == "zh" else None
        rows.append(("", ui("document", label=zh or doc.label, window=window)))
    rows.append(("", ""))
    if not analysis.prompts:
        if analysis.kind == "reinstated":
            rows.append(("", ui("nothing_reinstated")))
        elif analysis.kind == "final_denial":
            rows.append(("", ui("nothing_final")))
        else:
            rows.append(("", ui("nothing")))
        return rows
    rows.append(("", ui("asks_for", count=len(analysis.prompts))))
    for n, p in enumerate(analysis.prompts, start=1):
        advice = p.advice_zh if lang == "zh" else p.advice
        rows.append(("  ", f"[ ] {n}. {prompt_label(p.id, lang)} [{p.id}]"))
        section = f"{section_title(p.section, lang)} ({p.section})"
        rows.append(("         ", ui("section", section=section)))
        rows.append(("         ", ui("amazon", quote=p.quote)))
        rows.append(("         ", ui("add", advice=advice)))
    return rows


def checklist_lines(
    analysis: MessageAnalysis, lang: str = "en", width: int | None = None
) -> list[str]:
    """The readable checklist, wrapped to the terminal's width (words and IDs kept whole)."""
    from poa.cli.wrap import wrap_all

    return wrap_all(checklist_rows(analysis, lang), width)


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
    from poa.inbox.feedback import analyze

    term = terminal.current()
    analysis = analyze(read_message(source, term))
    if as_json:
        echo_json(analysis.to_json(lang=lang.value))
        return
    for line in checklist_lines(analysis, lang.value, wrap.terminal_width(term)):
        wrap.echo(line, term)
