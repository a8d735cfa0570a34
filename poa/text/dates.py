"""Dates as sellers write them: ISO, written out in English, or in Chinese.

One reader for the wizard's date fields and for the templates (which must not print a date the
seller already wrote). Only unambiguous forms are accepted: "03/04/2026" could be 3 April or
4 March, so it is refused with both readings rather than guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from poa.errors import InputError
from poa.text.folding import width

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

# Each form names its groups; the first that matches at a position wins.
_FORMS = [
    re.compile(r"(?P<year>\d{4})\s*[-./年]\s*(?P<mnum>\d{1,2})\s*[-./月]\s*(?P<day>\d{1,2})\s*日?"),
    re.compile(rf"{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(r"(?P<first>\d{1,2})\s*[/.-]\s*(?P<second>\d{1,2})\s*[/.-]\s*(?P<year>\d{4})"),
]
_EDGE = re.compile(r"[\w-]")
# "On 19 March we ..." and "March 19:" name a day without its year.
_YEARLESS = [
    re.compile(rf"(?<![\w-]){_DAY}(?:\s+of)?\s+{_MONTH}(?![\w-]|,?\s+\d)", re.IGNORECASE),
    re.compile(rf"(?<![\w-]){_MONTH}\s+{_DAY}(?![\w-]|,?\s+\d)", re.IGNORECASE),
]


class AmbiguousDate(ValueError):
    """A numeric date that reads as two different days (day/month or month/day)."""

    def __init__(self, text: str, readings: tuple[dt.date, dt.date]) -> None:
        super().__init__(text)
        self.readings = readings


def _build(m: re.Match[str]) -> dt.date:
    """The date a match stands for; ValueError if impossible, AmbiguousDate if two."""
    groups = m.groupdict()
    year = int(groups["year"])
    if groups.get("first") is not None:
        first, second = int(groups["first"]), int(groups["second"])
        readings = set()
        for month, day in ((first, second), (second, first)):
            try:
                readings.add(dt.date(year, month, day))
            except ValueError:
                continue
        if not readings:
            raise ValueError(m.group())
        if len(readings) > 1:
            a, b = sorted(readings)
            raise AmbiguousDate(m.group(), (a, b))
        return readings.pop()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
    return dt.date(year, month, int(groups["day"]))


def parse(text: str) -> dt.date | None:
    """The one date ``text`` consists of; None when blank.

    Raises AmbiguousDate for "03/04/2026" and ValueError for anything else that is not a date.
    """
    folded = width(text).strip()
    if not folded:
        return None
    for form in _FORMS:
        m = form.fullmatch(folded)
        if m:
            return _build(m)
    raise ValueError(folded)


def _found(text: str) -> Iterator[dt.date]:
    folded = width(text)
    taken: list[tuple[int, int]] = []
    for form in _FORMS:
        for m in form.finditer(folded):
            start, end = m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            before = folded[start - 1] if start else " "
            after = folded[end] if end < len(folded) else " "
            if _EDGE.match(before) or _EDGE.match(after):
                continue
            try:
                value = _build(m)
            except ValueError:
                continue
            taken.append((start, end))
            yield value


def parse_option(value: str | None, option: str) -> dt.date | None:
    """A date given on the command line (``--date``, ``--as-of``) as YYYY-MM-DD; None when not
    given. Anything else is refused with a line naming the option."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date (expected YYYY-MM-DD)") from None


def written(value: dt.date | None) -> str:
    """'3 March 2026': unambiguous for a reader in any country."""
    if value is None:
        return ""
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


def _days_without_year(text: str) -> set[tuple[int, int]]:
    folded = width(text)
    out = set()
    for form in _YEARLESS:
        for m in form.finditer(folded):
            out.add((_MONTHS[m.group("month").lower()], int(m.group("day"))))
    return out


def mentions(text: str | None, value: dt.date | None) -> bool:
    """Whether ``text`` already states the date ``value``: in any accepted form, or as its
    day and month without the year ("On 19 March we answered ...")."""
    if not text or value is None:
        return False
    if value in set(_found(text)):
        return True
    return (value.month, value.day) in _days_without_year(text)
