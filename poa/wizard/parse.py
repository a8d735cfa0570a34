"""Turn typed answers into case values: order ID lists, dates, root-cause numbers, yes/no.

Input comes from Chinese input methods and pasted spreadsheets: full-width digits and
punctuation, odd dashes, IDs separated by anything. Each parser returns the value or raises
ValueError with a message that says what was expected.
"""

from __future__ import annotations

import datetime as dt

from poa.text import dates, folding
from poa.text.ids import (
    LIST_SEPARATORS_RE,
    LOOSE_ORDER_ID_RE,
    fold,
    normalize_asin,
    normalize_order_id,
)


def parse_order_ids(text: str) -> list[str]:
    """Every order ID in a typed or pasted list, canonical and de-duplicated.

    Anything left over that is not a separator is refused with normalize_order_id's message.
    """
    folded = fold(text)
    found = [normalize_order_id(m.group()) for m in LOOSE_ORDER_ID_RE.finditer(folded)]
    rest = LOOSE_ORDER_ID_RE.sub(" ", folded)
    leftovers = [tok for tok in LIST_SEPARATORS_RE.split(rest) if tok]
    if leftovers:
        try:
            normalize_order_id(leftovers[0])
        except ValueError as exc:
            raise ValueError(str(exc)) from None
    return list(dict.fromkeys(found))


def parse_asins(text: str) -> list[str]:
    """ASINs separated by anything; the first that is not one is refused with the reason."""
    tokens = [tok for tok in LIST_SEPARATORS_RE.split(fold(text)) if tok]
    return list(dict.fromkeys(normalize_asin(tok) for tok in tokens))


def is_all(text: str, words: list[str]) -> bool:
    """'all' (or 全部...) stands for every item offered."""
    return folding.answer(text) in words


def parse_date(text: str, *, today: dt.date | None = None, past: bool = False) -> dt.date | None:
    """2026-03-19, 19 March 2026, March 19, 2026, 2026/3/19, 2026年3月19日; blank is None.

    ``past`` refuses the future ("future"); "03/04/2026" raises ``dates.AmbiguousDate``.
    """
    try:
        value = dates.parse(text)
    except dates.AmbiguousDate:
        raise
    except ValueError:
        raise ValueError("date") from None
    if value is None:
        return None
    if past and value > (today or dt.date.today()) + dt.timedelta(days=1):
        raise ValueError("future")
    return value


def parse_numbers(text: str, count: int) -> list[int]:
    """'1', '1,2', '1 3' -> 1-based numbers within 1..count."""
    folded = folding.answer(text)
    tokens = [t for t in LIST_SEPARATORS_RE.split(folded) if t]
    if not tokens:
        return []
    numbers = []
    for tok in tokens:
        if not tok.isdigit() or not 1 <= int(tok) <= count:
            raise ValueError(tok)
        numbers.append(int(tok))
    return list(dict.fromkeys(numbers))


def parse_yes_no(text: str, yes: list[str], no: list[str]) -> bool | None:
    """True, False, or None when the answer is neither."""
    folded = folding.answer(text)
    if folded in yes:
        return True
    if folded in no:
        return False
    return None
