"""The learned role stage: one role per unit from a logistic regression over its words and structure.

The stage scores with numpy alone (``argmine.learn.fastlinear``); ``argmine.learn.RoleClassifier`` is the
scikit-learn estimator that fits it on documents.
"""

from __future__ import annotations

import itertools

from argmine.document import Document
from argmine.learn.linear import CHUNK, as_matrix
from argmine.roles.features import iter_unit_rows, unit_vectors, vector_names


class LearnedRoleClassifier:
    """One role per unit from a fitted scorer (a ``fastlinear.FastLinear`` over ``features.unit_rows``)."""

    name = "roles"

    def __init__(self, scorer):
        self.scorer_ = scorer

    def __call__(self, doc: Document) -> None:
        # features come from the rule layers, never from roles set here; scored in chunks, so that
        # memory stays flat on long texts. The mean word vectors are scored apart from the rows' dicts
        rows = iter_unit_rows(doc)
        roles: list[str] = []
        while chunk := list(itertools.islice(rows, CHUNK)):
            vectors = unit_vectors(chunk)
            roles += [str(r) for r in self.scorer_.predict(as_matrix(chunk), dense=(vector_names(vectors.shape[1]), vectors))]
        for unit, role in zip(doc.units, roles):
            unit.role = role
