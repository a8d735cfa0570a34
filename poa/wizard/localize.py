"""The shared checks' findings in the wizard's language.

The scorer's rules say what is wrong in English (``message``, ``suggestion``); the rules that
check one wizard answer also say it in Chinese (``message_zh``, ``suggestion_zh``, with the same
``{excerpt}`` fields). ``poa score`` and ``poa check`` stay English; the wizard under
``--lang zh`` shows the Chinese text, falling back to English for a rule that has none.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from typing import Any

from poa.wizard.prompt import CheckFn

TRANSLATED = ("message", "suggestion")


class _Fields(dict[str, Any]):
    """Message fields; an unknown {name} stays as written (as the scorer does)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@functools.cache
def _texts(lang: str) -> dict[str, dict[str, str]]:
    """Rule id -> {"message": ..., "suggestion": ...} in ``lang``, for the rules that have it."""
    try:
        from poa.score.engine import registry
    except ImportError:  # pragma: no cover - the scorer ships with poa
        return {}
    out: dict[str, dict[str, str]] = {}
    for rule in registry():
        texts = {
            name: str(rule.params[f"{name}_{lang}"]).strip()
            for name in TRANSLATED
            if rule.params.get(f"{name}_{lang}")
        }
        if texts:
            out[rule.id] = texts
    return out


def translate(findings: Sequence[Any], lang: str) -> list[Any]:
    """Copies of ``findings`` with message and suggestion in ``lang`` where the rule has them."""
    if lang == "en":
        return list(findings)
    table = _texts(lang)
    out = []
    for f in findings:
        texts = table.get(str(getattr(f, "rule", "")))
        if texts:
            f = copy.copy(f)
            fields = _Fields(excerpt=getattr(f, "excerpt", ""))
            for name, text in texts.items():
                setattr(f, name, text.format_map(fields))
        out.append(f)
    return out


def localized(check: CheckFn, lang: str) -> CheckFn:
    """``check`` whose findings speak ``lang`` (the wizard's answer checks under --lang zh)."""
    if lang == "en":
        return check

    def run(section: str, text: str, violation: str = "other") -> list[Any]:
        return translate(check(section, text, violation), lang)

    return run
