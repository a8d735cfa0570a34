"""poa: write, score and track Amazon plans of action.

The package is importable without the command line: the CLI in ``poa.cli`` is a thin layer
over the library, whose main entry points are named here::

    import poa

    report = poa.score_file(Path("draft.md"))
    print(report.score, poa.to_json(report))

    case = poa.load_case(Path("my-case"))
    plan = poa.render_plan(case)
    message = poa.read_message(Path("reply.txt").read_text())

Each name is imported on first use, so ``import poa`` stays cheap (no Typer, no pydantic).
"""

from __future__ import annotations

__version__ = "0.1.0"

# name -> (module, attribute)
_PUBLIC = {
    # Scoring a draft or a case (poa score).
    "score_text": ("poa.score.scorer", "score_text"),
    "score_file": ("poa.score.scorer", "score_file"),
    "score_case": ("poa.score.scorer", "score_case"),
    "read_draft": ("poa.score.scorer", "read_draft"),
    "ScoreReport": ("poa.score.report", "ScoreReport"),
    "Finding": ("poa.score.report", "Finding"),
    # Cases on disk (case.yaml).
    "Case": ("poa.case.model", "Case"),
    "load_case": ("poa.case.store", "load_case"),
    "save_case": ("poa.case.store", "save_case"),
    "create_case": ("poa.case.store", "create_case"),
    "parse_case_yaml": ("poa.case.store", "parse_case_yaml"),
    # The plan and its documents (poa export).
    "render_plan": ("poa.render", "render_plan"),
    "Plan": ("poa.render", "Plan"),
    "export_plan": ("poa.export", "render"),
    # Amazon's messages (poa feedback).
    "read_message": ("poa.inbox.feedback", "analyze"),
    "MessageAnalysis": ("poa.inbox.feedback", "MessageAnalysis"),
    # Results as JSON, and the errors every entry point raises.
    "to_json": ("poa.records", "to_json"),
    "PoaError": ("poa.errors", "PoaError"),
    "InputError": ("poa.errors", "InputError"),
    "CaseError": ("poa.errors", "CaseError"),
    "OutputError": ("poa.errors", "OutputError"),
}

# The names of _PUBLIC, and the version (their types: __init__.pyi, whose list must agree;
# tests/test_api.py checks it).
__all__ = sorted([*_PUBLIC, "__version__"])


def __getattr__(name: str) -> object:  # the names and their types: __init__.pyi
    try:
        module, attribute = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'poa' has no attribute {name!r}") from None
    from importlib import import_module

    value = getattr(import_module(module), attribute)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
