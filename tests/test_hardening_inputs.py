"""Hostile or broken input: one line on stderr and exit 2, never a stack, the case untouched."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from poa.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "odr-unanswered-messages"
CLAIMS = EXAMPLE / "reports" / "A-to-z-claims.csv"
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def one_line_error(result, code: int = 2) -> str:
    """The result is a clean failure: the exit code, one line on stderr, no stack anywhere."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    lines = result.stderr.strip("\n").splitlines()
    assert len(lines) == 1, lines
    assert len(lines[0]) <= 300
    return lines[0]


@pytest.fixture
def case(example_case: Path) -> Path:
    """The example case copied (tests/conftest.py), under the name these tests use."""
    return example_case


def _replace_summary(text: str, value: str) -> str:
    return text.replace("summary: ''", f"summary: {value}", 1)


# Each edit of case.yaml, and what the one line must say.
BAD_CASES = {
    "deep nesting": (lambda t: t + "extra: " + "[" * 5000 + "]" * 5000 + "\n", "nested"),
    "5,000-digit number": (lambda t: t + "extra: " + "9" * 5000 + "\n", "4,300 digits"),
    "!!int of letters": (lambda t: _replace_summary(t, "!!int abc"), ":23:"),
    "!!float of letters": (lambda t: _replace_summary(t, "!!float abc"), ":23:"),
    "empty !!int": (lambda t: _replace_summary(t, '!!int ""'), ":23:"),
    "unknown tag": (lambda t: _replace_summary(t, "!!foo bar"), ":23:"),
    "lone surrogate": (lambda t: _replace_summary(t, '"bad \\ud800 text"'), "surrogate"),
    "duplicate key": (lambda t: t + "summary: again\n", "twice (first on line 23)"),
    "NUL character": (lambda t: _replace_summary(t, "a\x00b"), ":23:"),
    "defects: 5": (lambda t: t.replace("  defect: claim", "  defects: 5", 1), "defects"),
    "alias bomb": (
        lambda t: t.replace("summary: ''", "summary: &a x", 1) + "extra: [*a, *a, *a]\n",
        "aliases",
    ),
    "huge value echoed": (
        lambda t: t.replace("schema_version: 1", "schema_version: " + "x" * 200_000, 1),
        "schema_version",
    ),
}


@pytest.mark.parametrize("name", list(BAD_CASES))
@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("score",),
        ("export", "--format", "md", "-o", "-"),
        ("orders", "import", "{case}", str(CLAIMS)),
        ("submit",),
    ],
    ids=lambda c: c[0] if c[0] != "orders" else "import",
)
def test_a_damaged_case_is_one_line_and_never_rewritten(
    case: Path, name: str, command: tuple[str, ...]
) -> None:
    edit, expected = BAD_CASES[name]
    path = case / "case.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = path.read_bytes()
    args = [a.replace("{case}", str(case)) for a in command]
    if "{case}" not in " ".join(command):
        args.insert(1, str(case))
    line = one_line_error(run(*args))
    assert expected in line
    assert path.read_bytes() == before
    assert not (case / "revisions").exists()


def test_case_yaml_that_is_not_a_file(case: Path) -> None:
    (case / "case.yaml").unlink()
    (case / "case.yaml").mkdir()
    assert "not a regular file" in one_line_error(run("check", case))
    (case / "case.yaml").rmdir()
    os.mkfifo(case / "case.yaml")
    assert "not a regular file" in one_line_error(run("export", case, "-o", "-"))
    one_line_error(run("score", case))  # reading it would block forever


def test_files_far_larger_than_a_case_are_refused_before_reading(
    case: Path, tmp_path: Path
) -> None:
    with open(case / "case.yaml", "a", encoding="utf-8") as fh:
        fh.write("# " + "x" * (17 << 20) + "\n")
    assert "far more than a case holds" in one_line_error(run("check", case))
    answers = tmp_path / "answers.yaml"
    answers.write_text("summary: " + "x" * (5 << 20) + "\n", encoding="utf-8")
    line = one_line_error(run("new", tmp_path / "other", "--answers", answers))
    assert "not one poa reads" in line


