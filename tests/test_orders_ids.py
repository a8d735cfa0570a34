"""Order IDs and ASINs as sellers paste them."""

from __future__ import annotations

import pytest

from poa.orders.readers import ids_in_line
from poa.text.ids import find_order_id_candidates, normalize_asin, normalize_order_id


@pytest.mark.parametrize(
    "raw",
    [
        "113-4827301-5520947",
        "１１３－４８２７３０１－５５２０９４７",  # full-width digits and dash
        "113–4827301—5520947",  # en and em dashes from a word processor
        " 113 4827301 5520947 ",
        "11348273015520947",
    ],
)
def test_order_id_forms(raw):
    assert normalize_order_id(raw) == "113-4827301-5520947"


@pytest.mark.parametrize("raw", ["113-4827301-552094", "1134827301552094799", "B08HJ2K7Q4", ""])
def test_not_order_ids(raw):
    with pytest.raises(ValueError, match="expected 17 digits"):
        normalize_order_id(raw)


@pytest.mark.parametrize(
    ("raw", "asin"),
    [
        ("b08hj2k7q4", "B08HJ2K7Q4"),
        ("Ｂ０８ＨＪ２Ｋ７Ｑ４", "B08HJ2K7Q4"),
        ("030640615X", "030640615X"),
    ],
)
def test_asin_forms(raw, asin):
    assert normalize_asin(raw) == asin


def test_plain_list_lines_may_hold_several_ids():
    line = "113-4827301-5520947, 114 2039485 7713620; 11166502133398201"
    assert ids_in_line(line) == ["11348273015520947", "11420394857713620", "11166502133398201"]


def test_candidates_are_found_where_they_are_written():
    text = "Orders １１３－４８２７３０１－５５２０９４ and 2026-03-19 and 1234567890123456."
    found = [(start, raw) for start, _, raw in find_order_id_candidates(text)]
    assert found == [
        (7, "１１３－４８２７３０１－５５２０９４"),
        (text.index("1234"), "1234567890123456"),
    ]
