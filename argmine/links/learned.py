"""The learned linker: each evidence or claim unit supports its best-scoring head, if the score is high enough.

The stage scores with numpy alone (``argmine.learn.fastlinear``); ``argmine.learn.SupportLinker`` is the
scikit-learn estimator that fits it on documents.
"""

from __future__ import annotations

from argmine.document import Document, Link
from argmine.learn.linear import CHUNK
from argmine.links.features import LinkContext, index_pair_columns
from argmine.links.rules import StructureLinker

# In the corpus, 99% of links go to the thesis (first claim), to a head at most 10 units before,
# or to one at most 5 units after: the candidates are the thesis and the heads in this window.
LINK_BACK, LINK_AHEAD = 15, 6


def link_candidates(doc: Document) -> list[tuple]:
    """(from, to) pairs: from an evidence or claim unit to a claim or motive unit at most
    ``LINK_BACK`` units before or ``LINK_AHEAD`` after it, or to the document's first claim."""
    i, j = candidate_indices(doc)
    return [(doc.units[a], doc.units[b]) for a, b in zip(i.tolist(), j.tolist())]


def candidate_indices(doc: Document):
    """``link_candidates`` as two numpy arrays of unit indices, ``from`` and ``to``, in the same order."""
    import numpy as np

    roles = [u.role for u in doc.units]
    heads = np.array([k for k, r in enumerate(roles) if r in ("claim", "motive")], dtype=np.int64)
    sources = np.array([k for k, r in enumerate(roles) if r in ("evidence", "claim")], dtype=np.int64)
    lo, hi = heads.searchsorted(sources - LINK_BACK), heads.searchsorted(sources + LINK_AHEAD, side="right")
    n = hi - lo
    i = np.repeat(sources, n)
    j = heads[np.repeat(lo - (np.cumsum(n) - n), n) + np.arange(len(i))]  # each source's heads in the window, in order
    first_claim = next((k for k in heads.tolist() if roles[k] == "claim"), None)
    if first_claim is not None:  # the thesis, before the window's heads, if it is not among them
        far = sources[(first_claim < sources - LINK_BACK) | (first_claim > sources + LINK_AHEAD)]
        i = np.concatenate([far, i])
        j = np.concatenate([np.full(len(far), first_claim, dtype=np.int64), j])
        order = np.argsort(i, kind="stable")
        i, j = i[order], j[order]
    keep = i != j
    return i[keep], j[keep]


# The score a unit's best link must reach, by the unit's role, chosen by cross-validation on the
# training split: most of the corpus' claims support no other unit, most of its evidence does
# (docs/evaluation.md gives the share of claims).
LINK_THRESHOLDS = {"evidence": 0.7, "claim": 0.85}


class LearnedLinker:
    """Each evidence or claim unit supports its best-scoring head, if the score of a fitted scorer
    (``fastlinear.FastLinear``) is high enough; ``threshold``: one for every unit, or one per role
    (``LINK_THRESHOLDS``; 0.5 for a role not named). Without a scorer, the rules link."""

    name = "links"

    def __init__(self, scorer, threshold: float | dict[str, float] = 0.5):
        self.scorer_ = scorer
        self.threshold = threshold

    def __call__(self, doc: Document) -> None:
        import numpy as np

        if self.scorer_ is None:
            StructureLinker()(doc)
            return
        src, dst = candidate_indices(doc)
        if not len(src):
            return
        ctx = LinkContext(doc)
        # in chunks, so that memory stays flat on long texts
        p = np.concatenate(
            [self.scorer_.predict_proba(index_pair_columns(ctx, src[k : k + CHUNK], dst[k : k + CHUNK]))[:, 1] for k in range(0, len(src), CHUNK)]
        )
        # for each source unit, its best-scoring candidate (the first one among equals), in unit order
        order = np.lexsort((np.arange(len(src)), -p, src))
        best = order[np.concatenate(([True], src[order][1:] != src[order][:-1]))]
        if isinstance(self.threshold, dict):
            by_role = np.array([self.threshold.get(u.role, 0.5) for u in doc.units])
            needed = by_role[src[best]]
        else:
            needed = self.threshold
        for k in best[p[best] >= needed].tolist():
            doc.links.append(Link(doc.units[src[k]].id, doc.units[dst[k]].id, "support", score=round(float(p[k]), 4)))
