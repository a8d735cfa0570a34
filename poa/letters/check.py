"""Check a message to a buyer against Amazon's buyer-seller messaging rules.

The rules are data (``sections/rules/messages/<family>.yaml``) in the same form as the plan
rules and run by the same engine (``poa.score.engine``), but as a rule set of their own: the
folder is not read by the scorer, and a message is checked only by these rules. Rule ids are
``message-<family>.<name>`` so that they never collide with a plan rule's.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from poa import knowledge
from poa.errors import InputError, PoaError
from poa.files import datacache
from poa.score import engine
from poa.score.report import Finding
from poa.score.sections import parse

FAMILY_PREFIX = "message-"
SECTION = "message"  # the ``section`` of every finding: a message has no plan sections
MAX_BYTES = 1024 * 1024


def rules_dir() -> Path:
    return knowledge.sections_dir() / "rules" / "messages"


@functools.cache
def rules() -> tuple[engine.Rule, ...]:
    """Every buyer-message rule, in file order; ids are unique and apart from the plan's."""
    rules_out: list[engine.Rule] = []
    seen: set[str] = set()
    for path in sorted(rules_dir().glob("*.yaml")):
        try:
            content: Any = datacache.load_yaml(path)
        except Exception as exc:  # OSError, yaml.YAMLError
            raise PoaError(f"poa data file {path} cannot be read: {exc}") from exc
        family = FAMILY_PREFIX + path.stem
        source = f"sections/rules/messages/{path.name}"
        for raw in (content or {}).get("rules", []):
            # The engine's own builder: the same rule types, keys and validation as plan rules.
            rule = engine._build(family, raw, source)
            if rule.id in seen:
                raise PoaError(f"message rule {rule.id} is defined twice")
            seen.add(rule.id)
            rules_out.append(rule)
    return tuple(rules_out)


def rule(rule_id: str) -> engine.Rule:
    found = next((r for r in rules() if r.id == rule_id), None)
    if found is None:
        raise PoaError(f"no message rule {rule_id}")
    return found


def check_message(text: str, only: tuple[engine.Rule, ...] | None = None) -> list[Finding]:
    """Findings for one message, at 1-based line and column of ``text``.

    The text is read without plan headings (no line is taken for a section title), so every
    line is checked; ``only`` restricts the run to some rules (the examples' test).
    """
    doc = parse(text, known_titles={})
    findings = engine.run(engine.Context(doc=doc), rules=only if only is not None else rules())
    for f in findings:
        f.section = SECTION
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def read_message(source: str, stdin: bytes | None = None) -> tuple[str, str]:
    """(name, text) of a message given as a file path, or ``-`` with ``stdin``'s bytes.

    UTF-8 (with or without a byte-order mark), UTF-16 with a mark, or GB18030 (a Chinese
    draft saved by a Chinese Windows editor); anything else is refused with one line.
    """
    if source == "-":
        name, raw = "<stdin>", stdin or b""
        if len(raw) > MAX_BYTES:
            raise InputError(f"{name}: {len(raw) // 1024} kB; a buyer message is a few lines")
    else:
        path = Path(source)
        name = str(path)
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if path.is_dir():
            raise InputError(f"{path} is a folder; give the message as a text file, or - for stdin")
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise InputError(f"{path} is {size // 1024} kB; a buyer message is a few lines")
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path} cannot be read: {exc.strerror or exc}") from None
    text = _decode(raw, name)
    if not text.strip():
        raise InputError(f"{name} is empty: there is no message to check")
    return name, text


def _decode(raw: bytes, path: str) -> str:
    from poa.text.decode import decode_text

    return decode_text(
        raw,
        path,
        binary_hint="; paste the message into a .txt file",
        encoding_hint="save it as UTF-8",
        encodings=("utf-8-sig", "gb18030"),
    )
