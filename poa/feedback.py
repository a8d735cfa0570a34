"""Read an Amazon message: what kind it is, what it asks for, and the facts it quotes.

Amazon's replies are canned, so a catalogue of phrasings (``sections/prompts.yaml``) maps each
sentence to the prompt ids of the contract and the plan section each points at. The text is
first brought into one shape (HTML to lines, straight quotes, bullets removed, wrapped lines
joined, sentences split), and sentences in the seller's own voice, quoted back by a reply, are
not read as requests. No terminal I/O here: the CLI prints what :func:`analyze` returns.
"""

from __future__ import annotations

import functools
import html.parser
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from poa import ids, knowledge
from poa.errors import InputError

DATA_FILE = "prompts.yaml"
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

    @property
    def hours(self) -> int:
        return self.value if self.unit == "hours" else self.value * 24

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

    @property
    def prompt_ids(self) -> list[str]:
        return [p.id for p in self.prompts]

    def to_json(self) -> dict[str, Any]:
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
        }


# --- The catalogue -----------------------------------------------------------------------------


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _any(patterns: list[str]) -> re.Pattern[str]:
    return _rx("|".join(f"(?:{p})" for p in patterns))


@dataclass
class _Catalogue:
    data: dict[str, Any]
    kinds: list[tuple[str, bool, re.Pattern[str]]]
    prompts: dict[str, re.Pattern[str]]
    ask_cue: re.Pattern[str]
    first_person: re.Pattern[str]
    second_person: re.Pattern[str]
    amazon_we: re.Pattern[str]
    quote_prefix: re.Pattern[str]
    quote_start: re.Pattern[str]
    quote_resume: re.Pattern[str]
    quote_forwarded: re.Pattern[str]
    bullet: re.Pattern[str]
    deadlines: list[re.Pattern[str]]
    documents: dict[str, re.Pattern[str]]
    document_window: list[re.Pattern[str]]
    violations: list[tuple[str, re.Pattern[str], int]]
    metric_alias: dict[str, re.Pattern[str]]
    metric_target: list[re.Pattern[str]]
    metric_value: re.Pattern[str]


@functools.cache
def catalogue() -> _Catalogue:
    """Compile ``sections/prompts.yaml`` once per process."""
    d = knowledge.load_data(DATA_FILE)
    return _Catalogue(
        data=d,
        kinds=[(k["id"], bool(k.get("asks", True)), _any(k["patterns"])) for k in d["kinds"]],
        prompts={pid: _any(spec["patterns"]) for pid, spec in d["prompts"].items()},
        ask_cue=_rx(d["ask_cue"]),
        first_person=_rx(d["voice"]["first_person"]),
        second_person=_rx(d["voice"]["second_person"]),
        amazon_we=_rx(d["voice"]["amazon_we"]),
        quote_prefix=_rx(d["quotes"]["line_prefix"]),
        quote_start=_any(d["quotes"]["start"]),
        quote_resume=_any(d["quotes"]["resume"]),
        quote_forwarded=_any(d["quotes"]["forwarded"]),
        bullet=re.compile(d["bullets"]),
        deadlines=[_rx(p) for p in d["deadlines"]],
        documents={k: _any(v["patterns"]) for k, v in d["documents"].items()},
        document_window=[_rx(p) for p in d["document_window"]],
        violations=[
            (kind, _rx(pattern), int(weight))
            for kind, rows in d["violations"].items()
            for pattern, weight in rows
        ],
        metric_alias={
            name: _rx(r"(?<![A-Za-z])(?:" + "|".join(spec["aliases"]) + r")(?![A-Za-z])")
            for name, spec in d["metrics"].items()
        },
        metric_target=[_rx(p) for p in d["metric_target"]],
        metric_value=_rx(d["metric_value"]),
    )


# --- Input ----------------------------------------------------------------------------------


def max_bytes() -> int:
    """The largest message poa reads (sections/prompts.yaml ``max_bytes``)."""
    return int(knowledge.load_data(DATA_FILE).get("max_bytes", 1_000_000))


def decode_message(data: bytes, source: str = "message") -> str:
    """Bytes from a file or stdin as text; refuses empty, binary and oversized input."""
    limit = max_bytes()
    if len(data) > limit:
        raise InputError(
            f"{source}: too large for a message (more than {limit:,} bytes);"
            " paste only Amazon's message"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{source}: not readable text (bad UTF-16)") from exc
    else:
        if b"\x00" in data:
            raise InputError(f"{source}: looks like a binary file, not a message; paste the text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{source}: not readable text (expected UTF-8); save the message as plain text"
                ) from exc
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise InputError(f"{source}: looks like a binary file, not a message; paste the text")
    if not text.strip():
        raise InputError(f"{source}: the message is empty")
    return text


# --- Normalising text -----------------------------------------------------------------------

_HTML_HINT = re.compile(
    r"<(?:html|body|div|p|br|li|ul|ol|table|tr|td|span|font|b|strong|blockquote|h[1-6])\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "section",
    "article",
    "header",
    "footer",
}
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u00a0": " ",
        "\u2028": "\n",
        "\u2029": "\n",
    }
)


