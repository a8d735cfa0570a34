"""poa score through the real command line: output, JSON contract, exit codes, bad input."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from poa.cli import app
from poa.inbox.feedback import PROMPT_IDS
from tests.conftest import FINDING_KEYS

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "odr-unanswered-messages"
runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["score", *args])


def test_readable_output_has_score_sections_findings_and_prompts() -> None:
    result = run(str(DATA / "seed002" / "submission_1.txt"))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "/100" in out
    assert "root cause" in out.lower() and "prevention" in out.lower()
    assert "21:129" in out and "tone.blame-employee" in out  # line:col of "she is an irresponsible"
    assert "How to fix" in out
    assert "Amazon is likely to ask again for: root_cause" in out


def test_json_follows_the_contract() -> None:
    result = run(str(DATA / "seed002" / "submission_1.txt"), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= {
        "target",
        "score",
        "sections",
        "readability",
        "specificity",
        "findings",
        "predicted_prompts",
    }
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100
    rc = data["sections"]["root_cause"]
    assert {"present", "score", "words", "specificity", "readability"} <= set(rc)
    assert {"flesch_reading_ease", "flesch_kincaid_grade", "words", "sentences"} <= set(
        data["readability"]
    )
    assert {"order_ids", "asins", "dates", "numbers", "vague_terms"} <= set(data["specificity"])
    finding = data["findings"][0]
    assert set(finding) == FINDING_KEYS
    # The same prompt ids as poa feedback uses.
    assert data["predicted_prompts"] and set(data["predicted_prompts"]) <= set(PROMPT_IDS)


def test_case_folder_scores_the_rendered_draft(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    result = run(str(case), "--json", "--min-score", "80")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["target"] == str(case)
    assert data["score"] >= 80
    assert data["predicted_prompts"] == []
    assert data["sections"]["root_cause"]["specificity"]["order_ids"] >= 4


def test_min_score_not_met_exits_1() -> None:
    result = run(str(DATA / "seed002" / "submission_1.txt"), "--min-score", "90")
    assert result.exit_code == 1
    assert "below --min-score 90" in result.output


def test_notice_option_reports_uncovered_ids(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("Order 113-9999999-1234567 received an A-to-z claim.\n", encoding="utf-8")
    result = run(str(DATA / "calibration" / "odr_messages_strong.txt"), "--notice", str(notice))
    assert "orders.notice-ids-uncovered" in result.output
    assert "113-9999999-1234567" in result.output


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\n ", "is empty"),
        ("binary.txt", b"\x00\x01\x02PK\x00garbage", "not a text file"),
        ("latin1.txt", "Caf\xe9 plan".encode("latin-1"), "not UTF-8"),
        ("draft.pdf", b"%PDF-1.4", "unknown kind of file .pdf"),
        ("draft", b"text", "unknown kind of file (no extension)"),
        ("broken.docx", b"this is not a zip", "not a Word document"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_path_huge_file_and_plain_folder_exit_2(tmp_path: Path) -> None:
    assert run(str(tmp_path / "nope.txt")).exit_code == 2
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.seek(6 * 1024 * 1024)
        handle.write(b"x")
    result = run(str(huge))
    assert result.exit_code == 2 and "MB" in result.output
    result = run(str(tmp_path))
    assert result.exit_code == 2 and "case.yaml" in result.output


def _docx_from_text(text: str, path: Path) -> None:
    from docx import Document

    doc = Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    doc.save(str(path))


@pytest.mark.parametrize(
    "name",
    ["seed002/submission_1.txt", "calibration/odr_messages_strong.txt", "calibration/ip_weak.txt"],
)
def test_docx_scores_like_its_text(tmp_path: Path, name: str) -> None:
    from poa.score import score_file

    text = (DATA / name).read_text(encoding="utf-8")
    docx = tmp_path / "draft.docx"
    _docx_from_text(text, docx)
    a, b = score_file(DATA / name), score_file(docx)
    assert a.score == b.score
    assert [f.rule for f in a.findings] == [f.rule for f in b.findings]


def test_exported_docx_scores_like_the_case(tmp_path: Path) -> None:
    """Word numbering and heading styles are read back, so the export scores as the case."""
    from poa import export
    from poa.case import store
    from poa.score import score_case, score_file

    case = store.load_case(EXAMPLE)
    _plan, data = export.render(case, "docx", None)
    path = tmp_path / "appeal.docx"
    path.write_bytes(data)
    from_docx = score_file(path)
    from_case = score_case(case, target="x")
    assert abs(from_docx.score - from_case.score) <= 3
    for sid in ("root_cause", "corrective_actions", "preventive_measures"):
        assert from_docx.sections[sid].present
        assert from_docx.sections[sid].points == from_case.sections[sid].points


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["score", "--help"])
    assert result.exit_code == 0
    assert "poa score my-case" in result.output


def test_entry_point_fast_path_exit_codes(tmp_path: Path) -> None:
    """`poa score` through the real entry point (no Typer): same output and exit codes."""
    import subprocess
    import sys

    def poa(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "poa", "score", *args], capture_output=True, text=True
        )

    seed = str(DATA / "seed002" / "submission_1.txt")
    ok = poa(seed)
    assert ok.returncode == 0 and "tone.blame-employee" in ok.stdout
    low = poa(seed, "--min-score", "95")
    assert low.returncode == 1 and "below --min-score 95" in low.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    bad = poa(str(empty))
    assert bad.returncode == 2 and bad.stderr.startswith("poa: ") and "Traceback" not in bad.stderr
    assert poa("--min-score", "x", seed).returncode == 2
    assert poa(seed, "--nope").returncode == 2
    via_typer = CliRunner().invoke(app, ["score", seed, "--json"])
    assert json.loads(poa(seed, "--json").stdout) == json.loads(via_typer.stdout)
    helped = subprocess.run(
        [sys.executable, "-m", "poa", "score", "--help"], capture_output=True, text=True
    )
    assert helped.returncode == 0 and "--min-score" in helped.stdout


def test_case_score_includes_the_order_cross_reference(tmp_path: Path) -> None:
    """A one-digit slip in an order ID is an orders.unknown-id finding that costs marks."""
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    before = json.loads(run(str(case), "--json").stdout)
    yaml_path = case / "case.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    marker = "we had no alert for messages older than 24 hours."
    assert marker in text
    typo = marker + " Order 113-4827301-5520974 waited longest."  # ...947 with two digits swapped
    yaml_path.write_text(text.replace(marker, typo, 1), encoding="utf-8")
    result = run(str(case), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    found = [f for f in data["findings"] if f["rule"] == "orders.unknown-id"]
    assert len(found) == 1
    finding = found[0]
    assert set(finding) == FINDING_KEYS
    assert finding["section"] == "root_cause" and finding["severity"] == "error"
    assert "113-4827301-5520974" in finding["message"]
    assert "113-4827301-5520947" in finding["suggestion"]  # the nearest known order
    from poa.case import store
    from poa.export import render

    _, markdown = render(store.load_case(case), "md", dt.date.today())
    line = markdown.decode("utf-8").splitlines()[finding["line"] - 1]  # line:column of the .md
    assert line[finding["column"] - 1 :].startswith("113-4827301-5520974")
    assert data["components"]["rules"] < before["components"]["rules"]
    assert data["score"] < before["score"]


def test_a_draft_longer_than_any_plan_is_refused_in_one_line(tmp_path: Path) -> None:
    """Scoring time grows with the text: a 300,000-character draft is refused, not scored
    for seconds."""
    draft = tmp_path / "huge.txt"
    draft.write_text("We refunded order 113-4827301-5520947 on 19 March 2026.\n" * 5300)
    result = run(str(draft))
    assert result.exit_code == 2
    assert "characters" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_report_lists_ten_findings_of_a_rule_and_counts_the_rest(tmp_path: Path) -> None:
    """Thirty vague sentences: ten are shown, the other twenty counted; --json keeps all."""
    draft = tmp_path / "draft.md"
    body = "\n".join(f"{i}. We fixed some issues as soon as possible." for i in range(1, 31))
    draft.write_text(f"## Root causes\n\n{body}\n", encoding="utf-8")
    every = json.loads(run(str(draft), "--json").stdout)["findings"]
    vague = [f for f in every if f["rule"] == "specificity.vague"]
    assert len(vague) > 10
    text = run(str(draft)).stdout
    assert text.count("specificity.vague ") + text.count("specificity.vague\n") >= 10
    assert f"... and {len(vague) - 10} more specificity.vague" in " ".join(text.split())


def test_a_draft_of_a_hundred_pages_and_a_pdf_notice_are_refused_in_one_line(
    tmp_path: Path,
) -> None:
    """Scoring time grows with the text: past MAX_CHARS a draft is refused, not scored slowly;
    a notice must be text poa can read."""
    import subprocess
    import sys

    from poa.score.scorer import MAX_CHARS

    long = tmp_path / "long.md"
    long.write_text("We refunded the buyer. " * (MAX_CHARS // 20), encoding="utf-8")
    result = run(str(long))
    assert result.exit_code == 2 and "characters" in result.output
    assert len(result.output.strip().splitlines()) == 1
    notice = tmp_path / "notice.pdf"
    notice.write_bytes(b"%PDF-1.4")
    proc = subprocess.run(
        [sys.executable, "-m", "poa", "score", str(EXAMPLE), "--notice", str(notice)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("give the notice as .txt, .md or .docx")
    assert len(proc.stderr.strip().splitlines()) == 1
