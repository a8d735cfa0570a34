import pytest

from poa.text import ids


@pytest.mark.parametrize(
    "raw",
    [
        "113-1234567-1234567",
        "11312345671234567",
        "113 1234567 1234567",
        " 113-1234567-1234567 ",
        "１１３－１２３４５６７－１２３４５６７",  # full-width digits and dash (Chinese IME)
        "113—1234567–1234567",  # em and en dashes from a word processor
    ],
)
def test_order_ids_are_normalised(raw: str) -> None:
    assert ids.normalize_order_id(raw) == "113-1234567-1234567"


@pytest.mark.parametrize(
    "raw", ["113-123456-1234567", "1131234567123456", "abc", "", "113-1234567-12345678"]
)
def test_malformed_order_ids_are_refused_with_the_expected_form(raw: str) -> None:
    with pytest.raises(ValueError, match="123-1234567-1234567"):
        ids.normalize_order_id(raw)


def test_asins_are_normalised_and_books_accept_isbn10() -> None:
    assert ids.normalize_asin(" b07qx4l2m9 ") == "B07QX4L2M9"
    assert ids.normalize_asin("030640615X") == "030640615X"
    with pytest.raises(ValueError, match="ASIN"):
        ids.normalize_asin("B07QX4L2M")


def test_ids_are_found_in_free_text() -> None:
    text = (
        "Orders 113-1234567-1234567 and １１４－１２３４５６７－１２３４５６７ (ASIN B07QX4L2M9)."
    )
    assert ids.find_order_ids(text) == ["113-1234567-1234567", "114-1234567-1234567"]
    assert ids.find_asins(text) == ["B07QX4L2M9"]
