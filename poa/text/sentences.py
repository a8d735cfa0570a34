"""Sentences with their positions: one splitter, and where each kind of text ends a sentence.

A seller's draft, Amazon's messages and a plain piece of text end their sentences differently,
so the splitter takes the breaks to look for (:data:`DRAFT`, :data:`MESSAGE`, :data:`PLAIN`);
everything else (positions, blank pieces, abbreviations) is the same for all three. Whatever a
caller does before (a message has its wrapped lines undone first) or after (a message cuts very
long pieces) stays with the caller.

Each break is found by one pass of a regular expression over the text and an abbreviation is
looked for only in a short tail before a full stop, so splitting is linear in the text's length.
"""

from __future__ import annotations

import re

from poa.text import regexcache
from poa.text.scripts import CJK_CLASS

STOPS = ".!?"
CJK_STOPS = "。！？"  # end a sentence without a space after them
# How far back an abbreviation is looked for before a full stop: only the tail of the sentence
# is read, never all of it.
ABBREV_LOOKBACK = 16


class Breaks:
    """Where one kind of text ends its sentences.

    Each match of ``pattern`` is the gap between two sentences. When the pattern has groups,
    the one that matched holds the stop that stays with the sentence before; otherwise the
    sentence ends where the match starts. A full stop right after one of ``abbreviations``
    (lower case, without their last stop: "e.g", "no") ends nothing. The pattern is compiled on
    first use (through the regex cache), so importing this module costs nothing.
    """

    __slots__ = ("_regex", "abbreviations", "pattern")

    def __init__(self, pattern: str, abbreviations: frozenset[str] = frozenset()) -> None:
        self.pattern = pattern
        self.abbreviations = abbreviations
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = regexcache.compile(self.pattern)
        return self._regex


# A draft: . ! ? and a space (closing quotes go with the space), 。！？ alone, and a line break
# before a line that starts like a new item (capital, digit, bullet): lists typed without full
# stops are still read one line at a time, while a hard-wrapped sentence continues in lower case.
DRAFT = Breaks(
    rf"(?<=[{STOPS}{CJK_STOPS}])[\"'”’)]*\s+|(?<=[{CJK_STOPS}])"
    r"|(?<![ \t])[ \t]*\n\s*(?=[A-Z0-9(\-*•·])"
)
# Amazon's messages (wrapped lines already joined): a full stop (group 1) followed by space and
# a capital, digit or CJK letter, or a CJK full stop (group 2). Led by the punctuation itself,
# so the scan jumps from one stop to the next. Abbreviations do not end a sentence.
MESSAGE = Breaks(
    rf"([{STOPS}])[\"')]?\s+(?=[\"'(]?[A-Z0-9{CJK_CLASS}])|([{CJK_STOPS}])",
    abbreviations=frozenset(
        {"e.g", "i.e", "etc", "inc", "ltd", "co", "no", "u.s", "mr", "ms", "dr", "vs"}
    ),
)
# Plain text: a stop and a space, or a line break.
PLAIN = Breaks(rf"(?<=[{STOPS}{CJK_STOPS}])\s+|\n+")
# A stop followed by a space or the end of the text: the text ends or holds a sentence.
_STOP = Breaks(rf"[{STOPS}{CJK_STOPS}](?:\s|$)")


def _after_abbreviation(text: str, start: int, cut: int, abbreviations: frozenset[str]) -> bool:
    """Whether the full stop before ``cut`` ends one of ``abbreviations``."""
    tail = text[max(start, cut - ABBREV_LOOKBACK) : cut - 1]
    word = tail[tail.rfind(" ") + 1 :].lstrip("\"'(")
    return word.lower() in abbreviations


def spans(text: str, breaks: Breaks = DRAFT, pos: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` from ``pos`` on, in order.

    Blank pieces are left out; the whitespace around a sentence is left to the caller (a
    sentence may start with the spaces after the break before it).
    """
    out: list[tuple[int, int]] = []
    abbreviations = breaks.abbreviations
    start = pos
    for m in breaks.regex.finditer(text, pos):
        cut = m.end(m.lastindex) if m.lastindex else m.start()
        if (
            abbreviations
            and text[cut - 1 : cut] == "."
            and _after_abbreviation(text, start, cut, abbreviations)
        ):
            continue
        if cut > start and not text[start:cut].isspace():
            out.append((start, cut))
        start = m.end()
    if start < len(text) and not text[start:].isspace():
        out.append((start, len(text)))
    return out


def split(text: str, breaks: Breaks = PLAIN) -> list[str]:
    """The sentences of ``text`` as strings (see :func:`spans`)."""
    return [text[start:end] for start, end in spans(text, breaks)]


def has_sentence_end(text: str) -> bool:
    """Whether ``text`` holds a stop followed by a space or the end: a sentence, not a label."""
    return _STOP.regex.search(text) is not None
