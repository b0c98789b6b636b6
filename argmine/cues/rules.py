"""Hedge and booster cues (ANNOTATION.md §3).

Cues come from ``lexicons/hedges.tsv`` matched on normalised text, minus the
framing formulas of ``lexicons/not_hedges.tsv`` (``يمكن القول`` is not a hedge),
plus one rule: ``قد`` + imperfect verb is a strong hedge, ``قد`` + perfect is not.

>>> from argmine.document import Document
>>> doc = Document(text="قد يؤدي القرار إلى التصعيد، وقد أعلنت الحكومة رفضه.")
>>> _ = doc.add_unit(0, len(doc.text))
>>> HedgeTagger()(doc)
>>> [(c.text, c.strength) for c in doc.cues]
[('قد يؤدي', 'strong')]
"""

from __future__ import annotations

import re

from argmine.document import Cue, Document
from argmine.text.lexicon import Entry, Lexicon, Match, Spans, longest_first, words

# "قد" then, optionally, "لا", then a word (the pattern starts with a literal, which regex finds fast)
QAD = re.compile(r"قد\s+(?:لا\s+)?(\w+)")
WORD_CHAR = re.compile(r"\w")
IMPERFECT_PREFIX = "يتن"
QAD_ENTRY = Entry("قد", ("strong",))
# Perfect verbs of forms V, VI and others that begin with ت or ا (as normalised).
PERFECT_T = words("perfect_t_verbs")


def is_imperfect(word: str) -> bool:
    """A rough test for an imperfect verb on a normalised word (``يؤدي`` yes, ``أعلنت`` no).

    >>> is_imperfect("يؤدي"), is_imperfect("تراجعت"), is_imperfect("تلجا"), is_imperfect("اعلنت")
    (True, False, True, False)
    """
    if len(word) < 3 or word[0] not in IMPERFECT_PREFIX:
        return False
    if word in PERFECT_T:
        return False
    if word[0] in "تن" and word[-1] == "ت" and len(word) >= 4 and word[1] != "ت":
        return False  # تراجعت، نشرت: perfect with the feminine ending
    if word[0] == "ن" and (len(word) < 4 or word.endswith("وا")):
        return False  # نشر، نقلوا: perfect
    return True


def qad_candidates(norm: str):
    r"""``(start, start of قد, end, the word)`` of each "قد" (or "وقد", "فقد") that starts a word, then
    a word: the matches, left to right, of ``(?<!\w)([وف]?)قد\s+(?:لا\s+)?(\w+)``.

    >>> [norm[s:e] for norm in ["لقد قال وقد يؤدي"] for s, _, e, _ in qad_candidates(norm)]
    ['وقد يؤدي']
    """
    pos = 0
    while (m := QAD.search(norm, pos)) is not None:
        qad = m.start()
        start = qad - 1 if qad > 0 and norm[qad - 1] in "وف" else qad
        if start > 0 and WORD_CHAR.match(norm, start - 1):
            pos = qad + 1  # inside a word ("لقد", "عقد"): look again from the next character
            continue
        yield start, qad, m.end(), m.group(1)
        pos = m.end()


class HedgeTagger:
    """Pipeline stage: adds hedge and booster cues and sets ``unit.hedged``."""

    name = "cues"

    def __init__(self, lexicon: Lexicon | None = None, blockers: Lexicon | None = None):
        self.lexicon = lexicon or Lexicon.load("hedges", 2)
        self.blockers = blockers or Lexicon.load("not_hedges")

    def find(self, norm: str) -> list[tuple[int, int, str]]:
        """``(start, end, strength)`` of the cues of a normalised text."""
        blocked = Spans((m.start, m.end) for m in self.blockers.find(norm))
        found = [m for m in self.lexicon.find(norm) if not blocked.overlaps(m.start, m.end)]
        for start, qad, end, word in qad_candidates(norm):
            if is_imperfect(word):
                found.append(Match(qad, end, QAD_ENTRY, norm[start:qad], norm[start:end]))
        return [(m.start, m.end, m.fields[0]) for m in longest_first(found)]

    def __call__(self, doc: Document) -> None:
        norm = doc.normalized
        found = self.find(norm.text)
        starts, ends = norm.original_spans([s for s, _, _ in found], [e for _, e, _ in found])
        for (_, _, strength), s, e, unit in zip(found, starts, ends, doc.units_at(starts)):
            if unit is None or e > unit.end:
                continue
            doc.cues.append(Cue(unit.id, doc.span(s, e), strength))
        doc.cues.sort(key=lambda c: c.span.start)
        hedged = {c.unit for c in doc.cues if c.is_hedge}
        for u in doc.units:
            u.hedged = u.id in hedged
