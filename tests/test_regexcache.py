"""Compiled patterns kept between runs match exactly as ``re.compile`` does, and any damage
to the cache only costs time."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from poa.text import regexcache

PATTERNS = [
    (r"\b(?:every|each)\s+(?:day|week|monday)s?\b", re.IGNORECASE),
    (r"(?P<days>\d{1,3})[- ]days?", 0),
    (r"(?<![\d.,])\d+(?=[\u3400-\u9fff])", 0),
    (r"^\s*(?:-+\s*)?your (?:appeal|plan)", re.IGNORECASE | re.MULTILINE),
]
TEXT = "Every Monday we checked 14 days of orders; 有23条消息.\n  -- your plan: every week"

SCRIPT = """
import json, re, sys
from poa.text import regexcache
out = []
for pattern, flags in json.loads(sys.argv[1]):
    compiled = regexcache.compile(pattern, flags)
    out.append([m.span() for m in compiled.finditer(sys.argv[2])] + [dict(compiled.groupindex)])
print(json.dumps(out))
"""


def _run(tmp_path: Path, **env: str) -> str:
    import json
    import os

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(PATTERNS), TEXT],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "POA_CACHE_DIR": str(tmp_path), **env},
    )
    return result.stdout


def _expected() -> str:
    import json

    out = []
    for pattern, flags in PATTERNS:
        compiled = re.compile(pattern, flags)
        out.append([list(m.span()) for m in compiled.finditer(TEXT)] + [dict(compiled.groupindex)])
    return json.dumps(out)


def test_a_pattern_from_the_cache_matches_as_re_compile_does(tmp_path: Path) -> None:
    first = _run(tmp_path)  # compiles and stores
    assert list(tmp_path.glob("regex-*.marshal")), "the compiled patterns were not stored"
    second = _run(tmp_path)  # built from the stored code
    assert first.strip() == second.strip() == _expected()


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"{"])
def test_a_damaged_cache_only_costs_time(tmp_path: Path, damage: bytes) -> None:
    _run(tmp_path)
    for path in tmp_path.glob("regex-*.marshal"):
        path.write_bytes(damage)
    assert _run(tmp_path).strip() == _expected()


def test_off_with_poa_no_cache(tmp_path: Path) -> None:
    assert _run(tmp_path, POA_NO_CACHE="1").strip() == _expected()
    assert not list(tmp_path.glob("regex-*.marshal"))


def test_a_bad_pattern_is_still_an_error() -> None:
    with pytest.raises(re.error):
        regexcache.compile("(unclosed", 0)
