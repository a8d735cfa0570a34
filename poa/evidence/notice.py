"""What the case's notice asks for, read by ``poa feedback`` (whose module is used as is).

Wrapped here so the checklist sees one small shape: the documents asked for, each mapped to the
evidence kind of its checklist row, the window the notice states, and the ASINs it names.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from poa.evidence.data import evidence_data


@dataclass(frozen=True)
class NoticeAsk:
    document: str  # poa feedback's document id: invoices, supplier_contact, ...
    kind: str  # the evidence kind of the checklist row it joins
    label: str
    window_days: int | None
    quote: str


@dataclass(frozen=True)
class NoticeFacts:
    asks: tuple[NoticeAsk, ...] = ()
    asins: tuple[str, ...] = field(default_factory=tuple)


@functools.lru_cache(maxsize=8)
def notice_facts(text: str) -> NoticeFacts:
    """The document asks and ASINs of a notice's text (empty text: nothing asked)."""
    if not text.strip():
        return NoticeFacts()
    from poa.inbox.feedback import analyze

    result = analyze(text)
    mapping = evidence_data()["notice_documents"]
    asks = tuple(
        NoticeAsk(d.id, mapping[d.id], d.label, d.window_days, d.quote)
        for d in result.documents
        if d.id in mapping
    )
    return NoticeFacts(asks=asks, asins=tuple(result.asins))
