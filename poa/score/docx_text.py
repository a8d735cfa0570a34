"""Text of a .docx draft, shaped like the Markdown poa writes, so both score alike.

Headings become ``## Title``, numbered and bulleted paragraphs get their "1." or "-" back
(Word keeps numbering outside the text), line breaks inside a point become continuation
lines, and tables become ``| a | b |`` rows.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from poa.errors import InputError
from poa.files.safezip import check_docx


def docx_text(raw: bytes, path: Path) -> str:
    try:
        from docx import Document
        from docx.oxml.ns import qn
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError("reading .docx needs python-docx; reinstall poa") from None
    check_docx(raw, path)  # sizes, ratios, DTDs, paragraphs and column spans, before parsing
    try:
        doc = Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{path} is not a Word document (.docx) that can be read: {exc}") from None
    except Exception as exc:  # python-docx raises its own errors for broken packages
        raise InputError(f"{path} is not a readable .docx: {exc}") from None

    lines: list[str] = []
    counters: dict[str, int] = {}
    styles: dict[str | None, str] = {}
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            from docx.text.paragraph import Paragraph

            para = Paragraph(child, doc)
            text = para.text.replace("\r", "")
            if not text.strip():
                lines.append("")
                continue
            # python-docx looks a paragraph's style up by scanning every style: once per id.
            style_ref = child.find(qn("w:pPr") + "/" + qn("w:pStyle"))
            style_id = style_ref.get(qn("w:val")) if style_ref is not None else None
            if style_id not in styles:
                styles[style_id] = (para.style.name if para.style is not None else "") or ""
            style = styles[style_id]
            num_pr = child.find(qn("w:pPr") + "/" + qn("w:numPr"))
            parts = text.split("\n")
            if style.lower().startswith(("heading", "title")):
                lines += ["", f"## {text.strip()}", ""]
                continue
            if num_pr is not None or style.lower().startswith(("list number", "list bullet")):
                if "bullet" in style.lower():
                    marker = "-"
                else:
                    num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
                    key = num_id.get(qn("w:val")) if num_id is not None else style
                    counters[key] = counters.get(key, 0) + 1
                    marker = f"{counters[key]}."
                lines.append(f"{marker} {parts[0]}")
                lines += [f"   {p}" for p in parts[1:]]
                lines.append("")
                continue
            lines += parts
            lines.append("")
        elif child.tag == qn("w:tbl"):
            from docx.table import Table

            table = Table(child, doc)
            lines.append("")
            for row in table.rows:
                lines.append("| " + " | ".join(c.text.replace("\n", " ") for c in row.cells) + " |")
            lines.append("")
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"
