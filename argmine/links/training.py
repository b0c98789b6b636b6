"""Training rows for the support-link scorer: every candidate pair of a gold document, and whether it is a link."""

from __future__ import annotations

from argmine.links.features import pair_rows
from argmine.links.learned import link_candidates


def link_data(golds):
    rows, y = [], []
    for g in golds:
        pairs = link_candidates(g)
        gold = {(lk.from_, lk.to) for lk in g.links}
        rows += pair_rows(g, pairs)
        y += [int((a.id, b.id) in gold) for a, b in pairs]
    return rows, y
