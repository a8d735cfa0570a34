"""The wizard's questions as data: ``sections/questions/general.yaml`` plus per-kind overrides.

A per-kind file names the violation kinds it ``applies_to`` and overrides hints and examples of
single questions by key (``root_cause.what``); everything else comes from the general file, so no
question is written twice. Text is resolved to one language (en or zh) here, once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from poa import knowledge
from poa.errors import InputError
from poa.files import datakeys

LANGUAGES = ("en", "zh")
QUESTIONS_DIR = "questions"
KIND_FILES = ("odr", "late_shipment", "condition", "inauthentic", "ip", "related_account")


@dataclass(frozen=True)
class Question:
    """One question, in one language."""

    key: str  # "<section>.<question>", e.g. "root_cause.what"
    section: str
    id: str
    field: str
    type: str  # choice | text | long | orders | date | refs
    ask: str
    hint: str = ""
    good: str = ""
    weak: str = ""
    weak_why: str = ""
    good_gloss: str = ""  # under --lang zh: what the English ``good`` example says, in Chinese
    weak_gloss: str = ""
    check: str | None = None
    ignore: tuple[str, ...] = ()
    only: tuple[str, ...] = ()  # when given, the only rules that judge this answer
    past: bool = False
    required: bool = False


@dataclass(frozen=True)
class Section:
    """One step of the flow; a loop section fills a list of items (root causes, actions...)."""

    id: str
    title: str
    intro: str
    questions: tuple[Question, ...]
    loop: str | None = None
    prefix: str = ""
    min_items: int = 0
    item: str = ""  # the label of one item: "Root cause" (1, 2, ...)
    item_a: str = ""  # the noun in a sentence, with its article: "a root cause"
    add_another: str = ""
    uncovered: str = ""
    first: str = ""
    amazon_reply: str = ""


@dataclass(frozen=True)
class Flow:
    lang: str
    kind: str
    sections: tuple[Section, ...]
    ui: dict[str, Any] = field(default_factory=dict)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise InputError(
            f"no section {section_id!r} (known: {', '.join(s.id for s in self.sections)})"
        )

    def text(self, key: str, **values: Any) -> str:
        """A UI string with its placeholders filled in."""
        template = self.ui[key]
        return str(template).format(**values) if values else str(template)

    def challenge_lead(self, rule: str) -> str:
        """A line in the wizard's language saying what kind of problem a finding is.

        The rules' own messages stay English (they are the scorer's data); this lead is looked
        up by rule id, then by ever shorter prefix (``specificity``), then ``default``.
        """
        leads = self.ui.get("challenge_leads") or {}
        parts = rule.split(".")
        for n in range(len(parts), 0, -1):
            lead = leads.get(".".join(parts[:n]))
            if lead:
                return str(lead)
        return str(leads.get("default", ""))


def _pick(value: Any, lang: str) -> str:
    """Language-keyed text ({en, zh}) to one string; plain strings are shared."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return "" if value is None else str(value)


def _gloss(question: dict[str, Any], override: dict[str, Any], example: str, lang: str) -> str:
    """The ``<example>_<lang>`` gloss of an English example (``good_zh``), read from the file
    that gives the example: a per-kind ``good`` never shows the general file's gloss."""
    if lang == "en":
        return ""
    source = override if example in override else question
    return str(source.get(f"{example}_{lang}") or "")


# ---- the files' keys: a misspelt one is an error naming the file, the line and the key meant

_QUESTION_TEXTS = ("ask", "hint", "good", "weak", "weak_why")  # each {en, zh} or one string
_GLOSSES = tuple(f"{ex}_{lang}" for ex in ("good", "weak") for lang in LANGUAGES if lang != "en")
_QUESTION_KEYS = ("field", "type", "check", "ignore", "only", "past", "required", *_GLOSSES)
_OVERRIDE = datakeys.keys(*_QUESTION_KEYS, **dict.fromkeys(_QUESTION_TEXTS, datakeys.TEXT))
_QUESTION = datakeys.keys("id", *_QUESTION_KEYS, **dict.fromkeys(_QUESTION_TEXTS, datakeys.TEXT))
_SECTION_TEXTS = ("title", "intro", "item", "item_a", "add_another", "uncovered", "first")
_SECTION = datakeys.keys(
    "id",
    "loop",
    "prefix",
    "min_items",
    "amazon_reply",
    questions=datakeys.Each(_QUESTION),
    **dict.fromkeys(_SECTION_TEXTS, datakeys.TEXT),
)
_GENERAL = datakeys.keys("violation_labels_zh", sections=datakeys.Each(_SECTION))
_KIND_FILE = datakeys.keys("applies_to", overrides=datakeys.Values(_OVERRIDE))


