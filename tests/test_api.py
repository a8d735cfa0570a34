"""The public API in ``poa/__init__.py``: every name imports, and ``import poa`` stays cheap."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import poa


def test_public_names_import() -> None:
    assert set(poa.__all__) == {"__version__", *poa._PUBLIC}
    for name in poa.__all__:
        assert getattr(poa, name) is not None, name
    assert set(poa.__all__) <= set(dir(poa))


def test_stub_declares_the_same_names() -> None:
    """``poa/__init__.pyi`` gives type checkers the names ``__getattr__`` imports lazily."""
    stub = ast.parse((Path(poa.__file__).parent / "__init__.pyi").read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in stub.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported | {"__version__"} == set(poa.__all__)
    for node in stub.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                name = alias.asname or alias.name
                assert (node.module, alias.name) == poa._PUBLIC[name], name


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        poa.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("poa.no_such_name did not raise")


def test_score_text_through_the_api() -> None:
    report = poa.score_text("## Root cause\n\nOrder 112-1234567-1234567 shipped late.\n")
    assert isinstance(report, poa.ScoreReport)
    data = poa.to_json(report)
    assert {"target", "score", "sections", "findings", "predicted_prompts"} <= set(data)
    assert data["score"] == report.score and 0 <= data["score"] <= 100
    assert data["sections"]["root_cause"]["present"] is True
    assert data["sections"]["corrective_actions"]["present"] is False
    assert "structure.missing-section" in {f["rule"] for f in data["findings"]}
    json.dumps(data)  # JSON-ready all the way down


def test_import_poa_is_cheap() -> None:
    code = (
        "import sys, poa; "
        "print(sorted(m for m in ('typer', 'click', 'pydantic', 'yaml', 'typing') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    assert out.strip() == "[]"


def test_py_typed_is_shipped() -> None:
    assert (Path(poa.__file__).parent / "py.typed").is_file()
