"""Shared fixtures: the bundled examples, copied so tests never touch the originals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# Example cases with a plan (every folder holding a case.yaml).
EXAMPLE_CASES = sorted(p.parent.name for p in EXAMPLES.glob("*/case.yaml"))


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
