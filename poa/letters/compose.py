"""Render a letter from its template in ``sections/letters/<kind>.yaml``.

A letter is a list of paragraphs, each a Jinja2 template with a Chinese gloss of what it says
(for ``--lang zh``; the gloss is never part of the letter) and an optional ``when`` condition.
Templates see only the facts that have a value (poa.letters.facts) and render with strict
undefined variables, so a letter never leaves a blank: a missing fact is an error that names
it. Every letter to a buyer is checked by the buyer-message rules before it is handed back.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from poa import knowledge
from poa.case.model import Case
from poa.errors import InputError, PoaError
from poa.letters import facts as fact_data
from poa.text.scripts import has_non_latin
from poa.text.words import and_list


class MissingFact(PoaError):
    """A fact the letter needs is not in the case (exit 2, like any bad input)."""


@dataclass
class Letter:
    kind: str
    recipient: str
    subject: str
    paragraphs: list[str]
    glosses: list[str] = field(default_factory=list)
    order: str | None = None

    @property
    def file_name(self) -> str:
        """``buyer-apology-113-4827301-5520947.txt``: one file per letter in a folder."""
        return f"{self.kind}-{self.order}.txt" if self.order else f"{self.kind}.txt"

    def text(self) -> str:
        """The letter as it is sent: a subject line, then the paragraphs."""
        return f"Subject: {self.subject}\n\n" + "\n\n".join(self.paragraphs) + "\n"

    def gloss_text(self) -> str:
        """The Chinese gloss, one line per paragraph, marked as not part of the letter."""
        lines = ["---- 中文说明（每段在说什么；不是信的一部分，不要发送）----"]
        lines.append(f"主题：{self.subject}")
        lines += [f"第{n}段：{g}" for n, g in enumerate(self.glosses, start=1)]
        return "\n".join(lines) + "\n"


def _folder() -> Path:
    return knowledge.sections_dir() / "letters"


@functools.cache
def specs() -> dict[str, dict[str, Any]]:
    """Letter kinds by name, from ``sections/letters/*.yaml`` (files starting with _ are data)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(_folder().glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        spec = dict(knowledge.load_data(f"letters/{path.name}"))
        kind = str(spec.get("kind") or path.stem)
        if kind != path.stem:
            raise PoaError(
                f"sections/letters/{path.name}: kind {kind!r} differs from the file name"
            )
        out[kind] = spec
    return out


def kinds() -> list[str]:
    return list(specs())


def spec_of(kind: str) -> dict[str, Any]:
    """The spec of ``kind``; an unknown kind is one line with the kinds and a suggestion."""
    table = specs()
    if kind in table:
        return table[kind]
    close = difflib.get_close_matches(kind, list(table), n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise InputError(f"no letter kind {kind!r}; {hint}kinds: {', '.join(table)}")


@functools.cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["and_list"] = and_list
    return env


def _missing(kind: str, names: list[str], known: dict[str, Any]) -> MissingFact:
    first = fact_data.describe(names[0], known)
    more = f" (also missing: {', '.join(names[1:])})" if len(names) > 1 else ""
    return MissingFact(f"{kind} needs {first}{more}")


def _render(source: str, context: dict[str, Any], kind: str) -> str:
    import jinja2

    try:
        text = _environment().from_string(source).render(context)
    except jinja2.UndefinedError as exc:
        name = str(exc.message or "").split("'")[1] if "'" in str(exc.message) else str(exc)
        raise _missing(kind, [name], context) from None
    except jinja2.TemplateError as exc:
        raise PoaError(f"sections/letters/{kind}.yaml: template error: {exc}") from None
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _included(when: str | None, context: dict[str, Any], kind: str) -> bool:
    import jinja2

    if not when:
        return True
    try:
        return bool(_environment().compile_expression(when)(context))
    except jinja2.UndefinedError as exc:
        raise PoaError(f"sections/letters/{kind}.yaml: condition {when!r}: {exc}") from None


def compose(
    case: Case,
    kind: str,
    *,
    folder: Path | None = None,
    order: str | None = None,
    given: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> Letter:
    """The letter ``kind`` for ``case``, every fact filled, checked if it goes to a buyer."""
    spec = spec_of(kind)
    if order is not None and not spec.get("per_order"):
        raise InputError(f"--order is for the letters to buyers; {kind} is not about one order")
    order_id = fact_data.pick_order(case, kind, order) if spec.get("per_order") else None
    known = fact_data.gather(case, order_id=order_id, given=given, today=today)
    if spec.get("uses") == "revisions" and folder is not None:
        from poa.letters.followup import followup_facts

        known.update({k: v for k, v in followup_facts(folder, case, spec, today).items() if v})
    for key, value in spec.items():  # constants the template names (retraction_channel...)
        if isinstance(value, str) and key not in _SPEC_KEYS:
            known.setdefault(key, " ".join(value.split()))
    missing = [n for n in spec.get("needs", []) if n not in known]
    if missing:
        raise _missing(kind, missing, known)
    paragraphs: list[str] = []
    glosses: list[str] = []
    for para in spec["paragraphs"]:
        if not _included(para.get("when"), known, kind):
            continue
        text = _render(str(para["text"]), known, kind)
        if not text:
            continue
        paragraphs.append(text)
        glosses.append(" ".join(_render(str(para.get("zh", "")), known, kind).split()))
    subject = " ".join(_render(str(spec["subject"]), known, kind).split())
    letter = Letter(kind, str(spec["recipient"]), subject, paragraphs, glosses, order_id)
    _check_english(letter, known)
    if letter.recipient == "buyer":
        _check_buyer_letter(letter, given or {})
    return letter


_SPEC_KEYS = {"kind", "title", "title_zh", "recipient", "subject", "uses"}


def _check_english(letter: Letter, known: dict[str, Any]) -> None:
    """Letters go out in English: a fact typed in Chinese is named, not sent."""
    text = letter.text()
    if not has_non_latin(text):
        return
    for name, value in known.items():
        values = value if isinstance(value, list) else [value]
        hit = next((v for v in values if isinstance(v, str) and has_non_latin(v) and v in text), "")
        if hit:
            how = (
                f"give it in English with --fact {name}='...'"
                if name in fact_data.settable()
                else "write it in English in case.yaml"
            )
            raise InputError(
                f"{letter.kind} goes out in English, and {name} is not ({hit[:40]!r}): {how}"
            )
    raise PoaError(f"sections/letters/{letter.kind}.yaml: the letter's text is not English")


def _check_buyer_letter(letter: Letter, given: dict[str, str]) -> None:
    """A buyer letter that breaks a messaging rule is not handed out: the seller's own wording
    (a --fact) or the case's text caused it, and the message says which rule fired."""
    from poa.letters.check import check_message

    findings = check_message(letter.text())
    if not findings:
        return
    f = findings[0]
    excerpt = f.excerpt.removesuffix("...")
    typed = [n for n, v in given.items() if v and (v in excerpt or excerpt in v)]
    source = f"the wording of --fact {typed[0]}" if typed else "the case's wording"
    raise InputError(
        f"{letter.kind} would break Amazon's buyer-messaging rules ({f.rule}:"
        f' "{f.excerpt}"), from {source}; reword it and run again'
    )


ALL = "all"


def compose_all(
    case: Case,
    kind: str,
    *,
    folder: Path | None = None,
    given: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> tuple[list[Letter], list[str]]:
    """One letter per order the case names (``--order all``), and a line for each order it
    could not write (a fact missing for that order). None written: the first reason, as an
    error."""
    spec = spec_of(kind)
    if not spec.get("per_order"):
        raise InputError(f"--order all is for the letters to buyers; {kind} is not about an order")
    letters: list[Letter] = []
    skipped: list[str] = []
    first: PoaError | None = None
    for order_id in fact_data.letter_orders(case):
        try:
            letters.append(
                compose(case, kind, folder=folder, order=order_id, given=given, today=today)
            )
        except PoaError as exc:  # a fact missing, or in Chinese, for this order only
            first = first or exc
            skipped.append(f"{order_id}: {exc}")
    if not letters:
        if first is not None:
            raise first
        raise InputError(f"{kind}: the case names no order to write to")
    return letters, skipped
