"""Whole-command speed of `poa score` on a 1,000-word draft, against `proselint check`.

    python benchmarks/score_speed.py [--runs 15] [--proselint PATH] [FILE]

Runs the commands alternately (so machine load hits both alike) and prints the minimum and
median wall time of each. Without FILE, a 1,000-word draft is built from the calibration texts.
proselint is optional: give --proselint, or have it on PATH.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def draft_of(words: int) -> str:
    """About ``words`` words of plan text from the strong calibration plans."""
    parts: list[str] = []
    count = 0
    for path in sorted((ROOT / "tests" / "data" / "calibration").glob("*_strong.txt")):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        count += len(text.split())
        if count >= words:
            break
    return "\n".join(parts)


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--proselint", default=shutil.which("proselint"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file
        if path is None:
            path = Path(tmp) / "draft.txt"
            path.write_text(draft_of(1000), encoding="utf-8")
        words = len(path.read_text(encoding="utf-8").split())
        script = Path(sys.executable).with_name("poa")
        poa = [str(script)] if script.exists() else [sys.executable, "-m", "poa"]
        commands = {"poa score": [*poa, "score", str(path)]}
        if args.proselint:
            commands["proselint check"] = [args.proselint, "check", str(path)]
        # Time poa as installed: `pip install .` byte-compiles the package, while an editable
        # install under PYTHONDONTWRITEBYTECODE (as on CI) would compile every module from
        # source on every run, something no user's installed proselint or poa does.
        import compileall

        compileall.compile_dir(str(ROOT / "poa"), quiet=1)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for cmd in commands.values():
            timed(cmd)  # warm the file cache (and poa's data cache)
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(timed(cmd))
        print(f"{path.name}: {words} words, {args.runs} runs each")
        for name, values in times.items():
            wall = [w for w, _ in values]
            cpu = [c for _, c in values]
            print(
                f"  {name:16} wall min {min(wall) * 1000:4.0f} ms,"
                f" median {statistics.median(wall) * 1000:4.0f} ms;"
                f" cpu median {statistics.median(cpu) * 1000:4.0f} ms"
            )


if __name__ == "__main__":
    main()
