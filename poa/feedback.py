"""Read an Amazon message: what kind it is, what it asks for, and the facts it quotes.

Amazon's replies are canned, so a catalogue of phrasings (``sections/prompts.yaml``) maps each
sentence to the prompt ids of the contract and the plan section each points at. The text is
first brought into one shape by :mod:`poa.message_text` (HTML to lines, straight quotes, bullets
removed, wrapped lines joined, sentences split), and sentences in the seller's own voice, quoted
back by a reply, are not read as requests. No terminal I/O here: the CLI prints what
:func:`analyze` returns.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from poa import ids, knowledge, outcome
from poa.message_text import (  # re-exported: callers read messages through this module
    Sentence,
    decode_message,
    html_to_text,
    is_seller_voice,
    max_bytes,
    plain_text,
    sentences,
)
from poa.model import Case
from poa.prompt_catalogue import DATA_FILE, PromptPatterns, catalogue, rx
from poa.regex_gate import Gated, Vocabulary, literals_of

__all__ = [
    "DATA_FILE",
    "KINDS",
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
KINDS = ("suspension_notice", "rejection", "reinstated", "final_denial", "other")
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
class Prompt:
    """One thing the message asks for, the sentence that asks it, and what to add."""

    id: str
    section: str
    quote: str
    advice: str
    advice_zh: str
    label: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "quote": self.quote,
            "advice": self.advice,
            "advice_zh": self.advice_zh,
        }


@dataclass
class MetricFound:
    name: str
    value: float
    target: float | None
    unit: str = "%"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "target": self.target, "unit": self.unit}


@dataclass
class Deadline:
    value: int
    unit: str
    quote: str

    @property
    def text(self) -> str:
        return f"within {self.value} {self.unit}"

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "text": self.text, "quote": self.quote}


@dataclass
class DocumentAsk:
    id: str
    label: str
    window_days: int | None
    quote: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "window_days": self.window_days,
            "quote": self.quote,
        }


@dataclass
class MessageAnalysis:
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

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The contract shape of ``poa feedback --json`` (plus extra fields, never fewer)."""
        return {
            "kind": self.kind,
            "violation": self.violation,
            "prompts": [p.to_json() for p in self.prompts],
            "metrics": [m.to_json() for m in self.metrics],
            "asins": list(self.asins),
            "order_ids": list(self.order_ids),
            "deadline": self.deadline.to_json() if self.deadline else None,
            "documents": [d.to_json() for d in self.documents],
            "kind_quote": self.kind_quote,
            "response": self.response,
            "next_step": self.next_step(lang),
            "reinstatement": self.reinstatement.to_json(lang) if self.reinstatement else None,
            "channel": self.channel.to_json(lang) if self.channel else None,
        }


# --- Reading ---------------------------------------------------------------------------------