class _HtmlText(html.parser.HTMLParser):
    """HTML e-mail to lines: blocks become lines, list items bullets, blockquotes '>' lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.quote_depth = 0
        self.skip = 0

    def _break(self) -> None:
        line = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        self.buf = []
        if line:
            self.lines.append(("> " * min(self.quote_depth, 1)) + line)
        elif self.lines and self.lines[-1]:
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self._break()
            if tag == "blockquote":
                self.quote_depth += 1
            elif tag == "li":
                self.buf.append("-- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self._break()
            if tag == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)
            if tag in ("p", "div", "ul", "ol", "table", "blockquote"):
                self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)

    def text(self) -> str:
        self._break()
        return "\n".join(self.lines)


def html_to_text(text: str) -> str:
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return parser.text()


def plain_text(text: str) -> str:
    """The message as plain lines: HTML converted, quotes straightened, odd spaces removed."""
    if _HTML_HINT.search(text):
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_QUOTES)
    text = unicodedata.normalize("NFKC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _reads_as_amazon(lines: list[str]) -> bool:
    """Whether a quoted block is an earlier Amazon message (kept) rather than the seller's."""
    text = "\n".join(lines)
    amazon = [s.text for s in _sentences_of(text) if not is_seller_voice(s.text)]
    return any(regex.search(s) for _kind, _asks, regex in catalogue().kinds for s in amazon)


def _amazon_line(line: str) -> bool:
    """A line that can only be Amazon's: it states a decision or request to "you"."""
    text = line.strip()
    if not text or is_seller_voice(text):
        return False
    return any(regex.search(text) for _kind, _asks, regex in catalogue().kinds)


def _strip_prefixed(lines: list[str]) -> list[str]:
    """'>' blocks: kept (without the '>') when they read as Amazon's, blanked otherwise."""
    cat = catalogue()
    out: list[str] = []
    block: list[str] = []

    def close() -> None:
        keep = _reads_as_amazon(block)
        out.extend(block if keep else [""] * len(block))
        block.clear()

    for line in lines:
        if cat.quote_prefix.match(line):
            block.append(cat.quote_prefix.sub("", line, count=1))
            continue
        if block:
            close()
        out.append(line)
    if block:
        close()
    return out


def _strip_quoted(lines: list[str]) -> list[str]:
    """Drop the seller's text quoted back: "Your submission:" blocks, and '>' or forwarded
    blocks that do not read as an Amazon message. Dropped lines become blank lines."""
    cat = catalogue()
    out: list[str] = []
    block: list[str] = []
    mode = ""  # "" reading, "seller" in a seller block, "forwarded" in a forwarded block

    def close() -> None:
        keep = _reads_as_amazon(block)
        out.extend(block if keep else [""] * len(block))
        block.clear()

    for line in _strip_prefixed(lines):
        resume = cat.quote_resume.match(line)
        starts_seller = cat.quote_start.match(line)
        forwarded = cat.quote_forwarded.match(line)
        if mode == "forwarded" and (resume or starts_seller or forwarded):
            close()
            mode = ""
        elif mode == "seller" and (resume or forwarded or _amazon_line(line)):
            mode = ""
        if starts_seller:
            mode = "seller"
            out.append("")
        elif forwarded:
            mode = "forwarded"
            out.append("")
        elif mode == "seller":
            out.append("")
        elif mode == "forwarded":
            block.append(line)
        else:
            out.append(line)
    if block:
        close()
    return out


_CONTINUES = re.compile(
    r"\b(?:of|and|or|the|to|a|an|on|in|for|with|your|our|that|by|from|as|at|is|are|any|this)$",
    re.IGNORECASE,
)
_TERMINAL = tuple(".!?:;。！？")


def _heading_like(line: str) -> bool:
    """A short line without end punctuation: a heading such as 'What you can do'."""
    return (
        not line.endswith((*_TERMINAL, ","))
        and len(line.split()) <= 8
        and not _CONTINUES.search(line)
    )


@dataclass
class Sentence:
    """A sentence and the lead-in line ending in ':' that introduces it, if any."""

    text: str
    lead: str = ""


def _units(lines: list[str]) -> list[tuple[str, str]]:
    """Paragraphs and list items with wrapped lines joined (bullets removed), with their lead."""
    cat = catalogue()
    out: list[tuple[str, str]] = []
    cur: list[str] = []
    list_mode = False
    lead = ""

    def flush() -> None:
        if cur:
            out.append((" ".join(cur), lead if list_mode else ""))
            cur.clear()

    after_blank = False
    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            after_blank = True
            continue
        bullet = cat.bullet.match(line)
        if bullet and len(line) > bullet.end():
            flush()
            line = line[bullet.end() :].strip()
        else:
            if after_blank:
                list_mode = False  # a plain paragraph after a blank line ends the list
            if cur and line[:1].isupper():
                prev = cur[-1]
                ended = prev.endswith(_TERMINAL) or not _CONTINUES.search(prev)
                if (list_mode and ended) or _heading_like(prev):
                    flush()
        after_blank = False
        cur.append(line)
        if line.endswith(":"):
            list_mode = False
            flush()
            list_mode = True
            lead = line
    flush()
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]?\s+(?=[\"'(]?[A-Z0-9])|(?<=[。！？])")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|Inc|Ltd|Co|No|U\.S|Mr|Ms|Dr|vs)\.$", re.IGNORECASE)


