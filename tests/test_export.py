"""Export through the real CLI: round trips, literal user text, bad input."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from poa.case.store import load_case
from poa.cli import app
from tests.conftest import EXAMPLE_CASES, EXAMPLES

REQUIRED_HEADINGS = ["Root causes", "Corrective actions taken", "Preventive measures in place"]


def docx_text(path: Path) -> tuple[list[str], str]:
    """Headings in order, and all the document's text (paragraphs and tables)."""
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return headings, "\n".join(parts)


def test_there_are_at_least_three_examples() -> None:
    kinds = {load_case(EXAMPLES / name).violation.value for name in EXAMPLE_CASES}
    assert {"odr", "condition", "inauthentic"} <= kinds


@pytest.mark.parametrize("name", EXAMPLE_CASES)
def test_docx_round_trip_has_headings_in_order_and_every_order_id(runner, example_copy, name):
    case_dir = example_copy(name)
    out = case_dir / "plan.docx"
    result = runner.invoke(app, ["export", str(case_dir), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    headings, text = docx_text(out)
    positions = [headings.index(h) for h in REQUIRED_HEADINGS]
    assert positions == sorted(positions)
    case = load_case(case_dir)
    for order_id in case.affected_order_ids():
        assert order_id in text
    assert "Affected orders" in headings
    if case.evidence:
        assert headings[-1] == "Appendix: evidence"


@pytest.mark.parametrize("fmt", ["md", "txt"])
@pytest.mark.parametrize("name", EXAMPLE_CASES)
def test_text_formats_carry_every_order_id(runner, example_copy, name, fmt):
    case_dir = example_copy(name)
    result = runner.invoke(app, ["export", str(case_dir), "--format", fmt])
    assert result.exit_code == 0, result.output
    text = (case_dir / f"appeal.{fmt}").read_text(encoding="utf-8")
    for order_id in load_case(case_dir).affected_order_ids():
        assert order_id in text
    assert "Characters per section" in result.stderr


def test_txt_is_plain_and_counts_characters_per_section(runner, example_copy):
    case_dir = example_copy("odr-unanswered-messages")
    result = runner.invoke(app, ["export", str(case_dir), "--format", "txt", "-o", "-"])
    assert result.exit_code == 0
    assert "**" not in result.stdout and "#" not in result.stdout
    assert "ROOT CAUSES" in result.stdout
    lines = {ln.split()[0]: ln for ln in result.stderr.splitlines()[1:]}
    assert {"Summary", "Root", "Corrective", "Preventive", "Total"} <= set(lines)


def test_max_chars_flags_a_long_section(runner, example_copy):
    case_dir = example_copy("odr-unanswered-messages")
    result = runner.invoke(app, ["export", str(case_dir), "-f", "txt", "--max-chars", "600"])
    assert result.exit_code == 0
    flagged = [ln for ln in result.stderr.splitlines() if "over 600" in ln]
    assert any("Root causes" in ln for ln in flagged)
    assert not any("Summary" in ln for ln in flagged)


def test_numbered_lists_restart_in_every_section(runner, example_copy):
    case_dir = example_copy("odr-unanswered-messages")
    out = case_dir / "plan.docx"
    assert runner.invoke(app, ["export", str(case_dir), "-o", str(out)]).exit_code == 0
    document = docx.Document(str(out))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    num_ids = []
    for p in document.paragraphs:
        num = p._p.find(f"{ns}pPr/{ns}numPr/{ns}numId")
        if num is not None:
            num_ids.append(num.get(f"{ns}val"))
    # Root causes (2), actions (3), measures (3), evidence (3): four lists, four numberings.
    distinct = list(dict.fromkeys(num_ids))
    assert len(distinct) == 4
    numbering = document.part.numbering_part.element
    for num_id in distinct:
        num = numbering.find(f"{ns}num[@{ns}numId='{num_id}']")
        start = num.find(f"{ns}lvlOverride/{ns}startOverride")
        assert start is not None and start.get(f"{ns}val") == "1"


def test_document_properties_are_the_sellers_not_the_librarys(runner, example_copy):
    case_dir = example_copy("odr-unanswered-messages")
    out = case_dir / "plan.docx"
    assert runner.invoke(app, ["export", str(case_dir), "-o", str(out)]).exit_code == 0
    props = docx.Document(str(out)).core_properties
    assert "python-docx" not in (props.comments or "")
    assert props.created.year >= 2026 and props.modified.year >= 2026
    assert props.author == "Lakeside Home Goods"
    assert "Plan of action" in props.title
    with zipfile.ZipFile(out) as archive:
        assert b"python-docx" not in archive.read("docProps/core.xml")


TRICKY = "Buyer wrote {{ seller.name }} {% if x %} <b>bold</b> & A&amp;B 😀 买家说尺码偏小"


def _tricky_case(folder: Path) -> None:
    folder.mkdir()
    data = {
        "violation": "odr",
        "store": {"name": "Shop <&> {{ name }}"},
        "root_causes": [
            {"id": "rc1", "title": TRICKY, "what": TRICKY, "why": "Line one\n2. not a new point"}
        ],
        "corrective_actions": [{"id": "ca1", "what": TRICKY, "root_causes": ["rc1"]}],
        "preventive_measures": [{"id": "pm1", "what": TRICKY, "owner": "{{ owner }}"}],
    }
    (folder / "case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("fmt", ["md", "txt", "docx"])
def test_user_text_comes_out_literally(runner, tmp_path, fmt):
    case_dir = tmp_path / "tricky"
    _tricky_case(case_dir)
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["export", str(case_dir), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = docx_text(out)[1] if fmt == "docx" else out.read_text(encoding="utf-8")
    assert TRICKY in text
    assert "{{ owner }}" in text
    assert "Shop <&> {{ name }}" in text
    # A seller's own "2." inside an answer stays inside the point.
    assert "2. not a new point" in text


def test_every_control_character_is_listed_with_its_line(runner, tmp_path):
    case_dir = tmp_path / "ctrl"
    case_dir.mkdir()
    (case_dir / "case.yaml").write_text(
        'summary: "a\\x07b"\nroot_causes:\n- id: rc1\n  what: "x\\x1bq"\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["export", str(case_dir), "-f", "md"])
    assert result.exit_code == 2
    assert "2 fields" in result.stderr
    assert "line 1, summary (U+0007)" in result.stderr
    assert "line 4, root_causes[0].what (U+001B)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_control_characters_are_refused_with_the_field_and_nothing_written(runner, tmp_path):
    case_dir = tmp_path / "ctrl"
    case_dir.mkdir()
    (case_dir / "case.yaml").write_text(
        'root_causes:\n- id: rc1\n  what: "pasted\\x0btext"\n', encoding="utf-8"
    )
    out = tmp_path / "plan.docx"
    result = runner.invoke(app, ["export", str(case_dir), "-o", str(out)])
    assert result.exit_code == 2
    assert "root_causes[0].what" in result.stderr and "U+000B" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("setup", "args", "expected"),
    [
        ("none", ["export", "{d}/missing"], "no such case folder"),
        ("empty", ["export", "{d}/empty"], "case.yaml is missing"),
        ("bad", ["export", "{d}/bad"], "not valid YAML"),
        ("good", ["export", "{d}/good", "-o", "{d}/no/such/dir/plan.docx"], "does not exist"),
        ("good", ["export", "{d}/good", "-o", "{d}"], "it is a folder"),
        ("good", ["export", "{d}/good", "-f", "docx", "-o", "-"], "cannot go to stdout"),
        ("good", ["export", "{d}/good", "--date", "03/04/2026"], "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(runner, tmp_path, setup, args, expected):
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "case.yaml").write_text("store: [oops\n")
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "case.yaml").write_text("violation: odr\n")
    result = runner.invoke(app, [a.format(d=tmp_path) for a in args])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_unknown_format_is_a_usage_error(runner, example_copy):
    case_dir = example_copy("odr-unanswered-messages")
    result = runner.invoke(app, ["export", str(case_dir), "--format", "pdf"])
    assert result.exit_code == 2
    assert "pdf" in result.stderr


def test_failed_export_leaves_the_previous_file_intact(runner, tmp_path):
    case_dir = tmp_path / "c"
    case_dir.mkdir()
    (case_dir / "case.yaml").write_text("violation: odr\n")
    out = case_dir / "appeal.md"
    assert runner.invoke(app, ["export", str(case_dir), "-f", "md"]).exit_code == 0
    before = out.read_bytes()
    (case_dir / "case.yaml").write_text('summary: "bell\\a"\n')
    assert runner.invoke(app, ["export", str(case_dir), "-f", "md"]).exit_code == 2
    assert out.read_bytes() == before
    assert sorted(p.name for p in case_dir.iterdir()) == ["appeal.md", "case.yaml"]


@pytest.mark.parametrize("name", EXAMPLE_CASES)
def test_markdown_matches_the_reviewed_golden_file(runner, example_copy, name):
    """examples/<case>/expected.md was read by eye; regenerate on purpose with POA_REGENERATE=1."""
    import os

    case_dir = example_copy(name)
    result = runner.invoke(
        app, ["export", str(case_dir), "-f", "md", "-o", "-", "--date", "2026-09-01"]
    )
    assert result.exit_code == 0
    golden = EXAMPLES / name / "expected.md"
    if os.environ.get("POA_REGENERATE"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_python_m_poa_works_from_another_directory(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "poa",
            "export",
            str(EXAMPLES / "odr-unanswered-messages"),
            "-f",
            "txt",
            "-o",
            "-",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "113-4827301-5520947" in result.stdout


def test_summary_quotes_the_rate_computed_from_imported_reports(runner, example_copy):
    case_dir = example_copy("odr-unanswered-messages")
    reports = sorted(str(p) for p in (case_dir / "reports").iterdir())
    assert runner.invoke(app, ["orders", "import", str(case_dir), *reports]).exit_code == 0
    result = runner.invoke(app, ["export", str(case_dir), "-f", "md", "-o", "-"])
    assert result.exit_code == 0
    summary = result.stdout.split("## Summary")[1].split("##")[0]
    assert "Our Seller Central reports show 6 of 216 orders (2.78%) with a defect" in summary
