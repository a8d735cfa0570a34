"""Submitted revisions and Amazon's replies to them: the ``revisions/NNN/`` folders of a case.

A revision is frozen when submitted (``appeal.md`` and ``case.yaml`` are never rewritten; the
folder is written under a temporary name and renamed into place). Only ``meta.yaml`` changes
afterwards, when Amazon's reply is recorded. Whether a later revision addressed a prompt is
derived when the history is read, never stored, so a better rule applies to old cases too.

The rule: a prompt Amazon sent in reply to revision N is addressed by the first later revision M
whose section the prompt points at changed and holds more specifics (order IDs, ASINs, dates,
percentages, amounts, durations, numbers, owners, frequencies, as counted by
:func:`poa.text.facts.count_specifics`) than revision N's; for ``evidence`` and ``invoices``,
the first later revision with more evidence items than revision N.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from poa import knowledge
from poa.case import store
from poa.case.model import Case
from poa.errors import CaseError
from poa.files import atomic
from poa.files import lock as caselock
from poa.inbox import feedback
from poa.text import facts as specifics

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


# --- Submit --------------------------------------------------------------------------------


@dataclass
class SubmitResult:
    revision: Revision
    score: int | None
    similarity: float | None
    similar_warning: bool
    unanswered_previous: bool
    previous_reply_kind: str | None = None
    # Prompts of Amazon's latest reply that this revision does not address (by the rule of
    # history), whatever the similarity: each is a likely reason for the same reply again.
    unaddressed: list[PromptStatus] = field(default_factory=list)
    replied_number: int | None = None


def appeal_markdown(case: Case, today: dt.date) -> str:
    """The text a revision freezes: the Markdown export of the case on that day."""
    from poa.export.markdown import to_markdown
    from poa.render import render_plan

    return to_markdown(render_plan(case, today))


def _body(text: str) -> str:
    """Appeal text without the date line, so two days' exports of one plan compare equal."""
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith("**Date:**"))


def similarity(a: str, b: str) -> float:
    """0-1: how alike two appeal texts are (difflib ratio over lines, then characters)."""
    matcher = difflib.SequenceMatcher(None, _body(a), _body(b), autojunk=False)
    return round(matcher.ratio(), 3)


def _score(folder: Path, case: Case, today: dt.date) -> tuple[int | None, list[str] | None]:
    """The scorer's grade and predicted prompts when a scorer is installed; None otherwise."""
    try:
        from poa.score import score_case  # type: ignore[attr-defined]
    except ImportError:
        return None, None
    calls = (
        lambda: score_case(case, target=str(folder), today=today),  # poa.score's API
        lambda: score_case(case),
        lambda: score_case(folder),
    )
    for call in calls:
        try:
            report = call()
        except Exception:  # a scorer problem must never block a submit
            continue
        value = getattr(report, "score", None)
        predicted = getattr(report, "predicted_prompts", None)
        try:
            score = int(value) if value is not None else None
        except (TypeError, ValueError):
            score = None
        return score, [str(p) for p in predicted] if isinstance(predicted, list) else None
    return None, None


def submit(folder: Path, now: dt.datetime | None = None) -> SubmitResult:
    """Freeze the working case as the next revision (never touches an earlier one)."""
    store.load_case(folder)  # a missing or damaged case is reported before any waiting
    with caselock.locked(Path(folder)):
        return _submit(Path(folder), now)


