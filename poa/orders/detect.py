"""Recognise a seller's file before reading it: its format, its text encoding, its report kind.

Encoding rule (files come from Windows, Excel and Chinese or Western Seller Central):

1. A byte-order mark decides: UTF-8 BOM -> ``utf-8-sig``; UTF-16 BOM (Excel "Unicode text")
   -> ``utf-16``.
2. Otherwise every line with a non-ASCII byte is tried as UTF-8. All decode -> ``utf-8``.
   Some decode and some do not -> the file mixes encodings: refused, naming one line of each.
3. None decode as UTF-8: if they all decode as GB18030 and at least half of their non-ASCII
   characters are Chinese (CJK ideographs, CJK punctuation or full-width forms) -> ``gb18030``;
   otherwise -> ``cp1252`` (Windows Western). A byte cp1252 cannot hold is refused with its line.

The pass reads the file line by line, so a 200,000-row report is never held in memory.
Report kinds are data (``sections/orders.yaml``): a header is matched by the fields its columns
carry, words in its cells, or words in a title line or the file name.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from poa import knowledge
from poa.errors import InputError
from poa.files.inputs import regular_file
from poa.text.scripts import is_chinese

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
NOT_REPORT_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG"}


def orders_data() -> dict[str, Any]:
    return knowledge.load_data("orders.yaml")


def fold(text: object) -> str:
    """Header cell or value folded for comparison: 'Order ID' -> 'order-id'."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    value = value.lstrip("\ufeff")
    return re.sub(r"[\s_\-–—]+", "-", value).strip("-")


# ---------------------------------------------------------------- file format and encoding


def expected_extensions() -> str:
    """'.txt, .csv, .tsv or .xlsx': the one list every message names (``report_extensions``)."""
    names = [str(e) for e in orders_data()["report_extensions"]]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)


def sniff_format(path: Path) -> str:
    """'xlsx' or 'text'; refuses files that are clearly not a report."""
    regular_file(path, "report")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a report file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not head:
        raise InputError(f"{path}: the file is empty, not a report")
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        raise InputError(
            f"{path}: an old Excel .xls file; open it in Excel and save it as .xlsx or .csv"
        )
    for magic, what in NOT_REPORT_MAGIC.items():
        if head.startswith(magic):
            raise InputError(f"{path}: {what}, not a report (expected {expected_extensions()})")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    if b"\x00" in head:
        raise InputError(f"{path}: a binary file, not a report (expected {expected_extensions()})")
    return "text"


MAX_LINE = 1 << 20  # bytes: a report line is a few hundred; the readers hold one line at a time


def _lines(fh: BinaryIO, path: Path) -> Iterator[tuple[int, bytes]]:
    """Numbered lines, each read with a bound: a 600 MB file with no line break is refused."""
    number = 0
    while line := fh.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            raise InputError(
                f"{path}: line {number} is over 1 MB long; a report line is a few hundred"
                f" characters (expected {expected_extensions()})"
            )
        yield number, line


