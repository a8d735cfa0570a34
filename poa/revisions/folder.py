"""The ``revisions/NNN/`` folders of a case as found on disk, and the checks that tell a damaged
folder from a sound one (every command that reads revisions goes through :func:`list_revisions`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from poa import knowledge
from poa.case import store
from poa.case.model import Case
from poa.errors import CaseError
from poa.files import lock as caselock

REVISIONS_DIR = store.REVISIONS_DIR
APPEAL = "appeal.md"
CASE = "case.yaml"
META = "meta.yaml"
REPLY = "reply.txt"
_NAME = re.compile(r"^\d{3}$")
# One wording for "nothing to work on yet", in every command that needs a revision.
NOTHING_SUBMITTED = "no revision has been submitted yet"
EVIDENCE_PROMPTS = ("evidence", "invoices")
# Replies that end the case: a prompt still unanswered then is settled, not open.
ENDINGS = ("reinstated", "final_denial")


@functools.cache
def settings() -> dict[str, Any]:
    return dict(knowledge.load_data("revisions.yaml"))


# --- Reading the folder ------------------------------------------------------------------------


@dataclass
class Revision:
    """One submitted revision as found on disk."""

    number: int
    path: Path
    meta: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.number:03d}"

    @property
    def appeal_text(self) -> str:
        return self._text(APPEAL) or ""

    @property
    def reply_text(self) -> str | None:
        return self._text(REPLY) if (self.path / REPLY).is_file() else None

    def _text(self, name: str) -> str | None:
        """A file of the revision; CaseError (one line) when it is not readable text."""
        try:
            return (self.path / name).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problem = f"is not UTF-8 text (byte {exc.start})"
        except OSError as exc:
            problem = f"cannot be read ({exc.strerror or exc})"
        raise _damaged(self.path.parent.parent, f"{self.name}/{name} {problem}")

    @property
    def reply(self) -> dict[str, Any] | None:
        reply = self.meta.get("reply")
        return reply if isinstance(reply, dict) else None

    @property
    def submitted_at(self) -> str | None:
        value = self.meta.get("submitted_at")
        return None if value is None else str(value)

    @property
    def submitted_date(self) -> dt.date | None:
        value = self.meta.get("submitted_at")
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.datetime.fromisoformat(str(value)).date()
        except ValueError:
            return None

    @functools.cached_property
    def case(self) -> Case | None:
        """The case as submitted, or None when the revision holds only its appeal text."""
        path = self.path / CASE
        if not path.is_file():
            return None
        try:
            return store.parse_case_yaml(path.read_text(encoding="utf-8"), str(path))
        except (CaseError, OSError, UnicodeDecodeError):
            return None


def revisions_path(folder: Path) -> Path:
    return Path(folder) / REVISIONS_DIR


def _damaged(folder: Path, what: str) -> CaseError:
    return CaseError(
        f"{revisions_path(folder)}: {what}; the revisions folder looks damaged"
        " (nothing was changed: repair or restore it first)"
    )


def _bad_scalar_line(text: str) -> int | None:
    """The line of the first value PyYAML parses but cannot build (a date like 2026-02-30)."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        stack = [node] if node is not None else []
        while stack:
            node = stack.pop(0)
            if isinstance(node, yaml.MappingNode):
                stack[:0] = [n for pair in node.value for n in pair]
            elif isinstance(node, yaml.SequenceNode):
                stack[:0] = list(node.value)
            else:
                try:
                    loader.construct_object(node, deep=True)
                except (ValueError, yaml.YAMLError):
                    return node.start_mark.line + 1
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _meta_problem(meta: Any, number: int) -> str | None:
    """What is wrong with a parsed meta.yaml, or None: the keys every revision has must be there
    with values of the right shape (``meta_required`` in sections/revisions.yaml)."""
    if not isinstance(meta, dict):
        return "is not a mapping of fields"
    missing = [k for k in settings().get("meta_required", []) if k not in meta]
    if missing:
        return f"lacks {', '.join(missing)}"
    value = meta.get("number")
    if isinstance(value, bool) or not isinstance(value, int):
        return f"has number {value!r}, not a revision number"
    if value != number:
        return f"says it is revision {value}"
    when = meta.get("submitted_at")
    if not isinstance(when, dt.date):
        try:
            dt.datetime.fromisoformat(str(when))
        except ValueError:
            return f"has submitted_at {when!r}, not a date and time"
    if meta.get("reply") is not None and not isinstance(meta.get("reply"), dict):
        return "has a reply that is not a mapping of fields"
    return None


def _read_meta(folder: Path, path: Path, number: int) -> dict[str, Any]:
    meta_path = path / META
    where = f"{path.name}/{META}"
    if not meta_path.is_file():
        raise _damaged(folder, f"{where} is missing")
    try:
        text = meta_path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror
        raise _damaged(folder, f"{where} cannot be read ({reason or exc})") from None
    try:
        meta = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise _damaged(folder, f"{where} cannot be read ({line}{problem})") from None
    except RecursionError:
        raise _damaged(folder, f"{where} cannot be read (values nested too deeply)") from None
    except ValueError as exc:  # a value YAML parses but Python refuses, e.g. 2026-02-30
        line_no = _bad_scalar_line(text)
        line = f"line {line_no}: " if line_no else ""
        raise _damaged(folder, f"{where} cannot be read ({line}{exc})") from None
    problem = _meta_problem(meta, number)
    if problem:
        raise _damaged(folder, f"{where} {problem}")
    return meta


def stray_files(folder: Path) -> list[str]:
    """Files (not folders, not hidden) in revisions/: ignored, but the CLI mentions them."""
    root = revisions_path(folder)
    if not root.is_dir():
        return []
    return sorted(
        e.name
        for e in root.iterdir()
        if not e.name.startswith(".") and not e.is_dir() and not _NAME.match(e.name)
    )


def list_revisions(folder: Path) -> list[Revision]:
    """Every submitted revision, in order; raises CaseError if the folder is damaged."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CaseError(f"{folder}: no such case folder")
    root = revisions_path(folder)
    if not root.exists():
        return []
    if not root.is_dir():
        raise _damaged(folder, "it is a file, not a folder")
    entries = sorted(root.iterdir())
    if any(caselock.is_debris(e) for e in entries):  # a run killed mid-write: recover first
        with caselock.locked(folder):
            entries = sorted(root.iterdir())
    names = []
    for entry in entries:
        if entry.name.startswith("."):
            continue  # temporary folders of an interrupted submit, .DS_Store, editor files
        if _NAME.match(entry.name) and not entry.is_dir():
            raise _damaged(folder, f"{entry.name} is a file, not a revision folder")
        if not entry.is_dir():
            continue  # the seller's notes or a screenshot: see stray_files()
        if not _NAME.match(entry.name):
            raise _damaged(folder, f"{entry.name} is not a revision folder (expected 001, 002...)")
        names.append(entry.name)
    out = []
    for expected, name in enumerate(names, start=1):
        if int(name) != expected:
            missing = f"revision {expected} is missing ({REVISIONS_DIR}/{expected:03d}"
            raise _damaged(folder, f"{missing}; found {name})")
        path = root / name
        if not (path / APPEAL).is_file():
            raise _damaged(folder, f"{name}/{APPEAL} is missing")
        out.append(Revision(expected, path, _read_meta(folder, path, expected)))
    return out
