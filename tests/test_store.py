from pathlib import Path

import pytest

from poa.case import store
from poa.case.model import Case, RootCause
from poa.errors import CaseError


def test_case_round_trips_through_yaml(tmp_path: Path) -> None:
    case = Case(
        root_causes=[
            RootCause(id="rc1", what="Line one\nline two", order_ids=["11312345671234567"])
        ]
    )
    store.create_case(tmp_path / "c", case)
    loaded = store.load_case(tmp_path / "c")
    assert loaded == case
    assert loaded.root_causes[0].order_ids == ["113-1234567-1234567"]
    text = (tmp_path / "c" / "case.yaml").read_text()
    assert text.startswith("schema_version: 1")


def test_validation_error_names_field_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "case.yaml").write_text(
        "schema_version: 1\nviolation: odr\nroot_causes:\n- id: rc1\n"
        "  order_ids:\n  - 113-12345-1\n"
    )
    with pytest.raises(CaseError) as err:
        store.load_case(folder)
    message = str(err.value)
    assert "case.yaml:6:" in message
    assert "root_causes[0].order_ids[0]" in message
    assert "123-1234567-1234567" in message


def test_unknown_violation_and_broken_link_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "case.yaml").write_text("violation: odd\n")
    with pytest.raises(CaseError, match=r"case.yaml:1: violation"):
        store.load_case(folder)
    (folder / "case.yaml").write_text(
        "root_causes:\n- id: rc1\ncorrective_actions:\n- id: ca1\n  root_causes: [rc9]\n"
    )
    with pytest.raises(CaseError, match="rc9"):
        store.load_case(folder)


def test_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "case.yaml").write_text("store:\n  name: 'unclosed\nviolation: odr\n")
    with pytest.raises(CaseError, match=r"case.yaml:\d+: not valid YAML"):
        store.load_case(folder)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "case.yaml").write_text("schema_version: 7\n")
    with pytest.raises(CaseError, match="schema_version 7"):
        store.load_case(folder)


def test_save_never_overwrites_a_damaged_case(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    damaged = "store: [unclosed\n"
    (folder / "case.yaml").write_text(damaged)
    with pytest.raises(CaseError):
        store.save_case(folder, Case())
    assert (folder / "case.yaml").read_text() == damaged
    # nothing but the case (and the lock file every writer shares)
    assert [p.name for p in folder.iterdir() if p.name != ".poa.lock"] == ["case.yaml"]


def test_create_refuses_an_existing_case(tmp_path: Path) -> None:
    store.create_case(tmp_path / "c", Case())
    with pytest.raises(CaseError, match="already exists"):
        store.create_case(tmp_path / "c", Case())


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "c"
    folder.mkdir(exist_ok=True)
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("date", ["2026-13-45", "2026-02-30"])
def test_an_impossible_date_is_a_field_error_not_a_crash(tmp_path: Path, date: str) -> None:
    folder = _write(tmp_path, f"violation: odr\nnotice:\n  received: {date}\n")
    with pytest.raises(CaseError) as err:
        store.load_case(folder)
    assert "case.yaml:3: notice.received" in str(err.value)
    assert "YYYY-MM-DD" in str(err.value)


def test_messages_speak_yaml_not_pydantic(tmp_path: Path) -> None:
    folder = _write(tmp_path, "corrective_actions:\n- id: ca1\n  wehn: 2026-03-01\n")
    with pytest.raises(CaseError, match=r"unknown field 'wehn' \(did you mean 'when'\?\)"):
        store.load_case(folder)
    folder = _write(tmp_path, "corrective_actions:\n- id: ca1\n  when: 19/03/2026\n")
    with pytest.raises(CaseError, match=r"case.yaml:3: .*'19/03/2026' is not a date"):
        store.load_case(folder)


def test_hand_typed_kinds_and_numbers_are_understood(tmp_path: Path) -> None:
    folder = _write(tmp_path, "violation: ODR\nappeal_mode: Plan_Of_Action\nstore:\n  name: 123\n")
    case = store.load_case(folder)
    assert case.violation.value == "odr"
    assert case.store.name == "123"


def test_dates_are_written_as_a_seller_types_them(tmp_path: Path) -> None:
    folder = _write(tmp_path, "notice:\n  received: 2026-03-18\n")
    store.save_case(folder, store.load_case(folder))
    assert "received: 2026-03-18\n" in (folder / "case.yaml").read_text()
