"""The case folder on disk: ``case.yaml`` (source of truth) and ``revisions/``.

Reads report problems with the field and the line; writes are atomic; a file that cannot be
read is reported and never overwritten.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from poa.case.model import SCHEMA_VERSIONS, STORE_SCHEMA_VERSION, Case
from poa.case.validation import friendly
from poa.errors import CaseError, PoaError
from poa.files import atomic
from poa.files import lock as caselock

CASE_FILE = "case.yaml"
REVISIONS_DIR = "revisions"


if TYPE_CHECKING:  # the loaders _Checks is mixed into (pure Python and libyaml's)
    _Loader = yaml.SafeLoader
else:
    _Loader = object


class _Checks(_Loader):
    """What both loaders check while building values (mixed into a PyYAML loader)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """A key given twice is refused (PyYAML would silently keep the last one)."""
        first: dict[str, int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in first:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"{_cut(key.value)!r} is given twice (first on line {first[key.value]})",
                        key.start_mark,
                    )
                first[key.value] = key.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value PyYAML parses but Python refuses (!!int abc, 5,000 digits) gets its line."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, ArithmeticError, LookupError, TypeError, AttributeError) as exc:
            text = str(exc) or type(exc).__name__  # '!!int ""' is an IndexError in PyYAML
            if "integer string conversion" in text:
                text = "a number of more than 4,300 digits"
            raise yaml.constructor.ConstructorError(
                None, None, f"a value that cannot be read: {_cut(text, 120)}", node.start_mark
            ) from None

    def construct_scalar(self, node: yaml.ScalarNode | yaml.MappingNode) -> Any:
        """A lone surrogate ("\\ud800") is no character: no file could hold it."""
        value = super().construct_scalar(node)
        if isinstance(value, str) and _SURROGATE.search(value):
            raise yaml.constructor.ConstructorError(
                None, None, "a broken character (a lone UTF-16 surrogate)", node.start_mark
            )
        return value


class DataLoader(_Checks, yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so that pydantic validates them.

    PyYAML itself raises a bare ValueError on an impossible date (2026-02-30); as text, the date
    gets the same field-and-line message as any other bad value.
    """

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Aliases are refused: ``*a`` nested nine deep is a billion values to validate."""
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not accepted; write the value out", mark
            )
        return super().compose_node(parent, index)


_CLoader = getattr(yaml, "CSafeLoader", None)
_FastLoader: Any = type("_FastLoader", (_Checks, _CLoader), {}) if _CLoader else None


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SURROGATE = re.compile("[\ud800-\udfff]")
if _FastLoader is not None:
    _FastLoader.yaml_implicit_resolvers = DataLoader.yaml_implicit_resolvers


def _shares_nodes(root: yaml.Node) -> bool:
    """Whether a node tree reuses a node: an alias (``*name``), which the C parser resolves
    silently. Walked without recursion, so depth costs nothing."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def _load_fast(text: str) -> tuple[Any, yaml.Node | None] | None:
    """Data and nodes through libyaml (about ten times faster on a large case), or None when
    anything is unusual: then the pure-Python loader reads it again and words the problem."""
    if _FastLoader is None or "\x00" in text:
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if _shares_nodes(node):
            return None
        return loader.construct_document(node), node
    except Exception:  # any problem: the careful loader below says what it is
        return None
    finally:
        loader.dispose()


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def load_yaml(
    text: str, source: str, error: type[PoaError] = CaseError
) -> tuple[Any, yaml.Node | None]:
    """Parse once into data and the node tree (for lines); ``error`` with file and line.

    Whatever the text (deep nesting, huge or impossible numbers, unknown tags, aliases,
    duplicate keys, control characters), the result is data or one line naming the place.
    """
    fast = _load_fast(text)
    if fast is not None:
        return fast
    loader = None
    try:
        loader = DataLoader(text)  # the reader checks for control characters here already
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "not valid YAML"
        raise error(f"{source}{line}: not valid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        number = text.count("\n", 0, exc.position) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a byte"
        raise error(
            f"{source}:{number}: not valid YAML: a control character ({what}) that YAML does"
            " not allow; delete it"
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise error(f"{source}: not valid here: values nested too deeply") from None
    except (ValueError, OverflowError, TypeError) as exc:  # !!int abc, a 5,000-digit number
        raise error(f"{source}: a value YAML cannot build: {_cut(str(exc), 120)}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, node


class _Dumper(yaml.SafeDumper):
    """Block style, keys in model order, multi-line text as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


