"""The learned cue stage: the lexicon's hedge and booster candidates, kept or dropped by a classifier.

The stage scores with numpy alone (``argmine.learn.fastlinear``); ``argmine.learn.HedgeFilter`` is the
scikit-learn estimator that fits it on documents.
"""

from __future__ import annotations

from argmine.cues.features import cue_rows
from argmine.cues.rules import HedgeTagger
from argmine.document import Document


class LearnedHedgeTagger:
    """Rule candidates, kept when a fitted scorer gives them at least ``threshold`` (all kept without one)."""

    name = "cues"

    def __init__(self, scorer, threshold: float = 0.5):
        self.scorer_ = scorer
        self.threshold = threshold

    def __call__(self, doc: Document) -> None:
        self.batch([doc])

    def batch(self, docs: list[Document]) -> None:
        """The cues of all ``docs``, the candidates of all of them scored in one call."""
        tag = HedgeTagger()  # the lexicons load once
        for doc in docs:
            tag(doc)
        if self.scorer_ is None:
            return
        cued = [doc for doc in docs if doc.cues]
        rows = [row for doc in cued for row in cue_rows(doc, doc.cues)]
        if not rows:
            return
        probs = self.scorer_.predict_proba(rows)[:, 1].tolist()
        at = 0
        for doc in cued:
            kept = [c for c, p in zip(doc.cues, probs[at : at + len(doc.cues)]) if p >= self.threshold]
            at += len(doc.cues)
            doc.cues = kept
            hedged = {c.unit for c in kept if c.is_hedge}
            for u in doc.units:
                u.hedged = u.id in hedged
