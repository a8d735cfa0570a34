"""Building blocks in the wizard: pick a ready English sentence, fill in only its slots.

At the first question of a new root cause, corrective action or preventive measure the wizard
lists the kind's blocks (labels in the wizard's language; for actions and measures, those that
answer the root causes already written come first), and "write my own". A picked block asks
only its slots, in the wizard's language, each checked by its type; the English it makes is
shown with the block's label, to keep or to change field by field. The item keeps the block
and its slot values, so ``poa edit`` reopens the slots (the stored values are the defaults).
The "stronger answer" shown after a challenge comes from the block that fits the item best.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from poa.blocks import (
    Block,
    SlotError,
    catalogue,
    error_text,
    example_values,
    parse_slot,
    render_fields,
)
from poa.text import folding
from poa.text.scripts import IDEOGRAPH_CLASS, has_non_latin
from poa.wizard.prompt import Prompt
from poa.wizard.questions import Question, Section

SECTIONS = ("root_cause", "corrective_actions", "preventive_measures")
OWN = "write-own"  # the choice key of "write my own"
LISTED = {"role": "roles", "frequency": "frequencies"}
QUESTION_TYPES = {"order_ids": "orders", "asins": "asins"}  # the rest are one-line answers
KEEP_NO = ("n", "no", "否", "不", "改", "修改")


def _text(key: str, lang: str, **values: Any) -> str:
    texts = catalogue().wizard[key]
    return (texts.zh if lang == "zh" else texts.en).format(**values)


def _label(block: Block, lang: str) -> str:
    return block.label.zh if lang == "zh" else block.label.en


def _number(raw: str, count: int) -> int | None:
    text = folding.width(raw).strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= count else None


def fitting(engine: Any, sec_id: str, item: Any) -> list[tuple[Block, int | None]]:
    """The kind's blocks for a section, each with the root cause number it answers (if any):
    blocks answering the item's causes, the cause it is added for, then every cause, first."""
    cat = catalogue()
    blocks = cat.for_kind(engine.case.violation.value, sec_id)
    if sec_id == "root_cause":
        return [(b, None) for b in blocks]
    causes = engine.case.root_causes
    wanted = [*getattr(item, "root_causes", []), *engine._suggest, *(c.id for c in causes)]
    ranked: list[tuple[Block, int | None]] = []
    for cause_id in dict.fromkeys(wanted):
        n, cause = next(((i, c) for i, c in enumerate(causes, 1) if c.id == cause_id), (0, None))
        if cause is None or not cause.block:
            continue
        for block in blocks:
            if cause.block in block.answers and all(block is not b for b, _ in ranked):
                ranked.append((block, n))
    return ranked + [(b, None) for b in blocks if all(b is not r for r, _ in ranked)]


@dataclass
class Offer:
    """The blocks offered at one question, as numbered choices after its own hint."""

    choices: list[tuple[str, str]]
    question: Question

    def take(self, raw: str) -> str | None:
        """The block id picked (OWN for "write my own"), or None when ``raw`` is an answer."""
        n = _number(raw, len(self.choices))
        return None if n is None else self.choices[n - 1][0]


def offer(engine: Any, sec: Section, q: Question, item: Any) -> Offer | None:
    """Blocks to offer at ``q``: only the first question of a root cause, action or measure."""
    if item is None or sec.id not in SECTIONS or sec.questions[0].id != q.id:
        return None
    lang = engine.progress.lang
    found = fitting(engine, sec.id, item)
    if not found:
        return None
    choices = []
    for block, n in found:
        label = _label(block, lang)
        if n is not None:
            label += f" ({_text('fits', lang, n=n)})"
        choices.append((block.id, label))
    choices.append((OWN, _text("own", lang)))
    hint = "\n".join(part for part in (q.hint, _text("pick", lang)) if part)
    shown = dataclasses.replace(q, hint=hint)
    if lang == "zh":  # '?' shows a block's English with its Chinese label beside it
        block = found[0][0]
        value = render_fields(block, example_values(block)).get(q.field)
        if isinstance(value, str):
            shown = dataclasses.replace(shown, good=f"{value} ({block.label.zh})", good_gloss="")
    return Offer(choices, shown)


def chinese_note(engine: Any, value: Any) -> str:
    """What to say (once) when the answer to a block question is not in English."""
    if isinstance(value, str) and has_non_latin(value):
        return _text("chinese", engine.progress.lang)
    return ""


def _input_form(value: Any) -> str:
    """A stored slot value as it would be typed (the default when the slots are reopened)."""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _ask_slot(engine: Any, sec: Section, item: Any, block: Block, slot: Any, label: str) -> Any:
    lang = engine.progress.lang
    cat = catalogue()
    listed = getattr(cat, LISTED[slot.type]) if slot.type in LISTED else {}
    choices = [(k, v.zh if lang == "zh" else v.en) for k, v in listed.items()]
    example = _input_form(slot.example)
    question = Question(
        key=f"{sec.id}.slot.{slot.name}",
        section=sec.id,
        id=f"slot.{slot.name}",
        field=slot.name,
        type=QUESTION_TYPES.get(slot.type, "text"),
        ask=slot.ask.zh if lang == "zh" else slot.ask.en,
        hint=_text("pick_list", lang) if choices else "",
        good=example,
    )
    key = f"{item.id}.slot.{slot.name}"
    default = _input_form(item.slots.get(slot.name)) if item.block == block.id else ""
    if not default and slot.type == "order_ids":
        default = " ".join(_known_orders(engine, block))
    error = ""
    while True:
        raw = engine.ask(
            Prompt(
                "question", key=key, text=question.ask, flow=engine.flow, section=sec,
                question=question, item_label=label, default=default, error=error,
                choices=choices,
            )
        ).strip() or default  # fmt: skip
        n = _number(raw, len(choices)) if choices else None
        if n is not None:
            raw = choices[n - 1][0]
        try:
            return parse_slot(slot, raw, cat)
        except SlotError as exc:
            error = error_text(exc, slot, lang, cat)


