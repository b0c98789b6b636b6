"""Unit roles (ANNOTATION.md §2) by rules: structure first, then weighted cues.

Structure decides headings, list introductions and point titles (a title takes
the role of what its list announces: motives under ``دوافع متعددة``). Other units
get the role whose cues (``lexicons/role_cues.tsv``), attributions, numbers and
hedges weigh most; cues early in a unit, where the main clause usually is, weigh more.

>>> from argmine import annotate
>>> [u.role for u in annotate("دوافع متعددة\\n1- تأمين المدينة: تهدف الحملة إلى تأمين المدينة.").units]
['other', 'motive', 'motive']
"""

from __future__ import annotations

import bisect

from argmine.document import Document, Unit
from argmine.segment.rules import POINT
from argmine.text.lexicon import Lexicon, Match, longest_first, ordered, rows
from argmine.text.normalize import has_digits, normalize

ANNOUNCE = ordered("list_announcers")
ASSERT = tuple(f" {normalize(w)} " if how == "word" else normalize(w) for w, how in rows("assertion_markers", 2))
MOTIVE_LISTS = ordered("motive_list_words")
MAX_HEADING_WORDS = 8
OPENING = 0.2  # the share of a unit where its main verb usually sits
EARLY = 0.45  # the share of a unit where its main clause usually sits


def is_point_title(text: str) -> bool:
    return bool(POINT.match(text)) and text.rstrip().endswith(":")


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = end
    while j < len(text) and text[j] in " \t":
        j += 1
    before = i == 0 or text[i - 1] in "\n\r\u2028\u2029"
    after = j == len(text) or text[j] in "\n\r\u2028\u2029"
    return before and after


def is_heading(doc: Document, unit: Unit) -> bool:
    """A whole line, short, with no final punctuation: ``أبعاد رئيسية``."""
    words = unit.text.split(None, MAX_HEADING_WORDS)  # (one more piece than allowed if too long)
    return (
        len(words) <= MAX_HEADING_WORDS
        and unit.text.rstrip()[-1] not in ".؟?!:،"
        and _alone_on_its_line(doc.text, unit.start, unit.end)
    )


def unit_digits(doc: Document) -> tuple[list[bool], list[bool]]:
    """Whether each unit's text, and its normalised text, hold a digit (computed once per document)."""
    return doc.derived("digits", _unit_digits)


def _unit_digits(doc: Document) -> tuple[list[bool], list[bool]]:
    starts, ends = [u.start for u in doc.units], [u.end for u in doc.units]
    norm = doc.normalized
    return has_digits(doc.text, starts, ends), has_digits(norm.text, *norm.normalized_spans(starts, ends))


class RuleRoleClassifier:
    """Pipeline stage: one role per unit by structure and weighted cues."""

    name = "roles"

    def __init__(self, cues: Lexicon | None = None):
        self.cues = cues or Lexicon.load("role_cues", 3)

    def unit_cues(self, doc: Document):
        """Each unit's role cues in turn (longest first, offsets in the unit's normalised text).

        The lexicon is matched once over the whole text. A unit glued to a letter on either side
        is matched on its own, since a word boundary there differs.

        >>> from argmine import annotate
        >>> doc = annotate("تهدف الحملة إلى تأمين المدينة. ويرى الخبراء أن الوضع خطير.")
        >>> [[m.text for m in cues] for cues in RuleRoleClassifier().unit_cues(doc)]
        [['تهدف'], ['خطير']]
        """
        text = doc.normalized.text
        found = self.cues.find(text)
        starts = [m.start for m in found]
        for s, e in zip(*doc.normalized.normalized_spans([u.start for u in doc.units], [u.end for u in doc.units])):
            if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
                yield longest_first(self.cues.find(text[s:e]))
                continue
            inside = found[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]
            yield longest_first([Match(m.start - s, m.end - s, m.entry, m.prefix, m.text) for m in inside if m.start - len(m.prefix) >= s and m.end <= e])

    def scores(self, unit: Unit, norm: str, cues: list[Match], attributions: list, digits: bool) -> dict[str, float]:
        """Cue weights per role for a unit that structure does not decide (``norm``: its normalised
        text; ``cues``: its ``unit_cues``; ``attributions``: its attributions; ``digits``: whether
        ``norm`` holds a digit)."""
        scores = {"claim": 0.5, "evidence": 0.0, "motive": 0.0}
        n = max(len(norm), 1)
        for m in cues:
            role, weight = m.fields[0], float(m.fields[1])
            at = m.start / n
            scores[role] += weight * (2.0 if at < OPENING else 1.5 if at < EARLY else 0.6)
        if attributions:
            early = any((a.cue.start - unit.start) / n < EARLY for a in attributions)
            scores["evidence"] += 3.0 if early else 1.5
        if digits:
            scores["evidence"] += 1.0
        if unit.hedged:
            scores["claim"] += 1.0
        return scores

    def __call__(self, doc: Document) -> None:
        list_context = ""
        _, digits = unit_digits(doc)
        for unit, norm, cues, has_digit in zip(doc.units, doc.normalized_units(), self.unit_cues(doc), digits):
            if is_point_title(unit.text):
                motive_list = any(w in list_context for w in MOTIVE_LISTS) or any(w in norm for w in MOTIVE_LISTS)
                unit.role = "motive" if motive_list else "claim"
                continue
            if is_heading(doc, unit):
                unit.role = "other"
                list_context = norm
                continue
            if norm.rstrip().endswith(":"):
                list_context = norm
                if any(w in norm for w in ANNOUNCE) and not any(w in f" {norm} " for w in ASSERT):
                    unit.role = "other"
                    continue
            scores = self.scores(unit, norm, cues, doc.attributions_of(unit.id), has_digit)
            unit.role = max(scores, key=lambda r: (scores[r], r == "claim"))