class _CaseDumper(_Dumper):
    """case.yaml writes dates plain (2026-03-19), as a seller would type them."""


_CaseDumper.yaml_implicit_resolvers = DataLoader.yaml_implicit_resolvers


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


BLOCK_KEYS = ("block", "slots")
BLOCK_LISTS = ("root_causes", "corrective_actions", "preventive_measures")


def _block_keys_last(data: dict[str, Any]) -> None:
    """An item's building block (``block``, ``slots``) goes after its own fields, or away when
    the item was written freely: case.yaml stays as it was for cases without blocks."""
    for name in BLOCK_LISTS:
        for index, item in enumerate(data.get(name) or []):
            moved = {k: item.pop(k) for k in BLOCK_KEYS if k in item}
            if moved.get("block"):
                data[name][index] = {**item, **moved}


def _omit_empty_evidence_fields(data: dict[str, Any]) -> None:
    """``kind``, ``invoice`` and ``units_sold`` appear only when given: case.yaml stays as it
    was for cases without them; an invoice line keeps only the ``asin`` or ``product`` it has."""
    for item in data.get("evidence") or []:
        for key in ("kind", "invoice"):
            if item.get(key) is None:
                item.pop(key, None)
        for line in (item.get("invoice") or {}).get("lines") or []:
            for key in ("asin", "product"):
                if not line.get(key):
                    line.pop(key, None)
    if data.get("units_sold") is None:
        data.pop("units_sold", None)


def _omit_stored_days(data: dict[str, Any]) -> None:
    """Version 2 keeps the day totals in orders.sqlite: case.yaml does not grow with orders."""
    if data.get("schema_version") == STORE_SCHEMA_VERSION:
        data.get("order_totals", {}).pop("days", None)


def case_to_yaml(case: Case) -> str:
    data = case.model_dump(mode="json", exclude_defaults=False)
    _block_keys_last(data)
    _omit_empty_evidence_fields(data)
    _omit_stored_days(data)
    return yaml.dump(data, Dumper=_CaseDumper, sort_keys=False, allow_unicode=True, width=100)


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a 1-based line."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == key), None)
            if nxt is None:
                key_node = next((k for k, _ in node.value if k.value == key), None)
                return key_node.start_mark.line + 1 if key_node is not None else line
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                return line
            node = node.value[key]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def field_path(loc: tuple[Any, ...]) -> str:
    """root_causes[0].what: a location as a seller reads it in case.yaml."""
    out = ""
    for key in loc:
        if isinstance(key, int):
            out += f"[{key}]"
        elif not isinstance(key, str) or key.startswith(("function-", "list[", "literal[")):
            continue
        else:
            out += f".{key}" if out else key
    return out


def validation_message(source: str, exc: ValidationError, node: yaml.Node | None) -> str:
    """One line naming the field (and line) of the first error, and how many others there are."""
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    field = field_path(loc) or "case"
    line = line_of(node, loc)
    where = f"{source}:{line}" if line else source
    msg = friendly(first, Case)
    more = (
        f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        if len(errors) > 1
        else ""
    )
    return f"{where}: {field}: {msg}{more}"


def parse_case_yaml(text: str, source: str = CASE_FILE) -> Case:
    """Validate YAML text as a case, raising CaseError with field and line."""
    data, node = load_yaml(text, source)
    if data is None:
        raise CaseError(f"{source}: the file is empty")
    if not isinstance(data, dict):
        raise CaseError(f"{source}: expected a mapping of case fields at the top level")
    version = data.get("schema_version", SCHEMA_VERSIONS[0])
    if version not in SCHEMA_VERSIONS or isinstance(version, bool):
        raise CaseError(
            f"{source}: schema_version {_cut(repr(version))} is not supported by this poa"
            f" (it reads versions {' and '.join(map(str, SCHEMA_VERSIONS))})"
        )
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseError(validation_message(source, exc, node)) from exc