class _Reading:
    """Amazon's sentences of one message, each lower-cased once, with what each one carries.

    Results are kept per distinct sentence: a long paste that repeats a canned message is read
    once per distinct sentence, and every pattern is tried only on sentences holding one of the
    words it needs (see :mod:`poa.regex_gate`).
    """

    def __init__(self, sentences: list[Sentence]) -> None:
        cat = catalogue()
        self.sentences = sentences
        self.texts = [s.text for s in sentences]
        # What patterns read: "Amazon.co.uk" and "2.4%" without their inner dot, so that a
        # phrasing's "within the sentence" ([^.]) is not cut short by a domain name.
        self.match = _INNER_DOT.sub("_", "\n".join(self.texts)).split("\n") if self.texts else []
        # Long pastes only: sentences lower-cased for the pre-checks of poa.regex_gate (a
        # short message is read faster without them). None: no pre-check.
        big = sum(map(len, self.texts)) > GATE_ABOVE
        self.lowered: list[str | None] = (
            [t.lower() for t in self.match] if big else [None] * len(self.texts)
        )
        self.vocab = Vocabulary("\n".join(dict.fromkeys(self.lowered))) if big else None  # type: ignore[arg-type]
        self._ask_gate = _gate(cat.ask_cue)
        self._asks: dict[str, bool] = {}
        self.asking = (
            [
                self._asks_in(t, low)
                or bool(s.lead and self._asks_in(s.lead, s.lead.lower() if big else None))
                for s, t, low in zip(sentences, self.match, self.lowered, strict=True)
            ]
            if self._ask_gate.possible_in(self.vocab)
            else [False] * len(self.texts)
        )
        # Patterns that cannot match anywhere in this message are never tried.
        self.cue_gates = [(n, c) for n, c in cat.cues.items() if c.possible_in(self.vocab)]
        self.prompt_gates = {
            pid: PromptPatterns(
                always=pp.always,
                when_asked=pp.when_asked
                if pp.when_asked is not None and pp.when_asked.possible_in(self.vocab)
                else None,
                general=pp.general
                if pp.general is not None and pp.general.possible_in(self.vocab)
                else None,
                yields_to=pp.yields_to,
                suppressed_by=pp.suppressed_by,
            )
            for pid, pp in cat.prompts.items()
        }
        self.prompt_always = {
            pid for pid, pp in cat.prompts.items() if pp.always.possible_in(self.vocab)
        }
        self.any_prompt = bool(self.prompt_always) or any(
            pp.when_asked is not None or pp.general is not None for pp in self.prompt_gates.values()
        )
        self._cue_cache: dict[str, frozenset[str]] = {}
        self._prompt_cache: dict[tuple[str, bool], tuple[list[str], list[str]]] = {}

    def distinct(self) -> list[tuple[str, str | None]]:
        """(text, lower-cased text) of each distinct sentence, in order."""
        return list(dict.fromkeys(zip(self.texts, self.lowered, strict=True)))

    def can(self, regex: re.Pattern[str]) -> bool:
        """Whether ``regex`` may match somewhere in the message."""
        return _gate(regex).possible_in(self.vocab)

    def first_with(self, cue: str) -> str | None:
        """The first sentence carrying ``cue``, or None."""
        return next((t for i, t in enumerate(self.texts) if cue in self.cues(i)), None)

    def _asks_in(self, text: str, low: str | None) -> bool:
        hit = self._asks.get(text)
        if hit is None:
            hit = self._asks[text] = self._ask_gate.search(text, low) is not None
        return hit

    def cues(self, i: int) -> frozenset[str]:
        """The kind cues sentence ``i`` carries (decision cues not from a conditional)."""
        text = self.match[i]
        hit = self._cue_cache.get(text)
        if hit is None:
            cat = catalogue()
            low = self.lowered[i]
            found = {name for name, cue in self.cue_gates if cue.search(text, low)}
            if found & CONDITIONAL_CUES and cat.conditional.search(text):
                found -= CONDITIONAL_CUES
            hit = self._cue_cache[text] = frozenset(found)
        return hit

    def prompts(self, i: int) -> tuple[list[str], list[str]]:
        """Prompt ids sentence ``i`` asks for: (definite, general words that may give way)."""
        if not self.any_prompt:
            return [], []
        key = (self.match[i], self.asking[i])
        hit = self._prompt_cache.get(key)
        if hit is None:
            hit = self._prompt_cache[key] = self._sentence_prompts(
                self.match[i], self.lowered[i], self.asking[i]
            )
        return hit

    def _sentence_prompts(
        self, text: str, low: str | None, asking: bool
    ) -> tuple[list[str], list[str]]:
        here = [
            pid
            for pid, pp in self.prompt_gates.items()
            if (pid in self.prompt_always and pp.always.search(text, low))
            or (asking and pp.when_asked is not None and pp.when_asked.search(text, low))
        ]
        definite = [
            pid for pid in here if not any(o in here for o in self.prompt_gates[pid].suppressed_by)
        ]
        general = [
            pid
            for pid, pp in self.prompt_gates.items()
            if pid not in here
            and asking
            and pp.general is not None
            and pp.general.search(text, low)
        ]
        return definite, general


@functools.cache
def _gate(regex: re.Pattern[str]) -> Gated:
    return Gated(regex)


_INNER_DOT = re.compile(r"(?<=\w)\.(?=\w)")
# Characters of Amazon's text above which patterns are pre-checked (see poa.regex_gate).
GATE_ABOVE = 50_000
CONDITIONAL_CUES = frozenset(
    {"final", "final_weak", "reinstated", "deactivated", "listing_removed"}
)


