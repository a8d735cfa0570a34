"""Shared fixtures: example case copies, sample reports, a spreadsheet built with openpyxl."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# The keys of a finding in the design's JSON contract (poa score --json, poa check --json).
FINDING_KEYS = {
    "rule", "severity", "section", "line", "column", "excerpt", "message", "suggestion",
}  # fmt: skip
# Example cases with a plan (every folder holding a case.yaml).
EXAMPLE_CASES = sorted(p.parent.name for p in EXAMPLES.glob("*/case.yaml"))
REPORTS = ROOT / "tests" / "data" / "reports"
EXAMPLE = EXAMPLES / "odr-unanswered-messages"


@pytest.fixture
def reports() -> Path:
    return REPORTS


@pytest.fixture
def example_case(tmp_path: Path) -> Path:
    """A private copy of the example ODR case."""
    target = tmp_path / "case"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def empty_case(tmp_path: Path) -> Path:
    from poa.case import store
    from poa.case.model import Case

    target = tmp_path / "empty"
    store.create_case(target, Case(violation="odr"))
    return target


@pytest.fixture
def xlsx_report(tmp_path: Path) -> Path:
    """A seller's complaint sheet saved from Excel: a title row, real dates, one ID as a number."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Complaints"
    sheet.append(["ODR complaints, January to March 2026"])
    sheet.append([])
    sheet.append(["Order ID", "Order Date", "ASIN", "SKU", "Defect", "Buyer Name"])
    sheet.append(
        ["113-2048113-6601937", dt.datetime(2026, 1, 14), "B07QX4L2M9", "LHG-SHIRT-LIN-M",
         "A-to-z claim", "Jane Example"]
    )  # fmt: skip
    sheet.append(
        ["111-3390475-1184620", dt.datetime(2026, 2, 20), "b08hj2k7q4", "LHG-TOWEL-GRY",
         "Chargeback", "John Sample"]
    )  # fmt: skip
    sheet.append([11433100229840316, dt.datetime(2026, 2, 8), "B07QX4L2M9", "", "Negative", "X"])
    sheet.append(["１１２－５５０１８４６－２２７０４５９", "2026-01-25", "", "", "Late", "Y"])
    path = tmp_path / "complaints.xlsx"
    book.save(path)
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def example_copy(tmp_path: Path):
    """Copy an example case into tmp_path and return its folder."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(EXAMPLES / name, target)
        return target

    return copy


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty case folder, as `poa new` leaves it before the first answer."""
    from poa.case import store
    from poa.case.model import Case

    path = tmp_path / "case"
    store.create_case(path, Case())
    return path
