"""The learned role classifier: one role per unit from a logistic regression over its words and structure."""

from __future__ import annotations

import itertools

from argmine.document import Document
from argmine.learn.linear import CHUNK, as_matrix, text_and_dict
from argmine.roles.features import iter_unit_rows


def role_estimator(C: float = 4.0):
    """Unit role: rows from ``features.unit_rows``."""
    return text_and_dict(C)


class LearnedRoleClassifier:
    """One role per unit from a fitted ``role_estimator``."""

    name = "roles"

    def __init__(self, model):
        self.model = model

    def __call__(self, doc: Document) -> None:
        # features come from the rule layers, never from roles set here; scored in chunks, so that
        # memory stays flat on long texts
        rows = iter_unit_rows(doc)
        roles: list[str] = []
        while chunk := list(itertools.islice(rows, CHUNK)):
            roles += [str(r) for r in self.model.predict(as_matrix(chunk))]
        for unit, role in zip(doc.units, roles):
            unit.role = role
