"""The Word document a reviewer reads: table layout, dates, headings, and LibreOffice's rendering.

The rendering test converts every example (and a case with enough orders to fill two pages) in
one LibreOffice run per module and reads the PDF back with ``pdftotext -layout``. CI installs
LibreOffice and poppler-utils (``.ci/run``), so it runs there; elsewhere it is skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from poa.case.store import load_case
from poa.cli import app
from tests.conftest import EXAMPLE_CASES, EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _NoAliases(yaml.SafeDumper):
    """Writes shared values out in full: case.yaml refuses aliases (*name)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_NoAliases)


def _export(runner, case_dir: Path, out: Path, fmt: str = "docx") -> Path:
    result = runner.invoke(app, ["export", str(case_dir), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _many_orders_case(folder: Path, count: int = 70) -> Path:
    """A case whose orders table runs over more than one page."""
    folder.mkdir(parents=True)
    orders = [
        {
            "order_id": f"11{n % 4}-{4800000 + n * 7919:07d}-{(5500000 + n * 104729) % 10**7:07d}",
            "purchase_date": f"2026-03-{1 + n % 28:02d}",
            "asin": f"B0{n:02d}HJ2K7Q",
            "defect": ["claim", "negative_feedback", "chargeback"][n % 3],
        }
        for n in range(count)
    ]
    ids = [o["order_id"] for o in orders]
    data = {
        "violation": "odr",
        "store": {"name": "Many Orders Ltd"},
        "root_causes": [{"id": "rc1", "title": "Late replies", "what": "x", "order_ids": ids}],
        "corrective_actions": [
            {"id": "ca1", "what": "We refunded them.", "root_causes": ["rc1"], "order_ids": ids}
        ],
        "preventive_measures": [{"id": "pm1", "what": "A rota.", "root_causes": ["rc1"]}],
        "orders": orders,
    }
    (folder / "case.yaml").write_text(_dump(data), encoding="utf-8")
    return folder


def _table(path: Path):
    document = docx.Document(str(path))
    return document, document.tables[0]


def test_orders_table_fits_the_text_width_and_gives_each_id_its_room(runner, tmp_path):
    out = _export(runner, EXAMPLES / "odr-unanswered-messages", tmp_path / "plan.docx")
    document, table = _table(out)
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    assert abs(sum(grid) * 635 - text_width) < 635 * 10  # twips to EMU
    assert len(set(grid)) > 1, "columns sized to content, not all alike"
    order_col, date_col, asin_col = grid[0], grid[1], grid[2]
    # 19 characters of an order ID need well over an inch at 10 pt; an ASIN less.
    assert order_col > 1440 * 1.3 and asin_col < order_col and date_col < order_col
    assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"


def test_header_row_repeats_and_no_row_splits_across_pages(runner, tmp_path):
    out = _export(runner, EXAMPLES / "seed-odr-five-rounds", tmp_path / "plan.docx")
    _document, table = _table(out)
    rows = table._tbl.tr_lst
    assert rows[0].trPr.find(f"{W}tblHeader") is not None
    assert all(r.trPr is not None and r.trPr.find(f"{W}cantSplit") is not None for r in rows)
    assert all(r.trPr.find(f"{W}tblHeader") is None for r in rows[1:])


def test_table_names_the_defect_and_dates_it_like_the_text(runner, tmp_path):
    out = _export(runner, EXAMPLES / "odr-unanswered-messages", tmp_path / "plan.docx")
    _document, table = _table(out)
    cells = [[c.text for c in row.cells] for row in table.rows]
    header = cells[0]
    defects = {row[header.index("Defect")] for row in cells[1:]}
    assert "A-to-z claim" in defects and "claim" not in defects
    dates = [row[header.index("Order date")].replace("\u00a0", " ") for row in cells[1:]]
    assert "2 March 2026" in dates
    assert not any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)


def test_closing_has_its_own_heading_after_the_orders_table(runner, tmp_path):
    out = _export(runner, EXAMPLES / "odr-unanswered-messages", tmp_path / "plan.docx")
    document = docx.Document(str(out))
    body = document.element.body
    kinds = []
    for child in body:
        if child.tag == f"{W}tbl":
            kinds.append("table")
        elif child.tag == f"{W}p":
            style = (
                child.pPr.pStyle.val
                if child.pPr is not None and child.pPr.pStyle is not None
                else ""
            )
            text = "".join(t.text or "" for t in child.iter(f"{W}t"))
            if text:
                kinds.append(f"{style}:{text}" if style.startswith("Heading") else "text")
    after_table = kinds[kinds.index("table") + 1]
    assert after_table.startswith("Heading"), after_table


def test_document_is_not_marked_as_printed(runner, tmp_path):
    out = _export(runner, EXAMPLES / "odr-unanswered-messages", tmp_path / "plan.docx")
    with zipfile.ZipFile(out) as archive:
        assert b"lastPrinted" not in archive.read("docProps/core.xml")
    assert docx.Document(str(out)).core_properties.last_printed is None


def test_a_date_the_seller_wrote_is_printed_once(runner, example_copy):
    """The wizard advises starting with the date; the template must not add it again."""
    case_dir = example_copy("odr-unanswered-messages")
    data = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))
    data["corrective_actions"][0]["what"] = "On 19 March 2026 we answered all 14 messages."
    data["corrective_actions"][1]["what"] = "We refunded the four buyers."
    data["corrective_actions"][2]["what"] = "On 20 March we corrected the size chart."
    data["preventive_measures"][0]["what"] = "Since 21 March 2026 a second person covers weekends."
    data["evidence"][0]["description"] = "Screenshot taken on March 19, 2026 of the inbox."
    (case_dir / "case.yaml").write_text(_dump(data), encoding="utf-8")
    result = runner.invoke(app, ["export", str(case_dir), "-f", "md", "-o", "-"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    line = next(ln for ln in text.splitlines() if "we answered all 14" in ln)
    assert line.count("19 March 2026") == 1 and "**19 March 2026:**" not in line
    assert "**19 March 2026:** We refunded the four buyers." in text  # no date in the text
    assert "3. On 20 March we corrected the size chart." in text  # day and month: enough
    measure = text.split("Since 21 March 2026")[1].split("\n\n")[0]
    assert "In place since" not in measure
    exhibit = text.split("Screenshot taken on March 19, 2026")[1].split("\n\n")[0]
    assert "Dated" not in exhibit


# -- LibreOffice's rendering ----------------------------------------------------------------

_HAVE_TOOLS = shutil.which("soffice") and shutil.which("pdftotext")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, list[str]]:
    """Every example and a two-page orders case as PDF text, pages split, one soffice run."""
    if not _HAVE_TOOLS:
        pytest.skip("LibreOffice or pdftotext is not installed here (.ci/run installs them)")
    from typer.testing import CliRunner

    runner = CliRunner()
    base = tmp_path_factory.mktemp("render")
    sources = {name: EXAMPLES / name for name in EXAMPLE_CASES}
    sources["many-orders"] = _many_orders_case(base / "cases" / "many-orders")
    docs = []
    for name, case_dir in sources.items():
        docs.append(str(_export(runner, case_dir, base / f"{name}.docx")))
    profile = (base / "profile").as_uri()  # a profile of its own: no clash with a running soffice
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(base), *docs],
        capture_output=True, text=True, timeout=240, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pages = {}
    for name in sources:
        pdf = base / f"{name}.pdf"
        assert pdf.exists(), result.stdout + result.stderr
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout  # fmt: skip
        pages[name] = text.split("\f")
    return pages


