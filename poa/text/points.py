"""Points: the numbered and bulleted items of a list, and the markers that start them.

A seller numbers points as "1." "1)" "(1)" "（1）" "1、" "一、" "I." "a)" "Step 1:", or bullets
them with "-" "*" "•"; a Markdown heading's "#" is read as a marker too, so that what follows it
can be compared with a section's name. Patterns are compiled on first use (through the regex
cache), so importing this module costs nothing.
"""

from __future__ import annotations

import functools
import re

from poa.text import regexcache

_MARKER = r"""^\s*(?:
        \#{1,6}\s+                          # Markdown heading
      | (?:\d{1,3}|[A-Za-z])[.)](?=\s)\s*   # 1. 1) a)
      | \(\d{1,3}\)\s*                      # (1)
      | （\d{1,3}）\s*                        # full-width (1)
      | [IVXivx]{1,5}[.)](?=\s)\s*          # I. II)
      | \d{1,3}、\s*                        # 1、
      | [一二三四五六七八九十]{1,3}[、.．]\s*   # 一、
      | (?:step|point)\s+\d{1,3}\s*[:.)-]\s*
      | [-*•·–]\s+                          # bullets
    )"""
_BULLET = r"[-*•·–]\s"
# A line that starts a new numbered or bulleted item (headings and "Step 1:" aside).
_NUMBERED = (
    r"^\s*(?:(?:\d{1,3}|[IVXivx]{1,5}|[A-Za-z])[.)]\s|\(\d{1,3}\)|（\d{1,3}）|\d{1,3}、|"
    rf"[一二三四五六七八九十]{{1,3}}[、.．]|{_BULLET})"
)


@functools.cache
def _marker() -> re.Pattern[str]:
    return regexcache.compile(_MARKER, re.VERBOSE | re.IGNORECASE)


@functools.cache
def _bullet() -> re.Pattern[str]:
    return regexcache.compile(rf"^\s*{_BULLET}")


@functools.cache
def _numbered() -> re.Pattern[str]:
    return regexcache.compile(_NUMBERED)


def marker_end(text: str) -> int:
    """Where the text after a leading marker starts (0 without one)."""
    m = _marker().match(text)
    return m.end() if m else 0


def strip_marker(line: str) -> str:
    """The text of a heading or point without its marker: "1.", "#", a bullet, and bold around
    either ("**1. Why it happened**")."""
    marker = _marker()
    text = marker.sub("", line, count=1).strip()
    text = text.strip("*_ ").strip()
    return marker.sub("", text, count=1).strip().strip("*_ ").strip()


def is_bullet(line: str) -> bool:
    """Whether ``line`` starts a bulleted item ("- ", "* ", "• ")."""
    return _bullet().match(line) is not None


def is_numbered(line: str) -> bool:
    """Whether ``line`` starts a numbered or bulleted item."""
    return _numbered().match(line) is not None
