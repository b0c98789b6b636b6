"""Tokens of normalised text: words and single punctuation marks.

A document's text is tokenised once (``Document.tokens``, a ``Tokens``); every stage and feature
reads the tokens of a span from it.

>>> tokens_of("قتل 12 شخصا.")
['قتل', '0', 'شخصا', '.']
>>> layer = Tokens.of("قتل 12 شخصا.")
>>> layer.starts.tolist(), layer.ends.tolist()
([0, 4, 7, 11], [3, 6, 11, 12])
>>> layer.texts(4, 11), layer.texts(4, 11, fold=True), layer.texts(8, 12)
(['12', 'شخصا'], ['0', 'شخصا'], ['خصا', '.'])
"""

from __future__ import annotations

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
    """The tokens (``TOKEN``) of one normalised text, found once: their bounds as two numpy arrays
    (16 bytes a token: a 10 MB text has two million tokens), their strings sliced from the text when a
    span's tokens are asked for. ``texts(start, end)`` is ``TOKEN.findall(text, start, end)``: a token
    that a span cuts gives the piece inside it.

    >>> Tokens.of("وقال المتحدث: «نعم»").strings
    ['وقال', 'المتحدث', ':', '«', 'نعم', '»']
    """

    __slots__ = ("text", "starts", "ends", "_has_digit")

    def __init__(self, text: str, starts, ends, has_digit):
        self.text = text
        self.starts = starts  # numpy int64, normalised offsets; the original ones: Normalized.original_spans
        self.ends = ends
        self._has_digit = has_digit  # numpy bool: the token holds a digit

    @classmethod
    def of(cls, text: str) -> Tokens:
        """The tokens of ``text``, found with numpy from the class of each character.

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
        starts = np.flatnonzero(other | (word & ~glued[:-1])).astype(np.int64)
        ends = np.flatnonzero(other | (word & ~glued[1:])).astype(np.int64) + 1
        has_digit = np.zeros(len(starts), dtype=bool)
        has_digit[starts.searchsorted(np.flatnonzero(kind == DIGIT), side="right") - 1] = True
        return cls(text, starts, ends, has_digit)

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def strings(self) -> list[str]:
        """Every token's string."""
        return self.texts(0, len(self.text))

    def range(self, start: int, end: int) -> tuple[int, int]:
        """``(i, j)``: the tokens ``i`` to ``j - 1`` overlap the normalised span ``[start, end)``.

        >>> Tokens.of("قتل 12 شخصا.").range(2, 8)
        (0, 3)
        """
        if end <= start:
            i = int(self.starts.searchsorted(start))
            return i, i
        return int(self.ends.searchsorted(start, side="right")), int(self.starts.searchsorted(end))

    def cut(self, start: int, end: int) -> tuple[int, int, bool, bool]:
        """``range(start, end)`` and whether the span cuts its first token, and its last."""
        i, j = self.range(start, end)
        if i >= j:
            return i, j, False, False
        return i, j, bool(self.starts[i] < start), bool(self.ends[j - 1] > end)

    def bounds(self, start: int, end: int) -> tuple[list[int], list[int]]:
        """The normalised bounds of the tokens of ``[start, end)`` (a cut token: the piece inside)."""
        return self._bounds(start, end)[1:]

    def _bounds(self, start: int, end: int) -> tuple[int, list[int], list[int]]:
        i, j, head, tail = self.cut(start, end)
        starts, ends = self.starts[i:j].tolist(), self.ends[i:j].tolist()
        if head:
            starts[0] = start
        if tail:
            ends[-1] = end
        return i, starts, ends

    def texts(self, start: int, end: int, fold: bool = False) -> list[str]:
        """``TOKEN.findall(text, start, end)``; ``fold``: with digits folded to ``0``, as ``tokens_of``.

        >>> Tokens.of("في 2022 قال").texts(0, 11, fold=True)
        ['في', '0', 'قال']
        """
        text = self.text
        if fold and DIGITS.search(text, start, end):
            return TOKEN.findall(DIGITS.sub("0", text[start:end]))  # a digit run never straddles a token
        return TOKEN.findall(text, start, end)

    def texts_many(self, starts: list[int], ends: list[int], folds: list[bool] | None = None) -> list[list[str]]:
        """``texts`` of many spans at once (``folds``: whether to fold each one's digits): their tokens'
        bounds are read with numpy in one go and the strings sliced, a little faster than
        ``TOKEN.findall`` on each span, and with no numpy call per span.

        >>> Tokens.of("قتل 12 شخصا.").texts_many([0, 4, 8], [6, 12, 8], [True, False, False])
        [['قتل', '0'], ['12', 'شخصا', '.'], []]
        """
        import numpy as np

        s, e = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
        first = self.ends.searchsorted(s, side="right")  # the first token ending after the span starts
        counts = np.where(e > s, self.starts.searchsorted(e) - first, 0)  # and the tokens starting before it ends
        total = int(counts.sum())
        offsets = np.cumsum(counts) - counts
        flat = np.arange(total, dtype=np.int64) + np.repeat(first - offsets, counts)  # each span's tokens, end to end
        # a token that a span cuts gives the piece inside it
        tok_starts = np.maximum(self.starts[flat], np.repeat(s, counts)).tolist()
        tok_ends = np.minimum(self.ends[flat], np.repeat(e, counts)).tolist()
        text = self.text
        out = [text[a:b] for a, b in zip(tok_starts, tok_ends)]
        if folds is not None:
            folded = self._has_digit[flat] & np.repeat(np.asarray(folds, dtype=bool), counts)
            for k in np.flatnonzero(folded).tolist():
                out[k] = DIGITS.sub("0", out[k])
        return [out[o : o + c] for o, c in zip(offsets.tolist(), counts.tolist())]

    def iter_texts(self, starts: list[int], ends: list[int], folds: list[bool] | None = None, block: int = 256):
        """``texts_many`` of the spans, yielded one by one, worked out a ``block`` of spans at a time:
        the strings of a long text's tokens are never all held at once."""
        for b in range(0, len(starts), block):
            yield from self.texts_many(starts[b : b + block], ends[b : b + block], None if folds is None else folds[b : b + block])


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