def _submit(folder: Path, now: dt.datetime | None) -> SubmitResult:
    folder = Path(folder)
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    case = store.load_case(folder)
    revisions = list_revisions(folder)
    number = len(revisions) + 1
    text = appeal_markdown(case, now.date())
    previous = revisions[-1] if revisions else None
    ratio = similarity(previous.appeal_text, text) if previous else None
    score, predicted = _score(folder, case, now.date())
    threshold = float(settings().get("similarity_warning", 0.9))
    meta: dict[str, Any] = {
        "number": number,
        "submitted_at": now.isoformat(),
        "score": score,
        "predicted_prompts": predicted,
        "similarity_to_previous": ratio,
        "reply": None,
    }
    root = revisions_path(folder)
    target = root / f"{number:03d}"
    if target.exists():
        raise _damaged(folder, f"{target.name} already exists")
    made_root = not root.exists()
    try:
        root.mkdir(exist_ok=True)
        # The pid in the name tells a killed run's leftover from a live one (poa.files.lock).
        prefix = f".{number:03d}.{os.getpid()}."
        tmp = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=root))
    except OSError as exc:
        _remove_if_empty(root, made_root)
        raise CaseError(f"{root}: cannot write a revision: {exc.strerror or exc}") from None
    try:
        tmp.chmod(0o755)
        atomic.write_text(tmp / APPEAL, text)
        atomic.write_text(tmp / CASE, store.case_to_yaml(case))
        atomic.write_text(tmp / META, store.dump_yaml(meta))
        if target.exists():  # another submit got there first: never replace a revision
            raise CaseError(f"{target}: revision {number} was written meanwhile; submit again")
        os.rename(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_if_empty(root, made_root)
        raise CaseError(f"{target}: cannot write the revision: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_if_empty(root, made_root)
        raise
    revision = Revision(number, target, meta)
    warn = ratio is not None and ratio >= threshold
    return SubmitResult(
        unaddressed=_unaddressed(revisions, case, now.date()),
        revision=revision,
        score=score,
        similarity=ratio,
        similar_warning=warn,
        unanswered_previous=previous is not None and previous.reply is None,
        previous_reply_kind=(previous.reply or {}).get("kind") if previous else None,
        replied_number=next((r.number for r in reversed(revisions) if r.reply is not None), None),
    )


def _remove_if_empty(root: Path, made: bool) -> None:
    """A failed first submit leaves no empty revisions/ folder behind."""
    if made:
        with contextlib.suppress(OSError):
            root.rmdir()


def _unaddressed(revisions: list[Revision], case: Case, today: dt.date) -> list[PromptStatus]:
    """The prompts of the latest reply that ``case``, submitted today, does not address."""
    replied = next((r for r in reversed(revisions) if r.reply is not None), None)
    if replied is None or replied.reply is None or replied.reply.get("kind") in ENDINGS:
        return []
    before, after = view_of(replied), view_of_case(case, today)
    return [
        PromptStatus(p["id"], p["section"], p["quote"], None)
        for p in _prompts_of(replied.reply)
        if not addresses(p["id"], p["section"], before, after)
    ]


# --- Reply ---------------------------------------------------------------------------------


@dataclass
class ReplyResult:
    revision: Revision
    analysis: feedback.MessageAnalysis


def record_reply(
    folder: Path, text: str, now: dt.datetime | None = None, *, replace: bool = False
) -> ReplyResult:
    """Record Amazon's reply against the latest submitted revision."""
    folder = Path(folder)
    store.load_case(folder)  # a clear error when CASE is not a case folder
    with caselock.locked(folder):
        return _record_reply(folder, text, now, replace=replace)


def _record_reply(
    folder: Path, text: str, now: dt.datetime | None, *, replace: bool
) -> ReplyResult:
    revisions = list_revisions(folder)
    if not revisions:
        raise CaseError(
            f"{folder}: {NOTHING_SUBMITTED}; run 'poa submit {folder}' first,"
            " then record Amazon's reply to it"
        )
    latest = revisions[-1]
    previous = latest.reply
    # An acknowledgement ("we have received your appeal") asks nothing and decides nothing:
    # the real reply that follows may take its place without --replace.
    acknowledgement = previous is not None and previous.get("kind") == "other"
    if previous is not None and not (replace or acknowledgement):
        raise CaseError(
            f"revision {latest.number} already has a reply ({previous.get('kind')});"
            f" submit the next revision first, or use --replace to correct it"
        )
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    analysis = feedback.analyze(text)
    meta = dict(latest.meta)
    if previous is not None:  # keep what it replaces: nothing recorded is lost
        earlier = list(meta.get("earlier_replies") or [])
        earlier.append({**previous, "text": latest.reply_text or ""})
        meta["earlier_replies"] = earlier
    meta["reply"] = {
        "received_at": now.isoformat(),
        "kind": analysis.kind,
        "violation": analysis.violation,
        "prompts": [{"id": p.id, "section": p.section, "quote": p.quote} for p in analysis.prompts],
        "deadline": analysis.deadline.text if analysis.deadline else None,
    }
    body = text if text.endswith("\n") else text + "\n"
    rewrite_revision(latest.path, {REPLY: body, META: store.dump_yaml(meta)})
    latest.meta = meta
    return ReplyResult(latest, analysis)


def rewrite_revision(path: Path, files: dict[str, str]) -> None:
    """Replace files of a revision folder as one change: all of them or none.

    A full copy of the folder gets the new files, then two renames swap it in. A run killed
    between the renames leaves ``.NNN.old.<pid>.swap.tmp`` without ``NNN``; the next command
    that changes the case puts it back (poa.files.lock.clean_leftovers), so the revision is the
    old one or the new one, never a new reply.txt beside the old meta.yaml.
    """
    pid = os.getpid()
    new = path.with_name(f".{path.name}.new.{pid}.swap.tmp")
    old = path.with_name(f".{path.name}.old.{pid}.swap.tmp")
    try:
        shutil.copytree(path, new, symlinks=True)
        for name, text in files.items():
            atomic.write_text(new / name, text)
        os.rename(path, old)
        try:
            os.rename(new, path)
        except BaseException:
            os.rename(old, path)
            raise
    except OSError as exc:
        shutil.rmtree(new, ignore_errors=True)
        raise CaseError(f"{path}: cannot record the reply: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


# --- Sections of a revision ----------------------------------------------------------------


def _split_by_headings(text: str) -> dict[str, str] | None:
    titles = {spec["title"].lower(): spec["id"] for spec in knowledge.section_specs()}
    parts: dict[str, list[str]] = {}
    current = None
    found = False
    for line in text.splitlines():
        m = re.match(r"^#{1,3}\s+(.+?)\s*$", line)
        if m:
            current = titles.get(m.group(1).strip().lower())
            found = found or current is not None
            continue
        if current:
            parts.setdefault(current, []).append(line)
    if not found:
        return None
    return {k: "\n".join(v).strip() for k, v in parts.items()}


def split_appeal(text: str) -> dict[str, str]:
    """An appeal's text by section: by '## <title>' headings, else by wording (see
    ``appeal_cues`` in sections/revisions.yaml)."""
    by_heading = _split_by_headings(text)
    if by_heading is not None:
        return by_heading
    cues = [
        (section, re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE))
        for section, pats in settings()["appeal_cues"].items()
    ]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n(?=\s*(?:\d+|[IVX]+)[.)]\s)", text)]
    item = re.compile(r"^(?:\d+|[IVX]+)[.)]\s")
    parts: dict[str, list[str]] = {}
    current = "summary"
    in_list = False  # list items after a lead-in ("three reasons for this:") stay with it
    for para in paragraphs:
        if not para:
            continue
        if not (in_list and item.match(para)):
            current = next((section for section, rx in cues if rx.search(para)), current)
            in_list = para.endswith(":")
        parts.setdefault(current, []).append(para)
    return {k: "\n\n".join(v) for k, v in parts.items()}


@functools.cache
def _ignore() -> re.Pattern[str]:
    patterns = settings().get("specifics_ignore", [])
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.MULTILINE)


