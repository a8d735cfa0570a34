"""Loading a large case.yaml: libyaml's data, the parsed copy of a large file and field lines
give exactly what the pure-Python loader gives."""

from pathlib import Path

import pytest
import yaml

from poa.case import store, yamlcopy, yamlio
from poa.case.model import Case, Order
from poa.errors import CaseError

ROOT = Path(__file__).resolve().parents[1]


def _large_case(folder: Path, orders: int = 600) -> Path:
    case = Case(
        violation="odr",
        orders=[
            Order(
                order_id=f"111-{n:07d}-{n:07d}",
                purchase_date="2026-01-02",
                asin=f"B0{n:08d}",
                defect="claim",
                claim_status="Under review",
            )
            for n in range(orders)
        ],
    )
    store.create_case(folder, case)
    assert store.case_file(folder).stat().st_size > yamlcopy.CACHE_BYTES
    return folder


@pytest.mark.parametrize(
    "path",
    sorted(ROOT.glob("examples/*/case.yaml")) + sorted(ROOT.glob("sections/**/*.yaml")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_fast_loader_builds_what_the_careful_loader_builds(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    fast = yamlio._load_fast(text)
    assert fast is not None
    careful = yaml.load(text, Loader=yamlio.DataLoader)
    assert repr(fast[0]) == repr(careful)


def test_unusual_yaml_still_goes_to_the_careful_loader() -> None:
    for text in ("a: 1\na: 2\n", "a: &x [1]\nb: *x\n", "a: !!binary aGk=\n", '"\\ud800": 1\n'):
        fast = yamlio._load_fast(text)
        if fast is not None:  # built by PyYAML's own constructor: the same as the careful one
            assert repr(fast[0]) == repr(yaml.load(text, Loader=yamlio.DataLoader))


def test_a_large_case_loads_the_same_from_its_parsed_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POA_CACHE_DIR", str(tmp_path / "cache"))
    folder = _large_case(tmp_path / "c")
    first = store.load_case(folder)
    assert list((tmp_path / "cache").glob("parsed-case-*.marshal"))
    again = store.load_case(folder)
    assert again == first
    monkeypatch.setenv("POA_NO_CACHE", "1")
    assert store.load_case(folder) == first


def test_a_changed_large_case_is_read_again_with_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POA_CACHE_DIR", str(tmp_path / "cache"))
    folder = _large_case(tmp_path / "c")
    store.load_case(folder)
    store.load_case(folder)  # from the parsed copy
    path = store.case_file(folder)
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if "rating: null" in line) + 1
    lines[number - 1] = lines[number - 1].replace("null", "9")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CaseError) as err:
        store.load_case(folder)
    assert f"case.yaml:{number}: orders[0].rating:" in str(err.value)
    # Read from the copy (kept before validation): the line is composed for the message.
    with pytest.raises(CaseError) as again:
        store.load_case(folder)
    assert str(again.value) == str(err.value)
    monkeypatch.setenv("POA_NO_CACHE", "1")
    with pytest.raises(CaseError) as uncached:
        store.load_case(folder)
    assert str(uncached.value) == str(err.value)


def test_field_lines_of_a_large_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POA_CACHE_DIR", str(tmp_path / "cache"))
    folder = _large_case(tmp_path / "c")
    store.load_case(folder)
    store.load_case(folder)  # from the parsed copy: no node tree kept
    text = store.case_file(folder).read_text()
    careful = yaml.compose(text, Loader=yamlio.DataLoader)
    for loc in [("orders", 0, "order_id"), ("orders", 599, "asin"), ("violation",), ("x",)]:
        assert store.field_line(folder, loc) == store.line_of(careful, loc)


def test_only_the_latest_copies_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(yamlcopy, "MAX_COPIES", 2)
    folders = [_large_case(tmp_path / f"c{n}", orders=300) for n in range(3)]
    for folder in folders:
        store.load_case(folder)
    assert len(list((tmp_path / "cache").glob("parsed-*.marshal"))) == 2
    assert len(store.load_case(folders[0]).orders) == 300  # its copy gone: parsed again
