"""Typed answers to values: order IDs, ASINs, dates, numbers, yes/no."""

from __future__ import annotations

import datetime as dt

import pytest

from poa.wizard import parse

CANON = ["113-4827301-5520947", "114-2039485-7713620", "111-6650213-3398201"]


@pytest.mark.parametrize(
    "typed",
    [
        "113-4827301-5520947 114-2039485-7713620 111-6650213-3398201",
        "11348273015520947\n11420394857713620\n11166502133398201",
        "１１３－４８２７３０１－５５２０９４７，１１４－２０３９４８５－７７１３６２０、111-6650213-3398201",
        "113 4827301 5520947; 114–2039485–7713620 | 111-6650213-3398201",
        "113-4827301-5520947\t114-2039485-7713620\n\n111-6650213-3398201 113-4827301-5520947",
    ],
)
def test_order_ids_are_normalised_however_they_are_typed(typed: str) -> None:
    assert parse.parse_order_ids(typed) == CANON


@pytest.mark.parametrize("typed", ["113-482730-5520947", "1134827301552094", "order 5", "next"])
def test_malformed_order_ids_are_refused_with_the_expected_form(typed: str) -> None:
    with pytest.raises(ValueError, match=r"expected 17 digits as 123-1234567-1234567"):
        parse.parse_order_ids(f"113-4827301-5520947 {typed}")


def test_asins() -> None:
    assert parse.parse_asins("b07qx4l2m9, Ｂ０８ＨＪ２Ｋ７Ｑ４") == ["B07QX4L2M9", "B08HJ2K7Q4"]
    with pytest.raises(ValueError, match="not an ASIN"):
        parse.parse_asins("B07QX4L2M9 shirt")


def test_dates() -> None:
    today = dt.date(2026, 4, 1)
    assert parse.parse_date("2026-03-19") == dt.date(2026, 3, 19)
    assert parse.parse_date("2026/3/9") == dt.date(2026, 3, 9)
    assert parse.parse_date("２０２６年３月１９日") == dt.date(2026, 3, 19)
    assert parse.parse_date("  ") is None
    for bad in ("2026-02-30", "yesterday", "March 2026", "32 March 2026"):
        with pytest.raises(ValueError, match="date"):
            parse.parse_date(bad)
    with pytest.raises(ValueError, match="future"):
        parse.parse_date("2026-05-01", today=today, past=True)
    assert parse.parse_date("2026-05-01", today=today) == dt.date(2026, 5, 1)


@pytest.mark.parametrize(
    "text",
    ["18 March 2026", "March 18, 2026", "2026/3/18", "2026年3月18日", "18th March 2026",
     "Mar 18 2026", "18 mar. 2026", "18/03/2026", "03/18/2026", "2026.03.18"],
)  # fmt: skip
def test_unambiguous_written_dates_are_accepted(text) -> None:
    assert parse.parse_date(text) == dt.date(2026, 3, 18)


def test_a_date_that_reads_two_ways_is_refused_with_both_readings() -> None:
    from poa.text import dates

    with pytest.raises(dates.AmbiguousDate) as info:
        parse.parse_date("03/04/2026")
    assert info.value.readings == (dt.date(2026, 3, 4), dt.date(2026, 4, 3))
    assert parse.parse_date("04/04/2026") == dt.date(2026, 4, 4)


def test_numbers_and_yes_no() -> None:
    assert parse.parse_numbers("1, 3", 3) == [1, 3]
    assert parse.parse_numbers("２，１", 2) == [2, 1]
    with pytest.raises(ValueError):
        parse.parse_numbers("4", 3)
    assert parse.parse_yes_no(" Y ", ["y", "yes"], ["n", "no"]) is True
    assert parse.parse_yes_no("否", ["y", "是"], ["n", "否"]) is False
    assert parse.parse_yes_no("maybe", ["y"], ["n"]) is None
