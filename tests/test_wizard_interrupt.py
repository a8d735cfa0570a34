"""Ctrl-C in the wizard: never a traceback, always how to go on.

The race: each prompt builds a new asyncio event loop. A Ctrl-C that arrived while the
terminal was still in cooked mode raised KeyboardInterrupt inside the loop's constructor, and
the half-built loop later printed "Exception ignored ... no attribute '_ssock'".
"""

from __future__ import annotations

import asyncio.selector_events as selector_events
import gc
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.wizard_script import child_env

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signals")


def test_ctrl_c_while_a_prompt_builds_its_event_loop_leaves_nothing_half_built(monkeypatch):
    """Deterministic: SIGINT raised inside the loop's constructor, where the race hit."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from poa.cli.wizard_term import TerminalAsk

    original = selector_events.BaseSelectorEventLoop._make_self_pipe

    def interrupted(self):  # Ctrl-C pressed just as the question appears
        signal.raise_signal(signal.SIGINT)
        original(self)

    unraisable: list[object] = []
    monkeypatch.setattr(selector_events.BaseSelectorEventLoop, "_make_self_pipe", interrupted)
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with create_pipe_input() as pipe:
        session = PromptSession(input=pipe, output=DummyOutput())
        with pytest.raises(KeyboardInterrupt):
            TerminalAsk._prompt(session, "> ", "")
    monkeypatch.setattr(selector_events.BaseSelectorEventLoop, "_make_self_pipe", original)
    gc.collect()
    assert unraisable == []


# Where Ctrl-C lands, after the first answer: (text to wait for, longest random delay in s).
MOMENTS = [
    ("Shop", 0.002),  # the answer is being saved; the terminal is leaving raw mode
    ("Shop", 0.05),  # the answer is being checked and the next question printed
    ("Which problem", 0.004),  # the next question appears: its prompt is being built
    ("Account deactivation", 0.02),  # the last choice is printed, the prompt about to run
]


def test_ctrl_c_at_random_moments_never_prints_a_traceback(tmp_path: Path):
    """Eight wizards at once, each interrupted at a random moment around a question."""
    rng = random.Random()
    children = []
    for n in range(8):
        child = pexpect.spawn(
            sys.executable,
            ["-m", "poa", "new", f"case{n}"],
            cwd=str(tmp_path),
            env=child_env(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="100", LINES="40"),
            encoding="utf-8",
            timeout=20,
            dimensions=(40, 100),
        )
        child.delaybeforesend = None
        children.append(child)
    for n, child in enumerate(children):
        child.expect_exact("Store name")
        child.expect_exact("\x1b[?25h")  # the prompt is drawn
        child.send("Shop\r")
        wait_for, longest = MOMENTS[n % len(MOMENTS)]
        child.expect_exact(wait_for)
        time.sleep(rng.uniform(0, longest))
        child.sendcontrol("c")
    for n, child in enumerate(children):
        child.expect(pexpect.EOF)
        child.close()
        shown = child.before
        assert child.exitstatus == 130, shown
        assert "Traceback" not in shown and "Exception ignored" not in shown, shown
        assert "never awaited" not in shown, shown
        assert f"poa edit case{n}" in shown.replace("\r\n", " ")