def _kind(reading: _Reading, asks: bool) -> tuple[str, str]:
    """The message's kind by the first rule of ``kind_rules`` that holds, and its sentence."""
    first: dict[str, int] = {}
    for i in range(len(reading.texts)):
        for name in reading.cues(i):
            first.setdefault(name, i)
    present = set(first) | ({"asks"} if asks else set())
    for kind, needs, unless in catalogue().kind_rules:
        if all(c in present for c in needs) and not any(c in present for c in unless):
            at = [first[c] for c in needs if c in first]
            return kind, reading.texts[min(at)] if at else ""
    return "other", ""


def _violation(reading: _Reading) -> str:
    scores: dict[str, int] = {}
    distinct = reading.distinct()
    for kind, regex, weight in catalogue().violations:
        if not reading.can(regex):
            continue
        gate = _gate(regex)
        hits = sum(
            len(regex.findall(t)) for t, low in distinct if low is None or gate.possible(low)
        )
        if hits:
            scores[kind] = scores.get(kind, 0) + hits * weight
    if not scores:
        return "other"
    order = list(knowledge.load_data(DATA_FILE)["violations"])
    return max(scores, key=lambda k: (scores[k], -order.index(k)))


def _advice(spec: dict[str, Any], violation: str) -> dict[str, str]:
    advice = spec["advice"]
    return dict(advice.get("by_violation", {}).get(violation) or advice["default"])


def _found_prompts(reading: _Reading) -> dict[str, tuple[str, str]]:
    """Prompt id -> (quote, first sentence) in order of appearance, implied parts last."""
    cat = catalogue()
    found: dict[str, list[str]] = {}  # id -> [first sentence, first asking sentence or ""]
    general: dict[str, list[str]] = {}
    for i, text in enumerate(reading.texts):
        definite, loose = reading.prompts(i)
        for pid, into in [(p, found) for p in definite] + [(p, general) for p in loose]:
            slot = into.setdefault(pid, [text, ""])
            if not slot[1] and reading.asking[i]:
                slot[1] = text
    for pid, slot in general.items():
        if pid not in found and not any(o in found for o in cat.prompts[pid].yields_to):
            found[pid] = slot
    for rule in cat.data.get("implied", []):
        missing = [pid for pid in rule["prompts"] if pid not in found]
        if not missing:
            continue
        regex = Gated(rx(rule["pattern"]))
        quote = next(
            (
                t
                for t, m, low, asking in zip(
                    reading.texts, reading.match, reading.lowered, reading.asking, strict=True
                )
                if asking and regex.search(m, low)
            ),
            None,
        )
        if quote is not None:
            for pid in missing:
                found[pid] = [quote, quote]
    return {pid: (slot[1] or slot[0], slot[0]) for pid, slot in found.items()}


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


def _metrics(reading: _Reading) -> list[MetricFound]:
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
            if low is None or _gate(regex).possible(low)
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
                if re.match(r"\s*(?:days?|hours?|orders?)\b", span[v.end() :], re.IGNORECASE):
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


def _deadline(reading: _Reading) -> Deadline | None:
    addressed = _addressed()
    deadlines = [regex for regex in catalogue().deadlines if reading.can(regex)]
    for s, low in reading.distinct() if deadlines else []:
        if not addressed.search(s):
            continue
        for regex in deadlines:
            m = _gate(regex).search(s, low)
            if m:
                return Deadline(int(m.group("value")), _unit(m.group("unit")), s)
    return None


@functools.cache
def _addressed() -> re.Pattern[str]:
    return rx(catalogue().data["deadline_addressed"])


def _window_days(sentence: str) -> int | None:
    for regex in catalogue().document_window:
        m = regex.search(sentence)
        if m:
            value = int(m.group("value"))
            if m.group("unit").lower().startswith(("month", "个月")):
                return 365 if value == 12 else value * 30
            return value
    return None


def _documents(reading: _Reading) -> list[DocumentAsk]:
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
            if not _gate(regex).search(s, low):
                continue
            if doc_id not in found:
                found[doc_id] = DocumentAsk(doc_id, labels[doc_id]["label"], window, s)
            elif found[doc_id].window_days is None and window is not None:
                found[doc_id].window_days = window
    return list(found.values())


