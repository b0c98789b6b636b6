"""The baseline: what a first attempt would do.

Every unit gets the majority role; a unit is hedged when a hedge word of the lexicon occurs in it (no
``قد`` rule, no framing filter); the source of a reporting cue is the two words after it; each evidence
unit supports the nearest claim or motive before it.
"""

from __future__ import annotations

from argmine.attribution.rules import reporting_lexicon
from argmine.document import Attribution, Cue, Document, Link
from argmine.text.lexicon import Lexicon, longest_first


def gold_units(gold: Document) -> list[tuple[int, int]]:
    return [(u.start, u.end) for u in gold.units]


def baseline(golds: list[Document], majority: str) -> list[Document]:

    hedges = Lexicon.load("hedges", 2)
    out = []
    for g in golds:
        d = Document(text=g.text, id=g.id)
        for s, e in gold_units(g):
            d.add_unit(s, e, majority)
        norm = d.normalized
        for m in hedges.find(norm.text):
            s, e = norm.original_span(m.start, m.end)
            u = d.unit_at(s)
            if u and e <= u.end and m.fields[0] != "booster":
                d.cues.append(Cue(u.id, d.span(s, e), m.fields[0]))
                u.hedged = True
        for k, m in enumerate(longest_first(reporting_lexicon().find(norm.text)), 1):
            words = [w for w in norm.text[m.end :].split()[:2]]
            if not words:
                continue
            start = m.end + len(norm.text[m.end :]) - len(norm.text[m.end :].lstrip())
            end = start + len(" ".join(words))
            s, _ = norm.original_span(m.start, m.end)
            u = d.unit_at(s)
            ss, se = norm.original_span(start, min(end, len(norm.text)))
            if u and se <= u.end and ss < se:
                d.attributions.append(
                    Attribution(f"a{k}", u.id, d.span(*norm.original_span(m.start, m.end)), d.span(ss, se), "other", f"s{k}")
                )
        heads = [u for u in d.units if u.role in ("claim", "motive")]
        for u in d.units:
            if u.role == "evidence":
                before = [h for h in heads if h.start < u.start]
                if before:
                    d.links.append(Link(u.id, before[-1].id))
        out.append(d)
    return out
