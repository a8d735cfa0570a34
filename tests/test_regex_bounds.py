"""Every regular expression poa runs on user text stays fast on hostile 1 MB inputs.

The patterns are gathered by tests/regex_inventory.py: every pattern poa compiles while its
commands run on the examples (from the code and from ``sections/``, with the file that compiled
it), and every string in ``sections/`` that reads like a pattern and was not among them. Each
is run (``finditer``, the costliest use) over 1 MB of spaces, digits, dashes, letters, repeated
words and "1," pairs. The input grows from a few bytes to 1 MB and stops as soon as a run takes
over a quarter of a second (or, linear from 16 KB to 64 KB and far under the bound, is
extrapolated from 64 KB), so a catastrophic pattern costs a fraction of a second, not hours:
its 1 MB time is extrapolated from the growth between the last two sizes. The bound is the
issue's: 1 second for 1 MB.

Patterns in code that other work is rewriting (the scorer, the message reader, the prompt
catalogue, ``sections/specifics.yaml``) are not changed here: when slow, they are marked
xfail with the pattern named, so the rewrite can pick them up (strict, so a fixed one shows).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOUND = 1.0  # seconds for 1 MB
STOP = 0.25  # seconds: a run this long ends the growth and the rest is extrapolated
MB = 1 << 20
LINEAR_FROM = 64 << 10  # a pattern linear up to here, far under the bound, is extrapolated
SIZES = [8, 16, 24, 32, 64, 256, 1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, MB]
INPUTS = {
    "spaces": " ",
    "digits": "1",
    "dashes": "-",
    "letters": "a",
    "words": "order ",
    "1,": "1,",
}
# Files whose patterns belong to rewrites in progress elsewhere: recorded, never edited here.
OWNED_ELSEWHERE = (
    "poa/score/",
    "sections/rules/",
    "sections/specifics.yaml",
    "sections/prompts.yaml",
    "poa/inbox/text.py",
    "poa/inbox/feedback.py",
    "poa/inbox/catalogue.py",
    "poa/text/facts.py",
)
# Patterns measured slow, in code owned elsewhere (see the module doc): the file, the start of
# the pattern, and why (the extrapolated time for 1 MB when this list was made).
KNOWN_SLOW = []


def _inventory() -> list[dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "regex_inventory.py")],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return json.loads(proc.stdout)


PATTERNS = _inventory()


def _seconds_for_1mb(pattern: re.Pattern, unit: str, as_bytes: bool) -> float:
    """The time of finditer over 1 MB of ``unit``, measured or extrapolated (see above)."""
    previous: tuple[int, float] | None = None
    for size in SIZES:
        text = (unit * (size // len(unit) + 1))[:size]
        data = text.encode("ascii") if as_bytes else text
        # CPU time of this thread: the work the pattern does, not how long other processes
        # on a loaded machine kept it waiting.
        start = time.thread_time()
        for _ in pattern.finditer(data):
            pass
        took = time.thread_time() - start
        if size == MB:
            return took
        growth = (
            math.log(max(took / previous[1], 1.0)) / math.log(size / previous[0])
            if previous is not None
            else 1.0
        )
        if took > STOP:
            return math.inf if previous is None else took * (MB / size) ** max(growth, 1.0)
        if size >= LINEAR_FROM and growth < 1.2 and took * MB / size < BOUND / 4:
            return took * MB / size  # linear from 16 KB to 64 KB and far under the bound
        previous = (size, max(took, 1e-6))
    return 0.0


def _id(entry: dict[str, object]) -> str:
    text = str(entry["pattern"])
    return f"{entry['file']}:{text[:40]}"


def _param(entry: dict[str, object]):
    marks = []
    file, text = str(entry["file"]), str(entry["pattern"])
    for known_file, start, why in KNOWN_SLOW:
        if file == known_file and text.startswith(start) and file.startswith(OWNED_ELSEWHERE):
            reason = f"slow on hostile input, left to the rewrite of {file}: {text[:80]!r}: {why}"
            marks.append(pytest.mark.xfail(reason=reason, strict=True))
    return pytest.param(entry, id=_id(entry), marks=marks)


@pytest.mark.parametrize("entry", [_param(e) for e in PATTERNS])
def test_each_pattern_is_linear_on_hostile_input(entry: dict[str, object]) -> None:
    text = str(entry["pattern"])
    as_bytes = bool(entry["bytes"])
    pattern = re.compile(text.encode("latin-1") if as_bytes else text, int(entry["flags"]))  # type: ignore[arg-type]
    slow = {}
    for name, unit in INPUTS.items():
        seconds = _seconds_for_1mb(pattern, unit, as_bytes)
        if seconds > BOUND:
            slow[name] = seconds
    assert not slow, f"{entry['file']}: {text!r} on 1 MB of " + ", ".join(
        f"{name}: ~{seconds:.3g} s" for name, seconds in slow.items()
    )


def test_the_inventory_sees_patterns_of_code_and_of_sections() -> None:
    files = {str(e["file"]) for e in PATTERNS}
    assert {"poa/text/ids.py", "poa/orders/values.py", "poa/text/words.py"} <= files
    assert len(PATTERNS) > 100
