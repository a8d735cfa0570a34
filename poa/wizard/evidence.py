"""The wizard's evidence step: what the checklist names, each document's kind, an invoice's fields.

When the step opens, the documents a reviewer expects for the violation kind (and those the
notice asks for) are listed with what the case already holds. After a document's own questions
the wizard asks its kind, preferring the kinds the checklist names; for an invoice it asks the
fields the invoice checks read (number, supplier and its contact details, buyer, products and
units) and shows at once what a reviewer would find wrong. Texts are data (``wizard`` in
``sections/evidence.yaml``); the engine calls :func:`announce` and :func:`ask_details`.
"""

from __future__ import annotations

import re
from typing import Any

from poa.case.model import Invoice, InvoiceLine
from poa.evidence.data import KINDS, evidence_data, infer_kind, kind_label
from poa.text.folding import width
from poa.text.ids import ASIN_RE
from poa.wizard.prompt import Prompt
from poa.wizard.questions import Question, Section

SECTION = "evidence"
INVOICE_FIELDS = (
    "number",
    "supplier.name",
    "supplier.address",
    "supplier.phone",
    "supplier.email",
    "supplier.website",
    "buyer",
    "lines",
)


def _ui(key: str, lang: str) -> Any:
    value = evidence_data()["wizard"][key]
    return value.get(lang, value.get("en")) if isinstance(value, dict) else value


def _checklist(engine: Any) -> Any:
    from poa.evidence.checklist import build

    return build(engine.case)


def announce(engine: Any, sec: Section) -> None:
    """At the start of the evidence step: the documents expected, and which the case holds."""
    if sec.id != SECTION:
        return
    # Documents already complete when the step opens (typed by hand, --answers, an earlier run)
    # are not asked about again when the wizard resumes: only a reworked section asks them.
    engine._evidence_complete = {
        it.id for it in engine.case.evidence if _complete(it, sec, engine.progress.answered)
    }
    lang = engine.progress.lang
    need, status = _ui("need", lang), _ui("status", lang)
    lines = [str(_ui("expected", lang))]
    for row in _checklist(engine).rows:
        why = row.why.get(lang) or row.why["en"]
        if row.asked:
            why += str(_ui("asked", lang))
        lines.append(
            str(_ui("row", lang)).format(
                label=row.label(lang),
                need=need["required" if row.required else "helpful"],
                status=status[row.status],
                why=why,
            )
        )
    engine.ask(Prompt("note", key=f"{SECTION}.checklist", text="\n".join(lines)))


def _complete(item: Any, sec: Section, answered: set[str]) -> bool:
    """Its own questions answered, and its details too once the wizard started on them."""
    if not all(f"{item.id}.{q.id}" in answered for q in sec.questions):
        return False
    if f"{item.id}.kind" not in answered or item.kind != "invoice":
        return True
    return all(f"{item.id}.{name}" in answered for name in INVOICE_FIELDS)


def _question(name: str, lang: str, type_: str = "text") -> Question:
    spec = evidence_data()["wizard"][name]
    return Question(
        key=f"{SECTION}.{name}",
        section=SECTION,
        id=name,
        field=name,
        type=type_,
        ask=str(spec["ask"].get(lang) or spec["ask"]["en"]),
        hint=str(spec["hint"].get(lang) or spec["hint"]["en"]),
    )


def _ask(engine: Any, sec: Section, q: Question, item: Any, label: str, default: str,
         parse: Any, choices: list[tuple[str, str]] | None = None) -> Any:  # fmt: skip
    """Ask until ``parse`` accepts the answer (Enter keeps ``default``); record it answered."""
    key = f"{item.id}.{q.id}"
    error = ""
    while True:
        raw = engine.ask(
            Prompt(
                "question", key=key, text=q.ask, flow=engine.flow, section=sec, question=q,
                item_label=label, default=default, error=error, choices=choices or [],
            )
        )  # fmt: skip
        raw = (raw or "").strip() or default
        try:
            value = parse(raw)
        except ValueError as exc:
            error = str(exc)
            continue
        return value


