"""The wizard's terminal: the ``ask`` function that shows a prompt and reads the answer.

prompt_toolkit gives line editing, bracketed paste (a pasted block arrives whole) and a prefilled
default; a long answer ends with an empty line, so pasting several lines is safe. ':e' opens
$VISUAL/$EDITOR on the answer, '?' shows the good and weak examples. On a dumb terminal, or
without prompt_toolkit, plain ``input()`` does the same job line by line.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import typer

from poa.cli import interrupt
from poa.cli.terminal import Terminal, current
from poa.cli.wrap import _cwidth, terminal_width, wrap  # noqa: F401 - _cwidth: the wrap tests use it here
from poa.errors import InputError
from poa.wizard import Prompt

EDIT_COMMAND = ":e"
EXAMPLE_COMMAND = "?"
MULTILINE_TYPES = ("long", "orders", "asins")


def open_editor(text: str) -> str:
    """Edit ``text`` in $VISUAL or $EDITOR (vi by default); return what was saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="poa-answer-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            subprocess.run([*shlex.split(editor), str(path)], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise InputError(f"cannot run the editor {editor!r}: {exc}") from None
        return path.read_text(encoding="utf-8").strip()
    finally:
        path.unlink(missing_ok=True)


class TerminalAsk:
    """Callable ``ask`` for the wizard engine, reading from the terminal."""

    def __init__(self, term: Terminal | None = None) -> None:
        self.term = term or current()
        self._session: Any = None  # one-line answers
        self._blocks: Any = None  # multi-line answers (a session keeps its options)
        self._helped = False
        interrupt.reset()
        if self.term.line_editing:
            try:
                from prompt_toolkit import PromptSession

                self._session = PromptSession()
                self._blocks = PromptSession(
                    multiline=True,
                    key_bindings=_block_keys(),
                    prompt_continuation=lambda width, line, wrap: " " * width,
                )
            except Exception:  # no usable terminal for prompt_toolkit: plain input() instead
                self._session = self._blocks = None

    def _say(
        self, text: str = "", *, fg: str | None = None, bold: bool = False, dim: bool = False
    ) -> None:
        """A line on stdout, coloured on a terminal (unless NO_COLOR)."""
        if self.term.colour:
            typer.secho(text, fg=fg, bold=bold, dim=dim, file=self.term.stdout, color=True)
        else:
            typer.echo(text, file=self.term.stdout)

    def _wrap(self, text: str, indent: str = "  ", hang: str = "    ") -> str:
        return wrap(text, indent, hang, terminal_width(self.term))

    def _gloss(self, flow: Any, gloss: str) -> None:
        """The Chinese meaning of an English example, under it (the example stays English)."""
        if gloss:
            self._say(
                self._wrap(f"{flow.ui.get('gloss', '')}: {gloss}", "    ", "      "), dim=True
            )

    # -- the ask function ------------------------------------------------------------------

    def __call__(self, p: Prompt) -> str:
        if p.kind == "section":
            self._section(p)
            return ""
        if p.kind == "note":
            self._say(self._wrap(p.text, "  ", "  "), dim=True)
            return ""
        if p.kind == "confirm":
            return self._confirm(p)
        if p.kind == "challenge":
            return self._challenge(p)
        return self._question(p)

    def _section(self, p: Prompt) -> None:
        assert p.flow is not None and p.section is not None
        self._say()
        where = f"{p.step}/{p.steps} " if p.steps else ""
        self._say(self._wrap(f"== {where}{p.section.title} ==", "", ""), fg="cyan", bold=True)
        if p.section.intro:
            self._say(self._wrap(p.section.intro, "", ""))
        if not self._helped:
            self._say(self._wrap(p.flow.text("help_line"), "", ""), dim=True)
            self._helped = True

    def _confirm(self, p: Prompt) -> str:
        assert p.flow is not None
        if p.error:
            self._say(self._wrap(p.error, "  ", "  "), fg="red")
        return self._line(self._wrap(f"{p.text} {p.flow.text('yes_no')}", "", "  ") + " ", "")

    def _question(self, p: Prompt) -> str:
        q, flow = p.question, p.flow
        assert q is not None and flow is not None
        self._say()
        head = f"{p.item_label} - {q.ask}" if p.item_label else q.ask
        self._say(self._wrap(head, "", "  "), bold=True)
        if q.hint:
            self._say(self._wrap(f"{flow.text('hint')}: {q.hint}"), dim=True)
        for n, (key, label) in enumerate(p.choices, start=1):
            chosen = key == p.default or (q.type == "refs" and str(n) in p.default.split())
            mark = " *" if chosen else ""
            self._say(self._wrap(f"{label}{mark}", f"  {n:>2}. ", "      "))
        if p.error:
            self._say(self._wrap(p.error, "  ", "  "), fg="red")
        multiline = q.type in MULTILINE_TYPES
        default = p.default
        if q.type == "choice" and p.default:
            keys = [k for k, _ in p.choices]
            default = str(keys.index(p.default) + 1) if p.default in keys else ""
        while True:
            if multiline:
                answer = self._block(f"{flow.text('long_help')}\n> ", default)
            else:
                answer = self._line("> ", default)
            stripped = answer.strip()
            if stripped == EXAMPLE_COMMAND:
                self._examples(p)
                continue
            if stripped == EDIT_COMMAND:
                return open_editor(p.default)
            if q.type == "choice" and default and stripped == default:
                return p.default
            return answer

    def _challenge(self, p: Prompt) -> str:
        q, flow, sec = p.question, p.flow, p.section
        assert q is not None and flow is not None and sec is not None
        self._say(f"  {flow.text('challenge_intro')}", fg="yellow", bold=True)
        shown: set[str] = set()
        for n, problem in enumerate(p.problems):
            lead = flow.challenge_lead(p.rules[n]) if n < len(p.rules) else ""
            if not lead:
                self._say(self._wrap(f"- {problem}"), fg="yellow")
                continue
            if lead not in shown:  # one lead per kind of problem, its details below it
                shown.add(lead)
                self._say(self._wrap(f"- {lead}"), fg="yellow")
            self._say(self._wrap(problem, "    ", "    "), dim=True)
        if sec.amazon_reply and not any("Greater detail" in x for x in p.problems):
            self._say(self._wrap(flow.text("challenge_reply", reply=sec.amazon_reply)), fg="yellow")
        if q.good:
            self._say(self._wrap(flow.text("challenge_example", good=q.good)))
            self._gloss(flow, q.good_gloss)
        # A retry keeps its field's mode: a one-line field stays one line, so answers typed
        # ahead for the next questions do not land in it.
        multiline = q.type in MULTILINE_TYPES
        while True:
            if multiline:
                answer = self._block(f"{flow.text('challenge_ask')}\n> ", "")
            else:
                answer = self._line(f"{flow.text('challenge_ask_line')}\n> ", "")
            stripped = answer.strip()
            if stripped == EDIT_COMMAND:
                return open_editor(p.default)
            if stripped == EXAMPLE_COMMAND:
                self._examples(p)
                continue
            if not stripped:
                self._say(f"  {flow.text('kept')}", dim=True)
            return answer

    def _examples(self, p: Prompt) -> None:
        q, flow = p.question, p.flow
        assert q is not None and flow is not None
        if q.good:
            self._say(self._wrap(f"{flow.text('good')}: {q.good}"), fg="green")
            self._gloss(flow, q.good_gloss)
        if q.weak:
            why = f"  ({q.weak_why})" if q.weak_why else ""
            self._say(self._wrap(f"{flow.text('weak')}: {q.weak}{why}"), fg="red")
            self._gloss(flow, q.weak_gloss)

    # -- reading ---------------------------------------------------------------------------

    def _line(self, message: str, default: str) -> str:
        if self._session is not None:
            return self._prompt(self._session, message, default=default)
        shown = f"[{default}] " if default else ""
        answer = self._input(f"{message}{shown}")
        return answer if answer.strip() else default

    def _block(self, message: str, default: str) -> str:
        """Multi-line answer: an empty line (or Esc then Enter) finishes it."""
        if self._session is not None:
            return self._prompt(self._blocks, message, default=default).strip()
        if default:
            self._say(f"  [{default}]", dim=True)
        lines: list[str] = []
        while True:
            line = self._input(message if not lines else "  ")
            if not line.strip():
                break
            lines.append(line.rstrip())
        text = "\n".join(lines).strip()
        return text or default

    @staticmethod
    def _prompt(session: Any, message: str, default: str) -> str:
        try:
            with interrupt.held_back():
                return str(
                    session.prompt(message, default=default, pre_run=interrupt.stop_if_interrupted)
                )
        except EOFError:  # Ctrl-D: stop like Ctrl-C; everything answered is saved
            raise KeyboardInterrupt from None

    @staticmethod
    def _input(message: str) -> str:
        try:
            return input(message)
        except EOFError:
            raise KeyboardInterrupt from None


def _block_keys() -> Any:
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings

    kb = KeyBindings()

    @Condition
    def _finished() -> bool:
        from prompt_toolkit.application import get_app

        buf = get_app().current_buffer
        doc = buf.document
        text = buf.text.strip()
        if not text or text in (EDIT_COMMAND, EXAMPLE_COMMAND):
            return True
        return doc.is_cursor_at_the_end and doc.current_line == ""

    @kb.add("enter", filter=_finished)
    @kb.add("c-j", filter=_finished)
    def _submit(event: Any) -> None:
        buf = event.current_buffer
        if buf.text.endswith("\n"):  # the empty line that ends the answer is not part of it:
            buf.delete_before_cursor(1)  # drop it, so the answer left on screen ends with text
        buf.validate_and_handle()

    @kb.add("enter", filter=~_finished)
    @kb.add("c-j", filter=~_finished)
    def _newline(event: Any) -> None:
        event.current_buffer.insert_text("\n")

    return kb
