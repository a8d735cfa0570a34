"""Every regular expression poa compiles, with the file that compiled it (run as a script).

Run in a fresh process by tests/test_regex_bounds.py: ``re``'s compile step is wrapped, every
poa module is imported and each command runs once on the examples, so module-level patterns,
patterns built from ``sections/`` data and patterns compiled on first use are all seen. Prints
a JSON list of {"pattern", "flags", "bytes", "file"}.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POA = str(ROOT / "poa")
RE_DIR = str(Path(re.__file__).parent)
# poa's compiled-pattern cache would hand patterns to the engine without compiling them: off,
# and its frame skipped, so each pattern is named by the file that asked for it.
os.environ["POA_NO_CACHE"] = "1"
CACHE_MODULE = str(ROOT / "poa" / "text" / "regexcache.py")
found: dict[tuple[object, int], str] = {}
_real = re._compile  # type: ignore[attr-defined]


def _compile(pattern, flags):  # type: ignore[no-untyped-def]
    if isinstance(pattern, (str, bytes)):
        # The first caller outside the re module: a pattern a library (Jinja2, python-docx,
        # typing) compiles for itself is that library's, even when poa called the library.
        frame = sys._getframe(1)
        while frame is not None and (
            frame.f_code.co_filename.startswith(RE_DIR) or frame.f_code.co_filename == CACHE_MODULE
        ):
            frame = frame.f_back
        if frame is not None and frame.f_code.co_filename.startswith(POA):
            flags_value = int(flags)
            found.setdefault((pattern, flags_value), frame.f_code.co_filename)
    return _real(pattern, flags)


def workload() -> None:
    from typer.testing import CliRunner

    import poa
    from poa.cli import app

    for module in pkgutil.walk_packages(poa.__path__, "poa."):
        if not module.name.endswith("__main__"):  # that one runs the command line
            importlib.import_module(module.name)
    runner = CliRunner()
    examples = ROOT / "examples"
    messages = sorted((ROOT / "tests" / "data" / "messages").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case"
        shutil.copytree(examples / "odr-unanswered-messages", case)
        seed = Path(tmp) / "seed"
        shutil.copytree(examples / "seed-odr-five-rounds", seed)
        commands = [
            ["orders", "import", case, *sorted((case / "reports").iterdir())],
            ["check", case],
            ["score", case],
            ["score", ROOT / "tests" / "data" / "seed002" / "submission_1.txt"],
            ["export", case, "--format", "txt", "-o", Path(tmp) / "plan.txt"],
            ["export", case, "--format", "docx", "-o", Path(tmp) / "plan.docx"],
            ["score", Path(tmp) / "plan.docx"],
            ["history", seed],
            ["diff", seed, "1", "2"],
            ["submit", case],
            ["reply", case, messages[0]],
            ["revise", case],
            *(["feedback", m] for m in messages),
        ]
        for args in commands:
            runner.invoke(app, [str(a) for a in args])


REGEX_HINT = re.compile(r"\\[bdswBDSW]|\(\?|\[\^")


def data_patterns(compiled: set[str]) -> list[dict[str, object]]:
    """Patterns written in ``sections/`` that no command above happened to compile.

    Any string there that reads like a regular expression and is not already part of a
    compiled pattern is taken on its own (case-insensitive, as the rules use them).
    """
    import yaml

    joined = "\n".join(compiled)
    out = []
    for path in sorted((ROOT / "sections").rglob("*.yaml")):
        strings: list[str] = []
        _strings(yaml.safe_load(path.read_text(encoding="utf-8")), strings)
        for text in dict.fromkeys(strings):
            if not REGEX_HINT.search(text) or text in joined:
                continue
            try:
                re.compile(text, re.IGNORECASE)
            except re.error:
                continue
            rel = os.path.relpath(path, ROOT)
            out.append({"pattern": text, "bytes": False, "flags": int(re.IGNORECASE), "file": rel})
    return out


def _strings(data: object, out: list[str]) -> None:
    if isinstance(data, str):
        out.append(data)
    elif isinstance(data, dict):
        for value in data.values():
            _strings(value, out)
    elif isinstance(data, list):
        for value in data:
            _strings(value, out)


def main() -> None:
    os.environ["POA_NO_CACHE"] = "1"
    re.purge()
    re._compile = _compile  # type: ignore[attr-defined]
    try:
        workload()
    finally:
        re._compile = _real  # type: ignore[attr-defined]
    out = [
        {
            "pattern": p.decode("latin-1") if isinstance(p, bytes) else p,
            "bytes": isinstance(p, bytes),
            "flags": flags,
            "file": os.path.relpath(file, ROOT),
        }
        for (p, flags), file in found.items()
    ]
    out += data_patterns({str(p) for p, _ in found})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
