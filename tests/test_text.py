"""The text layer (poa/text): one splitter, one family of ID patterns, one CJK definition."""

from __future__ import annotations

import datetime as dt

import pytest

from poa.errors import InputError
from poa.text import dates, facts, folding, ids, points, scripts, sentences
from poa.text.words import count_words


def _pieces(text: str, breaks: sentences.Breaks, pos: int = 0) -> list[str]:
    return [text[a:b] for a, b in sentences.spans(text, breaks, pos)]


def test_a_draft_breaks_at_stops_and_at_lines_that_start_a_new_item() -> None:
    text = 'We checked. "All of it." Then\nwe fixed it\nNext line。下一句'
    assert _pieces(text, sentences.DRAFT) == [
        "We checked.",
        '"All of it.',
        "Then\nwe fixed it",
        "Next line。",
        "下一句",
    ]


def test_spans_are_positions_in_the_text_from_pos_on() -> None:
    text = "1. First. Second."
    found = sentences.spans(text, sentences.DRAFT, points.marker_end(text))
    assert found == [(3, 9), (10, 17)]
    assert [text[a:b] for a, b in found] == ["First.", "Second."]


def test_a_message_keeps_abbreviations_and_needs_a_capital_after_a_stop() -> None:
    text = "Send proof, e.g. Invoices. then more. Within 7 days。下一句"
    assert _pieces(text, sentences.MESSAGE) == [
        "Send proof, e.g. Invoices. then more.",
        "Within 7 days。",
        "下一句",
    ]


def test_plain_text_breaks_at_stops_and_line_breaks_and_drops_blank_pieces() -> None:
    assert sentences.split("One. Two\n\nthree!  \n") == ["One.", "Two", "three!"]
    assert sentences.split("   ") == []


def test_a_stop_followed_by_a_space_or_the_end_holds_a_sentence() -> None:
    assert sentences.has_sentence_end("We did it.")
    assert sentences.has_sentence_end("完成。")
    assert not sentences.has_sentence_end("Version 2.5 notes")


def test_every_order_id_pattern_comes_from_the_same_groups() -> None:
    assert ids.ORDER_ID_RE.fullmatch("113-1234567-1234567")
    assert ids.LOOSE_ORDER_ID_RE.fullmatch("113 1234567 1234567")
    assert ids.LOOSE_ORDER_ID_RE.fullmatch("11312345671234567")
    assert not ids.ORDER_ID_RE.search("1113-1234567-1234567")
    assert [raw for _, _, raw in ids.find_order_id_candidates("12-123456-1234567 x")] == [
        "12-123456-1234567"
    ]
    assert ids.LIST_SEPARATORS_RE.split("a, b;c、d") == ["a", "b", "c", "d"]


def test_folding() -> None:
    assert ids.fold("１１３－１２３") == "113-123"
    assert folding.width("ＡＢ—") == "AB—"
    assert folding.answer(" ＹＥＳ ") == "yes"


def test_one_definition_of_cjk() -> None:
    assert scripts.has_cjk("Step 3 步骤")
    assert scripts.has_cjk("ひらがな") and scripts.has_cjk("한국어")
    assert not scripts.has_cjk("café")
    assert scripts.starts_cjk("中文") and not scripts.starts_cjk("a中")
    assert scripts.is_chinese("，") and scripts.is_chinese("中") and not scripts.is_chinese("é")


def test_list_markers() -> None:
    assert points.strip_marker("**2. Actions taken**") == "Actions taken"
    assert points.is_numbered("一、原因") and points.is_numbered("- item")
    assert points.is_bullet("  • item") and not points.is_bullet("1. item")


def test_facts_are_recognised_in_english_and_chinese() -> None:
    counts = facts.count_specifics("On 2026年3月18日 the 主管 checks 每天 for 24小时.")
    assert counts["dates"] == 1 and counts["owners"] == 1
    assert counts["frequencies"] == 1 and counts["durations"] == 1
    assert facts.has_fact("The manager checks every order.")
    assert not facts.has_fact("We are sorry.")
    twice = "113-1234567-1234567 and 113-1234567-1234567"
    assert facts.distinct_ids(twice) == {"order_ids": 1, "asins": 0}
    counts["dates"] = 99  # a copy: the counts kept for the next caller are not changed
    assert facts.count_specifics("On 2026年3月18日 the 主管 checks 每天 for 24小时.")["dates"] == 1


def test_words_and_date_options() -> None:
    assert count_words("Order 113-1234567-1234567 was late, we're sorry.") == 5
    assert dates.parse_option("2026-03-01", "--date") == dt.date(2026, 3, 1)
    assert dates.parse_option(None, "--date") is None
    with pytest.raises(InputError, match="--as-of '1/3' is not a date"):
        dates.parse_option("1/3", "--as-of")


def test_and_list_is_how_english_lists_things() -> None:
    from poa.text.words import and_list

    assert and_list([]) == ""
    assert and_list(["B0AAAA1111"]) == "B0AAAA1111"
    assert and_list(["a", "b"]) == "a and b"
    assert and_list(["a", "b", 3]) == "a, b and 3"
