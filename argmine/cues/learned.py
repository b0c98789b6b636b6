"""The learned cue filter: the lexicon's hedge and booster candidates, kept or dropped by a classifier."""

from __future__ import annotations

from argmine.cues.features import cue_rows
from argmine.cues.rules import HedgeTagger
from argmine.document import Document
from argmine.learn.linear import dict_only


def cue_estimator(C: float = 2.0):
    """Keep (1) or drop (0) a hedge or booster candidate."""
    return dict_only(C, class_weight="balanced")


class LearnedHedgeTagger(HedgeTagger):
    """Rule candidates, kept or dropped by a classifier."""

    name = "cues"

    def __init__(self, model, threshold: float = 0.5):
        super().__init__()
        self.model = model
        self.threshold = threshold

    def __call__(self, doc: Document) -> None:
        super().__call__(doc)
        if not doc.cues:
            return
        probs = self.model.predict_proba(cue_rows(doc, doc.cues))[:, 1]
        doc.cues = [c for c, p in zip(doc.cues, probs) if p >= self.threshold]
        hedged = {c.unit for c in doc.cues if c.is_hedge}
        for u in doc.units:
            u.hedged = u.id in hedged