def _path(name: str) -> Path:
    return knowledge.sections_dir() / QUESTIONS_DIR / f"{name}.yaml"


@functools.cache
def _general() -> dict[str, Any]:
    """general.yaml, its keys checked once per process."""
    data: dict[str, Any] = knowledge.load_data(f"{QUESTIONS_DIR}/general.yaml")
    datakeys.check(data, _GENERAL, _path("general"))
    return data


@functools.cache
def _kind_data(name: str) -> dict[str, Any]:
    """A per-kind file, its keys checked: an override names a question of general.yaml."""
    data: dict[str, Any] = knowledge.load_data(f"{QUESTIONS_DIR}/{name}.yaml")
    datakeys.check(data, _KIND_FILE, _path(name))
    known = {f"{s['id']}.{q['id']}" for s in _general()["sections"] for q in s["questions"]}
    datakeys.check_keys(data.get("overrides"), known, _path(name), ("overrides",))
    return data


@functools.cache
def _ui() -> dict[str, Any]:
    """ui.yaml: one table of strings per language, each naming the keys of the English one."""
    data: dict[str, Any] = knowledge.load_data(f"{QUESTIONS_DIR}/ui.yaml")
    datakeys.check(data, datakeys.keys(*LANGUAGES), _path("ui"))
    for lang in LANGUAGES[1:]:
        if lang in data:
            datakeys.check_keys(data[lang], data.get("en", {}), _path("ui"), (lang,))
    return data


def _kind_file(kind: str) -> dict[str, Any]:
    for name in KIND_FILES:
        data = _kind_data(name)
        if kind in data.get("applies_to", []):
            return data
    return {}


def section_ids() -> list[str]:
    """Every section id the wizard knows, in flow order (what --section accepts)."""
    return [s["id"] for s in _general()["sections"]]


@functools.cache
def load_flow(kind: str = "other", lang: str = "en") -> Flow:
    """The question flow for a violation kind in a language, overrides applied."""
    if lang not in LANGUAGES:
        raise InputError(f"--lang {lang!r} is not supported (choose {' or '.join(LANGUAGES)})")
    general = _general()
    overrides = _kind_file(kind).get("overrides", {})
    sections = []
    for sec in general["sections"]:
        questions = []
        for q in sec["questions"]:
            key = f"{sec['id']}.{q['id']}"
            merged = {**q, **overrides.get(key, {})}
            questions.append(
                Question(
                    key=key,
                    section=sec["id"],
                    id=q["id"],
                    field=merged["field"],
                    type=merged["type"],
                    ask=_pick(merged["ask"], lang),
                    hint=_pick(merged.get("hint"), lang),
                    good=_pick(merged.get("good"), lang),
                    weak=_pick(merged.get("weak"), lang),
                    weak_why=_pick(merged.get("weak_why"), lang),
                    good_gloss=_gloss(q, overrides.get(key, {}), "good", lang),
                    weak_gloss=_gloss(q, overrides.get(key, {}), "weak", lang),
                    check=merged.get("check"),
                    ignore=tuple(merged.get("ignore", ())),
                    only=tuple(merged.get("only", ())),
                    past=bool(merged.get("past", False)),
                    required=bool(merged.get("required", False)),
                )
            )
        sections.append(
            Section(
                id=sec["id"],
                title=_pick(sec["title"], lang),
                intro=_pick(sec.get("intro"), lang),
                questions=tuple(questions),
                loop=sec.get("loop"),
                prefix=sec.get("prefix", ""),
                min_items=int(sec.get("min_items", 0)),
                item=_pick(sec.get("item"), lang),
                item_a=_pick(sec.get("item_a"), lang),
                add_another=_pick(sec.get("add_another"), lang),
                uncovered=_pick(sec.get("uncovered"), lang),
                first=_pick(sec.get("first"), lang),
                amazon_reply=str(sec.get("amazon_reply", "")),
            )
        )
    ui = _ui()[lang]
    return Flow(lang=lang, kind=kind, sections=tuple(sections), ui=dict(ui))


def violation_choices(lang: str) -> list[tuple[str, str]]:
    """(id, label) for the violation menu, in the order of violations.yaml."""
    table = knowledge.load_data("violations.yaml")["violations"]
    zh = _general().get("violation_labels_zh", {})
    out = []
    for kind, info in table.items():
        label = str(info["label"])
        if lang == "zh" and kind in zh:
            label = f"{zh[kind]} / {label}"
        out.append((kind, label))
    return out
