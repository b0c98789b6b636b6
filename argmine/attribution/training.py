"""Training rows for the source type classifier and the sequence labeller (the attribution CRF)."""

from __future__ import annotations

from argmine.attribution.features import type_rows
from argmine.attribution.rules import (
    SourceFinder,
)
from argmine.learn.linear import as_matrix


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
