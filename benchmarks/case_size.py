"""Whole-command time of `poa export`, `poa check` and `poa score` on a large case, against
the same command on the six-order example.

    python benchmarks/case_size.py [ROWS] [--runs 5]

The large case is built once, as benchmarks/import_200k.py builds it: a generated All Orders
report of ROWS rows (default 200,000) and its claims file imported into a new ODR case. The
example (examples/odr-unanswered-messages) is copied to a temporary folder first. Each command
runs on the two cases alternately (so machine load hits both alike); the figures are the median
wall times and their ratio (large / example); "first" is the large case's first run, which
parses case.yaml (later runs read the parsed copy poa keeps in its cache folder). A figure
for the record, not an assertion.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_200k import write_report  # noqa: E402

from poa.case import store  # noqa: E402
from poa.case.model import Case  # noqa: E402
from poa.orders.importer import import_into_folder  # noqa: E402

EXAMPLE = ROOT / "examples" / "odr-unanswered-messages"


def build_large(folder: Path, rows: int) -> Path:
    """A new ODR case with a generated report of ``rows`` rows imported into it."""
    report, claims = write_report(folder, rows)
    case_dir = folder / "large"
    store.create_case(case_dir, Case(violation="odr"))
    import_into_folder(case_dir, [report, claims])
    report.unlink()
    claims.unlink()
    return case_dir


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", nargs="?", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    # Time poa as installed (byte-compiled), as benchmarks/score_speed.py does.
    compileall.compile_dir(str(ROOT / "poa"), quiet=1)
    script = Path(sys.executable).with_name("poa")
    poa = [str(script)] if script.exists() else [sys.executable, "-m", "poa"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cache = folder / "cache"  # poa's cache folder for this run (POA_CACHE_DIR)
        os.environ["POA_CACHE_DIR"] = str(cache)
        cache.mkdir()
        began = time.perf_counter()
        large = build_large(folder, args.rows)
        built = time.perf_counter() - began
        small = folder / "example"
        shutil.copytree(EXAMPLE, small)
        out = folder / "out"
        out.mkdir()
        cases = {"example": small, "large": large}
        commands = {
            "export": lambda case: [*poa, "export", str(case), "-o", str(out / "appeal.docx")],
            "check": lambda case: [*poa, "check", str(case)],
            "score": lambda case: [*poa, "score", str(case)],
        }
        times: dict[tuple[str, str], list[float]] = {}
        first: dict[str, float] = {}
        for name, cmd in commands.items():
            for label, case in cases.items():
                for copy in cache.glob("*-case-*.marshal"):
                    copy.unlink()  # the large case's parsed copy: its first run parses
                first[f"{name} {label}"] = timed(cmd(case))  # warms the caches
                times[name, label] = []
            for _ in range(args.runs):
                for label, case in cases.items():
                    times[name, label].append(timed(cmd(case)))
        orders = len(store.load_case(large).orders)
        size = store.case_file(large).stat().st_size
    print(
        f"large case: {args.rows:,} rows imported, {orders:,} orders kept,"
        f" case.yaml {size / 1e3:.0f} kB (built in {built:.1f} s); {args.runs} runs each"
    )
    for name in commands:
        small_s = statistics.median(times[name, "example"])
        large_s = statistics.median(times[name, "large"])
        print(
            f"  poa {name:7} example {small_s * 1000:5.0f} ms, large {large_s * 1000:5.0f} ms,"
            f" ratio {large_s / small_s:4.2f}x (first {first[f'{name} large'] * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main()
