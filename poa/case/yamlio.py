"""Reading YAML for poa: data and the node tree (for lines), every problem worded with its line.

libyaml's parser and composer read the file when PyYAML has them; the values are then built
straight from the node tree. Anything unusual (an alias, a tag, a key given twice, a value
that cannot be built) goes to the pure-Python loader, which says what and where.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import yaml

from poa.errors import CaseError, PoaError

if TYPE_CHECKING:  # the loaders _Checks is mixed into (pure Python and libyaml's)
    from yaml import CSafeLoader as _CLoader

    _Loader = yaml.SafeLoader
else:
    _CLoader = getattr(yaml, "CSafeLoader", None)  # None where PyYAML was built without libyaml
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
                        f"{cut(key.value)!r} is given twice (first on line {first[key.value]})",
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
                None, None, f"a value that cannot be read: {cut(text, 120)}", node.start_mark
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


_FastLoader: Any = None
if _CLoader is not None:

    class _FastLoader(_Checks, _CLoader):  # type: ignore[no-redef]
        """libyaml's parser and composer; tags resolved once per distinct plain scalar."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._tags: dict[str, str] = {}

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode and implicit[0]:
                tag = self._tags.get(value)
                if tag is None:
                    tag = self._tags[value] = super().resolve(kind, value, implicit)
                return tag
            return super().resolve(kind, value, implicit)

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass  # no path resolvers: nothing to track

        def ascend_resolver(self) -> None:
            pass


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


class _Unusual(Exception):
    """A node the direct builder leaves to PyYAML's own constructor."""


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALARS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool")
_NULL = "tag:yaml.org,2002:null"


def _build(loader: Any, root: yaml.Node, surrogates: bool) -> Any:
    """The data of a node tree of plain maps, lists and scalars, without PyYAML's general
    constructor (its generators and bookkeeping cost more than the parse on a large case).
    Anything else (merge keys, other tags, a key given twice) raises _Unusual."""
    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    constructors = loader.yaml_constructors

    def build(node: yaml.Node) -> Any:
        kind, tag = type(node), node.tag
        if kind is scalar:
            if tag == _STR:
                value = node.value
                if surrogates and _SURROGATE.search(value):
                    raise _Unusual
                return value
            if tag == _NULL:
                return None
            if tag in _SCALARS:
                return constructors[tag](loader, node)
            raise _Unusual
        if kind is mapping and tag == _MAP:
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not scalar or key_node.tag not in _KEY_TAGS:
                    raise _Unusual
                key = build(key_node)
                if key in out:
                    raise _Unusual
                out[key] = build(value_node)
            return out
        if kind is sequence and tag == _SEQ:
            return [build(item) for item in node.value]
        raise _Unusual

    return build(root)


_KEY_TAGS = frozenset((_STR, _NULL, *_SCALARS))


# Above this size, what was built is also kept out of later collections (gc.freeze).
FREEZE_BYTES = 64 * 1024


@contextlib.contextmanager
def no_gc(size: int = 0) -> Iterator[None]:
    """Cycle collection paused while a large tree of new objects is built: the collector
    would scan it again and again (more than half the load time of a large case) and finds
    nothing to free there. With ``size`` (of the text read) over FREEZE_BYTES, the objects
    alive at the end are frozen: later collections in the run no longer walk the case's
    hundreds of thousands of values, which reference counting frees (they hold no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if size > FREEZE_BYTES:
                gc.freeze()
            gc.enable()


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
        # An alias needs an anchor (&name): without one in the text, no node is shared.
        if "&" in text and _shares_nodes(node):
            return None
        try:
            surrogates = "\\" in text or _SURROGATE.search(text) is not None
            return _build(loader, node, surrogates), node
        except _Unusual:
            return loader.construct_document(node), node
    except Exception:  # any problem: the careful loader below says what it is
        return None
    finally:
        loader.dispose()


def cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def load_yaml(
    text: str, source: str, error: type[PoaError] = CaseError
) -> tuple[Any, yaml.Node | None]:
    """Parse once into data and the node tree (for lines); ``error`` with file and line.

    Whatever the text (deep nesting, huge or impossible numbers, unknown tags, aliases,
    duplicate keys, control characters), the result is data or one line naming the place.
    """
    with no_gc():
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
        raise error(f"{source}: a value YAML cannot build: {cut(str(exc), 120)}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, node


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (for lines), or None when it cannot be read."""
    with no_gc(len(text)):
        if _FastLoader is not None and "\x00" not in text:
            loader = _FastLoader(text)
            try:
                node = loader.get_single_node()
                if not ("&" in text and node is not None and _shares_nodes(node)):
                    return node
            except Exception:  # the careful loader below decides
                pass
            finally:
                loader.dispose()
        try:
            return yaml.compose(text, Loader=DataLoader)
        except (yaml.YAMLError, RecursionError, ValueError):
            return None
