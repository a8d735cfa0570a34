"""Calibration on texts not written to pass: the seed's five submissions and strong/weak twins.

The seed (../shared/seeds/002) is a real five-round appeal: the first submission blames an
employee and talks about eBay and Wish; later ones add counts and timings. Each pair in
tests/data/calibration is one plan written well and its weak twin (blame, pleading, vague,
future tense, restated metric, padding, placeholders, personal data, dictating...).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from poa.score import score_file

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed002"
PAIRS = sorted(p.name[: -len("_strong.txt")] for p in (DATA / "calibration").glob("*_strong.txt"))


def _score(path: Path) -> int:
    return score_file(path).score


def test_seed_first_submission_scores_below_the_second_and_fifth() -> None:
    scores = {n: _score(SEED / f"submission_{n}.txt") for n in range(1, 6)}
    assert scores[1] < scores[2]
    assert scores[1] < scores[5]
    assert max(scores.values()) < 70, scores  # none of them is a good plan


def test_seed_first_submission_findings_name_its_problems() -> None:
    rules = {f.rule for f in score_file(SEED / "submission_1.txt").findings}
    assert {
        "tone.blame-employee",
        "relevance.other-marketplaces",
        "draft.placeholder",
        "tense.future-actions",
        "rootcause.restates-metric",
    } <= rules


def test_at_least_ten_pairs() -> None:
    assert len(PAIRS) >= 10
    for name in PAIRS:
        assert (DATA / "calibration" / f"{name}_weak.txt").is_file(), name


@pytest.mark.parametrize("name", PAIRS)
def test_strong_plan_beats_its_weak_twin(name: str) -> None:
    strong = _score(DATA / "calibration" / f"{name}_strong.txt")
    weak = _score(DATA / "calibration" / f"{name}_weak.txt")
    assert strong > weak, f"{name}: strong {strong} <= weak {weak}"
    assert strong >= 75, f"{name}: a strong plan scores {strong}"


def test_separation_report(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the margins (run with -s to see them); fails if any margin is under 5 points."""
    margins = {
        name: _score(DATA / "calibration" / f"{name}_strong.txt")
        - _score(DATA / "calibration" / f"{name}_weak.txt")
        for name in PAIRS
    }
    with capsys.disabled():
        print(
            f"\ncalibration: {len(margins)} pairs, min margin {min(margins.values())}"
            f" ({min(margins, key=margins.__getitem__)}),"
            f" mean {sum(margins.values()) / len(margins):.1f}"
        )
    assert min(margins.values()) >= 5


def test_padding_does_not_raise_specificity() -> None:
    strong = score_file(DATA / "calibration" / "odr_padded_strong.txt")
    padded = score_file(DATA / "calibration" / "odr_padded_weak.txt")
    assert padded.specificity["words"] > strong.specificity["words"] * 1.5
    for sid in ("root_cause", "corrective_actions", "preventive_measures"):
        assert padded.sections[sid].specificity["score"] < strong.sections[sid].specificity["score"]
