"""Training rows for the cue filter: each rule candidate, and whether the gold annotation has it."""

from __future__ import annotations

from argmine.cues.features import cue_rows


def cue_data(golds, layers):
    rows, y = [], []
    for g, d in zip(golds, layers):
        rows += cue_rows(d, d.cues)
        for c in d.cues:
            y.append(int(any(gc.is_hedge == c.is_hedge and gc.span.start < c.span.end and c.span.start < gc.span.end for gc in g.cues)))
    return rows, y
