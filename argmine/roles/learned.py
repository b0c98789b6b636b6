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
        self.batch([doc])

    def batch(self, docs: list[Document]) -> None:
        """The roles of the units of all ``docs``, their rows scored together: one scorer call for
        many short documents (each document's roles are those it gets alone).

        Features come from the rule layers, never from roles set here. A document's rows are made
        ``CHUNK`` at a time and scored once about ``CHUNK`` rows are waiting, so that memory stays
        flat on long texts; the mean word vectors of each chunk are scored apart from the rows' dicts."""
        pending: list[tuple[Document, int, list, object]] = []  # (doc, first unit, rows, their vectors)
        roles: list[tuple[Document, int, list[str]]] = []
        waiting = 0
        for doc in docs:
            rows, first = iter_unit_rows(doc), 0
            while chunk := list(itertools.islice(rows, CHUNK)):
                pending.append((doc, first, chunk, unit_vectors(chunk)))
                first += len(chunk)
                waiting += len(chunk)
                if waiting >= CHUNK:
                    roles += self._scored(pending)
                    pending, waiting = [], 0
        if pending:
            roles += self._scored(pending)
        for doc, first, found in roles:
            for unit, role in zip(doc.units[first : first + len(found)], found):
                unit.role = role

    def _scored(self, pending: list) -> list[tuple[Document, int, list[str]]]:
        rows = [row for _, _, chunk, _ in pending for row in chunk]
        vectors = [v for _, _, _, v in pending]
        found = [str(r) for r in self.scorer_.predict(as_matrix(rows), dense=(vector_names(vectors[0].shape[1]), vectors))]
        out, at = [], 0
        for doc, first, chunk, _ in pending:
            out.append((doc, first, found[at : at + len(chunk)]))
            at += len(chunk)
        return out
