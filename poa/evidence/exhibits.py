"""What the plan's appendix says of each document: its kind, and for an invoice its facts.

A reviewer matching an exhibit to a claim looks for the kind of document, its date and what
it shows; for an invoice, who issued it (with the contact details Amazon asks for), to whom,
and the products and units it covers. Used by ``sections/evidence.md.j2``.
"""

from __future__ import annotations

from typing import Any

from poa.case.model import EvidenceItem
from poa.evidence.data import evidence_data, infer_kind
from poa.text.words import and_list


def exhibit_kind(item: EvidenceItem) -> str:
    """'invoice', 'letter of authorization'...; 'document' when nothing says what it is."""
    kind = item.kind or infer_kind(item.description, item.file) or "other"
    return str(evidence_data()["kinds"][kind]["noun"])


def _units(line: Any) -> str:
    what = line.asin or line.product or "an unnamed product"
    if line.units is None:
        return what
    return f"{line.units} unit{'s' if line.units != 1 else ''} of {what}"


def invoice_text(item: EvidenceItem) -> str:
    """One sentence: number, supplier and its contact details, buyer, products and units."""
    invoice = item.invoice
    if invoice is None:
        return ""
    parts = [f"Invoice {invoice.number}" if invoice.number else "Invoice"]
    supplier = invoice.supplier
    if supplier.name:
        parts.append(f"from {supplier.name}")
        contact = [
            f"{word} {value}" if word else value
            for word, value in (
                ("", supplier.address),
                ("phone", supplier.phone),
                ("e-mail", supplier.email),
                ("website", supplier.website),
            )
            if value
        ]
        if contact:
            parts.append(f"({'; '.join(contact)})")
    if invoice.buyer:
        parts.append(f"to {invoice.buyer}")
    text = " ".join(parts)
    lines = [_units(line) for line in invoice.lines]
    if lines:
        text += ": " + and_list(lines)
    return text + "."
