"""Grouped 5-fold CV of the hedge layer over the 148 real training documents (the 55 real test
documents are never read): the rules against the learned cue filter trained on authored, real or both.

    python benchmarks/experiments/cues_real_cv.py [variant ...]

Variants: rules, authored, real, both, both:C=X, both:t=X. Prints one line per variant: unit-level
hedged P/R/F1 and exact cue F1 (mean and std over folds), and the recall ceiling of the lexicon
(gold hedge cues that no rule candidate overlaps).
"""
import sys
from statistics import mean, pstdev

import real_folds

from argmine.evaluation.metrics import hedge_scores
from argmine.learn.estimators import HedgeFilter, rule_layers, run
from argmine.pipeline import Pipeline

real_train, authored_train = real_folds.training_documents()


def variant(name: str, train_real, heldout):
    kind, _, opts = name.partition(":")
    params = dict(o.split("=") for o in opts.split(",") if o)
    if kind == "rules":
        pipe = Pipeline.default()
    else:
        docs = {"authored": authored_train, "real": train_real, "both": train_real + authored_train}[kind]
        est = HedgeFilter(C=float(params.get("C", 2.0)), threshold=float(params.get("t", 0.5))).fit(docs)
        pipe = Pipeline.default().replace("cues", est)
    return hedge_scores(heldout, run(pipe, heldout))


def ceiling(docs):
    missed = total = 0
    for g in docs:
        layer = rule_layers(g)
        for c in g.cues:
            if not c.is_hedge:
                continue
            total += 1
            missed += not any(p.span.start < c.span.end and c.span.start < p.span.end for p in layer.cues)
    return missed, total


missed, total = ceiling(real_train)
print(f"gold hedge cues in real training docs: {total}; no rule candidate overlaps {missed} ({missed / total:.1%})")
for name in sys.argv[1:] or ["rules", "authored", "real", "both"]:
    figs = []
    for tr, te in real_folds.folds(real_train):
        r = variant(name, [real_train[i] for i in tr], [real_train[i] for i in te])
        figs.append((r["hedged"]["precision"], r["hedged"]["recall"], r["hedged"]["f1"], r["cues_exact"]["f1"]))
    cols = list(zip(*figs))
    print(f"{name:16s} P {mean(cols[0]):.3f} R {mean(cols[1]):.3f} F1 {mean(cols[2]):.3f}±{pstdev(cols[2]):.3f} cueF1 {mean(cols[3]):.3f}", flush=True)