def content_of(text: str) -> str:
    """A section's text without list numbers and template cross-references."""
    return _ignore().sub(" ", text) if settings().get("specifics_ignore") else text


@dataclass
class SectionView:
    """What a revision (or the working draft) says in each section, and how many exhibits."""

    texts: dict[str, str]
    evidence_items: int
    source: str  # "case" or "appeal"

    def text(self, section: str) -> str:
        return self.texts.get(section, "")

    def specifics(self, section: str) -> int:
        return specifics.total(specifics.count_specifics(content_of(self.text(section))))


def view_of_case(case: Case, today: dt.date | None) -> SectionView:
    from poa.render import render_plan

    plan = render_plan(case, today)
    return SectionView({s.id: s.markdown for s in plan.sections}, len(case.evidence), "case")


def view_of(revision: Revision) -> SectionView:
    """Sections of a revision: rendered from its case.yaml, else split from its appeal.md."""
    if revision.case is not None:
        return view_of_case(revision.case, revision.submitted_date)
    texts = split_appeal(revision.appeal_text)
    items = len(re.findall(r"(?im)^\s*(?:\d+\.\s+)?\**exhibit\b", texts.get("evidence", "")))
    return SectionView(texts, items, "appeal")


def addresses(prompt_id: str, section: str, before: SectionView, after: SectionView) -> bool:
    """Does ``after`` answer a prompt Amazon sent about ``before``? (the documented rule)"""
    if prompt_id in EVIDENCE_PROMPTS:
        return after.evidence_items > before.evidence_items
    changed = after.text(section).strip() != before.text(section).strip()
    return changed and after.specifics(section) > before.specifics(section)


# --- History -------------------------------------------------------------------------------


