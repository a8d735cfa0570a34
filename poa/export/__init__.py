"""Exporters: Markdown, plain text and .docx, all from one rendered ``Plan``.

python-docx is imported only when a .docx is asked for, so other commands stay fast.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from poa.case.model import Case
from poa.errors import InputError, OutputError
from poa.files import atomic
from poa.render import Plan, render_plan

FORMATS = ("docx", "md", "txt")

# Characters XML 1.0 (and so Word) cannot hold: C0 controls other than tab/newline/CR,
# lone surrogates, and the two non-characters U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _walk(value: Any, loc: tuple[Any, ...]) -> Any:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index))
    elif isinstance(value, str):
        yield loc, value


def find_illegal_characters(case: Case) -> list[tuple[tuple[Any, ...], str]]:
    """Every field holding a character Word cannot store, with the first such character."""
    found = []
    for loc, text in _walk(case, ()):
        match = _XML_ILLEGAL.search(text)
        if match:
            found.append((loc, match.group()))
    return found


def check_exportable(case: Case, case_dir: Path | None = None) -> None:
    """Refuse text a document cannot hold, naming every field (and its line in case.yaml)."""
    found = find_illegal_characters(case)
    if not found:
        return
    from poa.case import store

    source = str(store.case_file(case_dir)) if case_dir is not None else store.CASE_FILE
    places = []
    for loc, char in found:
        line = store.field_line(case_dir, loc) if case_dir is not None else None
        where = f"line {line}, " if line else ""
        places.append(f"{where}{store.field_path(loc)} (U+{ord(char):04X})")
    count = len(found)
    raise InputError(
        f"{source}: {count} field{'s' if count > 1 else ''} hold{'' if count > 1 else 's'}"
        f" control characters, usually pasted by accident, that a document cannot hold:"
        f" {'; '.join(places)}. Delete them and export again"
    )


def render(
    case: Case, fmt: str, today: dt.date | None = None, case_dir: Path | None = None
) -> tuple[Plan, bytes]:
    """Render ``case`` as ``fmt``; returns the plan (for summaries) and the file's bytes."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    check_exportable(case, case_dir)
    plan = render_plan(case, today)
    if fmt == "md":
        from poa.export.markdown import to_markdown

        return plan, to_markdown(plan).encode("utf-8")
    if fmt == "txt":
        from poa.export.text import to_text

        return plan, to_text(plan).encode("utf-8")
    from poa.export.docx import to_docx

    return plan, to_docx(plan)


def default_output(case_dir: Path, fmt: str) -> Path:
    return Path(case_dir) / f"appeal.{fmt}"


def write(path: Path, data: bytes) -> None:
    """Write an export atomically; a folder or unwritable path is a clear error."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder (give a file name)")
    atomic.write_bytes(path, data)
