"""Training rows for the source boundary re-ranker, the source type classifier and the sequence labeller."""

from __future__ import annotations

from argmine.attribution.features import boundary_rows, source_candidates, type_rows
from argmine.attribution.rules import (
    SourceFinder,
)
from argmine.learn.linear import as_matrix


def boundary_data(golds, layers):
    rows, y = [], []
    for g, d in zip(golds, layers):
        finder = SourceFinder(d.normalized, d.tokens)
        for a in d.attributions:
            gold = [ga for ga in g.attributions if ga.source.start < a.source.end and a.source.start < ga.source.end]
            if not gold:
                continue
            ut, cands, rule = source_candidates(d, finder, a)
            spans = [(ut.starts[i], ut.ends[j - 1]) for i, j in cands]
            target = (gold[0].source.start, gold[0].source.end)
            # the rule keeps a glued cue's letter outside the source: compare ends (or starts) only
            forward = a.source.start >= a.cue.start
            labels = [int((e == target[1]) if forward else (s == target[0])) for s, e in spans]
            if not any(labels):
                continue
            rows += boundary_rows(a, ut, cands, rule)
            y += labels
    return rows, y


def type_data(golds):
    rows, y = [], []
    for g in golds:
        finder = SourceFinder(g.normalized, g.tokens)
        for a in g.attributions:
            toks = finder.tokens(*g.normalized.normalized_span(a.source.start, a.source.end))
            if toks:
                rows += type_rows(finder, toks)
                y.append(a.source_type)
    return as_matrix(rows), y


def sequence_data(golds, layers, content: bool = False, rich: bool = True):
    """The CRF's attribute sequences (``sequence.unit_features`` of the rule ``layers``) and the gold BIO
    labels of the same units; ``content``: cue and content labels too."""
    from argmine.attribution.sequence import gold_labels, unit_features

    X, Y = [], []
    for g, d in zip(golds, layers):
        items, units = unit_features(d, rich)
        X += items
        Y += gold_labels(g, units, content=content)
    return X, Y
