"""Training rows for the support-link scorer (every candidate pair of a gold document, and whether it is a
link), and the per-role thresholds chosen by cross-validation."""

from __future__ import annotations

from argmine.links.features import LinkContext, index_pair_columns, none_columns, pair_rows
from argmine.links.learned import best_candidates, candidate_indices, link_candidates, relation

# the thresholds tried for each role
THRESHOLD_GRID = tuple(round(0.1 + 0.05 * k, 2) for k in range(18))  # 0.1 ... 0.95


def link_data(golds, layers=None):
    """Feature rows and labels of every candidate pair of the gold documents; the features are read from
    ``layers`` (the same documents with the annotation-time cues and attributions, gold roles) if given."""
    rows, y = [], []
    for k, g in enumerate(golds):
        doc = layers[k] if layers is not None else g
        pairs = link_candidates(doc)
        gold = {(lk.from_, lk.to) for lk in g.links}
        rows += pair_rows(doc, pairs)
        y += [int((a.id, b.id) in gold) for a, b in pairs]
    return rows, y


def choice_data(golds, layers):
    """Rows, group and label of each option of each source unit: its candidate pairs, then its no-link option
    (``features.none_columns``), the group numbering the source units through all documents. The label is 1
    for the gold target, or for no link when the unit has none (or its target is not a candidate)."""
    import numpy as np

    rows, groups, y = [], [], []
    offset = 0
    for g, doc in zip(golds, layers):
        src, dst = candidate_indices(doc)
        if not len(src):
            continue
        ctx = LinkContext(doc)
        index = {u.id: k for k, u in enumerate(doc.units)}
        gold = {index[lk.from_]: index[lk.to] for lk in g.links}
        units, counts = np.unique(src, return_counts=True)
        pair = index_pair_columns(ctx, src, dst).rows()
        none = none_columns(ctx, units, counts).rows()
        at = np.append(0, np.cumsum(counts))
        for k, unit in enumerate(units.tolist()):
            targets = dst[at[k] : at[k + 1]].tolist()
            hit = [int(gold.get(unit) == t) for t in targets]
            rows += pair[at[k] : at[k + 1]] + [none[k]]
            y += hit + [int(not any(hit))]
            groups += [offset + k] * (len(targets) + 1)
        offset += len(units)
    return rows, groups, y


def choice_groups(doc) -> int:
    """How many groups (source units with a candidate head) ``choice_data`` makes of the layered ``doc``."""
    import numpy as np

    return len(np.unique(candidate_indices(doc)[0]))


def choose_thresholds(golds, layers, fit_scorer, folds: int = 4, weights=None) -> dict[str, float] | None:
    """The evidence and claim thresholds (on ``THRESHOLD_GRID``) with the best pooled link F1 over a grouped
    ``folds``-fold cross-validation: the published articles among ``golds`` (all of them if none) are held
    out in turn, ``fit_scorer(golds, layers)`` is trained on the rest and scores their candidates (the
    features read from ``layers``). With ``weights`` (one per document, as in training), every document is
    held out in turn and its links and predictions count ``weights[k]`` times in the pooled F1. ``None`` if
    fewer than ``folds`` held-out documents have links."""
    import numpy as np

    from argmine.corpus.splits import is_real

    if weights is None:
        held_out = [k for k, g in enumerate(golds) if is_real(g)] or list(range(len(golds)))
        weights = [1] * len(golds)
    else:
        held_out = list(range(len(golds)))
    if sum(bool(golds[k].links) for k in held_out) < folds:
        return None
    best = []  # (role, score, right, weight) per held-out source, pooled over the folds
    n_gold = 0
    for fold in range(folds):
        held = set(held_out[fold::folds])
        train = [k for k in range(len(golds)) if k not in held]
        scorer = fit_scorer([golds[k] for k in train], [layers[k] for k in train])
        for k in sorted(held):
            g, doc = golds[k], layers[k]
            n_gold += weights[k] * len(g.links)
            if scorer is None:
                continue
            gold = {(lk.from_, lk.to, lk.relation) for lk in g.links}
            ctx = LinkContext(doc)
            src, dst, p = best_candidates(scorer, doc, ctx)
            best += [
                (doc.units[a].role, s, (doc.units[a].id, doc.units[b].id, relation(ctx, a)) in gold, weights[k])
                for a, b, s in zip(src.tolist(), dst.tolist(), p.tolist())
            ]
    role = np.array([r for r, _, _, _ in best], dtype=object)
    score = np.array([s for _, s, _, _ in best])
    right = np.array([r for _, _, r, _ in best], dtype=bool)
    weight = np.array([w for _, _, _, w in best], dtype=np.int64)
    top = (-1.0, None)
    for e in THRESHOLD_GRID:
        for c in THRESHOLD_GRID:
            kept = ((role == "evidence") & (score >= e)) | ((role == "claim") & (score >= c))
            f1 = 2 * int(weight[kept & right].sum()) / (int(weight[kept].sum()) + n_gold) if kept.any() or n_gold else 0.0
            if f1 > top[0]:
                top = (f1, {"evidence": e, "claim": c})
    return top[1]