def detect_encoding(path: Path) -> str:
    """Apply the module's encoding rule to a text file, streaming it line by line."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    bom = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        bom = "utf-16"
    if bom:
        with open(path, "rb") as fh:
            for _ in _lines(fh, path):  # only the length of each line is checked
                pass
        return bom
    first_utf8 = first_other = 0
    last_line = 0
    truncated_tail = False
    with open(path, "rb") as fh:
        for number, line in _lines(fh, path):
            last_line = number
            truncated_tail = False
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.reason == "unexpected end of data" and not line.endswith(b"\n"):
                    truncated_tail = True  # only fatal if this turns out to be the last line
                    continue
                first_other = first_other or number
            else:
                first_utf8 = first_utf8 or number
    if truncated_tail and not first_other:
        raise InputError(
            f"{path}: the file ends in the middle of a character on line {last_line}:"
            " it looks truncated; download the report again"
        )
    if not first_other:
        return "utf-8"
    if first_utf8:
        raise InputError(
            f"{path}: the file mixes text encodings (line {first_utf8} is UTF-8,"
            f" line {first_other} is not); save it again as 'CSV UTF-8' and import that"
        )
    return _legacy_encoding(path)


def _legacy_encoding(path: Path) -> str:
    chinese = other = 0
    gb_ok = True
    with open(path, "rb") as fh:
        for line in fh:
            if line.isascii():
                continue
            try:
                text = line.decode("gb18030")
            except UnicodeDecodeError:
                gb_ok = False
                break
            for ch in text:
                if ord(ch) > 127:
                    if is_chinese(ch):
                        chinese += 1
                    else:
                        other += 1
    if gb_ok and chinese and chinese >= other:
        return "gb18030"
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            try:
                line.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}: line {number} has byte 0x{line[exc.start]:02x}, which is neither"
                    " UTF-8, GB18030 nor Windows-1252 text; save the file as 'CSV UTF-8'"
                ) from None
    return "cp1252"


# ---------------------------------------------------------------- report kinds


@dataclass
class Kind:
    """A recognised report kind and where each field sits in its header."""

    name: str
    label: str
    columns: dict[str, int]
    spec: dict[str, Any] = field(default_factory=dict)

    @property
    def defect(self) -> str | None:
        return self.spec.get("defect")

    @property
    def counts_orders(self) -> bool:
        return bool(self.spec.get("counts_orders"))


def map_columns(header: Sequence[object]) -> dict[str, int]:
    """Field name -> column index, for the columns this header has."""
    folded = [fold(cell) for cell in header]
    found: dict[str, int] = {}
    for name, aliases in orders_data()["columns"].items():
        wanted = [fold(a) for a in aliases]
        for alias in wanted:
            if alias in folded:
                found[name] = folded.index(alias)
                break
    return found


def looks_like_header(header: Sequence[object]) -> bool:
    """A row is taken as the header when one of its cells names the order ID column."""
    return "order_id" in map_columns(header)


def recognise(header: Sequence[object], titles: str, source: Path) -> Kind:
    """Decide the report kind from its header, then from title lines or the file name.

    Three passes, so that the header always outweighs a hint: kinds whose header words (or
    required columns alone) match; then kinds whose title words appear in a title line or the
    file name; then the fallback kind (a seller's spreadsheet). Raises InputError naming the
    expected columns when a kind is recognised but incomplete.
    """
    columns = map_columns(header)
    cells = [fold(c) for c in header if str(c or "").strip()]
    hints = fold(titles + " " + source.stem)
    kinds = orders_data()["reports"]

    def has_fields(spec: dict[str, Any]) -> bool:
        return all(f in columns for f in spec.get("has_fields", []))

    def by_header(spec: dict[str, Any]) -> bool:
        words = [fold(w) for w in spec.get("header_words", [])]
        if not words:
            return not spec.get("title_words")
        return any(w in cell for w in words for cell in cells)

    def by_title(spec: dict[str, Any]) -> bool:
        return any(fold(w) in hints for w in spec.get("title_words", []))

    for test in (by_header, by_title):
        for name, spec in kinds.items():
            if not spec.get("fallback") and has_fields(spec) and test(spec):
                return _complete(name, spec, columns, source)
    for name, spec in kinds.items():
        if spec.get("fallback") and has_fields(spec):
            return _complete(name, spec, columns, source)
    raise unknown_columns(source, header)


def _complete(name: str, spec: dict[str, Any], columns: dict[str, int], source: Path) -> Kind:
    missing = [f for f in spec.get("required", []) if f not in columns]
    if missing:
        raise InputError(
            f"{source}: looks like a {spec['label']} but has no"
            f" {', '.join(m.replace('_', '-') for m in missing)} column;"
            f" expected columns: {', '.join(spec['expected_columns'])}"
        )
    return Kind(name=name, label=spec["label"], columns=columns, spec=spec)


def expected_summary() -> str:
    kinds = orders_data()["reports"]
    return "; ".join(
        f"{spec['label']}: {', '.join(spec['expected_columns'])}" for spec in kinds.values()
    )


def unknown_columns(source: Path, header: Sequence[object]) -> InputError:
    cells = [str(c).strip() for c in header if str(c or "").strip()]
    shown = ", ".join(cells[:12]) + (", ..." if len(cells) > 12 else "")
    return InputError(
        f"{source}: not a report poa knows (columns: {shown}); it needs an order ID column."
        f" Expected one of - {expected_summary()}; or a plain list of order IDs"
    )
