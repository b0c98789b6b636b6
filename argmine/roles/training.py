"""Training rows for the role classifier: each gold unit's features (over the rule layers) and its role."""

from __future__ import annotations

from argmine.learn.linear import as_matrix
from argmine.roles.features import unit_rows


def role_data(golds, layers):
    rows, y = [], []
    for g, d in zip(golds, layers):
        rows += unit_rows(d)
        y += [u.role for u in g.units]
    return as_matrix(rows), y
