"""Read an Amazon message: what kind it is, what it asks for, and the facts it quotes.

Amazon's replies are canned, so a catalogue of phrasings (``sections/prompts.yaml``) maps each
sentence to the prompt ids of the contract and the plan section each points at. The text is
first brought into one shape by :mod:`poa.inbox.text` (HTML to lines, straight quotes, bullets
removed, wrapped lines joined, sentences split), and sentences in the seller's own voice, quoted
back by a reply, are not read as requests. No terminal I/O here: the CLI prints what
:func:`analyze` returns.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from poa import knowledge
from poa.case.model import Case
from poa.inbox import outcome
from poa.inbox.catalogue import DATA_FILE, catalogue
from poa.inbox.labels import (  # re-exported: callers label prompts through this module
    _advice,
    kind_label,
    prompt_advice,
    prompt_label,
    prompt_section,
    section_name,
    ui_text,
)
from poa.inbox.reading import Reading, found_prompts, gate, kind_of, relevant
from poa.inbox.text import (  # re-exported: callers read messages through this module
    Sentence,
    decode_message,
    html_to_text,
    is_seller_voice,
    max_bytes,
    plain_text,
    sentences,
)
from poa.records import JSONRecord
from poa.text import ids

__all__ = [
    "DATA_FILE",
    "PROMPT_IDS",
    "Deadline",
    "DocumentAsk",
    "MessageAnalysis",
    "MetricFound",
    "Prompt",
    "Sentence",
    "analyze",
    "catalogue",
    "decode_message",
    "html_to_text",
    "is_seller_voice",
    "kind_label",
    "max_bytes",
    "notice_into_case",
    "notice_to_case_fields",
    "plain_text",
    "prompt_advice",
    "prompt_label",
    "prompt_section",
    "section_name",
    "sentences",
    "ui_text",
]
# Kinds whose every sentence belongs to a request: asked-for wording counts there even in a
# sentence that does not itself ask ("The invoices must come from your supplier").
ALL_ASK_KINDS = ("suspension_notice", "rejection")
PROMPT_IDS = (
    "root_cause",
    "corrective_actions",
    "preventive_measures",
    "evidence",
    "invoices",
    "listing_compliance",
    "contact_info",
)


# --- Results ---------------------------------------------------------------------------------


@dataclass
class Prompt(JSONRecord):
    """One thing the message asks for, the sentence that asks it, and what to add."""

    id: str
    section: str
    quote: str
    advice: str
    advice_zh: str
    label: str = ""

    _json_keys = ("id", "section", "quote", "advice", "advice_zh")


@dataclass
class MetricFound(JSONRecord):
    name: str
    value: float
    target: float | None
    unit: str = "%"


@dataclass
class Deadline(JSONRecord):
    value: int
    unit: str
    quote: str

    @property
    def text(self) -> str:
        return f"within {self.value} {self.unit}"

    _json_keys = ("value", "unit", "text", "quote")


@dataclass
class DocumentAsk(JSONRecord):
    id: str
    label: str
    window_days: int | None
    quote: str


@dataclass
class MessageAnalysis(JSONRecord):
    """Everything poa reads from one Amazon message."""

    kind: str = "other"
    violation: str = "other"
    prompts: list[Prompt] = field(default_factory=list)
    metrics: list[MetricFound] = field(default_factory=list)
    asins: list[str] = field(default_factory=list)
    order_ids: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    documents: list[DocumentAsk] = field(default_factory=list)
    kind_quote: str = ""
    response: str = "none"
    reinstatement: outcome.Reinstatement | None = None
    channel: outcome.Channel | None = None

    @property
    def prompt_ids(self) -> list[str]:
        return [p.id for p in self.prompts]

    def next_step(self, lang: str = "en") -> str:
        """What to do now, in one sentence in ``lang`` (en or zh)."""
        units = knowledge.load_data(DATA_FILE)["ui"]["units"].get(lang, {})
        return outcome.next_step(
            self.kind,
            self.response,
            self.reinstatement,
            self.channel,
            (self.deadline.value, self.deadline.unit) if self.deadline else None,
            lang,
            units,
        )

    # The contract shape of ``poa feedback --json`` (plus extra fields, never fewer);
    # ``to_json(lang="zh")`` words next_step, conditions and labels in Chinese.
    _json_keys = (
        "kind",
        "violation",
        "prompts",
        "metrics",
        "asins",
        "order_ids",
        "deadline",
        "documents",
        "kind_quote",
        "response",
        "next_step",
        "reinstatement",
        "channel",
    )


# --- Reading ---------------------------------------------------------------------------------


def _violation(reading: Reading) -> str:
    scores: dict[str, int] = {}
    distinct = reading.distinct()
    for kind, regex, weight in catalogue().violations:
        if not reading.can(regex):
            continue
        pre = gate(regex)
        hits = sum(len(regex.findall(t)) for t, low in distinct if low is None or pre.possible(low))
        if hits:
            scores[kind] = scores.get(kind, 0) + hits * weight
    if not scores:
        return "other"
    order = list(knowledge.load_data(DATA_FILE)["violations"])
    return max(scores, key=lambda k: (scores[k], -order.index(k)))


def _prompts(found: dict[str, tuple[str, str]], violation: str) -> list[Prompt]:
    specs = catalogue().data["prompts"]
    out = []
    for pid, (quote, _first) in found.items():
        spec = specs[pid]
        advice = _advice(spec, violation)
        out.append(
            Prompt(
                id=pid,
                section=spec["section"],
                quote=quote,
                advice=advice["en"],
                advice_zh=advice["zh"],
                label=spec.get("label", {}).get("en", pid),
            )
        )
    return out


def _metrics(reading: Reading) -> list[MetricFound]:
    cat = catalogue()
    specs = cat.data["metrics"]
    values: dict[str, float] = {}
    targets: dict[str, float] = {}
    order: list[str] = []
    aliases = [(name, regex) for name, regex in cat.metric_alias.items() if reading.can(regex)]
    for s, low in reading.distinct() if aliases else []:
        hits = sorted(
            (m.start(), m.end(), name)
            for name, regex in aliases
            if low is None or gate(regex).possible(low)
            for m in regex.finditer(s)
        )
        for i, (_start, end, name) in enumerate(hits):
            stop = hits[i + 1][0] if i + 1 < len(hits) else len(s)
            span = s[end:stop]
            taken: tuple[int, int] | None = None
            for regex in cat.metric_target:
                t = regex.search(span)
                if t:
                    targets.setdefault(name, float(t.group("value")))
                    taken = t.span()
                    break
            percent = specs[name].get("unit", "%") == "%"
            for v in cat.metric_value.finditer(span):
                if taken and v.start() < taken[1] and v.end() > taken[0]:
                    continue
                if percent and not v.group("unit"):
                    continue
                after = span[v.end() : v.end() + 40].lstrip()
                if re.match(r"(?:days?|hours?|orders?)\b", after, re.IGNORECASE):
                    continue
                values.setdefault(name, float(v.group("value")))
                break
            if name not in order:
                order.append(name)
    out = []
    for name in order:
        if name not in values:
            continue
        spec = specs[name]
        target = targets.get(name, spec.get("default_target"))
        out.append(
            MetricFound(
                name=name,
                value=values[name],
                target=float(target) if target is not None else None,
                unit=spec.get("unit", "%"),
            )
        )
    return out


def _unit(raw: str) -> str:
    raw = raw.lower()
    if raw.startswith(("hour", "小时")):
        return "hours"
    return "business days" if raw.startswith("business") else "days"


def _deadline(reading: Reading) -> Deadline | None:
    addressed = catalogue().deadline_addressed
    deadlines = [regex for regex in catalogue().deadlines if reading.can(regex)]
    for s, low in reading.distinct() if deadlines else []:
        if not addressed.search(s):
            continue
        for regex in deadlines:
            m = gate(regex).search(s, low)
            if m:
                return Deadline(int(m.group("value")), _unit(m.group("unit")), s)
    return None


def _window_days(sentence: str) -> int | None:
    for regex in catalogue().document_window:
        m = regex.search(sentence)
        if m:
            value = int(m.group("value"))
            if m.group("unit").lower().startswith(("month", "个月")):
                return 365 if value == 12 else value * 30
            return value
    return None


def _documents(reading: Reading) -> list[DocumentAsk]:
    """Documents asked for: in a sentence that asks, or in a list led by one that does."""
    cat = catalogue()
    labels = cat.data["documents"]
    found: dict[str, DocumentAsk] = {}
    docs = [(doc_id, regex) for doc_id, regex in cat.documents.items() if reading.can(regex)]
    seen: set[tuple[str, str]] = set()
    for sentence, asking, low in zip(
        reading.sentences, reading.asking, reading.lowered, strict=True
    ):
        s = sentence.text
        if not docs or not asking or (s, sentence.lead) in seen:
            continue
        seen.add((s, sentence.lead))
        window = _window_days(s) or _window_days(sentence.lead)
        for doc_id, regex in docs:
            if not gate(regex).search(s, low):
                continue
            if doc_id not in found:
                found[doc_id] = DocumentAsk(doc_id, labels[doc_id]["label"], window, s)
            elif found[doc_id].window_days is None and window is not None:
                found[doc_id].window_days = window
    return list(found.values())


def analyze(text: str) -> MessageAnalysis:
    """Read one Amazon message (or several pasted together) into a :class:`MessageAnalysis`.

    A message that asks for nothing yields no prompts; unknown text is kind ``other``.
    """
    every = relevant(sentences(text or ""))
    voice = {t: is_seller_voice(t) for t in dict.fromkeys(s.text for s in every)}
    amazon_sentences = [s for s in every if not voice[s.text]]
    reading = Reading(amazon_sentences)
    found = found_prompts(reading)
    kind, kind_quote = kind_of(reading, bool(found))
    if kind in ALL_ASK_KINDS:
        reading.all_ask = True
        found = found_prompts(reading)
    asks = catalogue().asks.get(kind, True)
    direct = catalogue().direct_ask
    if asks == "asked":  # a reinstatement's own requests (remove this offer...), nothing implied
        asking = {t for t, a in zip(reading.texts, reading.asking, strict=True) if a}
        found = {q: v for q, v in found.items() if v[0] in asking and direct.search(v[0])}
    violation = _violation(reading)
    joined = "\n".join(t for t, _low in reading.distinct())
    result = MessageAnalysis(
        kind=kind,
        violation=violation,
        prompts=_prompts(found, violation) if asks else [],
        metrics=_metrics(reading),
        asins=list(dict.fromkeys(ids.find_asins(joined))) if "B0" in joined else [],
        order_ids=list(dict.fromkeys(ids.find_order_ids(joined))) if "-" in joined else [],
        deadline=_deadline(reading) if asks else None,
        documents=[d for d in _documents(reading) if asks is True or direct.search(d.quote)]
        if asks
        else [],
        kind_quote=kind_quote,
    )
    result.response = outcome.response(kind, result.prompt_ids, bool(result.documents))
    if kind == "reinstated":
        result.reinstatement = outcome.reinstatement(reading.texts)
    result.channel = outcome.channel(reading.texts, reading.first_with("wrong_channel"))
    return result


def notice_to_case_fields(text: str) -> dict[str, Any]:
    """Case fields a notice fills in: ``{"violation", "notice": {"text", "metrics"}}``.

    ``poa new --notice`` merges these into the new case; the notice text is kept as plain text.
    """
    result = analyze(text)
    return {
        "violation": result.violation,
        "notice": {
            "text": plain_text(text) + "\n",
            "metrics": [m.to_json() for m in result.metrics],
        },
    }


def notice_into_case(case: Case, text: str, received: dt.date | None = None) -> Case:
    """A copy of ``case`` with the notice filled in from ``text``.

    The violation is taken from the notice only while the case still says ``other``, so a
    seller's own choice is never overwritten.
    """
    fields = notice_to_case_fields(text)
    data = case.model_dump()
    if data["violation"] == "other":
        data["violation"] = fields["violation"]
    notice = dict(fields["notice"])
    notice["received"] = received or case.notice.received
    data["notice"] = notice
    return Case.model_validate(data)