def test_unreadable_case_yaml(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied (simulated: the suite may run as root, who reads everything)."""
    real = Path.read_text

    def denied(self: Path, *args: object, **kwargs: object) -> str:
        if self.name == "case.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", denied)
    before = (case / "case.yaml").read_bytes()
    for args in (("check", case), ("orders", "import", case, CLAIMS), ("submit", case)):
        assert "Permission denied" in one_line_error(run(*args))
    assert (case / "case.yaml").read_bytes() == before


def test_a_long_store_name_exports_to_docx(case: Path, tmp_path: Path) -> None:
    path = case / "case.yaml"
    text = path.read_text(encoding="utf-8").replace("Lakeside Home Goods", "Lakeside " * 40, 1)
    path.write_text(text, encoding="utf-8")
    result = run("export", case, "--format", "docx", "-o", tmp_path / "plan.docx")
    assert result.exit_code == 0, result.output
    from docx import Document

    title = Document(str(tmp_path / "plan.docx")).core_properties.title
    assert title.startswith("Plan of action - Lakeside") and len(title) <= 255


def test_revision_files_that_are_not_text(case: Path) -> None:
    assert run("submit", case).exit_code == 0
    (case / "revisions" / "001" / "appeal.md").write_bytes(b"\xff\xfe\x00 not text")
    for args in (("diff", case), ("submit", case)):
        assert "001/appeal.md is not UTF-8" in one_line_error(run(*args))
    assert sorted(p.name for p in (case / "revisions").iterdir()) == ["001"]


def test_meta_yaml_nested_too_deeply(case: Path) -> None:
    assert run("submit", case).exit_code == 0
    (case / "revisions" / "001" / "meta.yaml").write_text("a: " + "[" * 5000 + "]" * 5000)
    assert "001/meta.yaml" in one_line_error(run("history", case))


def test_a_reply_naming_an_unknown_section_does_not_break_revise(case: Path) -> None:
    import yaml

    messages = Path(__file__).parent / "data" / "messages"
    assert run("submit", case).exit_code == 0
    assert run("reply", case, messages / "seed_reply_1.txt").exit_code == 0
    meta_path = case / "revisions" / "001" / "meta.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["reply"]["prompts"][0]["section"] = "a section poa does not know"
    meta_path.write_text(yaml.safe_dump(meta), encoding="utf-8")
    result = run("revise", case)
    assert result.exit_code == 0, result.output
    assert "a section poa does not know" in result.output


# --- answers files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("deep.yaml", "summary: " + "[" * 5000 + "]" * 5000, "nested too deeply"),
        ("surrogate.json", '{"violation": "odr", "summary": "x \\ud800"}', "surrogate"),
        ("big.json", '{"summary": ' + "9" * 5000 + "}", "not valid here"),
        ("dup.yaml", "violation: odr\nviolation: other\n", "dup.yaml:2"),
        ("laughs.yaml", "a: &a [x, x]\nb: [*a, *a]\n", "dup.yaml:2".replace("dup", "laughs")),
    ],
)
def test_bad_answers_files(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    line = one_line_error(run("new", tmp_path / "new-case", "--answers", path))
    assert expected in line
    assert not (tmp_path / "new-case" / "case.yaml").exists()


def test_an_answers_file_with_thousands_of_errors_lists_a_few(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "violation: odr\n" + "".join(f"field_{i}: 1\n" for i in range(20_000)), encoding="utf-8"
    )
    result = run("new", tmp_path / "new-case", "--answers", path)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert "20,000 invalid fields" in lines[0]
    assert len(lines) == 12 and "and 19,990 more" in lines[-1]


# --- inputs that are not regular files --------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("score", "{pipe}"),
        ("score", "{case}", "--notice", "{pipe}"),
        ("feedback", "{pipe}"),
        ("orders", "import", "{case}", "{pipe}"),
        ("new", "{tmp}/other", "--answers", "{pipe}"),
        ("new", "{tmp}/other", "--answers", "/dev/zero"),
        ("orders", "import", "{case}", "/dev/zero"),
        ("feedback", "/dev/zero"),
    ],
    ids=lambda a: " ".join(a).replace("{", "").replace("}", ""),
)
def test_pipes_and_devices_are_refused_at_once(
    case: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    pipe = tmp_path / "named-pipe.txt"
    os.mkfifo(pipe)
    values = {"{pipe}": str(pipe), "{case}": str(case), "{tmp}": str(tmp_path)}
    argv = [values.get(a, a).replace("{tmp}", str(tmp_path)) for a in args]
    line = one_line_error(run(*argv))
    assert "not a saved file" in line


def test_an_export_never_replaces_a_pipe_or_device(case: Path, tmp_path: Path) -> None:
    """Renaming a new file over /dev/null (as root) once turned it into a plain file."""
    pipe = tmp_path / "out.md"
    os.mkfifo(pipe)
    assert "not a regular file" in one_line_error(run("export", case, "--format", "md", "-o", pipe))
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_the_reply_file_may_not_be_a_pipe(case: Path, tmp_path: Path) -> None:
    assert run("submit", case).exit_code == 0
    os.mkfifo(tmp_path / "reply.txt")
    assert "named pipe" in one_line_error(run("reply", case, tmp_path / "reply.txt"))


# --- reports --------------------------------------------------------------------------------


def test_a_bom_csv_with_one_bad_byte(case: Path, tmp_path: Path) -> None:
    data = CLAIMS.read_bytes()
    path = tmp_path / "claims.csv"
    path.write_bytes(b"\xef\xbb\xbf" + data[:40] + b"\xff" + data[40:])
    before = (case / "case.yaml").read_bytes()
    assert "CSV UTF-8" in one_line_error(run("orders", "import", case, path))
    assert (case / "case.yaml").read_bytes() == before


def test_a_quote_heavy_csv_is_read_in_one_pass(case: Path, tmp_path: Path) -> None:
    """csv.Sniffer's regular expressions took 13 s on these 64 KB; the delimiter is now found
    by counting, in one pass."""
    from poa.orders.readers import _delimiter

    path = tmp_path / "quotes.csv"
    path.write_text(' "a' * 21_800, encoding="utf-8")
    one_line_error(run("orders", "import", case, path))
    semicolons = 'Order ID;Note\n113-4827301-5520947;"late, then lost"\n114-2039485-7713620;ok\n'
    assert _delimiter(semicolons) == ";"
    assert _delimiter('"Order ID","Note"\n"113-4827301-5520947","a; b"\n') == ","


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "BOM"])
def test_a_report_line_of_megabytes_is_refused(case: Path, tmp_path: Path, bom: bytes) -> None:
    """A file with no line break was read whole (600 MB took 1.2 GB); lines are now bounded."""
    path = tmp_path / "ids.txt"
    path.write_bytes(bom + b"113-4827301-5520947 " * 150_000)
    assert "line 1 is over 1 MB long" in one_line_error(run("orders", "import", case, path))


def _rewrite_zip(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return target


@pytest.fixture
def xlsx(tmp_path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Order ID", "Defect"])
    book.active.append(["113-4827301-5520947", "A-to-z claim"])
    book.save(tmp_path / "good.xlsx")
    return tmp_path / "good.xlsx"


@pytest.fixture
def docx(tmp_path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading("Root causes", level=1)
    doc.add_paragraph("On 3 March 2026 our only packer was on leave for 5 days.")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "113-4827301-5520947"
    doc.save(tmp_path / "good.docx")
    return tmp_path / "good.docx"


def _half(name: str, part: str):
    return lambda n, data: data[: len(data) // 2] if n == part else data


def _bomb(part: str, size: int):
    return lambda n, data: b"<x>" + b" " * size + b"</x>" if n == part else data


def test_malformed_and_hostile_xlsx(case: Path, xlsx: Path, tmp_path: Path) -> None:
    sheet = "xl/worksheets/sheet1.xml"
    broken = {
        "broken sheet XML": (_rewrite_zip(xlsx, tmp_path / "a.xlsx", _half("", sheet)), "damaged"),
        "no workbook part": (
            _rewrite_zip(xlsx, tmp_path / "b.xlsx", lambda n, d: None if "workbook" in n else d),
            "workbook",
        ),
        "zip bomb": (_rewrite_zip(xlsx, tmp_path / "c.xlsx", _bomb(sheet, 8_000_000)), "bomb"),
        "entities": (
            _rewrite_zip(
                xlsx,
                tmp_path / "d.xlsx",
                lambda n, d: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + d if n == sheet else d,
            ),
            "DTD",
        ),
        "truncated": (_truncate(xlsx, tmp_path / "e.xlsx"), "damaged"),
    }
    before = (case / "case.yaml").read_bytes()
    for name, (path, expected) in broken.items():
        line = one_line_error(run("orders", "import", case, path))
        assert expected in line, name
    assert (case / "case.yaml").read_bytes() == before


def _truncate(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[:2000])
    return target


def test_malformed_and_hostile_docx(docx: Path, tmp_path: Path) -> None:
    body = "word/document.xml"

    def span(name: str, data: bytes) -> bytes:
        if name != body:
            return data
        return data.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2000000000"/>', 1)

    def paragraphs(name: str, data: bytes) -> bytes:
        if name != body:
            return data
        return data.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 60_000, 1)

    def styles(name: str, data: bytes) -> bytes:
        if name != "word/styles.xml":
            return data
        many = b"".join(b'<w:style w:styleId="s%d"/>' % i for i in range(2_500))
        return data.replace(b"</w:styles>", many + b"</w:styles>", 1)

    cases = {
        "not a docx": (tmp_path / "a.docx", "not a Word document"),
        "2,500 styles": (_rewrite_zip(docx, tmp_path / "h.docx", styles), "styles"),
        "a DTD behind 200 KB of comment": (
            _rewrite_zip(
                docx,
                tmp_path / "i.docx",
                lambda n, d: (
                    d.replace(
                        b"?>", b"?><!--" + b"<a " * 70_000 + b'--><!DOCTYPE x [<!ENTITY a "a">]>', 1
                    )
                    if n == body
                    else d
                ),
            ),
            "DTD",
        ),
        "broken XML": (_rewrite_zip(docx, tmp_path / "b.docx", _half("", body)), "readable"),
        "truncated": (_truncate(docx, tmp_path / "c.docx"), "not a Word document"),
        "huge gridSpan": (_rewrite_zip(docx, tmp_path / "d.docx", span), "spans"),
        "zip bomb": (_rewrite_zip(docx, tmp_path / "e.docx", _bomb(body, 8_000_000)), "bomb"),
        "60,000 paragraphs": (_rewrite_zip(docx, tmp_path / "f.docx", paragraphs), "paragraphs"),
        "entities": (
            _rewrite_zip(
                docx,
                tmp_path / "g.docx",
                lambda n, d: (
                    d.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "a">]>', 1) if n == body else d
                ),
            ),
            "DTD",
        ),
    }
    with zipfile.ZipFile(tmp_path / "a.docx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    for name, (path, expected) in cases.items():
        line = one_line_error(run("score", path))
        assert expected in line, name


def test_a_docx_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    """20 MB of XML compressed to a few hundred KB: refused from the archive's directory."""
    path = tmp_path / "big.docx"
    chunk = b"<w:p><w:r><w:t>" + b"x" * 1_000_000 + b"</w:t></w:r></w:p>"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w") as part,
    ):
        for _ in range(20):
            part.write(chunk)
    assert "expand to over" in one_line_error(run("score", path))


