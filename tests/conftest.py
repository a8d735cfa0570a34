from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "odr-unanswered-messages"


@pytest.fixture
def example_case():  # type: ignore[no-untyped-def]
    from poa import store

    return store.load_case(EXAMPLE)
