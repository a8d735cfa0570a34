"""poa blocks: list the building blocks (recurring root causes, actions, measures) per kind."""

from __future__ import annotations

from enum import Enum
from typing import Any

import typer

from poa.cli.common import echo_json
from poa.errors import InputError


class BlockLang(str, Enum):
    en = "en"
    zh = "zh"


SECTIONS = ("root_cause", "corrective_actions", "preventive_measures")
TYPE_NAMES = {
    "en": {
        "number": "number", "date": "date", "date_range": "date range",
        "order_ids": "order IDs", "asins": "ASINs", "money": "amount", "role": "role",
        "frequency": "frequency", "text": "short English text",
    },
    "zh": {
        "number": "数字", "date": "日期", "date_range": "日期范围", "order_ids": "订单号",
        "asins": "ASIN", "money": "金额", "role": "岗位", "frequency": "频率",
        "text": "简短英文",
    },
}  # fmt: skip
WORDS = {
    "en": {"answers": "answers", "slots": "slots", "none": "no slots"},
    "zh": {"answers": "对应原因", "slots": "需填写", "none": "无需填写"},
}


def blocks_command(
    violation: str | None = typer.Option(
        None, "--violation", metavar="KIND", help="Only the blocks for this violation kind."
    ),
    lang: BlockLang = typer.Option(BlockLang.en, "--lang", help="Language of the labels."),
    as_json: bool = typer.Option(False, "--json", help="Print the blocks as JSON."),
) -> None:
    """List the building blocks: root causes that recur, and the fixes that answer them.

    Each block is an English sentence with slots (numbers, dates, order IDs, a role, a
    frequency). Use one in an answers file as {block: ID, slots: {name: value}}, in place
    of a root cause, a corrective action or a preventive measure.

    Examples:

      poa blocks --violation odr

      poa blocks --violation condition --lang zh

      poa blocks --json
    """
    from poa.blocks import catalogue

    cat = catalogue()
    kinds = sorted({k for b in cat.blocks for k in b.violations})
    if violation is not None:
        violation = violation.strip().lower()
        if violation not in kinds:
            import difflib

            close = difflib.get_close_matches(violation, kinds, n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError(
                f"--violation {violation!r} has no building blocks{hint}; kinds: {', '.join(kinds)}"
            )
    blocks = cat.for_kind(violation)
    if as_json:
        echo_json({"blocks": [b.as_dict() for b in blocks]})
        return
    _print_text(blocks, lang.value)


def _print_text(blocks: list[Any], lang: str) -> None:
    from poa import knowledge

    titles = knowledge.section_titles()
    if lang == "zh":
        names = knowledge.load_data("prompts.yaml").get("section_names_zh", {})
        titles = {k: f"{names.get(k, '')} / {v}" for k, v in titles.items()}
    words, types = WORDS[lang], TYPE_NAMES[lang]
    width = max((len(b.id) for b in blocks), default=10)
    for section in SECTIONS:
        chosen = [b for b in blocks if b.section == section]
        if not chosen:
            continue
        typer.echo(f"{titles[section]} ({len(chosen)})")
        for b in chosen:
            label = b.label.zh if lang == "zh" else b.label.en
            typer.echo(f"  {b.id:<{width}}  {label}")
            if b.answers:
                typer.echo(f"  {'':<{width}}    {words['answers']}: {', '.join(b.answers)}")
            slots = ", ".join(f"{s.name} ({types[s.type]})" for s in b.slots) or words["none"]
            typer.echo(f"  {'':<{width}}    {words['slots']}: {slots}")
        typer.echo()
