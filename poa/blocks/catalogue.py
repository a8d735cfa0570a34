"""The catalogue of building blocks: ``sections/blocks/<violation>.yaml``, validated when loaded.

Each file lists the root causes that recur for one violation kind, and the corrective actions
and preventive measures that answer them, as English templates with named slots. Slots shared
by many blocks (order IDs, the date of an action, the owner...) are declared once in
``_common.yaml`` and named by a string; a block may override any part of a shared slot.
A misspelt key, an unknown slot type, a slot used but not declared (or declared but not used),
an ``answers`` link to no root cause: each is an error naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from poa import knowledge
from poa.errors import PoaError

BLOCKS_DIR = "blocks"
COMMON_FILE = "_common.yaml"
SLOT_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")

SlotType = Literal[
    "number", "date", "date_range", "order_ids", "asins", "money", "role", "frequency", "text"
]  # fmt: skip
SectionId = Literal["root_cause", "corrective_actions", "preventive_measures"]
Kind = Literal[
    "odr", "late_shipment", "cancellation", "valid_tracking", "condition", "inauthentic", "ip",
    "safety", "restricted", "related_account", "review_manipulation",
]  # fmt: skip

# Item fields a block may fill, per section; the first ones are required.
SECTION_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "root_cause": (("title", "what", "why"), ("order_ids", "asins")),
    "corrective_actions": (("what", "when"), ("result", "order_ids", "asins")),
    "preventive_measures": (
        ("what", "owner", "frequency", "start", "measure"),
        ("order_ids", "asins"),
    ),
}
# Item fields that hold one slot's value, not text, and the slot type they take.
TYPED_FIELDS = {"when": "date", "start": "date", "order_ids": "order_ids", "asins": "asins"}
# The case list each section's items go into.
SECTION_LIST = {
    "root_cause": "root_causes",
    "corrective_actions": "corrective_actions",
    "preventive_measures": "preventive_measures",
}


def _iso(value: object) -> object:
    """An unquoted YAML date is a date object; examples are kept as text."""
    return value.isoformat() if isinstance(value, dt.date) else value


Example = Annotated[str | int | float | list[str], BeforeValidator(_iso)]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Model):
    """The same words in English and in Chinese."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class SlotSpec(_Model):
    type: SlotType
    ask: Texts
    example: Example


class SlotRef(_Model):
    """A slot in a block: a shared one by name, with overrides, or a whole new one."""

    name: Name
    type: SlotType | None = None
    ask: Texts | None = None
    example: Example | None = None


class BlockText(_Model):
    """The item fields a block fills: templates with {slot} names."""

    title: str | None = None
    what: str | None = None
    why: str | None = None
    when: str | None = None
    result: str | None = None
    owner: str | None = None
    frequency: str | None = None
    start: str | None = None
    measure: str | None = None
    order_ids: str | None = None
    asins: str | None = None


class BlockSpec(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z_]+\.[a-z0-9-]+$")]
    section: SectionId
    violations: list[Kind] = Field(default_factory=list)
    label: Texts
    text: BlockText
    answers: list[str] = Field(default_factory=list)
    slots: list[Name | SlotRef] = Field(default_factory=list)


class BlockFile(_Model):
    blocks: list[BlockSpec] = Field(min_length=1)


class CommonFile(_Model):
    slots: dict[Name, SlotSpec]
    roles: dict[Name, Texts]
    frequencies: dict[Name, Texts]
    errors: dict[Name, Texts]
    wizard: dict[Name, Texts]


@dataclass(frozen=True)
class Slot:
    name: str
    type: str
    ask: Texts
    example: Any


