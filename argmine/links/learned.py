"""The learned linker: each evidence or claim unit supports its best-scoring head, if the score is high enough.

The stage scores with numpy alone (``argmine.learn.fastlinear``); ``argmine.learn.SupportLinker`` is the
scikit-learn estimator that fits it on documents.
"""

from __future__ import annotations

from argmine.document import Document, Link
from argmine.learn.linear import CHUNK
from argmine.links.features import LinkContext, index_pair_columns, none_columns
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


# The score a unit's best link must reach, by the unit's role, when no cross-validation chose them
# (``SupportLinker(cv_thresholds=True)`` does, on the published articles: docs/experiments/links-on-real-text.md).
# Most of the corpus' claims support no other unit; in authored documents most evidence does, in
# published articles a third of it.
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
        self.batch([doc])

    def batch(self, docs: list[Document]) -> None:
        """The links of all ``docs``, the candidate pairs of all of them scored together (each
        document's links are those it gets alone)."""
        import numpy as np

        if self.scorer_ is None:
            for doc in docs:
                StructureLinker()(doc)
            return
        ctxs = [LinkContext(doc) for doc in docs]
        for doc, ctx, (src, dst, p) in zip(docs, ctxs, best_candidates_many(self.scorer_, docs, ctxs)):
            if isinstance(self.threshold, dict):
                by_role = np.array([self.threshold.get(u.role, 0.5) for u in doc.units])
                needed = by_role[src] if len(src) else by_role[:0]
            else:
                needed = self.threshold
            keep = p >= needed
            for a, b, score in zip(src[keep].tolist(), dst[keep].tolist(), p[keep].tolist()):
                doc.links.append(Link(doc.units[a].id, doc.units[b].id, relation(ctx, a), score=round(float(score), 4)))


def relation(ctx: LinkContext, unit: int) -> str:
    """``attack`` for a claim that opens on an attack marker (``لكن``، ``غير أن``: 17 of the 19 such linked
    claims of the real training articles attack their target), else ``support`` (evidence with such a
    marker still supports: 7 of 7)."""
    return "attack" if ctx.attack_marker[unit] and ctx.doc.units[unit].role == "claim" else "support"


def is_choice(scorer) -> bool:
    """Whether a fitted link scorer chooses among a unit's candidates and "no link" (it knows the features
    of the no-link option, ``features.none_columns``), rather than scoring each pair alone."""
    return "none_pos" in scorer.index[0]


def best_candidates(scorer, doc: Document, ctx: LinkContext | None = None):
    """For each source unit, in unit order, its best-scoring candidate (the first one among equals): three
    numpy arrays, source index, target index and the pair's probability. For a pair scorer that is the
    pair's own probability; for a choice scorer (``is_choice``), the softmax of the pair's score over the
    unit's candidates and its no-link option."""
    return best_candidates_many(scorer, [doc], [ctx or LinkContext(doc)])[0]


def best_candidates_many(scorer, docs: list[Document], ctxs: list[LinkContext]) -> list[tuple]:
    """``best_candidates`` of each of ``docs`` (``ctxs``: their contexts), the pairs of all of them scored
    together, ``CHUNK`` at a time or so, so that memory stays flat on long texts. Each row is scored
    apart from the others (``fastlinear``), and the softmax is computed document by document: a
    document's results are those it gets alone."""
    import numpy as np

    choice = is_choice(scorer)
    score = scorer.decision_function if choice else lambda X: scorer.predict_proba(X)[:, 1:]
    candidates = [candidate_indices(doc) for doc in docs]
    pieces = ((d, index_pair_columns(ctxs[d], src[k : k + CHUNK], dst[k : k + CHUNK]))
              for d, (src, dst) in enumerate(candidates) for k in range(0, len(src), CHUNK))  # fmt: skip
    scored: list[list[np.ndarray]] = [[] for _ in docs]
    for d, p in _scored_together(score, pieces):
        scored[d].append(p)
    out, nones = [], []
    for d, (src, dst) in enumerate(candidates):
        if not len(src):
            out.append((src, dst, np.zeros(0)))
            continue
        p = np.concatenate(scored[d])[:, 0]
        order = np.lexsort((np.arange(len(src)), -p, src))
        firsts = np.concatenate(([True], src[order][1:] != src[order][:-1]))
        best = order[firsts]
        out.append((src[best], dst[best], p[best]))
        if choice:
            counts = np.diff(np.append(np.flatnonzero(firsts), len(src)))
            nones.append((d, (p, order, best, counts)))
    if not choice:
        return out
    # the softmax over each unit's candidates and its no-link option
    pieces = ((d, none_columns(ctxs[d], out[d][0], counts)) for d, (_, _, _, counts) in nones)
    for (d, (p, order, best, counts)), (_, none) in zip(nones, _scored_together(score, pieces)):
        units, targets, _ = out[d]
        none = none[:, 0]
        top = np.maximum(p[best], none)
        group = np.repeat(np.arange(len(best)), counts)
        total = np.bincount(group, weights=np.exp(p[order] - top[group])) + np.exp(none - top)
        out[d] = (units, targets, np.exp(p[best] - top) / total)
    return out


def _scored_together(score, pieces):
    """``(key, score(columns))`` for each ``(key, columns)`` of ``pieces``, in order, the columns of
    consecutive pieces scored in one call once about ``CHUNK`` rows are waiting."""
    from argmine.learn.linear import Columns

    waiting: list[tuple] = []
    rows = 0
    for key, columns in pieces:
        waiting.append((key, columns))
        rows += len(columns)
        if rows >= CHUNK:
            yield from _split(score, waiting, Columns)
            waiting, rows = [], 0
    if waiting:
        yield from _split(score, waiting, Columns)


def _split(score, waiting: list[tuple], Columns):
    scores = score(Columns.concat([c for _, c in waiting]) if len(waiting) > 1 else waiting[0][1])
    at = 0
    for key, columns in waiting:
        yield key, scores[at : at + len(columns)]
        at += len(columns)
