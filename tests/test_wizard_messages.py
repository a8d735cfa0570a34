"""poa.case.validation: pydantic errors in plain words (shared by --answers and case.yaml)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from poa.case.model import Case, PreventiveMeasure
from poa.case.validation import friendly


def _errors(data: dict) -> list[dict]:
    with pytest.raises(ValidationError) as info:
        Case.model_validate(data)
    return info.value.errors()


def test_unknown_fields_get_a_suggestion_by_spelling_or_meaning() -> None:
    errs = _errors({"preventive_measures": [{"id": "pm1", "when": "2026-03-22", "ownr": "x"}]})
    said = sorted(friendly(e, Case) for e in errs)
    assert said == [
        "unknown field 'ownr' (did you mean 'owner'?)",
        "unknown field 'when' (did you mean 'start'?)",
    ]
    (err,) = _errors({"corrective_actions": [{"id": "ca1", "start": "2026-03-22"}]})
    assert friendly(err, Case) == "unknown field 'start' (did you mean 'when'?)"


def test_the_fields_may_be_given_as_a_mapping_or_names() -> None:
    (err,) = _errors({"preventive_measures": [{"id": "pm1", "when": "2026-03-22"}]})
    assert friendly(err, PreventiveMeasure.model_fields).endswith("(did you mean 'start'?)")
    assert friendly(err, ["what", "start"]).endswith("(did you mean 'start'?)")
    assert friendly(err) == "unknown field 'when'"
    (err,) = _errors({"zzz": 1})
    assert friendly(err, Case) == "unknown field 'zzz'"


def test_dates_and_choices_in_plain_words() -> None:
    (err,) = _errors({"notice": {"received": "19/03/2026"}})
    assert friendly(err, Case) == "'19/03/2026' is not a date (expected YYYY-MM-DD)"
    (err,) = _errors({"violation": "late"})
    said = friendly(err, Case)
    assert said.startswith("'late' is not one of: odr, late_shipment,")
    assert said.endswith("(did you mean 'late_shipment'?)")
