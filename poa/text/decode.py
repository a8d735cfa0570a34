"""Text files a seller gives: a BOM decides UTF-16, binary content is refused, then each
encoding allowed is tried in turn; every problem is one line naming the file (exit 2)."""

from __future__ import annotations

from collections.abc import Sequence

from poa.errors import InputError


def decode_text(
    raw: bytes,
    name: str,
    *,
    binary_hint: str,
    encoding_hint: str,
    encodings: Sequence[str] = ("utf-8-sig",),
) -> str:
    """The text of ``raw``; ``binary_hint`` and ``encoding_hint`` end the error lines."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:8192] or raw.startswith((b"PK\x03\x04", b"%PDF")):
        raise InputError(f"{name} is not a text file{binary_hint}")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name} is not UTF-8 text; {encoding_hint}")
