"""Whole-command start-up time of `poa --help`, against `python -c "import typer"`.

    python benchmarks/startup.py [--runs 21]

Runs the two commands alternately (so machine load hits both alike), each as a whole process,
and prints the median wall time of each and the median of the paired ratios, then the same for
CPU time (user + system), which a busy machine disturbs less. The aim is a ratio of at most 1.5:
a figure for the record, not an assertion.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    script = Path(sys.executable).with_name("poa")
    poa = [str(script)] if script.exists() else [sys.executable, "-m", "poa"]
    commands = {
        "poa --help": [*poa, "--help"],
        'python -c "import typer"': [sys.executable, "-c", "import typer"],
    }
    # Time poa as installed: byte-compiled (an editable install under PYTHONDONTWRITEBYTECODE
    # would compile every module from source on every run, which no installed poa does).
    import compileall

    compileall.compile_dir(str(ROOT / "poa"), quiet=1)
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for cmd in commands.values():
        timed(cmd, env)  # warm the file cache
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd, env))
    print(f"start-up, {args.runs} paired runs (medians)")
    for kind, n in (("wall", 0), ("CPU", 1)):
        for name, values in times.items():
            median = statistics.median(v[n] for v in values)
            print(f"  {name:<26} {kind:<4} {median * 1000:6.1f} ms")
        help_times, typer_times = times.values()
        pairs = zip(help_times, typer_times, strict=True)
        ratio = statistics.median(h[n] / t[n] for h, t in pairs)
        print(f"  ratio, {kind:<4} (median of pairs)  {ratio:5.2f}x  (aim: at most 1.5x)")


if __name__ == "__main__":
    main()