def _split(unit: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(unit):
        if _ABBREV.search(unit[: m.start()].rstrip("\"')")):
            continue
        pieces.append(unit[start : m.start()].strip())
        start = m.end()
    pieces.append(unit[start:].strip())
    return [p for p in pieces if p]


def _sentences_of(text: str) -> list[Sentence]:
    return [
        Sentence(piece, lead) for unit, lead in _units(text.split("\n")) for piece in _split(unit)
    ]


def sentences(text: str) -> list[Sentence]:
    """The message as sentences, in order, with the seller's quoted text removed."""
    lines = _strip_quoted(plain_text(text).split("\n"))
    return _sentences_of("\n".join(lines))


def is_seller_voice(sentence: str) -> bool:
    """First person and no 'you': the seller's own words, quoted back by a reply."""
    cat = catalogue()
    return (
        bool(cat.first_person.search(sentence))
        and not cat.second_person.search(sentence)
        and not cat.amazon_we.search(sentence)
    )


# --- Reading ---------------------------------------------------------------------------------


def _kind(amazon: list[str]) -> tuple[str, bool, str]:
    for kind, asks, regex in catalogue().kinds:
        for s in amazon:
            if regex.search(s):
                return kind, asks, s
    return "other", True, ""


def _violation(amazon: list[str]) -> str:
    scores: dict[str, int] = {}
    for kind, regex, weight in catalogue().violations:
        hits = sum(len(regex.findall(s)) for s in amazon)
        if hits:
            scores[kind] = scores.get(kind, 0) + hits * weight
    if not scores:
        return "other"
    order = list(knowledge.load_data(DATA_FILE)["violations"])
    return max(scores, key=lambda k: (scores[k], -order.index(k)))


def _advice(spec: dict[str, Any], violation: str) -> dict[str, str]:
    advice = spec["advice"]
    return dict(advice.get("by_violation", {}).get(violation) or advice["default"])


def _prompts(amazon: list[str], violation: str) -> list[Prompt]:
    cat = catalogue()
    specs = cat.data["prompts"]
    found: dict[str, list[str]] = {}
    for s in amazon:
        here = [pid for pid, regex in cat.prompts.items() if regex.search(s)]
        for pid in here:
            if any(other in here for other in specs[pid].get("suppressed_by", [])):
                continue
            found.setdefault(pid, []).append(s)
    out = []
    for pid, quotes in found.items():
        asking = [q for q in quotes if cat.ask_cue.search(q)]
        spec = specs[pid]
        advice = _advice(spec, violation)
        out.append(
            Prompt(
                id=pid,
                section=spec["section"],
                quote=(asking or quotes)[0],
                advice=advice["en"],
                advice_zh=advice["zh"],
                label=spec.get("label", {}).get("en", pid),
            )
        )
    return out


def _metrics(amazon: list[str]) -> list[MetricFound]:
    cat = catalogue()
    specs = cat.data["metrics"]
    values: dict[str, float] = {}
    targets: dict[str, float] = {}
    order: list[str] = []
    for s in amazon:
        hits = sorted(
            (m.start(), m.end(), name)
            for name, regex in cat.metric_alias.items()
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


def _deadline(amazon: list[str]) -> Deadline | None:
    addressed = _rx(catalogue().data["deadline_addressed"])
    for s in amazon:
        if not addressed.search(s):
            continue
        for regex in catalogue().deadlines:
            m = regex.search(s)
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


def _documents(amazon: list[Sentence]) -> list[DocumentAsk]:
    """Documents asked for: in a sentence that asks, or in a list led by one that does."""
    cat = catalogue()
    labels = cat.data["documents"]
    found: dict[str, DocumentAsk] = {}
    for sentence in amazon:
        s = sentence.text
        if not (cat.ask_cue.search(s) or cat.ask_cue.search(sentence.lead)):
            continue
        window = _window_days(s) or _window_days(sentence.lead)
        for doc_id, regex in cat.documents.items():
            if not regex.search(s):
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
    amazon_sentences = [s for s in sentences(text or "") if not is_seller_voice(s.text)]
    amazon = [s.text for s in amazon_sentences]
    kind, asks, kind_quote = _kind(amazon)
    violation = _violation(amazon)
    joined = "\n".join(amazon)
    return MessageAnalysis(
        kind=kind,
        violation=violation,
        prompts=_prompts(amazon, violation) if asks else [],
        metrics=_metrics(amazon),
        asins=list(dict.fromkeys(ids.find_asins(joined))),
        order_ids=list(dict.fromkeys(ids.find_order_ids(joined))),
        deadline=_deadline(amazon) if asks else None,
        documents=_documents(amazon_sentences) if asks else [],
        kind_quote=kind_quote,
    )


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
