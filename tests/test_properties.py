"""Property-based tests of the parsers: whatever the input, a result or poa's own error.

Hypothesis runs derandomized (a fixed seed, the same examples on every run) with a small example
budget, so the whole file stays a few seconds in CI; the deadline is the issue's bound (no run
over 5 seconds). A failure prints the smallest input that breaks the property.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poa.case import store
from poa.case.model import Case
from poa.errors import CaseError, InputError, PoaError
from poa.text import ids

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "odr-unanswered-messages"
CASE_TEXT = (EXAMPLE / "case.yaml").read_text(encoding="utf-8")
REPORTS = sorted((EXAMPLE / "reports").iterdir())

FAST = settings(
    derandomize=True,
    database=None,
    max_examples=100,
    deadline=dt.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FAST, max_examples=40)

# Text as a seller or a file brings it: any character, with the ones that break parsers often.
TRICKY = st.sampled_from(list("-:#&*!|>'\"{}[],%@`\t\n\r\x00\x1b\ufeff\u3000－、，：年月日\ud800"))
TEXT = st.text(st.one_of(st.characters(), TRICKY), max_size=300)


def _one_line(exc: PoaError) -> None:
    message = str(exc)
    assert message and len(message.splitlines()) >= 1
    assert "Traceback" not in message


@st.composite
def mutated(draw: st.DrawFn, original: str) -> str:
    """``original`` with a few lines deleted, duplicated or given inserted characters."""
    lines = original.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        else:
            text = draw(st.text(st.one_of(st.characters(), TRICKY), min_size=1, max_size=12))
            at = draw(st.integers(0, len(lines[i])))
            end = at if action == "insert" else min(len(lines[i]), at + len(text))
            lines[i] = lines[i][:at] + text + lines[i][end:]
    return "".join(lines)


# --- case.yaml and answers files ---------------------------------------------------------------


@FAST
@given(st.one_of(TEXT, mutated(CASE_TEXT)))
def test_case_yaml_loads_or_says_why(text: str) -> None:
    try:
        case = store.parse_case_yaml(text, "case.yaml")
    except CaseError as exc:
        _one_line(exc)
        assert len(str(exc).splitlines()) == 1
        return
    again = store.parse_case_yaml(store.case_to_yaml(case), "case.yaml")  # what poa writes reads
    assert again == case


@SLOW
@given(st.one_of(TEXT, mutated(CASE_TEXT)), st.sampled_from([".yaml", ".json"]))
def test_answers_files_load_or_say_why(text: str, suffix: str) -> None:
    from poa.case.answers import load_answers

    if suffix == ".json":
        text = json.dumps({"violation": "odr", "summary": text}) if len(text) % 2 else text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"answers{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            assert isinstance(load_answers(path), Case)
        except InputError as exc:
            _one_line(exc)
            assert len(str(exc).splitlines()) <= 12


# --- reports ---------------------------------------------------------------------------------


def _report_bytes() -> st.SearchStrategy[tuple[str, bytes]]:
    originals = [(p.suffix, p.read_text(encoding="utf-8-sig")) for p in REPORTS]
    text_reports = st.sampled_from(originals).flatmap(
        lambda item: mutated(item[1]).map(lambda t: (item[0], t.encode("utf-8", "surrogatepass")))
    )
    raw = st.tuples(st.sampled_from([".csv", ".txt", ".tsv"]), st.binary(max_size=400))
    return st.one_of(text_reports, raw)


@SLOW
@given(_report_bytes())
def test_reports_are_recognised_and_read_or_refused(report: tuple[str, bytes]) -> None:
    from poa.orders.importer import import_reports

    suffix, data = report
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        path.write_bytes(data)
        try:
            result = import_reports(Case(violation="odr"), [path], default_defect="claim")
        except InputError as exc:
            _one_line(exc)
            return
    for order in result.case.orders:
        assert ids.ORDER_ID_RE.fullmatch(order.order_id)


@SLOW
@given(st.lists(st.lists(st.one_of(st.none(), TEXT, st.integers(), st.floats()), max_size=5)))
def test_xlsx_reports_are_read_or_refused(rows: list[list[object]]) -> None:
    import openpyxl

    from poa.orders.importer import import_reports

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Order ID", "Defect", "Order Date"])
    for row in rows:
        try:
            sheet.append([_cell(v) for v in row])
        except (ValueError, TypeError):  # openpyxl refuses characters a sheet cannot hold
            return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.xlsx"
        book.save(path)
        try:
            import_reports(Case(violation="odr"), [path], default_defect="claim")
        except InputError as exc:
            _one_line(exc)


def _cell(value: object) -> object:
    if isinstance(value, str):
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", "", value)
    return value


# --- order IDs and dates -----------------------------------------------------------------------

DIGITS = st.text(st.sampled_from("0123456789"), min_size=1, max_size=1)
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


@FAST
@given(
    st.from_regex(r"\A[0-9]{3}-[0-9]{7}-[0-9]{7}\Z"),
    st.sampled_from(["plain", "full-width", "spaced", "bare", "odd dash"]),
    TEXT,
)
def test_an_order_id_is_recognised_however_it_is_typed(
    order_id: str, form: str, noise: str
) -> None:
    from poa.wizard.parse import parse_order_ids

    typed = {
        "plain": order_id,
        "full-width": order_id.translate(FULL_WIDTH),
        "spaced": order_id.replace("-", " "),
        "bare": order_id.replace("-", ""),
        "odd dash": order_id.replace("-", "\u2013"),
    }[form]
    assert ids.normalize_order_id(typed) == order_id
    assert parse_order_ids(f"{typed}, {typed}") == [order_id]
    if form in ("plain", "full-width", "odd dash"):
        assert order_id in ids.find_order_ids(f"{_clean(noise)} {typed} {_clean(noise)}")


def _clean(noise: str) -> str:
    """Noise that cannot glue onto an ID (a digit or a dash beside it would change it)."""
    return ids.fold(noise).translate(str.maketrans("", "", "0123456789-")).strip() or "x"


@FAST
@given(TEXT)
def test_free_text_gives_only_well_formed_ids(text: str) -> None:
    from poa.wizard.parse import parse_asins, parse_order_ids

    for found in ids.find_order_ids(text):
        assert ids.ORDER_ID_RE.fullmatch(found)
    for start, end, raw in ids.find_order_id_candidates(text):
        assert text[start:end] == raw
    for parser in (parse_order_ids, parse_asins):
        with contextlib.suppress(ValueError):
            parser(text)


@FAST
@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), TEXT)
def test_dates_are_recognised_in_every_written_form(day: dt.date, noise: str) -> None:
    from poa.orders.values import parse_date
    from poa.wizard.parse import parse_date as typed_date

    for form in (
        day.isoformat(),
        f"{day.isoformat()}T10:15:22+00:00",
        f"{day.year}年{day.month}月{day.day}日",
    ):
        assert parse_date(form) == day
    assert typed_date(f"{day.year}/{day.month}/{day.day}") == day
    assert parse_date(noise) is None or isinstance(parse_date(noise), dt.date)
    with contextlib.suppress(ValueError):
        typed_date(noise)


# --- .docx drafts ----------------------------------------------------------------------------

PARAGRAPH = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), max_size=80
)  # what python-docx can write


@SLOW
@given(st.lists(st.tuples(st.sampled_from(["p", "h", "n", "t"]), PARAGRAPH), max_size=8))
def test_docx_drafts_are_read_whole(blocks: list[tuple[str, str]]) -> None:
    from docx import Document

    from poa.score.docx_text import docx_text

    doc = Document()
    for kind, text in blocks:
        if kind == "h":
            doc.add_heading(text, level=1)
        elif kind == "n":
            doc.add_paragraph(text, style="List Number")
        elif kind == "t":
            doc.add_table(rows=1, cols=2).cell(0, 1).text = text
        else:
            doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    out = docx_text(buffer.getvalue(), Path("draft.docx"))
    for _, text in blocks:
        for word in text.split():
            assert word in out


@SLOW
@given(st.integers(0, 10_000), st.binary(min_size=1, max_size=16))
def test_damaged_docx_is_read_or_refused(at: int, junk: bytes) -> None:
    from poa.score.docx_text import docx_text

    raw = _sample_docx()
    at %= len(raw)
    damaged = raw[:at] + junk + raw[at + len(junk) :]
    try:
        assert isinstance(docx_text(damaged, Path("draft.docx")), str)
    except InputError as exc:
        _one_line(exc)


_DOCX: list[bytes] = []


def _sample_docx() -> bytes:
    if not _DOCX:
        from docx import Document

        doc = Document()
        doc.add_heading("Root causes", level=1)
        doc.add_paragraph("Our packer was on leave from 3 to 7 March 2026.", style="List Number")
        doc.add_table(rows=1, cols=2).cell(0, 0).text = "113-4827301-5520947"
        buffer = io.BytesIO()
        doc.save(buffer)
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:  # stored, not deflated:
            out = io.BytesIO()  # byte damage then lands in the XML, not only in the compression
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as stored:
                for info in archive.infolist():
                    stored.writestr(info.filename, archive.read(info.filename))
        _DOCX.append(out.getvalue())
    return _DOCX[0]


# --- Amazon's messages and drafts ---------------------------------------------------------------


@SLOW
@given(TEXT)
def test_any_message_is_analysed(text: str) -> None:
    from poa.inbox.feedback import analyze

    analysis = analyze(text)
    assert analysis.kind in {
        "suspension_notice",
        "rejection",
        "reinstated",
        "final_denial",
        "other",
    }


@SLOW
@given(st.lists(st.one_of(TEXT, st.sampled_from(["## Root causes", "1. ", "Summary:"]))))
def test_any_draft_is_split_into_sections(parts: list[str]) -> None:
    from poa.score.sections import parse

    doc = parse("\n".join(parts))
    assert doc is not None


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_the_example_reports_still_import(report: Path) -> None:
    """The properties above would pass on a reader that refuses everything: this one reads."""
    from poa.orders.importer import import_reports

    result = import_reports(Case(violation="odr"), [report])
    assert result.files[0].rows > 0 and result.changed
