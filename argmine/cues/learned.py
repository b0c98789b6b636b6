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
        HedgeTagger()(doc)  # the lexicons load once
        if not doc.cues or self.scorer_ is None:
            return
        probs = self.scorer_.predict_proba(cue_rows(doc, doc.cues))[:, 1]
        doc.cues = [c for c, p in zip(doc.cues, probs) if p >= self.threshold]
        hedged = {c.unit for c in doc.cues if c.is_hedge}
        for u in doc.units:
            u.hedged = u.id in hedged