@dataclass
class PromptStatus:
    """A prompt of one reply: the revision that addressed it (or None), and the next reply
    that asked for it again (Amazon's own sign that it was not yet answered)."""

    id: str
    section: str
    quote: str
    addressed_in: int | None
    asked_again_in: int | None = None
    # The revision whose reply ended the case (a reinstatement or a final decision) before any
    # revision addressed this prompt: it no longer needs an answer.
    settled_in: int | None = None
    settled_by: str | None = None

    @property
    def status(self) -> str:
        """addressed, settled (the case ended first) or open."""
        if self.addressed_in is not None:
            return "addressed"
        return "settled" if self.settled_in is not None else "open"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "quote": self.quote,
            "status": self.status,
            "addressed_in": self.addressed_in,
            "asked_again_in": self.asked_again_in,
            "settled_in": self.settled_in,
            "settled_by": self.settled_by,
        }


@dataclass
class HistoryEntry:
    revision: Revision
    source: str
    prompts: list[PromptStatus] = field(default_factory=list)

    @functools.cached_property
    def reinstatement(self) -> Any:
        """The conditions of a reinstatement reply (reserve, review, listings still removed),
        read again from ``reply.txt`` so that a better reading applies to old cases too."""
        reply, text = self.revision.reply, self.revision.reply_text
        if not reply or reply.get("kind") != "reinstated" or not text:
            return None
        return feedback.analyze(text).reinstatement

    def to_json(self) -> dict[str, Any]:
        rev = self.revision
        reply = rev.reply
        return {
            "number": rev.number,
            "submitted_at": rev.submitted_at,
            "score": rev.meta.get("score"),
            "predicted_prompts": rev.meta.get("predicted_prompts"),
            "similarity_to_previous": rev.meta.get("similarity_to_previous"),
            "sections_from": self.source,
            "reply": None
            if reply is None
            else {
                "kind": reply.get("kind"),
                "received_at": None
                if reply.get("received_at") is None
                else str(reply.get("received_at")),
                "deadline": reply.get("deadline"),
                "prompts": [p.to_json() for p in self.prompts],
                "reinstatement": self.reinstatement.to_json() if self.reinstatement else None,
            },
        }


@dataclass
class History:
    case: str
    entries: list[HistoryEntry]

    @property
    def open_prompts(self) -> list[tuple[int, PromptStatus]]:
        return [
            (e.revision.number, p) for e in self.entries for p in e.prompts if p.status == "open"
        ]

    @property
    def settled_prompts(self) -> list[tuple[int, PromptStatus]]:
        return [
            (e.revision.number, p) for e in self.entries for p in e.prompts if p.status == "settled"
        ]

    @property
    def reinstatement(self) -> Any:
        """The last reply's reinstatement conditions, when the case ended reinstated."""
        return self.entries[-1].reinstatement if self.entries else None

    def to_json(self) -> dict[str, Any]:
        last = self.entries[-1].revision.reply if self.entries else None
        rein = self.reinstatement
        return {
            "case": self.case,
            "status": (last or {}).get("kind") if self.entries else None,
            "rule": str(settings().get("addressed_rule", "")),
            "revisions": [e.to_json() for e in self.entries],
            "open_prompts": [
                {"revision": n, "id": p.id, "section": p.section} for n, p in self.open_prompts
            ],
            "settled_prompts": [
                {"revision": n, "id": p.id, "section": p.section, "settled_in": p.settled_in}
                for n, p in self.settled_prompts
            ],
            "reinstatement": rein.to_json() if rein is not None else None,
        }


