"""Stream the rows of a report: tab- or comma-separated text, an Excel .xlsx, or a list of IDs.

Nothing here holds a whole file: rows are yielded one at a time with their line (or Excel row)
number, mapped to the fields ``sections/orders.yaml`` names. Columns that are not mapped (buyer
names, e-mails, addresses) are dropped as each row is read.
"""

from __future__ import annotations

import csv
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from poa.errors import InputError
from poa.files import safezip
from poa.orders.detect import (
    Kind,
    detect_encoding,
    looks_like_header,
    recognise,
    sniff_format,
    unknown_columns,
)
from poa.text.ids import LOOSE_ORDER_ID_RE, fold

HEADER_SEARCH_ROWS = 30  # title lines Seller Central or a seller may put above the header
LIST_SAMPLE_LINES = 200
DIGITS_RE = re.compile(r"\d{5,}")

Record = dict[str, Any]
# What openpyxl raises for a damaged workbook: zip errors, a missing part, broken XML (the
# parsers' errors derive from SyntaxError), a cell value it cannot build.
XLSX_DAMAGE = (zipfile.BadZipFile, EOFError, KeyError, SyntaxError, ValueError, TypeError)


@dataclass
class Report:
    """An opened report: its kind and a one-pass iterator over ``(line, record)``."""

    path: Path
    kind: Kind | None  # None for a plain list of order IDs
    encoding: str = ""
    rows: Iterator[tuple[int, Record]] = field(default_factory=lambda: iter(()))
    total: int = 0  # bytes (text) or rows (xlsx), for a progress bar
    _done: Any = None
    _close: Any = None

    @property
    def kind_name(self) -> str:
        return self.kind.name if self.kind else "order_list"

    @property
    def label(self) -> str:
        return self.kind.label if self.kind else "list of order IDs"

    def done(self) -> int:
        return int(self._done()) if self._done else 0

    def close(self) -> None:
        if self._close:
            self._close()

    def __enter__(self) -> Report:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_report(path: Path) -> Report:
    """Recognise ``path`` and return a Report ready to stream; InputError if it is not one."""
    path = Path(path)
    if sniff_format(path) == "xlsx":
        return _open_xlsx(path)
    return _open_text(path)


# ---------------------------------------------------------------- text (TSV / CSV / copied)


def _delimiter(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[:HEADER_SEARCH_ROWS] if ln.strip()]
    if sum("\t" in ln for ln in lines) >= max(1, len(lines) // 2):
        return "\t"
    return _consistent_delimiter(sample)


def _consistent_delimiter(sample: str, candidates: str = ",;|\t") -> str:
    """The candidate that appears the same number of times, outside quotes, on most records.

    This is csv.Sniffer's frequency rule in one linear pass: the Sniffer's own regular
    expressions take seconds on a quote-heavy 64 KB sample.
    """
    counts: list[dict[str, int]] = []
    current = dict.fromkeys(candidates, 0)
    quoted = False
    for ch in sample:
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "\n":
            counts.append(current)
            current = dict.fromkeys(candidates, 0)
            if len(counts) >= HEADER_SEARCH_ROWS:
                break
        elif ch in current:
            current[ch] += 1
    else:
        counts.append(current)
    best, best_lines = ",", 0
    for cand in candidates:
        seen = [c[cand] for c in counts if c[cand]]
        if not seen:
            continue
        modal = max(set(seen), key=seen.count)
        lines = seen.count(modal)
        if lines > best_lines:
            best, best_lines = cand, lines
    return best


def _not_in_encoding(path: Path, line: int) -> InputError:
    return InputError(
        f"{path}: after line {line} the text is not in the file's encoding;"
        " save it again as 'CSV UTF-8'"
    )


def _sample(fh: Any, path: Path) -> str:
    """The first 64 KB, for the delimiter; a byte the encoding refuses is named at once."""
    try:
        sample = fh.read(65536)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: the text is not in the file's encoding ({exc.encoding}) in its first"
            " lines; save it again as 'CSV UTF-8'"
        ) from None
    fh.seek(0)
    return sample


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        if fh.tell() == 0:
            return False
        fh.seek(max(0, fh.tell() - 2))
        return b"\n" in fh.read(2)


def _open_text(path: Path) -> Report:
    encoding = detect_encoding(path)
    size = path.stat().st_size
    fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by Report.close
    try:
        sample = _sample(fh, path)
        fh.seek(0)
        delimiter = _delimiter(sample)
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        titles: list[str] = []
        header: list[str] | None = None
        first_row: list[str] | None = None
        try:
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                first_row = first_row or row
                if looks_like_header(row):
                    header = row
                    break
                titles.append(" ".join(row))
                if reader.line_num >= HEADER_SEARCH_ROWS:
                    break
        except csv.Error as exc:
            raise InputError(
                f"{path}: line {reader.line_num}: cannot read the table: {exc}"
            ) from None
        except UnicodeDecodeError:
            raise _not_in_encoding(path, reader.line_num) from None
        if header is None:
            fh.close()
            return _open_list(path, encoding, size, first_row, sample)
        kind = recognise(header, " ".join(titles), path)
    except BaseException:
        fh.close()
        raise
    rows = _text_rows(path, reader, header, kind, _ends_with_newline(path))
    buffer = cast("BinaryIO", fh.buffer)  # a BufferedReader; typeshed's protocol has no tell()
    return Report(
        path=path,
        kind=kind,
        encoding=encoding,
        rows=rows,
        total=size,
        _done=lambda: buffer.tell() if not buffer.closed else size,
        _close=fh.close,
    )