@functools.cache
def _all_gates() -> list[Gated]:
    """Every pattern a sentence is read with, as pre-checked patterns."""
    cat = catalogue()
    gates = [cue for cue in cat.cues.values()]
    for pp in cat.prompts.values():
        gates.extend(g for g in (pp.always, pp.when_asked, pp.general) if g is not None)
    regexes = [rx(rule["pattern"]) for rule in cat.data.get("implied", [])]
    regexes += [regex for _kind, regex, _weight in cat.violations]
    regexes += list(cat.metric_alias.values()) + list(cat.deadlines)
    regexes += list(cat.documents.values()) + outcome.patterns()
    gates += [_gate(r) for r in regexes]
    known = literals_of([g.pattern for g in gates])  # one cache read (and write) for all
    for g in gates:
        g.preload(known)
    return gates


# Pieces of text that an order ID or an ASIN cannot be without.
_ID_LITERALS = ("-", "b0")


def _relevant(every: list[Sentence]) -> list[Sentence]:
    """In a long paste, only the sentences that hold a word some pattern needs: the others can
    carry no kind, prompt, fact or ID, so they are not read at all (nor their voice judged)."""
    if sum(len(s.text) for s in every) <= GATE_ABOVE:
        return every
    texts = list(dict.fromkeys(s.text for s in every))
    # one pass over the joined text (sentences hold no line breaks), not one per sentence
    lowered = dict(
        zip(texts, _INNER_DOT.sub("_", "\n".join(texts)).lower().split("\n"), strict=True)
    )
    vocab = Vocabulary("\n".join(lowered.values()))
    literals: set[str] = set(_ID_LITERALS)
    for gate in _all_gates():
        if gate.literals is None:
            return every  # a pattern without a pre-check: read everything
        literals.update(lit for lit in gate.literals if vocab.has(lit))
    needed = [lit for lit in literals if vocab.has(lit)]
    keep = {t for t, low in lowered.items() if any(lit in low for lit in needed)}
    return [s for s in every if s.text in keep]


def analyze(text: str) -> MessageAnalysis:
    """Read one Amazon message (or several pasted together) into a :class:`MessageAnalysis`.

    A message that asks for nothing yields no prompts; unknown text is kind ``other``.
    """
    every = _relevant(sentences(text or ""))
    voice = {t: is_seller_voice(t) for t in dict.fromkeys(s.text for s in every)}
    amazon_sentences = [s for s in every if not voice[s.text]]
    reading = _Reading(amazon_sentences)
    found = _found_prompts(reading)
    kind, kind_quote = _kind(reading, bool(found))
    asks = catalogue().asks.get(kind, True)
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
        documents=_documents(reading) if asks else [],
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


def prompt_label(prompt_id: str, lang: str = "en") -> str:
    spec = knowledge.load_data(DATA_FILE)["prompts"].get(prompt_id, {})
    return str(spec.get("label", {}).get(lang, prompt_id.replace("_", " ")))


def prompt_section(prompt_id: str) -> str:
    spec = knowledge.load_data(DATA_FILE)["prompts"].get(prompt_id, {})
    return str(spec.get("section", "additional_info"))


def prompt_advice(prompt_id: str, violation: str = "other") -> dict[str, str]:
    spec = knowledge.load_data(DATA_FILE)["prompts"][prompt_id]
    return _advice(spec, violation)


def kind_label(kind: str, lang: str = "en") -> str:
    data = knowledge.load_data(DATA_FILE)
    labels = next((k.get("label", {}) for k in data["kinds"] if k["id"] == kind), None)
    labels = labels or data.get("kind_other", {})
    return str(labels.get(lang) or labels.get("en") or kind)


def ui_text(key: str, lang: str = "en", **fields: object) -> str:
    """A checklist label in the seller's language (``ui`` in sections/prompts.yaml)."""
    labels = knowledge.load_data(DATA_FILE)["ui"][key]
    return str(labels.get(lang) or labels["en"]).format(**fields)


def section_name(section_id: str, title: str, lang: str = "en") -> str:
    """A section's English title, with its Chinese name after it for --lang zh."""
    zh = knowledge.load_data(DATA_FILE).get("section_names_zh", {}).get(section_id)
    return f"{title} / {zh}" if lang == "zh" and zh else title
