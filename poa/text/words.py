"""Words as a reader counts them: IDs, numbers and punctuation are not words."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from poa.text import regexcache

# A letter, then letters, digits, apostrophes or hyphens, ending on a letter or digit.
_WORD = regexcache.compile(r"[^\W\d_](?:[\w'’-]*\w)?", re.UNICODE)


@functools.lru_cache(maxsize=8192)
def count_words(text: str) -> int:
    """Words a reader reads: IDs, numbers and punctuation are not words."""
    return len(_WORD.findall(text))


def and_list(items: Iterable[object]) -> str:
    """'a, b and c': how English lists things in a sentence (one item alone, two with 'and')."""
    texts = [str(i) for i in items]
    if len(texts) <= 2:
        return " and ".join(texts)
    return f"{', '.join(texts[:-1])} and {texts[-1]}"
