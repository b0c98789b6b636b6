"""Features of a hedge or booster candidate in its context, for the learned cue filter."""

from __future__ import annotations

from argmine.document import Cue, Document

CONTEXT = 120  # characters of context on each side of a hedge candidate


def cue_rows(doc: Document, candidates: list[Cue]) -> list[dict]:
    """Features of hedge and booster candidates in context."""
    units = [doc.unit(c.unit) for c in candidates]
    # a window of context on each side keeps the cost per cue constant on long units
    lefts = [max(unit.start, c.span.start - CONTEXT) for c, unit in zip(candidates, units)]
    rights = [min(unit.end, c.span.end + CONTEXT) for c, unit in zip(candidates, units)]
    starts, ends = [c.span.start for c in candidates], [c.span.end for c in candidates]
    layer = doc.tokens
    bounds = list(zip(*doc.normalized.normalized_spans(lefts + starts + ends, starts + ends + rights)))
    n = len(candidates)
    rows = []
    for c, unit, left_start, before, cue, after in zip(candidates, units, lefts, bounds[:n], bounds[n : 2 * n], bounds[2 * n :]):
        left = doc.text[left_start : c.span.start]
        before = layer.texts(*before, fold=True)[-3:]
        after = layer.texts(*after, fold=True)[:3]
        cue = " ".join(layer.texts(*cue, fold=True))
        attrs = doc.attributions_of(unit.id)
        f = {
            "cue=" + cue: 1.0,
            "strength=" + c.strength: 1.0,
            "first_word=" + (cue.split(" ")[0] if cue else ""): 1.0,
            "at_start": float(c.span.start - unit.start < CONTEXT and not [w for w in before if w[0].isalnum()]),
            "in_quote": float(left.count('"') % 2 == 1 or "“" in left),
            "attributed_unit": float(bool(attrs)),
            "in_content": float(any(a.content and a.content.contains(c.span) for a in attrs)),
        }
        for k, w in enumerate(reversed(before)):
            f[f"prev{k}={w}"] = 1.0
        for k, w in enumerate(after):
            f[f"next{k}={w}"] = 1.0
        if after:
            f["next_shape=" + ("al" if after[0].startswith("ال") else "imperf" if after[0][:1] in "يتن" else "other")] = 1.0
        rows.append(f)
    return rows
