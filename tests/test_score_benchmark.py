"""Speed: `poa score` on a 1,000-word draft must feel instant (faster than `proselint check`).

The comparison with proselint lives in benchmarks/score_speed.py (it needs proselint). Here:
the library call is benchmarked with pytest-benchmark (run once as a test under
--benchmark-disable), and the command's fast path is held to what makes it fast - it must not
import Typer, pydantic, rich, PyYAML (once the data cache is warm) or textstat.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.score_speed import draft_of
from poa.score import score_text

HEAVY = {"typer", "pydantic", "rich", "yaml", "textstat", "nltk", "docx", "jinja2"}


def test_score_text_1000_words(benchmark) -> None:  # type: ignore[no-untyped-def]
    text = draft_of(1000)
    assert len(text.split()) >= 1000
    report = benchmark(score_text, text)
    assert report.score > 0


PROBE = """
import sys
sys.argv = ["poa", "score", sys.argv[1], "--json"]
from poa.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2:] or HEAVY))
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
"""


def _probe(draft: Path, env: dict[str, str]) -> tuple[str, str]:
    code = PROBE.replace("set(sys.argv[2:] or HEAVY)", repr(HEAVY))
    result = subprocess.run(
        [sys.executable, "-c", code, str(draft)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    heavy = result.stderr.rsplit("HEAVY=", 1)[-1].strip()
    return result.stdout, heavy


def test_command_fast_path_imports_nothing_heavy(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(draft_of(1000), encoding="utf-8")
    env = {**os.environ, "POA_CACHE_DIR": str(tmp_path / "cache")}
    out, heavy = _probe(draft, env)  # cold cache: parses the YAML once
    assert json.loads(out)["score"] > 0
    assert heavy == "yaml"
    out, heavy = _probe(draft, env)  # warm cache
    assert json.loads(out)["score"] > 0
    assert heavy == ""


def test_poa_help_imports_neither_textstat_nor_docx() -> None:
    code = (
        "import sys\nsys.argv=['poa','--help']\nfrom poa.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({'textstat','docx','nltk'} & {m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]")
