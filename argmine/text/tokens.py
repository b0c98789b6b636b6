"""Tokens of normalised text: words and single punctuation marks.

A document's text is tokenised once (``Document.tokens``, a ``Tokens``); every stage and feature
reads the tokens of a span from it.

>>> tokens_of("قتل 12 شخصا.")
['قتل', '0', 'شخصا', '.']
>>> layer = Tokens.of("قتل 12 شخصا.")
>>> layer.starts, layer.ends
([0, 4, 7, 11], [3, 6, 11, 12])
>>> layer.texts(4, 11), layer.texts(4, 11, fold=True), layer.texts(8, 12)
(['12', 'شخصا'], ['0', 'شخصا'], ['خصا', '.'])
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from argmine.text.normalize import _code_points

TOKEN = re.compile(r"\w+|[^\w\s]")


DIGITS = re.compile(r"\d+")


def tokens_of(norm: str, digits: bool = True) -> list[str]:
    """The tokens of a normalised text, with digits folded to ``0`` (``digits=False``: it has none).

    >>> tokens_of("قتل 12 شخصا.")
    ['قتل', '0', 'شخصا', '.']
    """
    return TOKEN.findall(DIGITS.sub("0", norm) if digits else norm)  # a digit run never straddles a token


# the classes of characters for ``TOKEN``: \s, neither \s nor \w, \w but not \d, \d
SPACE, OTHER, WORD, DIGIT = 0, 1, 2, 3


class Tokens:
    """The tokens (``TOKEN``) of one normalised text, found once: their bounds and strings as plain
    lists, looked up by bisection. ``texts(start, end)`` is ``TOKEN.findall(text, start, end)``: a
    token that a span cuts gives the piece inside it.

    >>> Tokens.of("وقال المتحدث: «نعم»").strings
    ['وقال', 'المتحدث', ':', '«', 'نعم', '»']
    """

    __slots__ = ("text", "starts", "ends", "strings", "_folded", "_digits")

    def __init__(self, text: str, starts: list[int], ends: list[int], strings: list[str]):
        self.text = text
        self.starts = starts  # normalised offsets; the original ones: Normalized.original_spans
        self.ends = ends
        self.strings = strings
        self._folded: list[str] | None = None
        self._digits = None  # where the digits are (a numpy array), if known

    @classmethod
    def of(cls, text: str) -> Tokens:
        """The tokens of ``text``, found with numpy from the class of each character; their strings
        are what ``str.split`` makes of the text with a space put before every token.

        >>> Tokens.of("ربما 2022،").strings
        ['ربما', '2022', '،']
        """
        import numpy as np

        codes = _code_points(text)
        kind = _classes(codes)
        word = kind >= WORD
        other = kind == OTHER
        glued = np.zeros(len(text) + 1, dtype=bool)  # glued[k]: characters k - 1 and k are both word characters
        glued[1:-1] = word[1:] & word[:-1]
        starts = np.flatnonzero(other | (word & ~glued[:-1]))
        ends = np.flatnonzero(other | (word & ~glued[1:])) + 1
        spaced = np.insert(codes, starts, ord(" ")).tobytes().decode("utf-32-le", "surrogatepass")
        tokens = cls(text, starts.tolist(), ends.tolist(), spaced.split())  # \s and str.split: the same spaces
        tokens._digits = np.flatnonzero(kind == DIGIT)
        return tokens

    def __len__(self) -> int:
        return len(self.strings)

    def range(self, start: int, end: int) -> tuple[int, int]:
        """``(i, j)``: the tokens ``i`` to ``j - 1`` overlap the normalised span ``[start, end)``.

        >>> Tokens.of("قتل 12 شخصا.").range(2, 8)
        (0, 3)
        """
        if end <= start:
            i = bisect.bisect_left(self.starts, start)
            return i, i
        return bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end)

    def cut(self, start: int, end: int) -> tuple[int, int, bool, bool]:
        """``range(start, end)`` and whether the span cuts its first token, and its last."""
        i, j = self.range(start, end)
        if i >= j:
            return i, j, False, False
        return i, j, self.starts[i] < start, self.ends[j - 1] > end

    def bounds(self, start: int, end: int) -> tuple[list[int], list[int]]:
        """The normalised bounds of the tokens of ``[start, end)`` (a cut token: the piece inside)."""
        i, j, head, tail = self.cut(start, end)
        starts, ends = self.starts[i:j], self.ends[i:j]
        if head:
            starts[0] = start
        if tail:
            ends[-1] = end
        return starts, ends

    def texts(self, start: int, end: int, fold: bool = False) -> list[str]:
        """``TOKEN.findall(text, start, end)``; ``fold``: with digits folded to ``0``, as ``tokens_of``.

        >>> Tokens.of("في 2022 قال").texts(0, 11, fold=True)
        ['في', '0', 'قال']
        """
        i, j, head, tail = self.cut(start, end)
        out = (self.folded if fold else self.strings)[i:j]
        if head or tail:
            for k, s, e in ((0, max(start, self.starts[i]), min(end, self.ends[i])), (-1, max(start, self.starts[j - 1]), min(end, self.ends[j - 1]))):
                piece = self.text[s:e]
                out[k] = DIGITS.sub("0", piece) if fold else piece
        return out

    @property
    def folded(self) -> list[str]:
        """``strings`` with digits folded to ``0`` (a digit run never straddles a token)."""
        if self._folded is None:
            import numpy as np

            if self._digits is None:
                self._digits = np.flatnonzero(_classes(_code_points(self.text)) == DIGIT)
            folded = self.strings
            if len(self._digits):
                folded = list(folded)
                for k in np.unique(np.searchsorted(self.starts, self._digits, side="right") - 1).tolist():
                    folded[k] = DIGITS.sub("0", folded[k])
            self._folded = folded
        return self._folded


def _classes(codes):
    """The class of each code point of ``codes`` (``SPACE``, ``OTHER``, ``WORD``, ``DIGIT``), as numpy
    int8, read from a table filled as new characters come (with ``TOKEN``'s own ``\\w``, ``\\s``, ``\\d``)."""
    import numpy as np

    table = _class_table()
    kind = table[codes]
    if (kind < 0).any():
        for cp in np.unique(codes[kind < 0]).tolist():
            ch = chr(cp)
            table[cp] = (DIGIT if _DIGIT.match(ch) else WORD) if _WORD.match(ch) else SPACE if _SPACE.match(ch) else OTHER
        kind = table[codes]
    return kind


_WORD = re.compile(r"\w")
_SPACE = re.compile(r"\s")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _class_table():
    import numpy as np

    return np.full(0x110000, -1, dtype=np.int8)  # -1: not seen yet
