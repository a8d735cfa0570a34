"""Types of the public API that ``poa/__init__.py`` imports on first use (names: ``__all__``)."""

from poa.case.model import Case as Case
from poa.case.store import create_case as create_case
from poa.case.store import load_case as load_case
from poa.case.store import parse_case_yaml as parse_case_yaml
from poa.case.store import save_case as save_case
from poa.errors import CaseError as CaseError
from poa.errors import InputError as InputError
from poa.errors import OutputError as OutputError
from poa.errors import PoaError as PoaError
from poa.export import render as export_plan
from poa.inbox.feedback import MessageAnalysis as MessageAnalysis
from poa.inbox.feedback import analyze as read_message
from poa.records import to_json as to_json
from poa.render import Plan as Plan
from poa.render import render_plan as render_plan
from poa.score.report import Finding as Finding
from poa.score.report import ScoreReport as ScoreReport
from poa.score.scorer import read_draft as read_draft
from poa.score.scorer import score_case as score_case
from poa.score.scorer import score_file as score_file
from poa.score.scorer import score_text as score_text

__version__: str

__all__ = [
    "Case",
    "CaseError",
    "Finding",
    "InputError",
    "MessageAnalysis",
    "OutputError",
    "Plan",
    "PoaError",
    "ScoreReport",
    "__version__",
    "create_case",
    "export_plan",
    "load_case",
    "parse_case_yaml",
    "read_draft",
    "read_message",
    "render_plan",
    "save_case",
    "score_case",
    "score_file",
    "score_text",
    "to_json",
]

def __dir__() -> list[str]: ...
