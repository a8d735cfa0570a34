"""A misspelt key in a question, prompt or outcome file is one line naming the file, the line
and the key meant (poa.files.datakeys), as in a rule or block file; the real files load."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from poa import knowledge
from poa.errors import PoaError
from poa.files import datakeys
from poa.inbox import catalogue, outcome
from poa.wizard import questions


def _clear() -> None:
    knowledge.load_data.cache_clear()
    for fn in (questions._general, questions._kind_data, questions._ui, questions.load_flow):
        fn.cache_clear()
    catalogue.catalogue.cache_clear()
    outcome.data.cache_clear()
    outcome._compiled.cache_clear()


@pytest.fixture
def sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of sections/ that poa reads instead of its own (no data cache)."""
    folder = tmp_path / "sections"
    shutil.copytree(knowledge.sections_dir(), folder)
    monkeypatch.setattr(knowledge, "sections_dir", lambda: folder)
    monkeypatch.setenv("POA_NO_CACHE", "1")
    _clear()
    yield folder
    _clear()


def _misspell(path: Path, old: str, new: str, after: str = "") -> int:
    """Replace the first ``old`` (after the first line holding ``after``) by ``new``; its line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, t in enumerate(lines) if after in t) if after else 0
    index = next(i for i in range(start, len(lines)) if old in lines[i])
    lines[index] = lines[index].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def _error(load: Callable[[], object]) -> str:
    with pytest.raises(PoaError) as err:
        load()
    message = str(err.value)
    assert "\n" not in message
    return message


def test_the_real_files_load() -> None:
    _clear()
    for kind in ("other", *(k for k, _ in questions.violation_choices("en"))):
        for lang in questions.LANGUAGES:
            assert questions.load_flow(kind, lang).sections
    assert catalogue.catalogue().prompts
    assert outcome.data()["next_step"]


def test_a_misspelt_prompt_key(sections: Path) -> None:
    path = sections / "prompts.yaml"
    line = _misspell(path, "when_asked:", "when_askd:", after="prompts:")
    message = _error(catalogue.catalogue)
    assert message == (
        f"{path}:{line}: unknown key 'when_askd' (did you mean 'when_asked'?) in prompts.root_cause"
    )


def test_a_misspelt_key_in_language_keyed_text(sections: Path) -> None:
    path = sections / "prompts.yaml"
    line = _misspell(path, "zh: 根本原因", "hz: 根本原因")
    message = _error(catalogue.catalogue)
    assert message.startswith(f"{path}:{line}: unknown key 'hz'")
    assert message.endswith("in prompts.root_cause.label")


def test_a_misspelt_question_key(sections: Path) -> None:
    path = sections / "questions" / "general.yaml"
    line = _misspell(path, "        hint:", "        hnit:")
    message = _error(lambda: questions.load_flow("odr", "en"))
    assert message == (
        f"{path}:{line}: unknown key 'hnit' (did you mean 'hint'?) in sections[0].questions[0]"
    )


def test_a_misspelt_section_key(sections: Path) -> None:
    path = sections / "questions" / "general.yaml"
    line = _misspell(path, "    intro:", "    itnro:")
    message = _error(questions.section_ids)
    assert message == f"{path}:{line}: unknown key 'itnro' (did you mean 'intro'?) in sections[0]"


def test_a_misspelt_key_in_a_kind_file(sections: Path) -> None:
    path = sections / "questions" / "odr.yaml"
    line = _misspell(path, "weak_why:", "weak_wyh:")
    message = _error(lambda: questions.load_flow("odr", "en"))
    assert message == (
        f"{path}:{line}: unknown key 'weak_wyh' (did you mean 'weak_why'?)"
        " in overrides.root_cause.what"
    )


def test_an_override_of_no_question(sections: Path) -> None:
    path = sections / "questions" / "odr.yaml"
    line = _misspell(path, "root_cause.what:", "root_cause.waht:")
    message = _error(lambda: questions.load_flow("odr", "zh"))
    assert message == (
        f"{path}:{line}: unknown key 'root_cause.waht' (did you mean 'root_cause.what'?)"
        " in overrides"
    )


def test_a_wizard_string_misspelt_in_one_language(sections: Path) -> None:
    path = sections / "questions" / "ui.yaml"
    line = _misspell(path, "  welcome:", "  welcom:", after="zh:")
    message = _error(lambda: questions.load_flow("other", "en"))
    assert message == f"{path}:{line}: unknown key 'welcom' (did you mean 'welcome'?) in zh"


def test_a_misspelt_outcome_key(sections: Path) -> None:
    path = sections / "outcomes.yaml"
    line = _misspell(path, "  default_label:", "  defalt_label:")
    message = _error(outcome.data)
    assert message == (
        f"{path}:{line}: unknown key 'defalt_label' (did you mean 'default_label'?) in channel"
    )


def test_the_line_is_the_key_s_own_even_when_its_value_starts_below(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("a:\n  - b: 1\n    colour:\n      en: x\n", encoding="utf-8")
    shape = datakeys.keys(a=datakeys.Each(datakeys.keys("b", color=datakeys.TEXT)))
    with pytest.raises(datakeys.DataFileError) as err:
        datakeys.check({"a": [{"b": 1, "colour": {"en": "x"}}]}, shape, path)
    assert str(err.value) == f"{path}:3: unknown key 'colour' (did you mean 'color'?) in a[0]"


def test_values_of_another_type_are_not_looked_into(tmp_path: Path) -> None:
    shape = datakeys.keys(t=datakeys.TEXT, l=datakeys.Each(datakeys.TEXT))
    datakeys.check({"t": "plain", "l": ["x", {"en": "y"}]}, shape, tmp_path / "x.yaml")


def test_poa_feedback_says_it_in_one_line_and_exits_2(sections: Path) -> None:
    from typer.testing import CliRunner

    from poa.cli import app

    path = sections / "prompts.yaml"
    line = _misspell(path, "when_asked:", "when_askd:", after="prompts:")
    result = CliRunner().invoke(app, ["feedback", "-"], input="Please explain the root cause.\n")
    assert result.exit_code == 2
    assert f"{path}:{line}: unknown key 'when_askd' (did you mean 'when_asked'?)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