def _prompts_of(reply: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for item in reply.get("prompts") or []:
        if isinstance(item, str):
            item = {"id": item}
        if isinstance(item, dict) and item.get("id"):
            pid = str(item["id"])
            out.append(
                {
                    "id": pid,
                    "section": str(item.get("section") or feedback.prompt_section(pid)),
                    "quote": str(item.get("quote") or ""),
                }
            )
    return out


def history(folder: Path) -> History:
    """The timeline, with each prompt's addressing revision derived by the rule above."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CaseError(f"{folder}: no such case folder")
    revisions = list_revisions(folder)
    views = [view_of(r) for r in revisions]
    entries = []
    for i, rev in enumerate(revisions):
        entry = HistoryEntry(rev, views[i].source)
        if rev.reply is not None:
            for p in _prompts_of(rev.reply):
                later = next(
                    (
                        revisions[j].number
                        for j in range(i + 1, len(revisions))
                        if addresses(p["id"], p["section"], views[i], views[j])
                    ),
                    None,
                )
                again = next(
                    (
                        revisions[j].number
                        for j in range(i + 1, len(revisions))
                        if p["id"] in {q["id"] for q in _prompts_of(revisions[j].reply or {})}
                    ),
                    None,
                )
                status = PromptStatus(p["id"], p["section"], p["quote"], later, again)
                # the first later reply that ended the case, if it came before any answer
                end = next(
                    (
                        revisions[j]
                        for j in range(i + 1, len(revisions))
                        if (revisions[j].reply or {}).get("kind") in ENDINGS
                    ),
                    None,
                )
                if end is not None and (later is None or later > end.number):
                    status.addressed_in = None
                    status.settled_in = end.number
                    status.settled_by = str((end.reply or {}).get("kind"))
                entry.prompts.append(status)
        entries.append(entry)
    return History(folder.resolve().name, entries)


# --- Diff ----------------------------------------------------------------------------------

DRAFT = "draft"


def _text_of(folder: Path, which: str, revisions: list[Revision]) -> tuple[str, str]:
    if which == DRAFT:
        return "working draft", appeal_markdown(store.load_case(folder), dt.date.today())
    try:
        number = int(which)
    except ValueError:
        raise CaseError(f"{which!r} is not a revision number (or 'draft')") from None
    if not 1 <= number <= len(revisions):
        have = f"1 to {len(revisions)}" if revisions else "none yet"
        raise CaseError(f"there is no revision {number} (revisions: {have})")
    return f"revision {number}", revisions[number - 1].appeal_text


def diff(folder: Path, a: str | None = None, b: str | None = None) -> tuple[str, str, list[str]]:
    """Unified diff lines between two revisions (or a revision and the working draft).

    Defaults: the last two revisions; with one revision, it against the working draft.
    """
    folder = Path(folder)
    revisions = list_revisions(folder)
    if a is None and b is None:
        if not revisions:
            raise CaseError(f"{folder}: {NOTHING_SUBMITTED}, so nothing to compare")
        if len(revisions) == 1:
            a, b = "1", DRAFT
        else:
            a, b = str(len(revisions) - 1), str(len(revisions))
    elif b is None:
        b = str(len(revisions)) if revisions and a != str(len(revisions)) else DRAFT
    label_a, text_a = _text_of(folder, str(a), revisions)
    label_b, text_b = _text_of(folder, str(b), revisions)
    lines = list(
        difflib.unified_diff(
            text_a.splitlines(), text_b.splitlines(), label_a, label_b, n=2, lineterm=""
        )
    )
    return label_a, label_b, lines


# --- Revise --------------------------------------------------------------------------------


@dataclass
class ReviseItem:
    section: str
    prompts: list[PromptStatus]
    fields: list[str]
    done_in_draft: bool


@dataclass
class RevisePlan:
    next_number: int
    replied: Revision | None
    kind: str | None
    items: list[ReviseItem]


def revise_plan(folder: Path) -> RevisePlan:
    """The sections the open prompts point at, and whether the working draft already answers."""
    folder = Path(folder)
    case = store.load_case(folder)
    hist = history(folder)
    revisions = [e.revision for e in hist.entries]
    if not revisions:
        raise CaseError(
            f"{folder}: {NOTHING_SUBMITTED}; 'poa submit {folder}' freezes the first revision"
        )
    replied = next((r for r in reversed(revisions) if r.reply is not None), None)
    if replied is None:
        raise CaseError(
            f"no reply recorded yet for revision {revisions[-1].number};"
            f" record it with 'poa reply {folder} reply.txt'"
        )
    kind = replied.reply.get("kind") if replied.reply else None
    draft = view_of_case(case, dt.date.today())
    views = {r.number: view_of(r) for r in revisions}
    by_section: dict[str, ReviseItem] = {}
    fields = settings()["section_fields"]
    latest_open: dict[str, tuple[int, PromptStatus]] = {}
    for number, prompt in hist.open_prompts:
        latest_open[prompt.id] = (number, prompt)
    for number, prompt in latest_open.values():
        item = by_section.setdefault(
            prompt.section,
            ReviseItem(prompt.section, [], list(fields.get(prompt.section, [])), True),
        )
        item.prompts.append(prompt)
        done = addresses(prompt.id, prompt.section, views[number], draft)
        item.done_in_draft = item.done_in_draft and done
    order = [s["id"] for s in knowledge.section_specs()]
    # A section a hand-edited meta.yaml names that poa does not know goes last, not a crash.
    rank = {sid: n for n, sid in enumerate(order)}
    items = sorted(by_section.values(), key=lambda i: rank.get(i.section, len(order)))
    return RevisePlan(len(revisions) + 1, replied, kind, items)
