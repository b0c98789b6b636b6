"""Normalisation and tokens for matching and features, never for stored text.

Normalisation follows camel-tools (alef forms, alef maksura, teh marbuta,
diacritics: ``_camel_normalise``) plus tatweel, bidi and zero-width controls, curly quotes and Latin
case. It is computed character by character from one table, so every
normalised character knows the original offset it came from.

>>> n = Normalized.of("إلـــى الأمَام")
>>> n.text
'الي الامام'
>>> n.original_span(0, 3)
(0, 6)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# Characters dropped from the normalised text: tatweel, bidi and zero-width controls.
_DROP = "\u0640\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"
_QUOTES = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "″": '"'}
_ARABIC_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
# Persian and Urdu letter variants typed for Arabic ones: farsi yeh, keheh, heh goal, heh with yeh above...
_VARIANTS = {"\u06cc": "\u064a", "\u06a9": "\u0643", "\u06c1": "\u0647", "\u06c0": "\u0647", "\u06c2": "\u0647",
             "\u06c3": "\u0647", "\u06d5": "\u0647"}  # fmt: skip
# Combining maddah and hamza (the NFD spelling of آ أ إ ؤ ئ): composed with the letter before them.
_COMBINING = frozenset("\u0653\u0654\u0655")


# camel-tools' Arabic normalisation, spelled out: ``dediac_ar`` drops ``AR_DIAC_CHARSET`` (the tashkeel and
# the dagger alef), then ``normalize_alef_ar``, ``normalize_alef_maksura_ar`` and ``normalize_teh_marbuta_ar``
# fold letters. Importing camel-tools for them would load its character tables (``camel_tools.utils.charsets``:
# sets of every Unicode letter, and the emoji data), 300,000 references that each full collection of
# Python's garbage collector walks again; tests/test_text.py checks that this gives what camel-tools gives.
_CAMEL_DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
_CAMEL_LETTERS = {"\u0625": "\u0627", "\u0623": "\u0627", "\u0671": "\u0627", "\u0622": "\u0627",  # إ أ ٱ آ: ا; ى: ي; ة: ه
                  "\u0649": "\u064a", "\u0629": "\u0647"}  # fmt: skip
_CAMEL = str.maketrans({**dict.fromkeys(_CAMEL_DIACRITICS, ""), **_CAMEL_LETTERS})


def _camel_normalise(ch: str) -> str:
    """camel-tools' ``dediac_ar`` and alef, alef maksura and teh marbuta normalisation of ``ch``.

    >>> _camel_normalise("أ"), _camel_normalise("ى"), _camel_normalise("ة"), _camel_normalise("\u064e")
    ('ا', 'ي', 'ه', '')
    """
    return ch.translate(_CAMEL)


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """The normalisation table: code point -> what it becomes (one character, none, or several)."""
    table: dict[int, str] = {}
    ranges = [range(0x0600, 0x0700), range(0x0750, 0x0780), range(0x08A0, 0x0900)]
    for r in ranges:
        for cp in r:
            ch = chr(cp)
            out = _camel_normalise(ch)
            if out != ch:
                table[cp] = out
    # Arabic presentation forms (and ligatures such as lam-alef) fold by NFKC.
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        ch = chr(cp)
        out = "".join(_camel_normalise(c) for c in unicodedata.normalize("NFKC", ch))
        if out != ch and not out.isspace():
            table[cp] = out
    for ch in _DROP:
        table[ord(ch)] = ""
    for src, dst in (_QUOTES | _ARABIC_DIGITS | _VARIANTS).items():
        table[ord(src)] = dst
    table[ord("ـ")] = ""
    return table


def _has_combining(text: str) -> bool:
    return "\u0654" in text or "\u0653" in text or "\u0655" in text  # str search, far faster than a set test


def normalize(text: str) -> str:
    """The normalised form of ``text`` used for matching and features.

    >>> normalize("أُعلِنَ عن ”الفيلق“")
    'اعلن عن "الفيلق"'
    >>> normalize(unicodedata.normalize("NFD", "أعلن")) == normalize("أعلن"), normalize("یک")
    (True, 'يك')
    """
    if _has_combining(text):
        text = unicodedata.normalize("NFC", text)
    return text.translate(_table()).lower()


@lru_cache(maxsize=1)
def _length_table():
    """For each BMP code point, how many characters normalisation makes of it (0, 1 or more)."""
    import numpy as np

    lengths = np.ones(0x10000, dtype=np.int8)
    for cp, out in _table().items():
        if cp < 0x10000:
            lengths[cp] = len(out)
    return lengths


def _is_mark(ch: str) -> bool:
    return ch == "\u0640" or unicodedata.category(ch) == "Mn"


@lru_cache(maxsize=1)
def _code_table():
    """For each BMP code point, the code point normalisation makes of it, where it makes one."""
    import numpy as np

    codes = np.arange(0x10000, dtype=np.uint32)
    for cp, out in _table().items():
        if cp < 0x10000 and len(out) == 1:
            codes[cp] = ord(out)
    return codes


def has_digits(text: str, starts: list[int], ends: list[int]) -> list[bool]:
    """Whether each span ``text[start:end]`` holds a decimal digit, for many spans at once.

    >>> has_digits("قتل 12 شخصا", [0, 4, 0], [3, 6, 11])
    [False, True, True]
    """
    import numpy as np

    at = np.flatnonzero(_each_char(text, str.isdecimal))  # re's \d: the decimal digits
    return (at.searchsorted(np.asarray(ends, dtype=np.int64)) > at.searchsorted(np.asarray(starts, dtype=np.int64))).tolist()


_KNOWN: dict = {}  # test -> int8 array over the BMP: 1 true, 0 false, -1 not asked yet


def _each_char(text: str, test):
    """``test`` of each character of ``text`` as a numpy bool array.

    Each BMP code point is tested once per process, the first time a text holds it (asking all
    65,536 up front cost 25 ms a test at start-up); characters beyond the BMP (rare: 𝟘) are tested
    one by one.
    """
    import numpy as np

    codes = _code_points(text)
    known = _KNOWN.get(test)
    if known is None:
        known = _KNOWN[test] = np.full(0x10000, -1, dtype=np.int8)
    bmp = np.minimum(codes, 0xFFFF)
    out = known[bmp]
    if (out < 0).any():
        for cp in np.unique(bmp[out < 0]).tolist():
            known[cp] = test(chr(cp))
        out = known[bmp]
    out = out.astype(bool)
    for k in np.flatnonzero(codes > 0xFFFF).tolist():
        out[k] = test(text[k])
    return out


def _code_points(text: str):
    """The code points of ``text`` as a numpy uint32 array (lone surrogates included)."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _index_dtype(text: str):
    import numpy as np

    return np.int32 if len(text) < 2**31 - 1 else np.int64


