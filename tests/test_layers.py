"""The shape of the code: no import cycle, each module imports only its own layer or lower ones,
no module over 450 lines.

Every module of ``poa/`` is parsed with ``ast`` (nothing is imported). Every import statement
counts, also one inside a function (it runs as soon as the function does); an import under
``if TYPE_CHECKING:`` never runs, so it counts for the layers but not for cycles.
``from X import Y`` is an import of ``X.Y`` when that is a module, else of ``X``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "poa"
MAX_LINES = 450

# Bottom to top (README, Development). A module is in the layer of its first name under poa;
# a name missing here fails the test: say where a new top-level module or package belongs.
LAYERS: dict[str, int] = {
    # base
    "errors": 0,
    "knowledge": 0,
    "files": 0,
    "records": 0,  # result records and their JSON, when it moves out of poa/score
    # text
    "text": 1,
    # case: model, store, answers, validation
    "case": 2,
    # features
    "score": 3,
    "orders": 3,
    "wizard": 3,
    "export": 3,
    "evidence": 3,
    "letters": 3,
    "blocks": 3,
    "inbox": 3,
    "revisions": 3,
    "render": 3,
    # CLI, and the package itself (its public API may name any feature)
    "cli": 4,
    "__main__": 4,
    "": 4,
}
LAYER_NAMES = ("base", "text", "case", "features", "CLI")
BASE_TOGETHER = {"errors", "knowledge", "files", "records"}  # the base modules may use one another
# Cycles allowed: none (the CLI's command modules no longer import the app that registers them).
CYCLE_EXEMPT: tuple[str, ...] = ()


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(current: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The poa modules an import statement loads (the nearest module for a name in one)."""
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = current.split(".")
            if MODULES[current].name != "__init__.py":
                package = package[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base] if base else package)
        subs = [f"{base}.{alias.name}" for alias in node.names]
        names = [s for s in subs if s in MODULES]
        if len(names) < len(subs):
            names.append(base)
    found = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name.startswith("poa") and name != current:
            found.add(name)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str) -> tuple[set[str], set[str]]:
    """(modules imported when it runs, modules imported only for type checkers)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"), str(MODULES[module]))
    running: set[str] = set()
    typing_only: set[str] = set()

    def visit(node: ast.AST, typing: bool) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            (typing_only if typing else running).update(_resolve(module, node))
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, typing)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, typing)

    visit(tree, False)
    return running, typing_only - running


GRAPH = {m: _imports(m) for m in MODULES}


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _exempt(component: list[str]) -> bool:
    return all(any(m == p or m.startswith(p + ".") for p in CYCLE_EXEMPT) for m in component)


def test_every_module_has_a_layer() -> None:
    missing = sorted(m for m in MODULES if _top(m) not in LAYERS)
    assert not missing, "modules of no layer (add them to LAYERS in tests/test_layers.py): " + (
        ", ".join(missing)
    )


def test_no_import_cycle() -> None:
    running = {m: imports for m, (imports, _) in GRAPH.items()}
    cycles = [c for c in _cycles(running) if not _exempt(c)]
    assert not cycles, "import cycles (counting imports inside functions):\n" + "\n".join(
        "  " + " <-> ".join(c) for c in cycles
    )


def test_each_module_imports_its_own_layer_or_lower() -> None:
    breaks = []
    for module, (running, typing_only) in sorted(GRAPH.items()):
        top = _top(module)
        if top not in LAYERS:
            continue  # test_every_module_has_a_layer names it
        for target in sorted(running | typing_only):
            other = _top(target)
            if other not in LAYERS:
                continue
            mine, theirs = LAYERS[top], LAYERS[other]
            # Below the features, a layer is one package (or the base modules together).
            apart = mine < LAYERS["score"] and top != other and not {top, other} <= BASE_TOGETHER
            if theirs > mine or (theirs == mine and apart):
                breaks.append(
                    f"  {module} ({LAYER_NAMES[mine]}) imports {target} ({LAYER_NAMES[theirs]})"
                )
    assert not breaks, "imports of a higher layer:\n" + "\n".join(breaks)


def test_no_module_is_over_450_lines() -> None:
    long = {}
    for module, path in MODULES.items():
        with open(path, encoding="utf-8") as fh:
            count = sum(1 for _ in fh)
        if count > MAX_LINES:
            long[module] = count
    assert not long, f"modules over {MAX_LINES} lines: " + ", ".join(
        f"{m} ({n})" for m, n in sorted(long.items())
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from poa.score import engine", {"poa.score.engine"}),
        ("from poa.score.engine import Context", {"poa.score.engine"}),
        ("from poa import knowledge, errors", {"poa.knowledge", "poa.errors"}),
        ("import poa.text.ids as ids", {"poa.text.ids"}),
        ("from poa.score import score_case", {"poa.score"}),
        ("def f():\n    from poa.orders.check import check_case", {"poa.orders.check"}),
    ],
)
def test_imports_are_resolved_to_modules(source: str, expected: set[str]) -> None:
    tree = ast.parse(source)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found |= _resolve("poa.render", node)
    assert found == expected


def test_a_cycle_is_found_and_named() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
