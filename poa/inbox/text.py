"""Amazon messages as text: decoding input, HTML to lines, quoted seller text removed,
bullets and wrapped lines undone, sentences split.

Messages arrive pasted from e-mail, Seller Central and chat apps, so the same canned sentence
comes with "--", "•" or "1." bullets, hard-wrapped, with curly quotes, as HTML, or with the
seller's own appeal quoted underneath. Everything here brings them to one shape; shapes and
phrasings are data in ``sections/prompts.yaml``.
"""

from __future__ import annotations

import html.parser
import re
import unicodedata
from dataclasses import dataclass

from poa import knowledge
from poa.errors import InputError
from poa.inbox.catalogue import DATA_FILE, catalogue
from poa.text import sentences as splitter
from poa.text.scripts import starts_cjk


def max_bytes() -> int:
    """The largest message poa reads (sections/prompts.yaml ``max_bytes``)."""
    return int(knowledge.load_data(DATA_FILE).get("max_bytes", 8_000_000))


# Unicode category Cc (C0 and C1 controls) without the line and tab controls a text may hold:
# a regular expression counts them at C speed, so a 5 MB paste is checked in milliseconds.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


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
    controls = len(_CONTROLS.findall(text))
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


_QUOTE_CHARS = re.compile("[" + "".join(map(chr, _QUOTES)) + "]")


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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in set(_QUOTE_CHARS.findall(text)):  # replace() per character: faster than translate()
        text = text.replace(ch, _QUOTES[ord(ch)] or "")
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _reads_as_amazon(lines: list[str]) -> bool:
    """Whether a quoted block is an earlier Amazon message (kept) rather than the seller's."""
    text = "\n".join(lines)
    amazon = [s.text for s in _sentences_of(text) if not is_seller_voice(s.text)]
    decision = catalogue().decision
    return any(decision.search(s) for s in amazon)


def _amazon_line(line: str) -> bool:
    """A line that can only be Amazon's: it states a decision or request to "you"."""
    text = line.strip()
    if not text or is_seller_voice(text):
        return False
    return catalogue().decision.search(text) is not None


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
        if cat.quote_any.match(line):
            resume = cat.quote_resume.match(line)
            starts_seller = cat.quote_start.match(line)
            forwarded = cat.quote_forwarded.match(line)
        else:  # most lines: one test instead of three
            resume = starts_seller = forwarded = None
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


def _other_script(prev: str, line: str) -> bool:
    """A line in another script (Chinese after English, or the reverse) after a finished one:
    a new sentence, never the wrapped end of the one before."""
    return prev.endswith(_TERMINAL) and starts_cjk(prev[-2:-1] or prev) != starts_cjk(line)


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
            if cur and _other_script(cur[-1], line):
                flush()  # the seller's own note in Chinese under Amazon's English line
            elif cur and line[:1].isupper():
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


# No canned sentence is anywhere near this long: a longer run (a pasted log, a page without
# full stops) is cut at a space, so every pattern reads pieces of bounded length.
MAX_SENTENCE = 1000


def _bounded(piece: str) -> list[str]:
    """``piece`` with runs of spaces collapsed, cut at spaces into parts of MAX_SENTENCE or less."""
    if len(piece) <= MAX_SENTENCE:
        piece = piece.strip()
        return [" ".join(piece.split()) if "  " in piece else piece] if piece else []
    words = piece.split()
    out: list[str] = []
    cur: list[str] = []
    size = 0
    for word in words:
        while len(word) > MAX_SENTENCE:  # one unbroken token (digits, a URL): cut it
            if cur:
                out.append(" ".join(cur))
                cur, size = [], 0
            out.append(word[:MAX_SENTENCE])
            word = word[MAX_SENTENCE:]
        if cur and size + 1 + len(word) > MAX_SENTENCE:
            out.append(" ".join(cur))
            cur, size = [], 0
        cur.append(word)
        size += len(word) + (1 if size else 0)
    if cur:
        out.append(" ".join(cur))
    return out


def _split(unit: str) -> list[str]:
    """A paragraph as sentences, in one pass (poa.text.sentences, with a message's breaks)."""
    return [
        part
        for start, end in splitter.spans(unit, splitter.MESSAGE)
        for part in _bounded(unit[start:end])
    ]


def _sentences_of(text: str) -> list[Sentence]:
    split: dict[str, list[str]] = {}  # a pasted thread repeats its paragraphs: split each once
    out: list[Sentence] = []
    for unit, lead in _units(text.split("\n")):
        pieces = split.get(unit)
        if pieces is None:
            pieces = split[unit] = _split(unit)
        out.extend(Sentence(piece, lead) for piece in pieces)
    return out


def sentences(text: str) -> list[Sentence]:
    """The message as sentences, in order, with the seller's quoted text removed."""
    lines = _strip_quoted(plain_text(text).split("\n"))
    return _sentences_of("\n".join(lines))


def is_seller_voice(sentence: str) -> bool:
    """First person, no 'you', and a seller's wording ("our store", "we will", "I"): the
    seller's own words quoted back by a reply, never read as a request or a decision."""
    cat = catalogue()
    return (
        bool(cat.first_person.search(sentence))
        and not cat.second_person.search(sentence)
        and not cat.amazon_we.search(sentence)
        and bool(cat.seller_marker.search(sentence))
    )
