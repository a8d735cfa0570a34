"""The wizard engine: runs the declarative question flow against a case folder.

It never touches a terminal. Answers come from an injected ``ask(prompt) -> str`` (the terminal,
a test script, anything); answers are judged by an injected ``check(section, text, violation)``
that returns findings (``poa.score.check_answer``: the same rules the scorer applies to the whole
plan). Every accepted answer is written to ``case.yaml`` at once, then recorded in the progress
file, so an interrupted run loses at most the answer being typed. Turning one typed answer into
a case value (and a value back into text to edit) is ``poa.wizard.convert``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from poa.case import store
from poa.case.model import Case
from poa.text.ids import find_order_ids
from poa.wizard import blocks, convert, parse
from poa.wizard import evidence as evidence_step
from poa.wizard.fields import ITEM_TYPES, display, remove_links
from poa.wizard.progress import Progress, load_progress, progress_file, save_progress
from poa.wizard.prompt import AskFn, CheckFn, Prompt, finding_problems, no_check
from poa.wizard.questions import Flow, Question, Section, load_flow

REMOVE = "-"  # typed as the first answer of an item while reworking a section: drop the item


class Wizard:
    """Asks what is still unanswered (or one whole section), saving after every answer."""

    def __init__(
        self,
        folder: Path,
        ask: AskFn,
        check: CheckFn = no_check,
        *,
        lang: str | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.ask = ask
        self.check = check
        self.today = today or dt.date.today()
        self.case: Case = store.load_case(self.folder)
        self._fresh = not progress_file(self.folder).exists()
        self._suggest: list[str] = []  # root cause ids a new item is being added for
        self._from_block = ""  # the item just written from a building block
        self._steps: list[str] = []  # the sections this run asks about, for "step 2/7"
        self.progress: Progress = load_progress(self.folder)
        if lang:
            self.progress.lang = lang
        self._fill_answered_from_case()

    @property
    def flow(self) -> Flow:
        return load_flow(self.case.violation.value, self.progress.lang)

    # -- running ---------------------------------------------------------------------------

    def run(self, section: str | None = None) -> None:
        """Ask every unanswered question in flow order, or every question of one section."""
        if section is not None:
            self._steps = [section]
            self._run_section(self.flow.section(section), force=True)
            return
        # The step counter counts the sections that will be asked (one the notice answered,
        # or one finished before a resume, is not a step): 1/7, 2/7 ... never a jump.
        self._steps = [s.id for s in self.flow.sections if self._has_work(s)]
        for sec_id in [s.id for s in self.flow.sections]:
            self._run_section(self.flow.section(sec_id), force=False)
        self.progress.finished = True
        self._save_progress()

    def pending(self) -> bool:
        """True when some question is still unanswered or a loop still open."""
        for sec in self.flow.sections:
            if sec.loop is None:
                if any(q.key not in self.progress.answered for q in sec.questions):
                    return True
                continue
            items = getattr(self.case, sec.loop)
            if len(items) < sec.min_items or sec.id not in self.progress.done:
                return True
            for item in items:
                if any(f"{item.id}.{q.id}" not in self.progress.answered for q in sec.questions):
                    return True
        return False

    def _run_section(self, sec: Section, *, force: bool) -> None:
        if sec.loop is None:
            todo = [q for q in sec.questions if force or q.key not in self.progress.answered]
            if not todo:
                return
            self.ask(self._section_prompt(sec))
            for q in todo:
                self._ask(self.flow.section(sec.id), q, q.key, None, "")
            return
        self._run_loop(sec, force=force)

    def _has_work(self, sec: Section) -> bool:
        """Whether a run without ``section`` will ask anything in ``sec``."""
        if sec.loop is None:
            return any(q.key not in self.progress.answered for q in sec.questions)
        return bool(self._open_items(sec)) or not self._closed(sec)

    def _open_items(self, sec: Section) -> list[Any]:
        assert sec.loop is not None
        return [
            it
            for it in getattr(self.case, sec.loop)
            if any(f"{it.id}.{q.id}" not in self.progress.answered for q in sec.questions)
        ]

    def _closed(self, sec: Section) -> bool:
        assert sec.loop is not None
        items = getattr(self.case, sec.loop)
        return sec.id in self.progress.done and len(items) >= sec.min_items

    def _section_prompt(self, sec: Section) -> Prompt:
        ids = self._steps if sec.id in self._steps else [s.id for s in self.flow.sections]
        return Prompt(
            "section",
            key=sec.id,
            text=sec.title,
            flow=self.flow,
            section=sec,
            step=ids.index(sec.id) + 1,
            steps=len(ids),
        )

    def _run_loop(self, sec: Section, *, force: bool) -> None:
        assert sec.loop is not None
        items = getattr(self.case, sec.loop)
        if not force and not self._open_items(sec) and self._closed(sec):
            return
        self.ask(self._section_prompt(sec))
        evidence_step.announce(self, sec)  # the documents the checklist names
        if force and items:
            self.ask(
                Prompt("note", text=self.flow.text("remove_help", item=sec.item, item_a=sec.item_a))
            )
        for item in list(items):
            self._ask_item(sec, item, items.index(item), force=force, removable=force)
        while True:
            items = getattr(self.case, sec.loop)
            if len(items) >= sec.min_items:
                if not force and sec.id in self.progress.done:
                    break
                text = sec.add_another if items or not sec.first else sec.first
                gap = self._uncovered(sec)
                if gap is not None:
                    n, cause = gap
                    text = sec.uncovered.format(n=n, title=cause.title or cause.what[:50])
                if not self._confirm(f"{sec.id}.more", text, sec):
                    self.progress.done.add(sec.id)
                    self._save_progress()
                    break
                self._suggest = [cause.id] if gap is not None else []
            item = self._new_item(sec)
            try:
                self._ask_item(sec, item, len(getattr(self.case, sec.loop)) - 1, force=True)
            finally:
                self._suggest = []

    def _uncovered(self, sec: Section) -> tuple[int, Any] | None:
        """The first root cause no item of this (linking) section answers yet, numbered."""
        if not sec.uncovered or sec.loop is None:
            return None
        items = getattr(self.case, sec.loop)
        for n, cause in enumerate(self.case.root_causes, start=1):
            if not any(cause.id in it.root_causes for it in items):
                return n, cause
        return None

    def _new_item(self, sec: Section) -> Any:
        assert sec.loop is not None
        items = getattr(self.case, sec.loop)
        numbers = [
            int(it.id[len(sec.prefix) :])
            for it in items
            if it.id.startswith(sec.prefix) and it.id[len(sec.prefix) :].isdigit()
        ]
        item = ITEM_TYPES[sec.loop](id=f"{sec.prefix}{max(numbers, default=0) + 1}")
        items.append(item)
        self._save_case()
        return item

    def _ask_item(
        self, sec: Section, item: Any, index: int, *, force: bool, removable: bool = False
    ) -> None:
        label = self.flow.text("item", item=sec.item, n=index + 1)
        questions = self.flow.section(sec.id).questions
        keys = [f"{item.id}.{q.id}" for q in questions]
        if force and removable and all(k in self.progress.answered for k in keys):
            # A complete item is kept whole with one Enter, not one Enter per answer.
            choice = self._keep_item(sec, item, index, label)
            if choice == "keep":
                return
            if choice == "remove":
                self._remove(sec, item)
                return
        for n, q in enumerate(questions):
            key = f"{item.id}.{q.id}"
            if force or key not in self.progress.answered:
                removed = self._ask(
                    self.flow.section(sec.id), q, key, item, label, removable=removable and n == 0
                )
                if removed:
                    return
                if self._from_block == item.id:  # a kept block: ask only what it left empty
                    self._from_block, force = "", False
        evidence_step.ask_details(self, sec, item, label, force=force)  # kind, invoice fields

    def _keep_item(self, sec: Section, item: Any, index: int, label: str) -> str:
        """Ask whether to rework a complete item: "keep", "rework" or "remove"."""
        first = sec.questions[0]
        name = display(getattr(item, first.field)) or item.id
        if len(name) > 60:
            name = name[:57].rstrip() + "..."
        text = self.flow.text("keep_item", item=label, name=name)
        error = ""
        while True:
            raw = self.ask(
                Prompt(
                    "confirm", key=f"{item.id}.keep", text=text, flow=self.flow, section=sec,
                    error=error, item_label=label,
                )
            ).strip()  # fmt: skip
            if not raw:
                return "keep"
            if raw == REMOVE:
                return "remove"
            answer = parse.parse_yes_no(raw, self.flow.ui["yes_words"], self.flow.ui["no_words"])
            if answer is not None:
                return "rework" if answer else "keep"
            error = self.flow.text("yes_no")

    def _remove(self, sec: Section, item: Any) -> None:
        """Drop an item and every link to it, so the case stays valid."""
        assert sec.loop is not None
        getattr(self.case, sec.loop).remove(item)
        remove_links(self.case, item.id)
        self._save_case()
        self.progress.answered = {
            k for k in self.progress.answered if not k.startswith(f"{item.id}.")
        }
        self.progress.kept = {
            k: v for k, v in self.progress.kept.items() if not k.startswith(f"{item.id}.")
        }
        self.progress.flagged = {
            k: v for k, v in self.progress.flagged.items() if not k.startswith(f"{item.id}.")
        }
        self._save_progress()
        self.ask(Prompt("note", text=self.flow.text("removed", item=sec.item, item_a=sec.item_a)))

    def _confirm(self, key: str, text: str, sec: Section) -> bool:
        error = ""
        while True:
            raw = self.ask(
                Prompt("confirm", key=key, text=text, flow=self.flow, section=sec, error=error)
            )
            if not raw.strip():
                return False  # Enter moves on; more can be added later with --section
            answer = parse.parse_yes_no(raw, self.flow.ui["yes_words"], self.flow.ui["no_words"])
            if answer is not None:
                return answer
            error = self.flow.text("yes_no")

    # -- one question ----------------------------------------------------------------------

    def _get(self, q: Question, item: Any) -> Any:
        return convert.get(self.case, q, item)

    def _set(self, q: Question, item: Any, value: Any) -> None:
        convert.set_value(self.case, q, item, value)

    def _ask(
        self,
        sec: Section,
        q: Question,
        key: str,
        item: Any,
        label: str,
        *,
        removable: bool = False,
    ) -> bool:
        """Ask one question until the answer is valid; True when the person removed the item."""
        current = self._get(q, item)
        if q.type == "refs":
            causes = self.case.root_causes
            if len(causes) <= 1:
                if causes and not current:
                    self._set(q, item, [causes[0].id])
                    self.ask(Prompt("note", key=key, text=self.flow.text("auto_linked")))
                self._accept(key)
                return False
        choices = self._choices(q)
        offer = blocks.offer(self, sec, q, item)  # building blocks, at an item's first question
        shown, warned = (offer.question, False) if offer is not None else (q, True)
        if offer is not None:
            choices = offer.choices
        default = self._default_text(q, current)
        if q.type == "choice" and key not in self.progress.answered:
            default = ""  # the model's default kind ("other") is not an answer
        if q.field == "orders" and not current and key not in self.progress.answered:
            default = "\n".join(find_order_ids(self.case.notice.text))  # quoted in the notice
        error = ""
        while True:
            raw = self.ask(
                self._prompt(
                    "question", sec, shown, key, label, default=default, error=error,
                    choices=choices,
                )
            ).strip()  # fmt: skip
            if removable and raw == REMOVE:
                self._remove(sec, item)
                return True
            picked = offer.take(raw) if offer is not None else None
            if picked == blocks.OWN:  # "write my own": the question alone
                offer, shown, choices, error = None, q, self._choices(q), ""
                continue
            if picked is not None:
                blocks.fill(self, sec, item, picked, label)
                return False
            if not raw:
                raw = default
            if not raw and q.required:
                error = self.flow.text("required")
                continue
            try:
                value = self._parse(q, raw, choices)
            except ValueError as exc:
                error = str(exc)
                continue
            if not warned and raw != default:  # a Chinese answer, met once with the blocks
                warned, error = True, blocks.chinese_note(self, value)
                if error:
                    default = raw
                    continue
            if q.check and isinstance(value, str) and value:
                self._set(q, item, value)
                self._save_case()  # on disk before the challenge: a kill there loses nothing
                value = self._challenge(sec, q, key, label, value)
            self._set(q, item, value)
            self._save_case()
            self._accept(key)
            return False

    def _choices(self, q: Question) -> list[tuple[str, str]]:
        return convert.choices(self.case, q, self.progress.lang)

    def _default_text(self, q: Question, current: Any) -> str:
        return convert.default_text(self.case, q, current, self._suggest)

    def _parse(self, q: Question, raw: str, choices: list[tuple[str, str]]) -> Any:
        return convert.parse_answer(self.flow, self.case, self.today, q, raw, choices)

    def _prompt(
        self, kind: str, sec: Section, q: Question, key: str, label: str, **rest: Any
    ) -> Prompt:
        """A prompt about question ``q`` of item ``label``: a question or a challenge."""
        return Prompt(
            kind, key=key, text=q.ask, flow=self.flow, section=sec, question=q, item_label=label,
            **rest,
        )  # fmt: skip

    def _challenge(self, sec: Section, q: Question, key: str, label: str, text: str) -> str:
        """Check an answer; the person may improve it (checked again) or keep it."""
        q = blocks.stronger(self, sec, q, key, text)  # the example comes from a fitting block
        while True:
            found = finding_problems(
                self.check(q.check or sec.id, text, self.case.violation.value),
                q.ignore,
                q.only,
            )
            problems = [line for _, line in found]
            if not problems:
                self.progress.kept.pop(key, None)
                return text
            better = self.ask(
                self._prompt(
                    "challenge",
                    sec,
                    q,
                    key,
                    label,
                    default=text,
                    problems=problems,
                    rules=[rule for rule, _ in found],
                )
            ).strip()
            if not better or better == text:
                self.progress.kept[key] = problems
                return text
            text = better

    # -- saving ----------------------------------------------------------------------------

    def _accept(self, key: str) -> None:
        self.progress.answered.add(key)
        self.progress.flagged.pop(key, None)  # answered in person now: checked (or kept) anew
        self._save_progress()

    def _save_case(self) -> None:
        store.save_case(self.folder, self.case)

    def _save_progress(self) -> None:
        save_progress(self.folder, self.progress)

    def _fill_answered_from_case(self) -> None:
        """A value already in case.yaml counts as answered (hand edits, --answers, a kill).

        In a case the wizard never ran on (written by hand), an item whose first field is
        filled counts as complete: its empty optional fields were left empty on purpose.
        """
        for sec in self.flow.sections:
            if sec.loop is None:
                for q in sec.questions:
                    value = self._get(q, None)
                    if q.type == "choice" and value == Case.model_fields["violation"].default:
                        continue  # "other" is the model's default, not an answer
                    if value not in ("", None, []):
                        self.progress.answered.add(q.key)
                continue
            for item in getattr(self.case, sec.loop):
                whole = self._fresh and getattr(item, sec.questions[0].field) not in ("", None)
                for q in sec.questions:
                    if whole or getattr(item, q.field) not in ("", None, []):
                        self.progress.answered.add(f"{item.id}.{q.id}")