def _text_rows(
    path: Path, reader: Any, header: list[str], kind: Kind, newline_at_end: bool
) -> Iterator[tuple[int, Record]]:
    width = len(header)
    named = sum(bool(c.strip()) for c in header)
    pending: tuple[int, list[str]] | None = None
    try:
        for row in reader:
            if pending is not None:
                yield pending[0], _record(pending[1], kind, named)
            pending = (reader.line_num, row) if any(c.strip() for c in row) else None
    except csv.Error as exc:
        raise InputError(
            f"{path}: line {reader.line_num}: the table breaks off ({exc}); the file looks"
            " truncated or damaged: download the report again"
        ) from None
    except UnicodeDecodeError:
        raise _not_in_encoding(path, reader.line_num) from None
    if pending is not None:
        line, row = pending
        if len(row) < width and not newline_at_end:
            raise InputError(
                f"{path}: line {line} stops after {len(row)} of {width} columns and the file"
                " has no final line break: it looks truncated; download the report again"
            )
        yield line, _record(row, kind, named)


def _record(cells: list[Any], kind: Kind, named: int = 0) -> Record:
    """The mapped cells of a row. Under a header of one order ID column, a row with more cells
    is a list of IDs split by the delimiter ("113-...,112-..."): all of them are kept."""
    record = {name: cells[i] for name, i in kind.columns.items() if i < len(cells)}
    if named == 1 and len(cells) > 1 and kind.columns.get("order_id") == 0:
        record["order_id"] = ",".join(str(c) for c in cells if c not in (None, ""))
    return record


# ---------------------------------------------------------------- plain list of order IDs


def ids_in_line(text: str) -> list[str]:
    """Order IDs in a line of a plain list, full-width, undashed or spaced ones included."""
    return [re.sub(r"[ -]", "", m) for m in LOOSE_ORDER_ID_RE.findall(fold(text))]


def _open_list(
    path: Path, encoding: str, size: int, first_row: list[str] | None, sample: str
) -> Report:
    lines = [ln for ln in sample.splitlines()[:LIST_SAMPLE_LINES] if ln.strip()]
    with_ids = sum(bool(ids_in_line(ln)) for ln in lines)
    if not lines or with_ids * 2 < len(lines):
        if first_row and len([c for c in first_row if c.strip()]) >= 2:
            raise unknown_columns(path, first_row)
        raise InputError(
            f"{path}: not a report: no header with an order ID column and no list of order IDs"
            " (expected a Seller Central report, a spreadsheet or one order ID per line)"
        )
    fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by Report.close
    buffer = cast("BinaryIO", fh.buffer)  # a BufferedReader; typeshed's protocol has no tell()

    def rows() -> Iterator[tuple[int, Record]]:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            found = ids_in_line(line)
            for order_id in found:
                yield number, {"order_id": order_id}
            rest = LOOSE_ORDER_ID_RE.sub(" ", fold(line))
            if found and DIGITS_RE.search(rest):
                # valid IDs were kept; the malformed one beside them is reported, not dropped
                yield number, {"order_id": " ".join(DIGITS_RE.findall(rest))}
            elif not found and DIGITS_RE.search(fold(line)):
                yield number, {"order_id": line.strip()}  # reported as malformed
            # lines without digits are titles or notes: nothing to import

    return Report(
        path=path,
        kind=None,
        encoding=encoding,
        rows=rows(),
        total=size,
        _done=lambda: buffer.tell() if not buffer.closed else size,
        _close=fh.close,
    )


# ---------------------------------------------------------------- Excel .xlsx


def _open_xlsx(path: Path) -> Report:
    import zipfile

    import openpyxl

    safezip.check(path, path, safezip.XLSX)  # sizes, ratios and DTDs, before openpyxl reads it
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, EOFError):
        raise InputError(
            f"{path}: the .xlsx file is damaged or truncated; save it again from Excel"
        ) from None
    except Exception as exc:  # openpyxl raises many types for a zip that is not a workbook
        raise InputError(f"{path}: not an Excel workbook poa can read ({exc})") from None
    first_header: list[Any] | None = None
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            titles: list[str] = []
            for number, row in enumerate(rows, start=1):
                cells = list(row)
                if not any(c not in (None, "") for c in cells):
                    if number >= HEADER_SEARCH_ROWS:
                        break
                    continue
                first_header = first_header or cells
                if looks_like_header(cells):
                    kind = recognise(cells, " ".join([*titles, sheet.title]), path)
                    counter = {"row": number}
                    return Report(
                        path=path,
                        kind=kind,
                        encoding="xlsx",
                        rows=_xlsx_rows(rows, number, kind, counter),
                        total=sheet.max_row or 0,
                        _done=lambda c=counter: c["row"],
                        _close=book.close,
                    )
                titles.append(" ".join(str(c) for c in cells if c is not None))
                if number >= HEADER_SEARCH_ROWS:
                    break
    except XLSX_DAMAGE as exc:
        book.close()
        raise InputError(f"{path}: the .xlsx file is damaged or truncated ({exc})") from None
    except BaseException:
        book.close()
        raise
    book.close()
    if first_header:
        raise unknown_columns(path, [c for c in first_header if c is not None])
    raise InputError(f"{path}: the workbook has no rows, not a report")


def _xlsx_rows(
    rows: Iterator[tuple[Any, ...]], start: int, kind: Kind, counter: dict[str, int]
) -> Iterator[tuple[int, Record]]:

    number = start
    try:
        for row in rows:
            number += 1
            counter["row"] = number
            if any(c not in (None, "") for c in row):
                yield number, _record(list(row), kind)
    except XLSX_DAMAGE as exc:
        raise InputError(f"row {number}: the .xlsx file is damaged or truncated ({exc})") from None
