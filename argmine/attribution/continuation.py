"""Continuations (scheme v2): a reporting word with no subject of its own carries on the speaker
of the sentence before.

``وقال المتحدث باسم الجيش إن البلدة سقطت. وأضاف أن القصف توقف.``: the second unit gets an
attribution whose cue is ``أضاف``, whose source is the spokesman's span in the first unit, and
whose ``continues`` names the first attribution (with its type, canonical id and anonymity).

The stage runs after the attribution stage (rules or learned): a reporting word that opened no
attribution there, at the start of a unit (``وأضاف أن``) or of a clause (``...، مضيفاً أن``), in a
unit without a speaker of its own, continues the last attribution of the nearest earlier unit
that has one, at most ``REACH`` units back and within the paragraph.
"""

from __future__ import annotations

from dataclasses import replace

from argmine.document import Attribution, Document
from argmine.text.lexicon import words
from argmine.text.normalize import normalize

REACH = 2  # the speaker is named at most this many units back (140 of 165 training continuations: 1)


def candidates(doc: Document) -> dict[str, tuple[int, int]]:
    """``unit id -> (start, end)`` of the word that may open a continuation in that unit (without its
    clitic): its first word (after ``كما``، ``لكنه``، ``ثم`` ...), or a participle after a comma
    (``...، مضيفاً أن``), followed by what was said. One pass of the lexicon over the document.

    >>> from argmine.document import Document
    >>> doc = Document("وأضاف أن القصف توقف. ونفى ذلك، مضيفاً أنه قريب. وأضاف الوزير أن الوفد غادر.")
    >>> _ = doc.add_unit(0, 20), doc.add_unit(21, 47), doc.add_unit(48, 75)
    >>> candidates(doc)
    {'u1': (1, 5), 'u2': (31, 37)}
    """
    from argmine.text.lexicon import Lexicon

    norm = doc.normalized
    matches = Lexicon.load("continuing").find(norm.text)
    if not matches:
        return {}
    starts, ends = norm.original_spans([m.start for m in matches], [m.end for m in matches])
    found: dict[str, tuple[int, int]] = {}
    for m, s, e, unit in zip(matches, starts, ends, doc.units_at(starts)):
        if unit is None or unit.id in found:
            continue
        # only the few characters around the cue are read, so that a unit of 200,000 cues costs linear time
        cue_start = s - len(m.prefix)
        before = doc.text[max(unit.start, cue_start - OPENERS_REACH) : cue_start]
        opens = cue_start - unit.start <= OPENERS_REACH and all(
            normalize(w).strip(LEADING) in OPENERS or not w.strip(LEADING) for w in before.split()
        )
        after_comma = m.fields[0] == "clause" and before.rstrip().endswith(("،", ","))
        if (opens or after_comma) and _said_next(doc.text[e : min(unit.end, e + SAID_REACH)]):
            found[unit.id] = (s, e)
    return found


def _said_next(rest: str) -> bool:
    """What follows the cue is what was said (``أن``، ``إن``، a colon, a quote, ``إلى``), not a subject
    of its own (``وأضاف أويحيى أن``: the attribution stage's business), possibly after a phrase
    (``وقال في بيان إن``).

    >>> _said_next(" في بيان إن الوفد غادر."), _said_next(" الوزير أن الوفد غادر.")
    (True, False)
    """
    rest = rest.lstrip()
    if rest[:1] in ':"«“' or not rest:
        return True
    return _said_at(rest.split(maxsplit=PHRASE_REACH + 1)) is not None


def _said_at(parts: list[str]) -> int | None:
    """The index of the word where what was said begins (0: right after the cue), past a phrase
    (``في بيان لاحق``) of at most ``PHRASE_REACH`` parts; None where a subject comes instead."""
    if not parts:
        return None
    if normalize(parts[0]).rstrip(TRAILING) in SAID_NEXT:
        return 0
    if normalize(parts[0]).rstrip(TRAILING) not in PHRASE_OPENERS:
        return None
    for k, w in enumerate(parts[1 : PHRASE_REACH + 1], 1):
        if w[:1] in '"«“' or w.endswith(":") or normalize(w).rstrip(TRAILING) in SAID_NEXT:
            return k + w.endswith(":")
    return None


LEADING = '"«“('
TRAILING = ":،,."
OPENERS = words("continuation_openers")
SAID_NEXT = words("said_next")
PHRASE_OPENERS = words("prepositional_openers")
PHRASE_REACH = 12  # words of "في تصريح لموقع ..." before what was said
SAID_REACH = 400  # characters after the cue that hold those words
OPENERS_REACH = 40  # characters before the cue that may hold its openers ("كما"، "لكنه"، "ثم")
PREPOSITIONS = words("prepositional_cues")
CONTENT_OPENERS = words("content_openers") | {""}  # "أن" and the like before what was said, or a lone colon


class ContinuationTagger:
    """Pipeline stage: continuations for units whose reporting word has no subject of its own."""

    name = "continuation"

    def __call__(self, doc: Document) -> None:
        cues = candidates(doc)
        if not cues:
            return
        own = {a.unit for a in doc.attributions}
        last: Attribution | None = None  # the latest attribution of an earlier unit
        last_at = -REACH - 1
        added: list[Attribution] = []
        n = len(doc.attributions)
        for k, unit in enumerate(doc.units):
            mine = doc.attributions_of(unit.id) if unit.id in own else []
            if mine:  # the speaker a later "وأضاف" carries on: the subject of a reporting verb, not "بحسب X"
                spoken = [a for a in mine if normalize(a.cue.text).split()[0] not in PREPOSITIONS]
                last, last_at = (spoken or mine)[-1], k
                continue
            span = cues.get(unit.id)
            if span is None or last is None or k - last_at > REACH:
                continue
            n += 1
            continuation = replace(last, id=f"a{n}", unit=unit.id, cue=doc.span(*span), content=_content(doc, unit, span[1]),
                                   via=None, continues=last.id)  # fmt: skip
            added.append(continuation)
            last, last_at = continuation, k
        if added:
            _in_text_order(doc, added)


def _in_text_order(doc: Document, added: list[Attribution]) -> None:
    """Put the continuations among the other attributions in the order of their units, and number
    them all again (``a1``, ``a2``...), as every reader and writer of a document expects."""
    place = {u.id: k for k, u in enumerate(doc.units)}
    ordered = sorted(doc.attributions + added, key=lambda a: place[a.unit])  # stable: within a unit, as found
    ids = {a.id: f"a{k}" for k, a in enumerate(ordered, 1)}
    for a in ordered:  # the document's own records: renumbered in place
        a.id = ids[a.id]
        if a.via:
            a.via = ids[a.via]
        if a.continues:
            a.continues = ids[a.continues]
    doc.attributions = ordered


def _content(doc: Document, unit, after: int):
    """What follows the cue, without ``أن``/``إن``, a colon or the final full stop; None if nothing."""
    rest = doc.text[after : unit.end]
    words = rest.split()
    skip = _said_at(words) or 0
    while skip < len(words) and normalize(words[skip]).strip(":") in CONTENT_OPENERS:
        skip += 1
    if skip == len(words):
        return None
    start = after + rest.index(words[skip], sum(len(w) for w in words[:skip]))
    end = unit.end
    while end > start and doc.text[end - 1] in ".!؟?":
        end -= 1
    return doc.span(start, end) if end > start else None
