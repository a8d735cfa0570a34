"""Where the wizard stopped: ``CASE/.wizard.yaml``, kept apart from the case itself.

It records which questions were answered (blank answers included, so they are not asked again),
which "add another?" loops were closed, answers kept after a challenge, and answers the checks
object to that nobody was challenged about (``--answers``: no one to ask). Written atomically
after every answer, right after ``case.yaml``; a field found filled in ``case.yaml`` counts as
answered even if the process died between the two writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from poa.case.store import dump_yaml
from poa.errors import CaseError
from poa.files import atomic

PROGRESS_FILE = ".wizard.yaml"


@dataclass
class Progress:
    lang: str = "en"
    answered: set[str] = field(default_factory=set)
    done: set[str] = field(default_factory=set)
    kept: dict[str, list[str]] = field(default_factory=dict)  # kept after a challenge
    flagged: dict[str, list[str]] = field(default_factory=dict)  # from --answers, unchallenged
    finished: bool = False

    def to_yaml(self) -> str:
        return dump_yaml(
            {
                "lang": self.lang,
                "finished": self.finished,
                "answered": sorted(self.answered),
                "done": sorted(self.done),
                "kept": {k: list(v) for k, v in sorted(self.kept.items())},
                "flagged": {k: list(v) for k, v in sorted(self.flagged.items())},
            }
        )


def progress_file(folder: Path) -> Path:
    return Path(folder) / PROGRESS_FILE


def load_progress(folder: Path) -> Progress:
    """Read the progress file; a missing one means nothing recorded yet."""
    path = progress_file(folder)
    if not path.is_file():
        return Progress()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError("expected a mapping")
        return Progress(
            lang=str(data.get("lang", "en")),
            answered=set(map(str, data.get("answered") or [])),
            done=set(map(str, data.get("done") or [])),
            kept={str(k): list(map(str, v)) for k, v in (data.get("kept") or {}).items()},
            flagged={str(k): list(map(str, v)) for k, v in (data.get("flagged") or {}).items()},
            finished=bool(data.get("finished", False)),
        )
    except (
        OSError,
        UnicodeError,
        yaml.YAMLError,
        ValueError,
        TypeError,
        AttributeError,
        RecursionError,
    ) as exc:
        raise CaseError(
            f"{path}: cannot read the wizard's progress ({exc}); delete the file to be asked"
            " every question again (your answers in case.yaml are kept)"
        ) from exc


def save_progress(folder: Path, progress: Progress) -> None:
    atomic.write_text(progress_file(folder), progress.to_yaml())
