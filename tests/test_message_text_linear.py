"""Sentence splitting reads each character a bounded number of times (linear by construction),
so a long paste cannot stall it; and a 1 MB adversarial paragraph is read through the CLI.

No timed assertion: the work is counted (characters handed to the splitter's patterns), and
benchmarks/message_eval.py records the times.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from poa.cli import app
from poa.inbox import text as message_text
from poa.text import sentences as splitter

runner = CliRunner()


def adversarial(size: int) -> str:
    """One paragraph with no line break: long runs of spaces, digits, dashes and letters,
    repeated words, stops without capitals, an order ID, and abbreviations."""
    parts = [
        " " * (size // 8),
        "7" * (size // 8),
        "-" * (size // 8),
        "x" * (size // 8),
        "account reinstated " * (size // 8 // 19),
        "e.g. no. etc. . . . a.b.c. " * (size // 8 // 27),
        "Please send greater detail on the root cause of order 113-1234567-1234567. " * 30,
    ]
    text = "".join(parts)
    return text + "z" * max(0, size - len(text))


class _Counting:
    """A compiled pattern that adds up the length of every text it is asked to read."""

    def __init__(self, pattern: re.Pattern[str], counter: list[int]) -> None:
        self._pattern = pattern
        self._counter = counter

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._pattern, name)

        def counted(text: str, *args: Any, **kwargs: Any) -> Any:
            self._counter[0] += len(text)
            return method(text, *args, **kwargs)

        return counted


def work(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    counter = [0]
    for name in ("_SENTENCE_END", "_CONTINUES", "_CJK", "_HTML_HINT", "_QUOTE_CHARS", "_ABBREV"):
        pattern = getattr(message_text, name, None)
        if isinstance(pattern, re.Pattern):  # every pattern the splitter reads text with
            monkeypatch.setattr(message_text, name, _Counting(pattern, counter))
    # the sentence breaks of a message, in the text layer's splitter
    monkeypatch.setattr(splitter.MESSAGE, "_regex", _Counting(splitter.MESSAGE.regex, counter))
    found = [s.text for s in message_text.sentences(text)]
    monkeypatch.undo()
    return counter[0], found


def test_each_character_is_read_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small, large = adversarial(50_000), adversarial(400_000)
    work_small, _ = work(small, monkeypatch)
    work_large, sentences = work(large, monkeypatch)
    # the splitter's patterns read at most a few times the text, whatever its length
    assert work_small <= 4 * len(small)
    assert work_large <= 4 * len(large)
    # eight times the text, about eight times the work (a quadratic split would be ~64 times)
    assert work_large / work_small < 9
    # no sentence longer than the bound every later pattern relies on
    assert max(map(len, sentences)) <= message_text.MAX_SENTENCE
    assert "113-1234567-1234567" in " ".join(sentences)


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "Send proof, e.g. Invoices from Acme Inc. Within 7 days. Then reply No. 5 is fine."
    found = [s.text for s in message_text.sentences(text)]
    assert found == [
        "Send proof, e.g. Invoices from Acme Inc. Within 7 days.",
        "Then reply No. 5 is fine.",
    ]


def test_a_one_megabyte_adversarial_paragraph_is_read(tmp_path: Path) -> None:
    path = tmp_path / "paste.txt"
    path.write_text(adversarial(1_048_576), encoding="utf-8")
    result = runner.invoke(app, ["feedback", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert '"113-1234567-1234567"' in result.stdout
    assert '"root_cause"' in result.stdout


def test_pre_checks_are_words_not_fragments() -> None:
    """A two-letter Latin pre-check ("un" of "UN38.3") is in most words of any long paste, so
    every pattern would run on every sentence: a 5 MB paste then takes seconds, not half one."""
    from poa.inbox.reading import _all_gates

    short = {
        literal: gate.pattern.pattern[:60]
        for gate in _all_gates()
        for literal in gate.literals or ()
        if len(literal) < 3 and literal.isascii()
    }
    assert not short, short
