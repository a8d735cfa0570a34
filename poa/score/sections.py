"""Split a draft into the plan's sections, points and sentences, keeping every position.

A seller's draft may come with Markdown headings, numbered headings ("2. Actions taken:"),
Chinese headings copied from the appeal form ("3. 您为避免将来出现此问题而采取的步骤"), or no
headings at all (a letter whose paragraphs say "the reasons for this", "to prevent").
Heading and cue patterns live in ``sections/scoring/headings.yaml``.
"""

from __future__ import annotations

import bisect
import functools
import re

from poa.records import field, record
from poa.score import data
from poa.text import regexcache, sentences
from poa.text.points import is_numbered, marker_end, strip_marker
from poa.text.scripts import has_cjk

REQUIRED = ("root_cause", "corrective_actions", "preventive_measures")
OPTIONAL = ("summary", "evidence", "additional_info")
# Text outside the plan's sections: before any heading, sign-offs, the orders table.
OUTSIDE = ("preamble", "closing", "orders")


@record
class Span:
    """A piece of the text: its offsets, section, and 1-based line/column of its start."""

    start: int
    end: int
    text: str
    section: str
    line: int
    column: int
    numbered: bool = False


@record
class Section:
    id: str
    title: str = ""
    heading_line: int = 0
    lines: list[int] = field(default_factory=list)  # 0-based line indexes of the body

    @property
    def present(self) -> bool:
        return bool(self.lines)


@record
class Document:
    """A draft split into lines, sections, points (numbered items or paragraphs) and sentences."""

    text: str
    lines: list[str]
    line_starts: list[int]
    line_section: list[str]
    heading_lines: set[int]
    sections: dict[str, Section]
    points: list[Span]
    sentences: list[Span]
    headings_found: int = 0

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def section_at(self, offset: int) -> str:
        return self.line_section[self.position(offset)[0] - 1]

    def is_heading(self, offset: int) -> bool:
        return self.position(offset)[0] - 1 in self.heading_lines

    @property
    def headed(self) -> bool:
        """Whether headings name the required sections (``headed_min`` in headings.yaml)."""
        named = sum(1 for sid in REQUIRED if self.sections[sid].title)
        return named >= int(data.scoring("headings.yaml")["headed_min"])

    def section_text(self, section_id: str) -> str:
        sec = self.sections.get(section_id)
        if not sec:
            return ""
        return "\n".join(self.lines[i] for i in sec.lines).strip()

    def body_text(self) -> str:
        """Everything a reviewer reads as the plan: no headings, sign-offs or orders table."""
        return "\n".join(
            line
            for i, line in enumerate(self.lines)
            if i not in self.heading_lines and self.line_section[i] not in ("closing",)
        )


@functools.cache
def _compiled() -> tuple[
    list[tuple[str, re.Pattern[str]]], list[tuple[str, re.Pattern[str]]], re.Pattern[str]
]:
    table = data.scoring("headings.yaml")

    def join(pats: list[str]) -> re.Pattern[str]:
        return regexcache.any_of(pats, re.IGNORECASE)

    headings = [(sid, join(p)) for sid, p in table["headings"].items()]
    cues = [(sid, join(p)) for sid, p in table["cues"].items()]
    return headings, cues, join(table["closing"])


def heading_section(line: str, known: dict[str, str] | None = None) -> str | None:
    """The section a heading line starts, or None when the line is not a heading."""
    raw = line.strip()
    if not raw:
        return None
    is_md = raw.startswith("#")
    text = strip_marker(raw).rstrip(":：").strip().strip("*_").strip()
    if not text:
        return None
    if known is not None:
        key = text.lower()
        if is_md:
            return known.get(key, "preamble")
        return None
    table = data.scoring("headings.yaml")
    if has_cjk(text):
        if len(text) > table["heading_max_chars"]:
            return None
    elif len(text.split()) > table["heading_max_words"]:
        return None
    # A sentence is not a heading: it ends with a full stop or holds one in the middle.
    if not is_md and sentences.has_sentence_end(text):
        return None
    headings, _cues, _closing = _compiled()
    for sid, pattern in headings:
        if pattern.search(text):
            return sid
    # A Markdown heading that names no section ("## For ASIN B0...", "### Order 1") is a
    # sub-heading of the section it sits in, not the end of it.
    return None