@dataclass
class Normalized:
    """A normalised text and, for each of its characters, the original offset.

    ``index`` has one entry more than ``text``: the original end offset.
    """

    text: str
    index: object  # a numpy int64 array, or None where offsets are the identity
    original: str
    _mark: object = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, original: str) -> Normalized:
        """Normalise ``original`` character by character, with numpy, keeping every offset."""
        import numpy as np

        if _has_combining(original):  # rare: the NFD spelling of hamza and maddah letters
            return cls._mapped_slowly(original)
        codes = _code_points(original)
        clipped = np.minimum(codes, 0xFFFF)  # nothing above the BMP changes, and neither does U+FFFF
        lengths = _length_table()[clipped]  # int8: memory stays small on long texts
        if (lengths > 1).any():  # rare: presentation forms that expand (lam-alef ligatures)
            return cls._expanded(original, lengths)
        folded = _code_table()[clipped]
        del clipped
        astral = np.flatnonzero(codes > 0xFFFF)
        folded[astral] = codes[astral]
        keep = lengths == 1
        del codes, lengths
        dropped = not keep.all()
        if dropped:
            folded = folded[keep]
        lowered = folded.tobytes().decode("utf-32-le", "surrogatepass").lower()
        if len(lowered) != len(folded):  # rare: lower-casing that changes length (İ)
            return cls._mapped_slowly(original)
        if not dropped:
            return cls(lowered, None, original)
        return cls(lowered, np.append(np.flatnonzero(keep), len(original)).astype(_index_dtype(original)), original)

    @classmethod
    def _expanded(cls, original: str, lengths) -> Normalized:
        """Normalise a text where some characters become several (``lengths``: how many each makes)."""
        import numpy as np

        lowered = original.translate(_table()).lower()
        if len(lowered) != int(lengths.sum(dtype=np.int64)):  # rare: lower-casing that changes length (İ)
            return cls._mapped_slowly(original)
        lengths = np.append(lengths, np.int8(1))  # the end offset
        index = np.repeat(np.arange(len(original) + 1, dtype=_index_dtype(original)), lengths)
        return cls(lowered, index, original)

    @classmethod
    def _mapped_slowly(cls, original: str) -> Normalized:
        table = _table()
        out: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(original):
            out.append(table.get(ord(ch), ch).lower())
            if ch in _COMBINING:  # with the letter before it (past other marks), it may be one letter
                j = i - 1
                while j >= 0 and _is_mark(original[j]) and original[j] not in _COMBINING:
                    j -= 1
                composed = unicodedata.normalize("NFC", original[j] + ch) if j >= 0 else ""
                if len(composed) == 1:
                    out[j], out[i] = table.get(ord(composed), composed).lower(), ""
        for i, piece in enumerate(out):
            index.extend([i] * len(piece))
        index.append(len(original))
        import numpy as np

        return cls("".join(out), np.asarray(index, dtype=np.int64), original)

    def normalized_span(self, start: int, end: int) -> tuple[int, int]:
        """Normalised ``(start, end)`` of the original span ``[start, end)``."""
        (s,), (e,) = self.normalized_spans([start], [end])
        return s, e

    def normalized_spans(self, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
        """``normalized_span`` of many original spans, at once."""
        if self.index is None:
            return list(starts), list(ends)
        import numpy as np

        # the needles must have the index's dtype, or numpy converts the whole index at each call
        dtype = self.index.dtype
        return self.index.searchsorted(np.asarray(starts, dtype=dtype)).tolist(), self.index.searchsorted(np.asarray(ends, dtype=dtype)).tolist()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[start, end)``."""
        if self.index is None:
            return start, end
        if end <= start:
            s = int(self.index[start])
            return s, s
        return int(self.index[start]), self._past_marks(int(self.index[end - 1]) + 1)

    def original_spans(self, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
        """``original_span`` of many non-empty normalised spans, at once."""
        if self.index is None:
            return list(starts), list(ends)
        import numpy as np

        s = self.index[np.asarray(starts, dtype=np.int64)].tolist()
        e = self.index[np.asarray(ends, dtype=np.int64) - 1] + 1
        marks = self._marks()
        grows = np.zeros(len(e), dtype=bool)  # a diacritic or tatweel follows the span
        inside = np.flatnonzero(e < len(self.original))
        grows[inside] = marks[e[inside]]
        e = e.tolist()
        for k in np.flatnonzero(grows).tolist():
            e[k] = self._past_marks(e[k])
        return s, e

    def _marks(self):
        """For each original character, whether it is a diacritic or tatweel (computed once)."""
        if self._mark is None:
            self._mark = _each_char(self.original, _is_mark)  # diacritics and tatweel
        return self._mark

    def _past_marks(self, e: int) -> int:
        """Keep the diacritics and tatweel that follow the last letter inside a span ending at ``e``."""
        while e < len(self.original) and _is_mark(self.original[e]):
            e += 1
        return e