def field_line(folder: Path, loc: tuple[Any, ...]) -> int | None:
    """The line of a field in ``folder/case.yaml``, for messages; None when it cannot be told."""
    try:
        text = case_file(folder).read_text(encoding="utf-8-sig")
        return line_of(yaml.compose(text, Loader=DataLoader), loc)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError, ValueError):
        return None


def case_file(folder: Path) -> Path:
    return Path(folder) / CASE_FILE


# case.yaml (resolved) -> digest of the text this process last read or wrote there. A save
# refuses when the file on disk is no longer that text: another program changed it meanwhile.
_seen: dict[Path, str] = {}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_case(folder: Path) -> Case:
    """Read and validate ``folder/case.yaml``."""
    folder = Path(folder)
    if not folder.exists():
        raise CaseError(f"{folder}: no such case folder")
    if not folder.is_dir():
        raise CaseError(f"{folder}: not a case folder (expected a folder holding {CASE_FILE})")
    path = case_file(folder)
    if not path.exists():
        raise CaseError(f"{folder}: not a case folder ({CASE_FILE} is missing)")
    if not path.is_file():  # a folder, a named pipe (reading it would block forever), a device
        raise CaseError(f"{path}: not a regular file; {CASE_FILE} must be a plain text file")
    text = _read_text(path)
    case = parse_case_yaml(text, str(path))
    _seen[path.resolve()] = _digest(text)
    return with_store_days(folder, case)


def with_store_days(folder: Path, case: Case) -> Case:
    """A version-2 case with its day totals read from the order store (in memory only); a
    day case.yaml still names by hand keeps the larger count."""
    if case.schema_version != STORE_SCHEMA_VERSION:
        return case
    from poa.case import orderstore as db

    with db.reading(folder) as conn:
        if conn is None:
            return case
        days = {d["date"]: d for d in db.day_totals(conn)}
    for day in case.order_totals.days:
        key = day.date.isoformat()
        if key not in days or day.orders > days[key]["orders"]:
            days[key] = day.model_dump()
    totals = case.order_totals.model_copy(update={"days": []})
    data = case.model_dump()
    data["order_totals"] = {**totals.model_dump(), "days": [days[d] for d in sorted(days)]}
    return Case.model_validate(data)


MAX_CASE_BYTES = 16 * 1024 * 1024  # a case with 20,000 defect orders is about 5 MB


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_CASE_BYTES:
            raise CaseError(
                f"{path}: {size / 1024 / 1024:.0f} MB is far more than a case holds"
                f" (poa reads up to {MAX_CASE_BYTES >> 20} MB)"
            )
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise CaseError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def save_case(folder: Path, case: Case) -> None:
    """Validate, then write ``case.yaml`` atomically, under the case's lock.

    Refuses to replace a file it cannot read, and a file changed since this process read it
    (another command or an editor wrote it meanwhile: saving would lose that change).
    """
    folder = Path(folder)
    path = case_file(folder)
    with caselock.locked(folder):
        seen = _seen.get(path.resolve())
        if path.exists() and (seen is None or _digest(_read_text(path)) != seen):
            if seen is not None:
                raise CaseError(
                    f"{path} was changed by another program since poa read it; nothing was"
                    " saved (run the command again)"
                )
            load_case(folder)  # raises if the file on disk is damaged: never overwrite it
        text = case_to_yaml(Case.model_validate(case.model_dump()))
        atomic.write_text(path, text)
        _seen[path.resolve()] = _digest(text)


def create_case(folder: Path, case: Case) -> None:
    """Create a new case folder; refuses to touch an existing case."""
    folder = Path(folder)
    if case_file(folder).exists():
        raise CaseError(f"{folder}: a case already exists here (use 'poa edit {folder}')")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CaseError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc
    with caselock.locked(folder):
        if case_file(folder).exists():  # created meanwhile by another poa new
            raise CaseError(f"{folder}: a case already exists here (use 'poa edit {folder}')")
        text = case_to_yaml(case)
        atomic.write_text(case_file(folder), text)
        _seen[case_file(folder).resolve()] = _digest(text)