# --- the guard at both entry points -----------------------------------------------------------


def test_unexpected_errors_are_one_line_and_logged(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from poa.orders import metrics

    monkeypatch.setenv("POA_CACHE_DIR", str(tmp_path / "cache"))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug nobody has found yet")

    monkeypatch.setattr(metrics, "compute", broken)
    line = one_line_error(run("orders", "metrics", case))
    assert "please report" in line and f"poa orders metrics {case}" in line
    log = (tmp_path / "cache" / "errors.log").read_text(encoding="utf-8")
    assert "a bug nobody has found yet" in log and "Traceback" in log


def test_the_fast_score_path_has_the_same_guard(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import poa.score
    from poa import cli

    monkeypatch.setenv("POA_CACHE_DIR", str(tmp_path / "cache"))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("scorer bug")

    monkeypatch.setattr(poa.score, "score_file", broken)
    monkeypatch.setattr(sys, "argv", ["poa", "score", str(case)])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "please report" in err[0] and "poa score" in err[0]
    assert "scorer bug" in (tmp_path / "cache" / "errors.log").read_text(encoding="utf-8")


def test_ctrl_c_is_130_on_both_paths(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import poa.score
    from poa import cli
    from poa.orders import metrics

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(metrics, "compute", interrupted)
    assert run("orders", "metrics", case).exit_code == 130
    monkeypatch.setattr(poa.score, "score_file", interrupted)
    monkeypatch.setattr(sys, "argv", ["poa", "score", str(case)])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 130


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [("score", "{case}"), ("export", "{case}", "--format", "md", "-o", "-"), ("history", "{case}")],
    ids=lambda a: a[0],
)
def test_output_to_a_full_device(case: Path, args: tuple[str, ...]) -> None:
    argv = [a.replace("{case}", str(case)) for a in args]
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "poa", *argv], cwd=ROOT, stdout=full, stderr=subprocess.PIPE
        )
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.strip() == "poa: cannot write the output: No space left on device"


def test_a_closed_stdout_is_no_crash(case: Path) -> None:
    command = f'exec "{sys.executable}" -m poa score "{case}" >&-'
    proc = subprocess.run(["sh", "-c", command], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def test_the_guard_cuts_long_lines() -> None:
    from poa.cli.guard import for_terminal

    assert len(for_terminal("x" * 200_000)) == 300
    assert for_terminal("a\x00b\x1bc") == "a\\x00b\\x1bc"
    assert len(for_terminal("\n".join("line" for _ in range(100))).splitlines()) == 13


def test_zip_limits_use_the_directory_only() -> None:
    """An archive that is not a zip is left to the parser (which names the damage)."""
    from poa.files import safezip

    safezip.check(b"not a zip", Path("x.docx"), safezip.DOCX)
    safezip.check(io.BytesIO(b"").getvalue(), Path("x.docx"), safezip.DOCX)
