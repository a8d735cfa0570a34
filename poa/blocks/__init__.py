"""Building blocks: recurring root causes, actions and measures as English templates with slots.

A seller who does not write English picks blocks and fills their slots (numbers, dates, order
IDs, a role, a frequency); ``render_fields`` writes the item's English fields. The catalogue is
data (``sections/blocks/``, see ``poa.blocks.catalogue``); this module fills it in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from poa.blocks.catalogue import (
    SLOT_RE,
    TYPED_FIELDS,
    Block,
    BlockFileError,
    Catalogue,
    Slot,
    catalogue,
    load_catalogue,
)
from poa.blocks.values import SlotError, describe, parse_value

__all__ = [
    "Block",
    "BlockFileError",
    "Catalogue",
    "Slot",
    "SlotError",
    "catalogue",
    "check_slots",
    "error_text",
    "load_catalogue",
    "parse_slot",
    "render_fields",
]


def parse_slot(slot: Slot, raw: Any, cat: Catalogue | None = None) -> Any:
    """The canonical value of ``raw`` for ``slot``; SlotError when it does not fit its type."""
    return parse_value(slot.type, raw, (cat or catalogue()).lists())


def check_slots(
    block: Block, raw: Mapping[str, Any], cat: Catalogue | None = None
) -> tuple[dict[str, Any], list[tuple[str, SlotError]]]:
    """Every slot parsed, and (slot name, error) for each missing, unknown or bad value."""
    cat = cat or catalogue()
    values: dict[str, Any] = {}
    errors: list[tuple[str, SlotError]] = []
    names = [s.name for s in block.slots]
    for name in raw:
        if name not in names:
            errors.append((str(name), SlotError("unknown_slot", name)))
    for slot in block.slots:
        if slot.name not in raw:
            errors.append((slot.name, SlotError("missing", slot.name)))
            continue
        try:
            values[slot.name] = parse_slot(slot, raw[slot.name], cat)
        except SlotError as exc:
            errors.append((slot.name, exc))
    return values, errors


def error_text(
    exc: SlotError, slot: Slot | None, lang: str = "en", cat: Catalogue | None = None
) -> str:
    """A slot error in plain words, in English or Chinese."""
    cat = cat or catalogue()
    texts = cat.errors.get(exc.key) or cat.errors["unknown"]
    template = texts.zh if lang == "zh" else texts.en
    example = slot.example if slot is not None else ""
    if isinstance(example, list):
        example = " ".join(str(e) for e in example)
    value = exc.value if not isinstance(exc.value, list) else " ".join(map(str, exc.value))
    return template.format(value=value, example=example, type=slot.type if slot else "")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_fields(block: Block, values: Mapping[str, Any]) -> dict[str, Any]:
    """The item fields (English text, dates, ID lists) the block makes with these values."""
    types = {s.name: s.type for s in block.slots}
    out: dict[str, Any] = {}
    for field, template in block.text.items():
        if field in TYPED_FIELDS:
            name = SLOT_RE.findall(template)[0]
            out[field] = values[name]
            continue

        def fill(m: Any) -> str:
            return describe(types[m.group(1)], values[m.group(1)])

        out[field] = _capitalise(SLOT_RE.sub(fill, template))
    return out


def example_values(block: Block) -> dict[str, Any]:
    """Every slot filled with its example, parsed (what the tests and ``poa blocks`` show)."""
    cat = catalogue()
    return {s.name: parse_slot(s, s.example, cat) for s in block.slots}