@dataclass(frozen=True)
class Block:
    """One building block, its shared slots resolved."""

    id: str
    section: str
    violations: tuple[str, ...]
    label: Texts
    text: dict[str, str]
    answers: tuple[str, ...]
    slots: tuple[Slot, ...]
    file: str

    @property
    def case_list(self) -> str:
        return SECTION_LIST[self.section]

    def slot(self, name: str) -> Slot | None:
        return next((s for s in self.slots if s.name == name), None)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``poa blocks --json`` (text: the English templates)."""
        return {
            "id": self.id,
            "section": self.section,
            "violations": list(self.violations),
            "label": {"en": self.label.en, "zh": self.label.zh},
            "answers": list(self.answers),
            "slots": [
                {
                    "name": s.name,
                    "type": s.type,
                    "ask": {"en": s.ask.en, "zh": s.ask.zh},
                    "example": s.example,
                }
                for s in self.slots
            ],
            "text": dict(self.text),
        }


@dataclass(frozen=True)
class Catalogue:
    blocks: tuple[Block, ...]
    roles: dict[str, Texts]
    frequencies: dict[str, Texts]
    errors: dict[str, Texts]
    wizard: dict[str, Texts]

    def get(self, block_id: str) -> Block | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    def for_kind(self, kind: str | None = None, section: str | None = None) -> list[Block]:
        return [
            b
            for b in self.blocks
            if (kind is None or kind in b.violations) and (section is None or b.section == section)
        ]

    def lists(self) -> dict[str, dict[str, dict[str, str]]]:
        """Roles and frequencies as plain mappings, for slot parsing."""
        return {
            "roles": {k: v.model_dump() for k, v in self.roles.items()},
            "frequencies": {k: v.model_dump() for k, v in self.frequencies.items()},
        }


class BlockFileError(PoaError):
    """A block file that does not hold what poa expects (a packaging or editing mistake)."""


# ---------------------------------------------------------------- loading


def blocks_dir() -> Path:
    return knowledge.sections_dir() / BLOCKS_DIR


def _line(path: Path, loc: tuple[Any, ...]) -> int | None:
    import yaml

    from poa.case.store import line_of

    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return None
    return line_of(node, loc)


def _where(path: Path, loc: tuple[Any, ...]) -> str:
    from poa.case.store import field_path

    line = _line(path, loc)
    field = field_path(loc)
    return f"{path}{f':{line}' if line else ''}{f': {field}' if field else ''}"


def _validate(path: Path, model: type[BaseModel], data: Any) -> Any:
    from poa.case.validation import friendly

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [f"{_where(path, tuple(e['loc']))}: {friendly(e, model)}" for e in exc.errors()]
        raise BlockFileError("\n".join(lines)) from None


def _read(path: Path) -> Any:
    try:
        return knowledge.load_data(f"{BLOCKS_DIR}/{path.name}")
    except PoaError as exc:
        raise BlockFileError(str(exc)) from None


def _resolve_slots(
    spec: BlockSpec, shared: dict[str, SlotSpec], path: Path, index: int
) -> tuple[Slot, ...]:
    out: list[Slot] = []
    for n, ref in enumerate(spec.slots):
        loc = ("blocks", index, "slots", n)
        name = ref if isinstance(ref, str) else ref.name
        base = shared.get(name)
        over = {} if isinstance(ref, str) else ref.model_dump(exclude_none=True, exclude={"name"})
        if base is None and isinstance(ref, str):
            from poa.case.validation import suggest_field

            guess = suggest_field(name, shared)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            raise BlockFileError(f"{_where(path, loc)}: no shared slot '{name}'{hint}")
        merged = {**(base.model_dump() if base else {}), **over}
        missing = [k for k in ("type", "ask", "example") if k not in merged]
        if missing:
            raise BlockFileError(
                f"{_where(path, loc)}: slot '{name}' needs {', '.join(missing)}"
                " (or the name of a shared slot)"
            )
        ask = merged["ask"] if isinstance(merged["ask"], Texts) else Texts(**merged["ask"])
        out.append(Slot(name, merged["type"], ask, merged["example"]))
    names = [s.name for s in out]
    for name in names:
        if names.count(name) > 1:
            raise BlockFileError(f"{_where(path, ('blocks', index, 'slots'))}: slot '{name}' twice")
    return tuple(out)


def _check_text(block: Block, path: Path, index: int) -> None:
    """The fields fit the section; typed fields hold one slot of their type; slots all used."""
    from poa.case.validation import suggest_field

    required, optional = SECTION_FIELDS[block.section]
    loc = ("blocks", index, "text")
    for name in required:
        if name not in block.text:
            raise BlockFileError(f"{_where(path, loc)}: a {block.section} block needs '{name}'")
    for name in block.text:
        if name not in required + optional:
            guess = suggest_field(name, required + optional)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            raise BlockFileError(
                f"{_where(path, (*loc, name))}: '{name}' is not a field of {block.section}{hint}"
            )
    declared = {s.name: s for s in block.slots}
    used: set[str] = set()
    for name, template in block.text.items():
        found = SLOT_RE.findall(template)
        for slot in found:
            if slot not in declared:
                guess = suggest_field(slot, declared)
                hint = f" (did you mean '{guess}'?)" if guess else ""
                raise BlockFileError(
                    f"{_where(path, (*loc, name))}: slot '{{{slot}}}' is not declared{hint}"
                )
        used.update(found)
        want = TYPED_FIELDS.get(name)
        if want and (
            len(found) != 1
            or template.strip() != f"{{{found[0]}}}"
            or declared[found[0]].type != want
        ):
            raise BlockFileError(
                f"{_where(path, (*loc, name))}: '{name}' holds exactly one {want} slot"
                f" (e.g. '{{{'orders' if want == 'order_ids' else want}}}')"
            )
    for n, slot in enumerate(block.slots):
        if slot.name not in used:
            raise BlockFileError(
                f"{_where(path, ('blocks', index, 'slots', n))}: slot '{slot.name}' is never used"
            )


def _load_file(path: Path, data: Any, shared: dict[str, SlotSpec]) -> list[Block]:
    parsed: BlockFile = _validate(path, BlockFile, data)
    kind = path.stem
    out = []
    for index, spec in enumerate(parsed.blocks):
        if not spec.id.startswith(f"{kind}."):
            raise BlockFileError(
                f"{_where(path, ('blocks', index, 'id'))}: '{spec.id}' should start with '{kind}.'"
            )
        violations = tuple(dict.fromkeys([kind, *spec.violations]))
        text = spec.text.model_dump(exclude_none=True)
        block = Block(
            id=spec.id,
            section=spec.section,
            violations=violations,
            label=spec.label,
            text=text,
            answers=tuple(spec.answers),
            slots=_resolve_slots(spec, shared, path, index),
            file=str(path),
        )
        _check_text(block, path, index)
        if block.section == "root_cause" and block.answers:
            raise BlockFileError(
                f"{_where(path, ('blocks', index, 'answers'))}: a root cause answers nothing"
            )
        if block.section != "root_cause" and not block.answers:
            raise BlockFileError(
                f"{_where(path, ('blocks', index, 'text'))}: name the root-cause blocks it answers"
                " ('answers')"
            )
        out.append(block)
    return out


def _check_links(blocks: list[Block]) -> None:
    from poa.case.validation import suggest_field

    ids = [b.id for b in blocks]
    causes = {b.id for b in blocks if b.section == "root_cause"}
    for block in blocks:
        path = Path(block.file)
        index = [b.id for b in blocks if b.file == block.file].index(block.id)
        if ids.count(block.id) > 1:
            raise BlockFileError(f"{_where(path, ('blocks', index, 'id'))}: '{block.id}' twice")
        for n, ref in enumerate(block.answers):
            if ref not in causes:
                guess = suggest_field(ref, causes)
                hint = f" (did you mean '{guess}'?)" if guess else ""
                raise BlockFileError(
                    f"{_where(path, ('blocks', index, 'answers', n))}:"
                    f" no root-cause block '{ref}'{hint}"
                )


def _read_plain(path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BlockFileError(f"{path}: cannot be read: {exc}") from None


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Every block file of ``folder`` (default: sections/blocks), validated.

    The bundled folder is read through the data cache; another (a test's) is parsed directly.
    """
    read = _read if folder is None else _read_plain
    folder = folder or blocks_dir()
    common_path = folder / COMMON_FILE
    common: CommonFile = _validate(common_path, CommonFile, read(common_path))
    kinds: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
    blocks: list[Block] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == COMMON_FILE:
            continue
        if path.stem not in kinds:
            raise BlockFileError(f"{path}: not a violation kind ({', '.join(kinds)})")
        blocks.extend(_load_file(path, read(path), dict(common.slots)))
    _check_links(blocks)
    return Catalogue(
        tuple(blocks),
        dict(common.roles),
        dict(common.frequencies),
        dict(common.errors),
        dict(common.wizard),
    )


@functools.cache
def catalogue() -> Catalogue:
    """The bundled catalogue (cached for the life of the process)."""
    return load_catalogue()
