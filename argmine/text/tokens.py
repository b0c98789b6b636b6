"""Tokens of normalised text: words and single punctuation marks.

>>> tokens_of("قتل 12 شخصا.")
['قتل', '0', 'شخصا', '.']
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"\w+|[^\w\s]")


DIGITS = re.compile(r"\d+")


def tokens_of(norm: str, digits: bool = True) -> list[str]:
    """The tokens of a normalised text, with digits folded to ``0`` (``digits=False``: it has none).

    >>> tokens_of("قتل 12 شخصا.")
    ['قتل', '0', 'شخصا', '.']
    """
    return TOKEN.findall(DIGITS.sub("0", norm) if digits else norm)  # a digit run never straddles a token