def _kind_choices(engine: Any, lang: str) -> tuple[list[tuple[str, str]], str]:
    """(kind, label) with the checklist's kinds first, and the first one still missing."""
    rows = _checklist(engine).rows
    expected = [r.kind for r in rows]
    mark = str(_ui("expected_mark", lang))
    order = [*expected, *(k for k in KINDS if k not in expected)]
    choices = [
        (k, f"{kind_label(k, lang)}" + (f" ({mark})" if k in expected else "")) for k in order
    ]
    missing = next((r.kind for r in rows if r.status == "missing" and r.required), "")
    return choices, missing


def _parse_kind(raw: str, choices: list[tuple[str, str]], error: str) -> str:
    text = width(raw).strip()
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1][0]
    for key, label in choices:
        if text.lower() in (key, label.lower(), key.replace("_", " ")):
            return key
    raise ValueError(error)


def parse_lines(raw: str, error: str) -> list[InvoiceLine]:
    """'B0BR7TQ5XW 60' or 'Trail filter, 60 units' per line (or separated by ';')."""
    out = []
    for part in re.split(r"[\n;；]+", width(raw)):
        text = part.strip()
        if not text:
            continue
        m = re.fullmatch(
            r"(?P<what>.+?)[\s,:x×*]+(?P<units>\d[\d,]*)\s*(?:units?|pcs|件|个)?", text
        )
        if m is None:
            raise ValueError(error.format(line=text))
        what = m["what"].strip(" ,:")
        units = int(m["units"].replace(",", ""))
        asin = ASIN_RE.fullmatch(what.upper())
        out.append(
            InvoiceLine(asin=what.upper(), units=units)
            if asin
            else InvoiceLine(product=what, units=units)
        )
    return out


def _lines_text(lines: list[InvoiceLine]) -> str:
    return "\n".join(f"{ln.asin or ln.product} {ln.units if ln.units is not None else ''}".strip()
                     for ln in lines)  # fmt: skip


def ask_details(engine: Any, sec: Section, item: Any, label: str, *, force: bool) -> None:
    """After a document's own questions: its kind, and for an invoice the invoice's fields."""
    if sec.id != SECTION:
        return
    if not force and item.id in getattr(engine, "_evidence_complete", set()):
        return
    lang = engine.progress.lang
    answered = engine.progress.answered
    if force or (f"{item.id}.kind" not in answered and not item.kind):
        choices, missing = _kind_choices(engine, lang)
        default = item.kind or infer_kind(item.description, item.file) or missing
        error = engine.flow.text("invalid_choice")
        item.kind = _ask(
            engine, sec, _question("kind", lang, "choice"), item, label, default or "",
            lambda raw: _parse_kind(raw, choices, error), choices,
        )  # fmt: skip
        engine._save_case()
        engine._accept(f"{item.id}.kind")
    if item.kind != "invoice":
        return
    if item.invoice is None:
        item.invoice = Invoice(buyer=engine.case.store.name)
    for name in INVOICE_FIELDS:
        key = f"{item.id}.{name}"
        if not force and key in answered:
            continue
        _ask_invoice_field(engine, sec, item, label, name, lang)
        engine._save_case()
        engine._accept(key)
    _show_problems(engine, item, lang)


def _ask_invoice_field(
    engine: Any, sec: Section, item: Any, label: str, name: str, lang: str
) -> None:
    invoice = item.invoice
    if name == "lines":
        error = str(_ui("lines_bad", lang))
        invoice.lines = _ask(
            engine, sec, _question(name, lang, "long"), item, label,
            _lines_text(invoice.lines), lambda raw: parse_lines(raw, error),
        )  # fmt: skip
        return
    owner, attr = (invoice.supplier, name.split(".")[1]) if "." in name else (invoice, name)
    value = _ask(engine, sec, _question(name, lang), item, label, getattr(owner, attr), str)
    setattr(owner, attr, value)


def _show_problems(engine: Any, item: Any, lang: str) -> None:
    """What the invoice checks find in this invoice, said at once."""
    from poa.evidence.checklist import build

    index = engine.case.evidence.index(item)
    found = [
        f
        for row in build(engine.case).rows
        for f in row.findings
        if f.loc[:2] == ("evidence", index)
    ]
    if not found:
        return
    lines = [str(_ui("problems", lang))]
    lines += [f"- {f.text(lang)}" for f in found]
    engine.ask(Prompt("note", key=f"{item.id}.invoice.problems", text="\n".join(lines)))
