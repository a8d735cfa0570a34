"""Words as a reader counts them: IDs, numbers and punctuation are not words."""

from __future__ import annotations

import functools
import re

# A letter, then letters, digits, apostrophes or hyphens, ending on a letter or digit.
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?", re.UNICODE)


@functools.lru_cache(maxsize=8192)
def count_words(text: str) -> int:
    """Words a reader reads: IDs, numbers and punctuation are not words."""
    return len(_WORD.findall(text))