def parse(text: str, known_titles: dict[str, str] | None = None) -> Document:
    """Split ``text``; ``known_titles`` (lower-case heading -> section id) comes from a case."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    _headings, cues, closing = _compiled()

    found: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        sid = heading_section(line, known_titles)
        if sid:
            found.append((i, sid))
    heading_lines = {i for i, _ in found}
    # Wording ("the reasons for this", "to prevent") finds the required sections that no
    # heading names, moving forward only.
    missing = set(REQUIRED) - {sid for _, sid in found}
    use_cues = known_titles is None and bool(missing)

    line_section: list[str] = []
    current = "preamble"
    heads = dict(found)
    order = {sid: n for n, sid in enumerate(REQUIRED)}
    for i, line in enumerate(lines):
        stripped = strip_marker(line)
        if i in heads:
            current = heads[i]
        elif stripped and closing.search(stripped):
            line_section.append("closing")
            continue
        elif use_cues and stripped:
            for sid, pattern in cues:
                if (
                    sid in missing
                    and pattern.search(line)
                    and order.get(sid, -1) > order.get(current, -1)
                ):
                    current = sid
                    break
        line_section.append(current)
    if use_cues:
        _letter_cause(lines, line_section, heading_lines)

    sections = {sid: Section(sid) for sid in (*REQUIRED, *OPTIONAL)}
    for i, sid in enumerate(line_section):
        if i in heading_lines:
            sec = sections.setdefault(sid, Section(sid))
            if not sec.title:
                sec.title = strip_marker(lines[i]).rstrip(":：")
                sec.heading_line = i + 1
            continue
        if lines[i].strip() and sid not in ("closing",):
            sections.setdefault(sid, Section(sid)).lines.append(i)

    points = _points(text, lines, starts, line_section, heading_lines)
    found_sentences = [s for p in points for s in _sentences(p, text, starts)]
    return Document(
        text=text,
        lines=lines,
        line_starts=starts,
        line_section=line_section,
        heading_lines=heading_lines,
        sections=sections,
        points=points,
        sentences=found_sentences,
        headings_found=len(found),
    )


@functools.cache
def _greeting() -> re.Pattern[str]:
    pats = data.scoring("headings.yaml")["greeting"]
    return regexcache.any_of(pats, re.IGNORECASE)


def _letter_cause(lines: list[str], line_section: list[str], heading_lines: set[int]) -> None:
    """A letter without headings tells the cause first: when wording found the actions or the
    prevention but nothing named the cause, the paragraphs before them (greeting and subject
    lines aside) are read as the root cause."""
    if "root_cause" in line_section:
        return
    first = next((i for i, sid in enumerate(line_section) if sid in REQUIRED), None)
    if first is None:
        return
    body = [
        i
        for i in range(first)
        if line_section[i] == "preamble"
        and i not in heading_lines
        and lines[i].strip()
        and not _greeting().match(lines[i])
    ]
    if sum(len(lines[i].split()) for i in body) < 20:
        return
    for i in body:
        line_section[i] = "root_cause"


def _points(
    text: str,
    lines: list[str],
    starts: list[int],
    line_section: list[str],
    heading_lines: set[int],
) -> list[Span]:
    """Numbered or bulleted items (with their continuation lines), otherwise paragraphs."""
    points: list[Span] = []
    current: list[int] = []

    def close() -> None:
        if not current:
            return
        first, last = current[0], current[-1]
        start = starts[first] + (len(lines[first]) - len(lines[first].lstrip()))
        end = starts[last] + len(lines[last])
        points.append(
            Span(
                start=start,
                end=end,
                text=text[start:end],
                section=line_section[first],
                line=first + 1,
                column=start - starts[first] + 1,
                numbered=is_numbered(lines[first]),
            )
        )
        current.clear()

    for i, line in enumerate(lines):
        if i in heading_lines or not line.strip() or line_section[i] == "closing":
            close()
            continue
        if current and (
            is_numbered(line)
            or line_section[i] != line_section[current[0]]
            or is_table_row(line) != is_table_row(lines[current[0]])
        ):
            close()
        current.append(i)
    close()
    return points


def is_table_row(line: str) -> bool:
    """A row of a Markdown table: cells, not prose (never a sentence to read or count)."""
    return line.lstrip().startswith("|")


def _sentences(point: Span, text: str, starts: list[int]) -> list[Span]:
    """Sentences of one point; the end of a point always ends a sentence (bullets, lists)."""
    out: list[Span] = []
    body = point.text
    # Skip the list marker so that "1." is not a sentence of its own.
    offset = marker_end(body)
    for a, b in sentences.spans(body, sentences.DRAFT, offset):
        chunk = body[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        start = point.start + a + lead
        end = point.start + b
        line = bisect.bisect_right(starts, start)
        out.append(
            Span(
                start=start,
                end=end,
                text=text[start:end].strip(),
                section=point.section,
                line=line,
                column=start - starts[line - 1] + 1,
                numbered=point.numbered,
            )
        )
    return out