def _known_orders(engine: Any, block: Block) -> list[str]:
    """Order IDs to offer: those of the root causes the block answers, else the case's."""
    causes = [c for c in engine.case.root_causes if c.block and c.block in block.answers]
    ids = [oid for c in causes for oid in c.order_ids]
    return list(dict.fromkeys(ids)) or [o.order_id for o in engine.case.orders]


def _shown(block: Block, fields: dict[str, Any], lang: str) -> str:
    """The label in the wizard's language, then the English the item now holds."""
    from poa.render import format_date

    lines = [f"[{_label(block, lang)}]", _text("made", lang)]
    for name, value in fields.items():
        if name in ("order_ids", "asins"):
            value = ", ".join(value)
        elif name in ("when", "start"):
            value = format_date(_date(value))
        lines.append(f"  {name}: {value}")
    return "\n".join(lines)


def _date(value: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(value)


def fill(engine: Any, sec: Section, item: Any, block_id: str, label: str) -> None:
    """Ask the block's slots, write the item, and show the English to keep or to change."""
    block = catalogue().get(block_id)
    assert block is not None
    lang = engine.progress.lang
    values = {s.name: _ask_slot(engine, sec, item, block, s, label) for s in block.slots}
    fields = render_fields(block, values)
    for name, value in fields.items():
        setattr(item, name, value)
    item.block, item.slots = block.id, values
    if sec.id != "root_cause" and not item.root_causes:
        causes = engine.case.root_causes
        linked = [c.id for c in causes if c.block and c.block in block.answers]
        item.root_causes = linked or list(engine._suggest) or [c.id for c in causes][:1]
    engine._save_case()
    engine.ask(Prompt("note", key=f"{item.id}.block", text=_shown(block, fields, lang)))
    keep = Question(
        key=f"{sec.id}.keep", section=sec.id, id="keep", field="block", type="text",
        ask=_text("keep", lang),
    )  # fmt: skip
    answer = engine.ask(
        Prompt(
            "question", key=f"{item.id}.keep", text=keep.ask, flow=engine.flow, section=sec,
            question=keep, item_label=label,
        )
    )  # fmt: skip
    if folding.answer(answer) in KEEP_NO:
        return  # every question is asked next, with the block's English as its default
    engine._from_block = item.id
    for q in sec.questions:
        if getattr(item, q.field) not in ("", None, []):
            engine.progress.answered.add(f"{item.id}.{q.id}")
    engine._save_progress()


# ---------------------------------------------------------------- the stronger answer


def _bigrams(text: str) -> set[str]:
    words = re.findall(r"[a-z]{4,}", text.lower())
    cjk = re.sub(f"[^{IDEOGRAPH_CLASS}]", "", text)
    return set(words) | {cjk[i : i + 2] for i in range(len(cjk) - 1)}


def best_block(engine: Any, sec_id: str, item: Any, text: str) -> Block | None:
    """The block that fits an item: its own, one answering its cause, or the closest wording."""
    if sec_id not in SECTIONS:
        return None
    if item is not None and item.block:
        own = catalogue().get(item.block)
        if own is not None:
            return own
    found = fitting(engine, sec_id, item)
    linked = [b for b, n in found if n is not None]
    if linked:
        return linked[0]
    context = " ".join(
        str(getattr(item, name, "") or "") for name in ("title", "what", "why", "measure")
    )
    words = _bigrams(f"{text} {context}")
    scored = [
        (len(words & _bigrams(f"{b.label.en} {b.label.zh} {' '.join(b.text.values())}")), -i, b)
        for i, (b, _) in enumerate(found)
    ]
    return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None


def stronger(engine: Any, sec: Section, q: Question, key: str, text: str) -> Question:
    """``q`` with its "stronger answer" example taken from the block that fits the item."""
    item_id = key.split(".", 1)[0]
    items = getattr(engine.case, sec.loop or "", None) or []
    item = next((it for it in items if it.id == item_id), None)
    block = best_block(engine, sec.id, item, text)
    if block is None or q.field not in block.text:
        return q
    if (
        item is not None
        and item.block == block.id
        and set(item.slots) >= {slot.name for slot in block.slots}
    ):
        slots = item.slots  # the item's own values
    else:
        slots = example_values(block)
    value = render_fields(block, slots)[q.field]
    if isinstance(value, list):
        value = ", ".join(value)
    lang = engine.progress.lang
    good = f"{value} ({block.label.zh})" if lang == "zh" else str(value)
    return dataclasses.replace(q, good=good, good_gloss="")  # the label beside it says it
