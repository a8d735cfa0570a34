"""Splitting an appeal's text into sections, for revisions that hold only ``appeal.md`` (old
appeals, written before poa kept the case beside them)."""

from __future__ import annotations

import re

from poa import knowledge
from poa.revisions.folder import settings
from poa.text import regexcache


def _split_by_headings(text: str) -> dict[str, str] | None:
    titles = {spec["title"].lower(): spec["id"] for spec in knowledge.section_specs()}
    parts: dict[str, list[str]] = {}
    current = None
    found = False
    for line in text.splitlines():
        m = re.match(r"^#{1,3}\s+(.+?)\s*$", line)
        if m:
            current = titles.get(m.group(1).strip().lower())
            found = found or current is not None
            continue
        if current:
            parts.setdefault(current, []).append(line)
    if not found:
        return None
    return {k: "\n".join(v).strip() for k, v in parts.items()}


def split_appeal(text: str) -> dict[str, str]:
    """An appeal's text by section: by '## <title>' headings, else by wording (see
    ``appeal_cues`` in sections/revisions.yaml)."""
    by_heading = _split_by_headings(text)
    if by_heading is not None:
        return by_heading
    cues = [
        (section, regexcache.any_of(pats, re.IGNORECASE))
        for section, pats in settings()["appeal_cues"].items()
    ]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n(?=\s*(?:\d+|[IVX]+)[.)]\s)", text)]
    item = re.compile(r"^(?:\d+|[IVX]+)[.)]\s")
    parts: dict[str, list[str]] = {}
    current = "summary"
    in_list = False  # list items after a lead-in ("three reasons for this:") stay with it
    for para in paragraphs:
        if not para:
            continue
        if not (in_list and item.match(para)):
            current = next((section for section, rx in cues if rx.search(para)), current)
            in_list = para.endswith(":")
        parts.setdefault(current, []).append(para)
    return {k: "\n\n".join(v) for k, v in parts.items()}
