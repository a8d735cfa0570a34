"""Slot values: what a seller types for a block's slot, checked by type and written in English.

A seller who reads only Chinese fills slots with digits, dates, order IDs, or picks a role or a
frequency from a list; every value comes out as English text in the plan. Parsers return the
canonical value stored in the case (ISO dates, canonical IDs, numbers, English phrases) or raise
``SlotError`` with a message key; ``describe`` turns a canonical value into plan English.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from poa.text import dates
from poa.text.folding import width
from poa.text.ids import LIST_SEPARATORS_RE, LOOSE_ORDER_ID_RE, normalize_asin, normalize_order_id
from poa.text.scripts import has_non_latin
from poa.text.words import and_list

SLOT_TYPES = (
    "number",
    "date",
    "date_range",
    "order_ids",
    "asins",
    "money",
    "role",
    "frequency",
    "text",
)
TEXT_MAX = 160

_NUMERIC_DATE = r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?"
_DAY_MONTH = r"\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"
_MONTH_DAY = r"[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}"
_DATE_RE = re.compile(f"{_NUMERIC_DATE}|{_DAY_MONTH}|{_MONTH_DAY}")
_RANGE_GLUE = re.compile(r"^\s*(?:to|until|through|and|-|–|—|~|～|\.\.|至|到|－)?\s*$", re.I)
_CURRENCIES = {
    "$": "$", "usd": "$", "us$": "$", "美元": "$", "美金": "$",
    "€": "€", "eur": "€", "欧元": "€",
    "£": "£", "gbp": "£", "英镑": "£",
    "c$": "CA$", "cad": "CA$", "加元": "CA$",
    "a$": "A$", "aud": "A$", "澳元": "A$",
    "jpy": "¥", "日元": "¥", "円": "¥",
}  # fmt: skip
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d{1,2})?")


class SlotError(ValueError):
    """A value that does not fit its slot's type; ``key`` names the message (en + zh data)."""

    def __init__(self, key: str, value: Any) -> None:
        super().__init__(key)
        self.key = key
        self.value = value


def fold(text: Any) -> str:
    """Full-width forms to ASCII (NFKC) and surrounding space removed."""
    return width(str(text)).strip()


# ---------------------------------------------------------------- dates


def parse_date(raw: Any) -> dt.date:
    """2026-03-19, 2026/3/19, 2026年3月19日, 19 March 2026, March 19, 2026: the forms the
    wizard's date questions take (poa.text.dates), ambiguous ones (03/04/2026) refused."""
    if isinstance(raw, dt.date):
        return raw
    try:
        value = dates.parse(fold(raw))
    except ValueError:
        value = None
    if value is None:
        raise SlotError("date", raw)
    return value


def english_date(value: dt.date) -> str:
    """'3 March 2026', as the plan writes every date."""
    return dates.written(value)


def parse_date_range(raw: Any) -> tuple[dt.date, dt.date]:
    """Two dates joined by to, -, ~, 至, 到...; the first not after the second."""
    text = fold(raw)
    found = list(_DATE_RE.finditer(text))
    if len(found) != 2 or text[: found[0].start()].strip():
        raise SlotError("date_range", raw)
    glue = text[found[0].end() : found[1].start()]
    if not _RANGE_GLUE.match(glue) or text[found[1].end() :].strip():
        raise SlotError("date_range", raw)
    start, end = parse_date(found[0].group()), parse_date(found[1].group())
    if start > end:
        raise SlotError("date_range_order", raw)
    return start, end


def english_range(start: dt.date, end: dt.date) -> str:
    """'1 to 16 March 2026', '28 February to 16 March 2026', '20 December 2025 to 5 January 2026'.

    The plan writes each date once, shortening the first where the month and year repeat.
    """
    if start == end:
        return english_date(start)
    if start.year != end.year:
        return f"{english_date(start)} to {english_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {english_date(end)}"
    return f"{start.day} to {english_date(end)}"


# ---------------------------------------------------------------- ids


def parse_order_ids(raw: Any) -> list[str]:
    """Order IDs separated by anything (spaces, commas, 、, new lines); at least one."""
    items = raw if isinstance(raw, list) else [raw]
    found: list[str] = []
    for item in items:
        text = fold(item)
        for m in LOOSE_ORDER_ID_RE.finditer(text):
            found.append(normalize_order_id(m.group()))
        rest = [tok for tok in LIST_SEPARATORS_RE.split(LOOSE_ORDER_ID_RE.sub(" ", text)) if tok]
        if rest:
            raise SlotError("order_ids", rest[0])
    if not found:
        raise SlotError("order_ids", raw)
    return list(dict.fromkeys(found))


