"""Cue and gazetteer lexicons: TSV files in ``argmine/lexicons``, matched on normalised text.

Each file has one entry a line (``phrase<TAB>column...``), ``#`` comments, and
phrases written as people write them; they are normalised on load. Matching uses
an Aho-Corasick automaton (pyahocorasick) and keeps only matches that start a
word, or follow a conjunction clitic (و، ف) at the start of a word, and that end a
word, unless the phrase ends in ``+`` (glued to the next word: ``وفقاً ل+``).

Word lists that the rules test membership in (``word in STOP``) load with :func:`words`
(a set), :func:`ordered` (a tuple, in file order) or :func:`rows` (the columns as written).
Every file starts with a ``#`` header that says what the list is for and who reads it.

>>> lex = Lexicon.load("hedges")
>>> [(m.text, m.fields[0]) for m in lex.find("وربما انتهت الحملة")]
[('ربما', 'strong')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from argmine.text.normalize import normalize

HERE = Path(__file__).resolve().parent.parent / "lexicons"
CONJUNCTIONS = ("", "و", "ف")


class LexiconError(ValueError):
    """A malformed lexicon file, named by file and line."""


@dataclass(frozen=True)
class Entry:
    phrase: str  # normalised
    fields: tuple[str, ...]
    glued: bool = False


@dataclass(slots=True)  # not frozen: a frozen dataclass is four times slower to make, and there are many
class Match:
    start: int  # in the normalised text, after any clitic
    end: int
    entry: Entry
    prefix: str = ""  # the clitic before the match, if any
    text: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        return self.entry.fields


@cache
def words(name: str) -> frozenset[str]:
    """The entries of the one-column list ``argmine/lexicons/NAME.tsv``, normalised; cached.

    >>> sorted(words("addressee_pronouns"))
    ['لنا', 'له', 'لها', 'لهم', 'لي']
    >>> normalize("أيضاً") in words("clause_openers_after")
    True
    """
    return frozenset(ordered(name))


@cache
def ordered(name: str) -> tuple[str, ...]:
    """The entries of the one-column list ``argmine/lexicons/NAME.tsv``, normalised, in file order; cached.

    >>> ordered("source_prefixes")[:4]
    ('و', 'ف', 'ب', 'ل')
    """
    return tuple(normalize(cols[0]) for cols in rows(name))


@cache
def rows(name: str, columns: int = 1) -> tuple[tuple[str, ...], ...]:
    """The rows of ``argmine/lexicons/NAME.tsv`` as written (not normalised), in file order; cached.
    Every row must have exactly ``columns`` tab-separated columns.

    >>> rows("fixed_pairs", 2)[0]
    ('المعترف', 'بها')
    """
    return read_rows(HERE / f"{name}.tsv", columns)


def read_rows(path: Path, columns: int = 1) -> tuple[tuple[str, ...], ...]:
    """The rows of a word-list file, each with exactly ``columns`` columns; a one-line error names
    the file and line of a row with more or fewer."""
    out = []
    for n, cols in read_tsv(path, columns):
        if len(cols) != columns:
            raise LexiconError(f"{path}:{n}: expected {columns} tab-separated column(s), got {len(cols)}: {cols!r}")
        out.append(tuple(cols))
    return tuple(out)


def read_tsv(path: Path, min_columns: int = 1) -> list[tuple[int, list[str]]]:
    """Rows of a lexicon file as ``(line number, columns)``; comments and blanks skipped."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < min_columns or not cols[0]:
            raise LexiconError(f"{path}:{n}: expected {min_columns} tab-separated columns, got {line!r}")
        rows.append((n, cols))
    return rows


class Lexicon:
    """A set of phrases with their columns, and a matcher over normalised text."""

    def __init__(self, entries: list[Entry], prefixes: tuple[str, ...] = CONJUNCTIONS):
        self.entries = entries
        self.prefixes = frozenset(prefixes)
        self._automaton = None

    @classmethod
    @cache
    def load(cls, name: str, min_columns: int = 1) -> Lexicon:
        """Load ``argmine/lexicons/NAME.tsv``; cached, so lexicons load once."""
        entries = []
        for _, cols in read_tsv(HERE / f"{name}.tsv", min_columns):
            entries.append(make_entry(cols[0], tuple(cols[1:])))
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def automaton(self):
        if self._automaton is None:
            import ahocorasick

            auto = ahocorasick.Automaton()
            by_phrase: dict[str, list[Entry]] = {}
            for e in self.entries:
                by_phrase.setdefault(e.phrase, []).append(e)
            for phrase, entries in by_phrase.items():
                auto.add_word(phrase, tuple(entries))
            auto.make_automaton()
            self._automaton = auto
        return self._automaton

    def find(self, norm: str) -> list[Match]:
        """All matches in a normalised text, in order of start."""
        if not self.entries:
            return []
        out = []
        n = len(norm)
        prefixes = self.prefixes
        for last, entries in self.automaton().iter(norm):
            end = last + 1
            letter_after = end < n and norm[end].isalnum()
            for e in entries:
                if letter_after != e.glued:
                    continue  # a glued phrase ends inside a word, any other at a word's end
                start = end - len(e.phrase)
                if start == 0 or not norm[start - 1].isalnum():
                    prefix = ""
                else:  # a clitic may come first: up to three letters, then the word's start
                    ws = start - 1
                    while ws > 0 and norm[ws - 1].isalnum() and start - ws < 3:
                        ws -= 1
                    if ws > 0 and norm[ws - 1].isalnum():
                        continue
                    prefix = norm[ws:start]
                if prefix in prefixes:
                    out.append(Match(start, end, e, prefix, e.phrase))  # norm[start:end], the one string of the entry
        if len(out) > 1:
            # by start, then the longest first: (start, -end) as one int, not a tuple per match to collect
            out.sort(key=lambda m: m.start * (n + 1) + n - m.end)
        return out


def make_entry(phrase: str, fields: tuple[str, ...]) -> Entry:
    glued = phrase.endswith("+")
    phrase = phrase.rstrip("+")
    # "لـ" written with tatweel is "ل" once normalised
    return Entry(normalize(phrase).strip(), fields, glued)


def longest_first(matches: list[Match]) -> list[Match]:
    """Non-overlapping matches, preferring the longest, then the earliest (O(m log m))."""
    import bisect

    if len(matches) < 2:
        return list(matches)
    starts: list[int] = []  # the chosen matches, kept sorted by start; they never overlap
    chosen: list[Match] = []
    reach = max(m.start for m in matches) + 1
    # the longest first, then the earliest: (-length, start) as one int, not a tuple per match to collect
    for m in sorted(matches, key=lambda m: (m.start - m.end) * reach + m.start):
        k = bisect.bisect_left(starts, m.start)
        if k > 0 and chosen[k - 1].end > m.start:
            continue  # overlaps the chosen match before it
        if k < len(chosen) and chosen[k].start < m.end:
            continue  # overlaps the chosen match after it
        starts.insert(k, m.start)
        chosen.insert(k, m)
    return chosen


class Spans:
    """A fixed set of ``(start, end)`` spans that answers "does this overlap any?" in O(log n).

    >>> Spans([(0, 4), (10, 12)]).overlaps(3, 6), Spans([(0, 4), (10, 12)]).overlaps(4, 10)
    (True, False)
    """

    def __init__(self, spans):
        import itertools

        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(itertools.accumulate((e for _, e in spans), max))  # the furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        import bisect

        k = bisect.bisect_left(self.starts, end)  # spans[:k] start before ``end``
        return k > 0 and self.reach[k - 1] > start
