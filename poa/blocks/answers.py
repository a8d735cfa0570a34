"""Items written as ``{block: ID, slots: {name: value}}`` in an answers file (or case data).

Wherever a root cause, corrective action or preventive measure may stand, an item may name a
building block and fill its slots; it becomes the item the block makes (English text, dates,
order IDs), keeping ``block`` and the parsed ``slots``. Fields written out beside ``block``
win over the block's own. An action or measure that names no ``root_causes`` is linked to the
root causes made from the blocks it answers. Problems come back as (field path, message), so
the answers loader lists them with every other invalid field.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from poa.blocks import check_slots, error_text, render_fields
from poa.blocks.catalogue import SECTION_LIST, Catalogue, catalogue
from poa.case.answers import number_items

Problem = tuple[tuple[Any, ...], str]
LISTS = tuple(SECTION_LIST.values())


def _guess(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _expand_item(item: dict[str, Any], loc: tuple[Any, ...], cat: Catalogue) -> list[Problem]:
    block_id = item.get("block")
    if block_id in (None, ""):
        return []
    if not isinstance(block_id, str):
        item["block"] = ""
        item.pop("slots", None)
        return [((*loc, "block"), "a block is named by its id, e.g. odr.unanswered-messages")]
    block = cat.get(block_id.strip())
    list_name = loc[0]
    if block is None:
        same = [b.id for b in cat.blocks if b.case_list == list_name]
        item["block"] = ""
        item.pop("slots", None)
        return [((*loc, "block"), f"unknown block '{block_id}'{_guess(block_id, same)}")]
    if block.case_list != list_name:
        item["block"] = ""
        item.pop("slots", None)
        return [
            (
                (*loc, "block"),
                f"'{block.id}' is a block for {block.case_list}, not for {list_name}",
            )
        ]
    raw = item.get("slots")
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        item["slots"] = {}
        return [((*loc, "slots"), "expected the block's slots as 'name: value' lines")]
    values, errors = check_slots(block, raw, cat)
    if errors:
        item["slots"] = {}
        names = [s.name for s in block.slots]
        out = []
        for name, exc in errors:
            message = error_text(exc, block.slot(name), "en", cat)
            if exc.key == "unknown_slot":
                message += _guess(name, names) or f" (this block's slots: {', '.join(names)})"
            out.append(((*loc, "slots", name), message))
        return out
    item["block"] = block.id
    item["slots"] = values
    for field, value in render_fields(block, values).items():
        if item.get(field) in (None, "", []):
            item[field] = value
    return []


def expand_blocks(data: dict[str, Any], cat: Catalogue | None = None) -> list[Problem]:
    """Replace every block item of ``data`` by the item it makes; the problems found."""
    cat = cat or catalogue()
    problems: list[Problem] = []
    for name in LISTS:
        items = data.get(name)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                problems.extend(_expand_item(item, (name, index), cat))
    return problems


def link_blocks(data: dict[str, Any], cat: Catalogue | None = None) -> None:
    """An action or measure from a block, with no root_causes given, answers the root causes
    made from the blocks it answers (call after item ids are given)."""
    cat = cat or catalogue()
    causes = [it for it in data.get("root_causes") or [] if isinstance(it, dict)]
    for name in ("corrective_actions", "preventive_measures"):
        for item in data.get(name) or []:
            if not isinstance(item, dict) or not item.get("block") or "root_causes" in item:
                continue
            block = cat.get(str(item["block"]))
            if block is None:
                continue
            linked = [c["id"] for c in causes if c.get("block") in block.answers and c.get("id")]
            if linked:
                item["root_causes"] = linked


def expand_answers(data: dict[str, Any]) -> list[Problem]:
    """What ``poa.case.answers.load_answers`` runs on an answers file that may name blocks:
    block items expanded, items numbered, then actions and measures linked to their causes."""
    problems = expand_blocks(data)
    number_items(data)
    link_blocks(data)
    return problems