def parse_asins(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for item in items:
        for tok in LIST_SEPARATORS_RE.split(fold(item)):
            if not tok:
                continue
            try:
                out.append(normalize_asin(tok))
            except ValueError:
                raise SlotError("asins", tok) from None
    if not out:
        raise SlotError("asins", raw)
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------- numbers and money


def parse_number(raw: Any) -> int | float:
    """A count or quantity: 23, 1,200, 2.5 (full-width digits too); never negative."""
    if isinstance(raw, bool):
        raise SlotError("number", raw)
    if isinstance(raw, (int, float)):
        value: float = raw
    else:
        text = fold(raw).replace(",", "")
        if not re.fullmatch(r"\d+(?:\.\d+)?", text):
            raise SlotError("number", raw)
        value = float(text)
    if value < 0:
        raise SlotError("number", raw)
    return int(value) if float(value).is_integer() else float(value)


def parse_money(raw: Any) -> str:
    """An amount with an optional currency ($, USD, €, 美元...); stored as the plan writes it."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = f"{raw:.2f}"
    text = fold(raw)
    m = _AMOUNT.search(text)
    if not m:
        raise SlotError("money", raw)
    rest = (text[: m.start()] + " " + text[m.end() :]).strip().lower()
    symbol = "$" if not rest else _CURRENCIES.get(rest.replace(" ", ""))
    if symbol is None:
        raise SlotError("money", raw)
    amount = float(m.group().replace(",", ""))
    return f"{symbol}{amount:,.2f}"


# ---------------------------------------------------------------- words


def parse_text(raw: Any) -> str:
    """Short English text: Latin script only, one line, at most TEXT_MAX characters."""
    text = " ".join(fold(raw).split())
    if not text:
        raise SlotError("empty", raw)
    if has_non_latin(text):
        raise SlotError("text_language", raw)
    if len(text) > TEXT_MAX:
        raise SlotError("text_long", raw)
    return text


def parse_listed(raw: Any, choices: Mapping[str, Mapping[str, str]], key: str) -> str:
    """A role or frequency: a listed one (by key, English or Chinese label) or short English."""
    text = fold(raw)
    lowered = text.lower()
    for name, labels in choices.items():
        if lowered in (name.lower(), str(labels["en"]).lower()) or text == fold(labels["zh"]):
            return str(labels["en"])
    try:
        return parse_text(text)
    except SlotError as exc:
        raise SlotError(key if exc.key == "text_language" else exc.key, raw) from None


# ---------------------------------------------------------------- by type


def parse_value(kind: str, raw: Any, lists: Mapping[str, Mapping[str, Any]]) -> Any:
    """The canonical stored value of ``raw`` for a slot of type ``kind``."""
    if raw is None or (isinstance(raw, (str, list)) and not raw):
        raise SlotError("empty", raw)
    if kind == "number":
        return parse_number(raw)
    if kind == "date":
        return parse_date(raw).isoformat()
    if kind == "date_range":
        start, end = parse_date_range(raw)
        return f"{start.isoformat()} to {end.isoformat()}"
    if kind == "order_ids":
        try:
            return parse_order_ids(raw)
        except ValueError as exc:
            if isinstance(exc, SlotError):
                raise
            raise SlotError("order_ids", raw) from None
    if kind == "asins":
        return parse_asins(raw)
    if kind == "money":
        return parse_money(raw)
    if kind == "role":
        return parse_listed(raw, lists["roles"], "role")
    if kind == "frequency":
        return parse_listed(raw, lists["frequencies"], "frequency")
    if kind == "text":
        return parse_text(raw)
    raise SlotError("type", kind)


def describe(kind: str, value: Any) -> str:
    """A canonical value as the plan's English."""
    if kind == "date":
        return english_date(parse_date(value))
    if kind == "date_range":
        return english_range(*parse_date_range(value))
    if kind in ("order_ids", "asins"):
        return and_list(value)
    if kind == "number":
        return f"{value:,}" if isinstance(value, int) and value >= 10000 else str(value)
    return str(value)
