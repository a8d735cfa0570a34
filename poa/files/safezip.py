"""Office files (.docx drafts, .xlsx reports) are zip archives: bounded before any parser runs.

A 250 KB .docx can hold gigabytes of XML, a 1 KB one a table cell spanning two billion columns,
and XML can declare entities that expand a billion times. The archive's directory gives every
part's uncompressed size without decompressing anything, so sizes and ratios are checked first;
then the prolog of each XML part is read for a DTD (Office files never carry one), and for a
.docx the document part is scanned once, linearly, for the paragraph count and column spans.
Zip reading in Python never yields more than a part's declared size, so the checks hold.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from poa.errors import InputError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    total: int  # bytes of all parts, uncompressed
    part: int  # bytes of one part
    ratio: int  # uncompressed / compressed, for parts over RATIO_FROM
    parts: int = 5_000


RATIO_FROM = 1 * MB
DOCX = Limits(total=40 * MB, part=16 * MB, ratio=100)  # a 5 MB text draft is ~15 MB of XML
XLSX = Limits(total=1024 * MB, part=768 * MB, ratio=200)
SHARED_STRINGS = 48 * MB  # openpyxl holds this part in memory
MAX_PARAGRAPHS = 20_000  # a plan is a few pages
MAX_STYLES = 2_000  # Word's own list is about 400; each is looked up by a scan of all
MAX_SPAN = 64  # Word tables have at most 63 columns
_SPAN = re.compile(rb"gridSpan\s+w:val=\"(\d{1,12})\"")
_PARAGRAPH = re.compile(rb"<w:p[\s>/]")
_STYLE = re.compile(rb"<w:style[\s>/]")


def check(source: Path | bytes, path: Path, limits: Limits) -> None:
    """InputError when the archive would expand past ``limits`` or carries a DTD.

    An archive that is not a zip at all is left to the parser, which names the damage.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.parts:
            raise _refuse(path, f"it holds {len(infos):,} parts")
        total = 0
        for info in infos:
            total += info.file_size
            size = info.file_size
            if size > limits.part or total > limits.total:
                raise _refuse(path, f"it would expand to over {max(size, total) // MB:,} MB")
            if size > RATIO_FROM and size > limits.ratio * max(info.compress_size, 1):
                ratio = size // max(info.compress_size, 1)
                raise _refuse(path, f"{info.filename} is compressed {ratio:,} times (a zip bomb)")
            if info.filename.endswith("sharedStrings.xml") and size > SHARED_STRINGS:
                raise _refuse(path, f"its shared strings would take {size // MB:,} MB")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _check_xml(archive, info, path)


def check_docx(raw: bytes, path: Path) -> None:
    """The limits of a .docx draft, and its body's paragraph count and column spans."""
    check(raw, path, DOCX)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            body = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return  # damage is named by the parser
    paragraphs = len(_PARAGRAPH.findall(body))
    if paragraphs > MAX_PARAGRAPHS:
        raise _refuse(path, f"it has {paragraphs:,} paragraphs; a plan is a few pages")
    with contextlib.suppress(zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            styles = len(_STYLE.findall(archive.read("word/styles.xml")))
        if styles > MAX_STYLES:
            raise _refuse(path, f"it defines {styles:,} styles")
    span = max((int(m) for m in _SPAN.findall(body)), default=1)
    if span > MAX_SPAN:
        raise _refuse(path, f"a table cell spans {span:,} columns (Word allows 63)")


def _check_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    try:
        with archive.open(info) as part:
            declared = _prolog_declares(part)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return  # the parser names the damage
    if declared:
        raise _refuse(path, f"{info.filename} declares a DTD or entities, which Office never does")


def _prolog_declares(part: IO[bytes], chunk: int = 64 * 1024) -> bool:
    """Whether the XML prolog (before the root element) holds a <!DOCTYPE or other declaration.

    Comments and processing instructions are skipped however long they are, so a DTD cannot
    hide behind them; one pass, each byte looked at once.
    """
    buffer = part.read(chunk).removeprefix(b"\xef\xbb\xbf")
    ends = {b"<?": b"?>", b"<!--": b"-->"}
    while True:
        buffer = buffer.lstrip()
        if len(buffer) < 4:
            more = part.read(chunk)
            if more:
                buffer += more
                continue
        opener = next((o for o in ends if buffer.startswith(o)), None)
        if opener is None:
            return buffer.startswith(b"<!")  # a declaration; else the root element (or no XML)
        end, searched = ends[opener], len(opener)
        while (at := buffer.find(end, max(searched - len(end), len(opener)))) < 0:
            searched = len(buffer)
            more = part.read(chunk)
            if not more:
                return False  # an unterminated comment: the parser reports it
            buffer += more
        buffer = buffer[at + len(end) :]


def _refuse(path: Path, why: str) -> InputError:
    return InputError(f"{path}: refused as unsafe to open: {why}; save it again from Word or Excel")
