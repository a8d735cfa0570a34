"""The entry point stays light: no Typer for `poa score`, no markdown or pygments for help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOADED = """
import sys
sys.argv = ["poa", *sys.argv[1:]]
from poa.cli import main
try:
    main()
except SystemExit:
    pass
names = {m.split(".")[0] for m in sys.modules} | set(sys.modules)
wanted = ["typer", "rich.markdown", "rich.traceback", "pygments", "markdown_it"]
sys.stderr.write("LOADED=" + ",".join(n for n in wanted if n in names) + "\\n")
"""


def _loaded(*args: str) -> tuple[list[str], str]:
    """The heavy modules a command loaded, and what it printed (so a crash cannot pass)."""
    proc = subprocess.run(
        [sys.executable, "-c", LOADED, *args], cwd=ROOT, capture_output=True, text=True
    )
    assert "LOADED=" in proc.stderr, proc.stderr
    assert "unexpected error" not in proc.stderr, proc.stderr
    return proc.stderr.rsplit("LOADED=", 1)[-1].strip().split(","), proc.stdout


def test_score_runs_without_typer() -> None:
    loaded, out = _loaded("score", "examples/odr-unanswered-messages")
    assert "typer" not in loaded
    assert "/100" in out and "Root causes" in out  # the report itself was printed


def test_help_is_drawn_without_markdown_or_tracebacks() -> None:
    loaded, out = _loaded("--help")
    assert loaded == ["typer"] and "Usage: poa" in out
    loaded, out = _loaded("export", "--help")
    assert loaded == ["typer"] and "Usage: poa export" in out


def test_the_stand_ins_load_the_real_classes_when_used() -> None:
    code = (
        "from poa.cli import lighter\n"
        "lighter.load_rich_utils()\n"
        "from typer import rich_utils\n"
        "import sys\n"
        "assert 'rich.markdown' not in sys.modules\n"
        "md = rich_utils.Markdown('# title')\n"
        "import rich.markdown\n"
        "assert type(md) is rich.markdown.Markdown\n"
        "assert rich_utils.Traceback.from_exception.__self__ is not None\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.stdout.strip() == "ok", proc.stderr


def test_the_app_still_comes_from_poa_cli() -> None:
    from poa.cli import app
    from poa.cli.typer_app import app as built

    assert app is built
