"""Ctrl-C around a prompt_toolkit prompt: it stops the wizard cleanly, never half-way.

Each prompt runs in a new asyncio event loop. A Ctrl-C pressed while the terminal is still in
cooked mode (just as a question appears) used to raise KeyboardInterrupt inside the loop's
constructor or its close(), leaving a half-built loop whose ``__del__`` later printed
"Exception ignored ... no attribute '_ssock'"; one raised where prompt_toolkit catches
BaseException was lost, and the wizard went on. So while a prompt runs, SIGINT is held back
(the terminal is raw then, and Ctrl-C arrives as a key anyway); one pressed in the gap stops the
prompt as soon as it runs, or is delivered when the prompt returns, in poa's own code.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

_noted = False  # a Ctrl-C arrived while a prompt was being set up or torn down


def _note(signum: int, frame: FrameType | None) -> None:
    """The SIGINT handler while a prompt runs: remember the Ctrl-C, then act as Python's own."""
    global _noted
    _noted = True
    raise KeyboardInterrupt


def _take_pending() -> bool:
    """Whether a held-back SIGINT was pending; it is taken, never waited for."""
    timed = getattr(signal, "sigtimedwait", None)
    if timed is not None:
        return timed({signal.SIGINT}, 0) is not None
    pending = getattr(signal, "sigpending", None)  # macOS has no sigtimedwait
    if pending is not None and signal.SIGINT in pending():
        signal.sigwait({signal.SIGINT})
        return True
    return False


def reset() -> None:
    """Forget a Ctrl-C noted before (a new wizard run starts)."""
    global _noted
    _noted = False


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Run a prompt with SIGINT held back; raise KeyboardInterrupt after it if one came."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    if _noted:  # one was swallowed before this prompt
        raise KeyboardInterrupt
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _note)
    old = mask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)  # one still held back is delivered here
        if previous is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, previous)
    if _noted:  # raised inside prompt_toolkit and swallowed there
        raise KeyboardInterrupt


# How often a running prompt looks for a Ctrl-C that did not reach it as a key, in seconds.
POLL = 0.2


def stop_if_interrupted() -> None:
    """``pre_run`` of a prompt: a Ctrl-C held back or swallowed while the prompt was being set
    up stops it as soon as it runs (the terminal is raw by then: no new signal can come), and
    again at every ``POLL`` while it waits, whatever the timing was."""
    import asyncio

    from prompt_toolkit.application import get_app

    app = get_app()
    loop = asyncio.get_running_loop()

    def check() -> None:
        if not app.is_running or app.is_done:
            return
        if _take_pending() or _noted:
            app.exit(exception=KeyboardInterrupt())
            return
        loop.call_later(POLL, check)

    loop.call_soon(check)
