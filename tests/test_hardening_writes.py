"""Nothing lost or half-written: concurrent imports, an interrupted reply, killed runs' debris."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from poa.case import store
from poa.cli import app
from poa.errors import CaseError, OutputError
from poa.files import atomic

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "odr-unanswered-messages"
MESSAGES = Path(__file__).parent / "data" / "messages"
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def case(example_case: Path) -> Path:
    """The example case copied (tests/conftest.py), under the name these tests use."""
    return example_case


def _order_ids(start: int, count: int) -> list[str]:
    return [
        f"11{i % 3 + 1}-{4000000 + i:07d}-{6000000 + i:07d}" for i in range(start, start + count)
    ]


def _case_ids(folder: Path) -> set[str]:
    data = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    return {o["order_id"] for o in data.get("orders") or []}


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- 1. two imports at the same moment -----------------------------------------------------


def test_two_concurrent_imports_lose_no_order(case: Path, tmp_path: Path) -> None:
    """Real processes, started together, each importing its own list: every ID is kept."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_no in range(2):
        files, expected = [], set()
        for n in range(2):
            ids = _order_ids(10_000 * (round_no * 2 + n + 1), 200)
            path = tmp_path / f"claims-{round_no}-{n}.txt"
            path.write_text("\n".join(ids) + "\n", encoding="utf-8")
            files.append(path)
            expected |= set(ids)
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "poa",
                    "orders",
                    "import",
                    str(case),
                    str(f),
                    "--defect",
                    "claim",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for f in files
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
        assert expected <= _case_ids(case), f"round {round_no}: orders were lost"


def test_a_save_refuses_a_case_changed_since_it_was_read(case: Path) -> None:
    """The wizard's later save must not undo what another command wrote meanwhile."""
    loaded = store.load_case(case)
    report = EXAMPLE / "reports" / "A-to-z-claims.csv"
    importer = [sys.executable, "-m", "poa", "orders", "import", str(case), str(report)]
    subprocess.run(importer, cwd=ROOT, check=True, capture_output=True)  # another process
    after_import = (case / "case.yaml").read_text(encoding="utf-8")
    with pytest.raises(CaseError, match="changed by another program"):
        store.save_case(case, loaded)
    assert (case / "case.yaml").read_text(encoding="utf-8") == after_import


# --- 2. a reply and its meta.yaml change together ---------------------------------------------


def _submitted_with_reply(case: Path) -> Path:
    assert run("submit", case).exit_code == 0
    assert run("reply", case, MESSAGES / "seed_reply_1.txt").exit_code == 0
    return case / "revisions" / "001"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_reply_replace_failing_before_meta_changes_nothing(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    revision = _submitted_with_reply(case)
    before = _files(revision)
    real = atomic.write_text

    def fail_on_meta(path: Path, text: str) -> None:
        if Path(path).name == "meta.yaml":
            raise OutputError(f"cannot write {path}: No space left on device")
        real(path, text)

    monkeypatch.setattr(atomic, "write_text", fail_on_meta)
    result = run("reply", case, MESSAGES / "seed_reply_2.txt", "--replace")
    assert result.exit_code == 2
    assert "No space left" in result.stderr
    assert _files(revision) == before  # reply.txt is still the first reply's
    assert sorted(p.name for p in revision.parent.iterdir()) == ["001"]


def test_reply_killed_between_the_renames_is_rolled_back(case: Path) -> None:
    """kill -9 at the worst moment (the old revision moved aside, the new one not yet in)."""
    revision = _submitted_with_reply(case)
    before = _files(revision)
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        real = os.rename
        def rename(src, dst):
            real(src, dst)
            if str(src).endswith("/001"):
                os.kill(os.getpid(), signal.SIGKILL)
        os.rename = rename
        sys.argv = ["poa", "reply", {str(case)!r}, {str(MESSAGES / "seed_reply_2.txt")!r},
                    "--replace"]
        from poa.cli import main
        main()
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True)
    assert proc.returncode == -9
    assert not revision.exists()  # the crash really happened between the two renames
    result = run("history", case)
    assert result.exit_code == 0, result.stderr
    assert _files(revision) == before
    assert sorted(p.name for p in revision.parent.iterdir()) == ["001"]


# --- killed runs' debris, a failed submit --------------------------------------------------


def test_leftovers_of_killed_runs_are_cleaned_on_the_next_change(case: Path) -> None:
    assert run("submit", case).exit_code == 0
    dead = _dead_pid()
    debris = [
        case / f".case.yaml.{dead}.k2j3h4.tmp",
        case / "revisions" / f".002.{dead}.abc123.tmp",
        case / "revisions" / "001" / f".meta.yaml.{dead}.zz91.tmp",
    ]
    debris[0].write_text("half a case")
    debris[1].mkdir()
    (debris[1] / "appeal.md").write_text("half a revision")
    debris[2].write_text("half a meta")
    live = case / f".case.yaml.{os.getpid()}.live01.tmp"  # a write still going on: kept
    live.write_text("in progress")
    result = run("orders", "import", case, EXAMPLE / "reports" / "A-to-z-claims.csv")
    assert result.exit_code == 0, result.stderr
    assert [p for p in debris if p.exists()] == []
    assert live.exists()


def test_a_failed_first_submit_leaves_no_revisions_folder(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(path: Path, text: str) -> None:
        raise OutputError(f"cannot write {path}: No space left on device")

    monkeypatch.setattr(atomic, "write_text", full_disk)
    result = run("submit", case)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert not (case / "revisions").exists()
