"""Cell values as reports write them: dates in many forms, ratings, defect names, statuses."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import Any

from poa.orders.detect import fold, orders_data
from poa.text.ids import fold as fold_chars

_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")
# The look-behind tries each run of spaces once (not from each of its characters): linear.
_TIME_RE = re.compile(r"(?<![\sT])[\sT]+\d{1,2}:\d{2}(?::\d{2})?.*$")


def parse_date(value: Any) -> dt.date | None:
    """A date from a report cell, or None when the cell is empty or not a date.

    Seller Central writes ISO timestamps ("2026-03-02T10:15:22+00:00"); Excel and copied pages
    write "3/2/2026" (month first in the US exports) or "02.03.2026"; Chinese pages "2026年3月2日".
    The formats are data (``date_formats`` in sections/orders.yaml), tried in order.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = fold_chars(str(value)).strip()
    if not text:
        return None
    m = _ISO_RE.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    text = _TIME_RE.sub("", text).strip()
    for fmt in _formats():
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@functools.cache
def _formats() -> tuple[str, ...]:
    return tuple(orders_data()["date_formats"])


def parse_rating(value: Any) -> int | None:
    """1-5 stars from '1', '1.0', '1 star', '★★'; None when it is not a rating."""
    if value is None:
        return None
    if isinstance(value, int | float):
        number = int(value)
    else:
        text = fold_chars(str(value)).strip()
        if text and set(text) <= {"★", "☆"}:
            number = text.count("★")
        else:
            m = re.match(r"^(\d)(?:\.0+)?\b", text)
            if not m:
                return None
            number = int(m[1])
    return number if 1 <= number <= 5 else None


def parse_quantity(value: Any) -> int | None:
    """Whole units from '2', '2.0' or 2; None when the cell is empty or not a count (the row
    then counts one unit: All Orders reports have one row per item)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 8:
        return int(value)  # the usual cell, "1": read without the folding below
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, int | float):
        return int(value) if value >= 0 and value == int(value) else None
    m = re.fullmatch(r"(\d{1,7})(?:\.0+)?", fold_chars(str(value)).strip().replace(",", ""))
    return int(m[1]) if m else None


@functools.cache
def _defect_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for kind, words in orders_data()["defect_values"].items():
        for word in words:
            table[fold(word)] = kind
    return table


def parse_defect(value: Any) -> str | None:
    """The defect kind a spreadsheet cell names ('A-to-z claim', '差评', 'Late'), or None."""
    text = fold(value)
    if not text:
        return None
    lookup = _defect_lookup()
    if text in lookup:
        return lookup[text]
    # longest word first, so "negative-feedback" wins over "feedback"
    for word in sorted(lookup, key=len, reverse=True):
        if word in text:
            return lookup[word]
    return "other"


@functools.cache
def _folded_set(key: str) -> frozenset[str]:
    return frozenset(fold(s) for s in orders_data()[key])


@functools.lru_cache(maxsize=512)
def _is_in(key: str, value: str) -> bool:
    """Cached per distinct cell value: a report repeats the same few statuses and channels."""
    return fold(value) in _folded_set(key)


def is_cancelled(status: Any) -> bool:
    return _is_in("cancelled_statuses", str(status or ""))


def is_amazon_fulfilled(channel: Any) -> bool:
    return _is_in("amazon_fulfilled", str(channel or ""))


def text(value: Any) -> str:
    """A cell as tidy text (Excel numbers without a trailing '.0')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
