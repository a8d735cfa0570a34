"""Flesch reading ease and Flesch-Kincaid grade, as textstat computes them, offline and fast.

textstat's figures are absurd on a plan as written: a list of order IDs has no full stop, so
textstat sees one 200-word "sentence", and an ID counts as a long word. ``prepare`` turns the
parsed draft into text where each sentence or point ends with a full stop, IDs, links and
e-mail addresses are gone, and no stray dot ("2.78", "e.g.") splits a sentence.

The formulas are textstat's (English): reading ease = 206.835 - 1.015 * words/sentence
- 84.6 * syllables/word; grade = 0.39 * words/sentence + 11.8 * syllables/word - 15.59, with
textstat's word and sentence counting. Syllables are textstat's too: its counter (the CMU
pronouncing dictionary, pyphen for other words) was run once over the dictionary and the
words where a simple vowel-group rule disagrees are stored in
``sections/scoring/syllables.txt`` (rebuild with ``benchmarks/build_syllables.py``). That
avoids every textstat release's cold start: 0.7.10+ downloads the dictionary through nltk at
first use (no network here), 0.7.5-0.7.9 parse it in about 0.45 s, 0.7.4 and older import
pkg_resources and pyphen (about 0.2 s) - more than the whole ``poa score`` budget.
``tests/test_score_readability.py`` checks the figures against textstat itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from poa import knowledge
from poa.text import ids

FRE_BASE, FRE_SENTENCE, FRE_SYLLABLE = 206.835, 1.015, 84.6
FK_SENTENCE, FK_SYLLABLE, FK_BASE = 0.39, 11.8, 15.59

_DROP = re.compile(
    rf"{ids.ORDER_ID_SHAPE}|{ids.ASIN_SHAPE}|https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
)
_MARKUP = re.compile(r"\*\*|__|`|\|")
_INNER_STOPS = re.compile(r"[.!?。！？]+")
# textstat: punctuation goes, apostrophes inside English contractions stay.
_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?![tsdTSD]\b|[vV][eE]\b|[lL][lL]\b|[rR][eE]\b)")
_PUNCTUATION = re.compile(r"[^\w\s']")
_VOWELS = re.compile(r"[aeiouy]+")


def prepare(sentences: Iterable[str]) -> str:
    """One line of text textstat reads the way a reviewer does: a full stop per sentence."""
    out = []
    for sentence in sentences:
        text = _DROP.sub(" ", sentence.replace("’", "'"))
        text = _MARKUP.sub(" ", text)
        text = _INNER_STOPS.sub(" ", text).strip(" \t\n,;:-–")
        if len(words(text)) < 3:
            continue  # a label or a list of IDs is not a sentence a reviewer reads
        out.append(" ".join(text.split()) + ".")
    return " ".join(out)


def words(text: str) -> list[str]:
    """textstat's ``list_words``: punctuation removed, contractions kept whole."""
    text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCTUATION.sub("", text).split()


def count_sentences(text: str) -> int:
    """textstat's ``count_sentences``: sentences of two words or fewer are not counted."""
    if not text:
        return 0
    found = re.findall(r"\b[^.!?]+[.!?]*", text, re.UNICODE)
    ignored = sum(1 for s in found if len(words(s)) <= 2)
    return max(1, len(found) - ignored)


@functools.cache
def _exceptions() -> dict[str, int]:
    table: dict[str, int] = {}
    path = knowledge.sections_dir() / "scoring" / "syllables.txt"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or ":" not in line:
                continue
            count, _, listed = line.partition(":")
            table.update(dict.fromkeys(listed.split(), int(count)))
    return table


def guess_syllables(word: str) -> int:
    """Vowel groups, less a silent final e or -ed: right for most English words."""
    w = word.lower()
    n = len(_VOWELS.findall(w))
    silent_e = w.endswith("e") and not w.endswith(("le", "ee", "ye", "ie"))
    silent_ed = w.endswith("ed") and len(w) > 3 and w[-3] not in "tdaeiouy"
    if n > 1 and (silent_e or silent_ed):
        n -= 1
    return max(1, n)


@functools.lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    w = word.lower()
    return _exceptions().get(w) or guess_syllables(w)


def measure(prepared: str) -> dict[str, float | int]:
    """Reading ease, grade, words, sentences and syllables of prepared text."""
    tokens = words(prepared)
    n_words = len(tokens)
    n_sentences = count_sentences(prepared)
    n_syllables = sum(syllables(t) for t in tokens)
    if not n_words or not n_sentences:
        return {
            "flesch_reading_ease": 0.0,
            "flesch_kincaid_grade": 0.0,
            "words": 0,
            "sentences": 0,
            "syllables": 0,
        }
    wps = n_words / n_sentences
    spw = n_syllables / n_words
    return {
        "flesch_reading_ease": round(FRE_BASE - FRE_SENTENCE * wps - FRE_SYLLABLE * spw, 2),
        "flesch_kincaid_grade": round(FK_SENTENCE * wps + FK_SYLLABLE * spw - FK_BASE, 2),
        "words": n_words,
        "sentences": n_sentences,
        "syllables": n_syllables,
    }
