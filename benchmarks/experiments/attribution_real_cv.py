"""Grouped 5-fold CV of attribution systems over the 148 real training documents (issue 15, item 3; the
55 real test documents are never read). Results: docs/experiments/attribution-on-real-text.md.

    python benchmarks/experiments/attribution_real_cv.py rules tagger crf_src crf_src:drop=1 crf_all

Each fold trains on its real training documents and the 57 authored training documents and scores on
its held-out real documents; every system runs the default pipeline on the gold units with its own
attribution stage. Needs sklearn-crfsuite (the CRF variants). Appends one JSON line per system to
OUT/attribution_results.jsonl (OUT: environment variable ARGMINE_EXPERIMENTS, default the current folder).
"""

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from argmine.attribution.sequence import (
    CONTENT_LABELS,
    SequenceAttributionTagger,
    gold_labels,
    unit_features,
)
from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import is_real, split
from argmine.evaluation.metrics import compare, prf
from argmine.learn.estimators import SourceTagger, rule_layers, run
from argmine.pipeline import Pipeline

OUT = os.environ.get("ARGMINE_EXPERIMENTS", ".")
ROOT = Path(__file__).resolve().parents[2]

real = read_jsonl(ROOT / "corpora" / "real.jsonl")
train_real, _ = split(real)
train_real = [d for d in train_real if is_real(d)]
authored_train, _ = split(read_jsonl(ROOT / "corpora" / "argmine.jsonl"))
assert len(train_real) == 148 and len(authored_train) == 57


def cue_scores(golds, preds) -> dict:
    """P/R/F1 of cue spans (exact offsets), every attribution's cue, continuations included."""
    tp = n_gold = n_pred = 0
    for g, p in zip(golds, preds):
        gc = Counter((a.cue.start, a.cue.end) for a in g.attributions)
        pc = Counter((a.cue.start, a.cue.end) for a in p.attributions)
        tp += sum((gc & pc).values())
        n_gold += sum(gc.values())
        n_pred += sum(pc.values())
    y_true = [1] * tp + [1] * (n_gold - tp) + [0] * (n_pred - tp)
    y_pred = [1] * tp + [0] * (n_gold - tp) + [1] * (n_pred - tp)
    return prf(y_true, y_pred)


def fold_figures(golds, preds) -> dict:
    a = compare(golds, preds)["attribution"]
    out = {}
    for key in ("source_exact", "source_overlap", "continuations"):
        for m in ("precision", "recall", "f1"):
            out[f"{key}_{m}"] = a[key][m]
    out["type_accuracy"] = a["type_accuracy"]
    out["anonymous_accuracy"] = a["anonymous_accuracy"]
    c = cue_scores(golds, preds)
    for m in ("precision", "recall", "f1"):
        out[f"cue_{m}"] = c[m]
    return out


CACHE = {}


def features_of(doc, labels: str):
    from argmine.attribution import sequence

    key = (doc.id, labels, sequence.RICH)
    if key not in CACHE:
        X, units = unit_features(rule_layers(doc))
        Y = gold_labels(doc, units, content=labels == "all")
        CACHE[key] = (X, Y)
    return CACHE[key]


def fit_crf(docs, labels: str, c1: float, c2: float, iterations: int):
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for d in docs:
        X, Y = features_of(d, labels)
        for x, y in zip(X, Y):
            trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    path = f"{OUT}/crf_{os.getpid()}.crfsuite"
    trainer.train(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger, path


def system(name: str, fit_docs, args: dict):
    if name == "rules":
        return Pipeline.default()
    from argmine.attribution import sequence

    sequence.RICH = bool(args.get("rich", 0))
    tagger_est = SourceTagger().fit(fit_docs)
    if name == "tagger":
        return Pipeline.default().replace("attribution", tagger_est)
    labels = "all" if name == "crf_all" else "source"
    crf, path = fit_crf(fit_docs, labels, args.get("c1", 0.05), args.get("c2", 0.05), int(args.get("iterations", 150)))
    from argmine.attribution import sequence

    weights = sequence.from_crfsuite(crf)
    os.remove(path)
    stage = SequenceAttributionTagger(
        weights,
        type_scorer=tagger_est.type_scorer_,
        mode="all" if name == "crf_all" else "source",
        drop=bool(args.get("drop", 0)),
        add=bool(args.get("add", 1)),
    )
    return Pipeline.default().replace("attribution", stage)


def cv(spec: str) -> dict:
    name, _, kv = spec.partition(":")
    args = {k: float(v) for k, v in (item.split("=") for item in filter(None, kv.split(",")))}
    ids = [d.id for d in train_real]
    folds = []
    t = time.time()
    for tr, te in GroupKFold(n_splits=5).split(ids, groups=ids):
        fit_docs = [train_real[i] for i in tr] + authored_train
        golds = [train_real[i] for i in te]
        pipe = system(name, fit_docs, args)
        folds.append(fold_figures(golds, run(pipe, golds)))
        print(spec, "fold", len(folds), json.dumps(folds[-1]), file=sys.stderr, flush=True)
    res = {"system": spec, "seconds": round(time.time() - t, 1)}
    for key in folds[0]:
        v = [f[key] for f in folds]
        res[key] = [round(float(np.mean(v)), 4), round(float(np.std(v)), 4)]
    res["folds"] = folds
    print(json.dumps({k: v for k, v in res.items() if k != "folds"}), flush=True)
    with open(f"{OUT}/attribution_results.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(res) + "\n")
    return res


if __name__ == "__main__":
    assert CONTENT_LABELS
    for spec in sys.argv[1:]:
        cv(spec)
