"""Cheap pre-checks for regular expressions: the literal words a pattern cannot match without.

Python's ``re`` tries a case-insensitive pattern that starts with ``\\b`` at every position of
the text, about 50 ns a character; a 5 MB paste read by a hundred patterns would take
seconds. Most patterns need a word ("reinstat", "invoice", "root") that most sentences lack,
and a substring test (``in``) finds that out a hundred times faster. :func:`required_literals`
reads the pattern's parse tree and returns strings of which at least one occurs in every
match, so skipping a text that holds none of them never loses a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

Literals = frozenset[str]


def _best(candidates: Iterable[Literals]) -> Literals | None:
    """The most selective set: the one whose shortest string is longest."""
    best: Literals | None = None
    for cand in candidates:
        if not cand:
            continue
        if best is None or min(map(len, cand)) > min(map(len, best)):
            best = cand
    return best


def _seq(items: Any) -> Literals | None:
    """A set for a sequence of parsed items: the best of its literal runs and its parts."""
    candidates: list[Literals] = []
    run = ""

    def close() -> None:
        nonlocal run
        if run:
            candidates.append(frozenset({run}))
        run = ""

    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av).lower()
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: the text on both sides is contiguous
        close()
        if op is _c.SUBPATTERN:
            found = _seq(av[-1])
        elif op is _c.BRANCH:
            parts = [_seq(alt) for alt in av[1]]
            found = None if any(p is None for p in parts) else frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
            found = _seq(av[2]) if av[0] >= 1 else None
        else:
            found = None
        if found:
            candidates.append(found)
    close()
    return _best(candidates)


def required_literals(pattern: re.Pattern[str], shortest: int = 2) -> Literals | None:
    """Lower-case strings at least one of which is in any (lower-cased) text the pattern
    matches; None when no such set is known whose ASCII strings have ``shortest`` characters
    or more."""
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # an unusual construct: no gate, the pattern is always run
        return None
    found = _seq(list(tree))
    if not found or any(len(lit) < shortest and lit.isascii() for lit in found):
        return None  # a single non-ASCII character (a CJK word's first) is still selective
    return found


class Vocabulary:
    """The distinct whitespace-separated pieces of a whole (lower-cased) text, joined.

    A literal occurs in the text only if each of its space-free parts occurs within one piece,
    so testing the parts against this much shorter string rules patterns out for the whole text
    at once: a 5 MB paste of anything but Amazon's wording is then read without any pattern.
    """

    def __init__(self, lowered: str) -> None:
        self.text = "\n".join(set(lowered.split()))
        self._seen: dict[str, bool] = {}

    def has(self, literal: str) -> bool:
        hit = self._seen.get(literal)
        if hit is None:
            hit = self._seen[literal] = all(part in self.text for part in literal.split())
        return hit


class Gated:
    """A pattern with its pre-check: ``search`` runs the regex only when a literal is present.

    The literals are worked out on first use, so short messages (read without the pre-check)
    never pay for parsing the patterns.
    """

    __slots__ = ("_literals", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._literals: Literals | bool | None = False  # False: not worked out yet

    @property
    def literals(self) -> Literals | None:
        if self._literals is False:
            self._literals = required_literals(self.pattern)
        return self._literals  # type: ignore[return-value]

    def possible(self, lowered: str) -> bool:
        lits = self.literals
        return lits is None or any(lit in lowered for lit in lits)

    def possible_in(self, vocabulary: Vocabulary | None) -> bool:
        """False when no text made of ``vocabulary``'s pieces can match (a cheap, sure no);
        always True without a vocabulary."""
        if vocabulary is None:
            return True
        lits = self.literals
        return lits is None or any(vocabulary.has(lit) for lit in lits)

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when ``lowered`` (the text lower-cased) is given
        and holds none of the literals."""
        if lowered is not None and not self.possible(lowered):
            return None
        return self.pattern.search(text)
