"""Cheap pre-checks for regular expressions: the literal words a pattern cannot match without.

Python's ``re`` tries a case-insensitive pattern that starts with ``\\b`` at every position of
the text, about 50 ns a character; a 5 MB paste read by a hundred patterns would take
seconds. Most patterns need a word ("reinstat", "invoice", "root") that most sentences lack,
and a substring test (``in``) finds that out a hundred times faster. :func:`required_literals`
reads the pattern's parse tree and returns strings of which at least one occurs in every
match, so skipping a text that holds none of them never loses a match.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _p

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


# Parsing a pattern to find its literals takes about 0.3 ms, so a few hundred patterns would add
# a noticeable pause to every long paste: the results are kept in the user's cache folder (the
# same one as poa.files.datacache), keyed by the pattern's text and flags.
_CACHE_NAME = "regex-literals-v1.json"
_known: dict[str, list[str] | None] | None = None


def _key(pattern: re.Pattern[str]) -> str:
    return f"{pattern.flags}:{pattern.pattern}"


def _cache_path() -> Path | None:
    from poa.files.datacache import cache_dir

    folder = cache_dir()
    return folder / _CACHE_NAME if folder is not None else None


def _load_known() -> dict[str, list[str] | None]:
    global _known
    if _known is None:
        _known = {}
        path = _cache_path()
        if path is not None:
            with contextlib.suppress(OSError, ValueError):
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    _known = data
    return _known


def literals_of(patterns: Iterable[re.Pattern[str]]) -> dict[str, Literals | None]:
    """:func:`required_literals` of each pattern, from the cache when known there (new results
    are added to it); keys are ``f"{flags}:{pattern}"``."""
    known = _load_known()
    out: dict[str, Literals | None] = {}
    new = False
    for pattern in patterns:
        key = _key(pattern)
        if key not in known:
            found = required_literals(pattern)
            known[key] = sorted(found) if found is not None else None
            new = True
        value = known[key]
        out[key] = frozenset(value) if value is not None else None
    path = _cache_path()
    if new and path is not None:
        with contextlib.suppress(OSError, TypeError, ValueError):
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_text(json.dumps(known, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
    return out


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
            self._literals = literals_of([self.pattern])[_key(self.pattern)]
        return self._literals  # type: ignore[return-value]

    def preload(self, literals: dict[str, Literals | None]) -> None:
        """Take the literals from a :func:`literals_of` result worked out for many patterns."""
        if self._literals is False:
            self._literals = literals[_key(self.pattern)]

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


class AnyGated:
    """Several gated patterns read as one: the first match of any part whose literals occur.

    Cheaper than one union of every part, which would run the whole union wherever any part's
    word occurs (and costs about a second per MB of text as a single regex).
    """

    __slots__ = ("parts",)

    def __init__(self, parts: list[Gated]) -> None:
        self.parts = parts

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        lowered = text.lower() if lowered is None else lowered
        for part in self.parts:
            if part.possible(lowered):
                found = part.pattern.search(text)
                if found is not None:
                    return found
        return None
