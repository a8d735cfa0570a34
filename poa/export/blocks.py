"""The small Markdown subset the section templates emit, parsed into blocks.

Numbered points (``1. text``) with continuation lines indented by three spaces, plain
paragraphs, and ``**bold**`` lead-ins: enough for a scannable plan, nothing a seller's own
text could accidentally trigger (their line breaks arrive indented, inside the point).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ITEM = re.compile(r"^(\d+)\.\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass
class Block:
    kind: str  # "item" or "para"
    lines: list[str] = field(default_factory=list)
    number: int | None = None


def parse(markdown: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for raw in markdown.splitlines():
        if not raw.strip():
            current = None
            continue
        match = _ITEM.match(raw)
        if match and not raw.startswith(" "):
            current = Block("item", [match.group(2)], int(match.group(1)))
            blocks.append(current)
        elif current is not None:
            current.lines.append(raw.strip())
        else:
            current = Block("para", [raw.strip()])
            blocks.append(current)
    return blocks


def runs(line: str) -> list[tuple[str, bool]]:
    """Split a line into (text, bold) runs."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for match in _BOLD.finditer(line):
        if match.start() > pos:
            out.append((line[pos : match.start()], False))
        out.append((match.group(1), True))
        pos = match.end()
    if pos < len(line):
        out.append((line[pos:], False))
    return out


def plain(line: str) -> str:
    """The line without markup: what goes into the appeal form."""
    return "".join(text for text, _ in runs(line))