@pytest.mark.parametrize("name", EXAMPLE_CASES)
def test_libreoffice_prints_every_order_id_and_asin_whole_on_one_line(rendered, name):
    case = load_case(EXAMPLES / name)
    lines = "\n".join(rendered[name]).splitlines()
    wanted = set(case.affected_order_ids())
    wanted |= {o.asin for o in case.orders if o.asin and o.order_id in wanted}
    assert wanted
    missing = sorted(v for v in wanted if not any(v in line for line in lines))
    assert not missing, f"split over lines in {name}: {missing}"


def test_libreoffice_repeats_the_header_row_and_keeps_rows_whole(rendered):
    row = re.compile(r"^\s*\d{3}-\d{7}-\d{7}\s+\d{1,2} March 2026\s+B0\w{8}\s")
    table_pages = [
        p for p in rendered["many-orders"] if any(row.match(ln) for ln in p.splitlines())
    ]
    assert len(table_pages) >= 2
    for page in table_pages:
        lines = page.splitlines()
        first_row = next(i for i, ln in enumerate(lines) if row.match(ln))
        assert any("Order ID" in ln for ln in lines[:first_row]), "header row on every page"
    rows = [ln for p in table_pages for ln in p.splitlines() if row.match(ln)]
    assert len(rows) == 70  # every row printed whole: ID, date and ASIN on one line
