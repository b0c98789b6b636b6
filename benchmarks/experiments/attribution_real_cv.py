"""Grouped 5-fold CV of attribution systems over the 148 real training documents (issue 15, item 3; the
55 real test documents are never read). Results: docs/experiments/attribution-on-real-text.md.

    python benchmarks/experiments/attribution_real_cv.py rules tagger "crf_src:rich=0" "crf_src:rich=0,drop=1" ...
    python benchmarks/experiments/attribution_real_cv.py "errors=crf_src:drop=1"   # what became of each source

Each fold trains on its real training documents and the 57 authored training documents and scores on
its held-out real documents; every system runs the default pipeline on the gold units with its own
attribution stage. Needs python-crfsuite (to fit the CRF variants). Appends one JSON line per system to
OUT/attribution_results.jsonl (OUT: environment variable ARGMINE_EXPERIMENTS, default the current folder).
"""

import json
import os
import sys
import time
from collections import Counter

import numpy as np
import real_folds

from argmine.attribution import sequence
from argmine.evaluation.metrics import compare, prf
from argmine.learn.estimators import SequenceTagger, run
from argmine.pipeline import Pipeline

OUT = os.environ.get("ARGMINE_EXPERIMENTS", ".")

train_real, authored_train = real_folds.training_documents()


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


def system(name: str, fit_docs, args: dict):
    """The pipeline of system ``name`` fitted on ``fit_docs``: rules, tagger (SourceTagger, before 720a4e6 only), crf_src or
    crf_all (SequenceTagger, ``mode`` source or all); ``args``: c1, c2, iterations, drop, add, bias, rich."""
    if name == "rules":
        return Pipeline.default()
    if name == "tagger":  # SourceTagger was removed when the CRF shipped: its rows were measured at 720a4e6
        raise SystemExit("tagger: SourceTagger is gone since the CRF shipped; run this script at commit 720a4e6 for its rows")
    stage = SequenceTagger(
        c1=args.get("c1", 0.05),
        c2=args.get("c2", 0.05),
        max_iterations=int(args.get("iterations", 150)),
        mode="all" if name == "crf_all" else "source",
        drop=bool(args.get("drop", 1)),
        add=bool(args.get("add", 1)),
        source_bias=args.get("bias", 0.0),
        rich=bool(args.get("rich", 1)),
    )
    return Pipeline.default().replace("attribution", stage.fit(fit_docs))


def cv(spec: str) -> list[dict]:
    """Cross-validate ``spec`` (``name:key=value,...``); ``biases=0|1|2`` scores one fitted CRF per fold
    at several source biases (decoding only), each reported as its own system."""
    name, _, kv = spec.partition(":")
    items = dict(item.split("=") for item in filter(None, kv.split(",")))
    biases = [float(b) for b in items.pop("biases", "").split("|") if b] or [None]
    args = {k: float(v) for k, v in items.items()}
    folds = {b: [] for b in biases}
    t = time.time()
    for tr, te in real_folds.folds(train_real):
        fit_docs = [train_real[i] for i in tr] + authored_train
        golds = [train_real[i] for i in te]
        pipe = system(name, fit_docs, args)
        for b in biases:
            if b is not None:
                next(s for s in pipe.stages if s.name == "attribution").source_bias = b
            folds[b].append(fold_figures(golds, run(pipe, golds)))
            print(spec, b, "fold", len(folds[b]), json.dumps(folds[b][-1]), file=sys.stderr, flush=True)
    out = []
    for b, fs in folds.items():
        res = {"system": spec if b is None else f"{spec},bias={b}", "seconds": round(time.time() - t, 1)}
        for key in fs[0]:
            v = [f[key] for f in fs]
            res[key] = [round(float(np.mean(v)), 4), round(float(np.std(v)), 4)]
        res["folds"] = fs
        print(json.dumps({k: v for k, v in res.items() if k != "folds"}), flush=True)
        with open(f"{OUT}/attribution_results.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(res) + "\n")
        out.append(res)
    return out


def _over(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def errors(spec: str) -> Counter:
    """What became of each gold source (not a continuation) of the held-out documents, and of each
    predicted source no gold one overlaps, over the five folds, for system ``spec``."""
    name, _, kv = spec.partition(":")
    args = {k: float(v) for k, v in (item.split("=") for item in filter(None, kv.split(",")))}
    c = Counter()
    for tr, te in real_folds.folds(train_real):
        golds = [train_real[i] for i in te]
        preds = run(system(name, [train_real[i] for i in tr] + authored_train, args), golds)
        for g, p in zip(golds, preds):
            cues = {(m.start, m.end) for m in sequence._cue_matches(g)}
            cued = {u.unit for u, _ in sequence.unit_sequences(p, sequence.SourceFinder(p.normalized, p.tokens))}
            own = [a for a in p.attributions if not a.continues]
            for a in (a for a in g.attributions if not a.continues):
                side = "before its cue" if a.source.start < a.cue.start else "after its cue"
                if any((b.source.start, b.source.end) == (a.source.start, a.source.end) for b in own):
                    c["gold: exact"] += 1
                elif hit := [b for b in own if _over(b.source, a.source)]:
                    b = hit[0]
                    how = (
                        "longer"
                        if b.source.start <= a.source.start and b.source.end >= a.source.end
                        else ("shorter" if b.source.start >= a.source.start and b.source.end <= a.source.end else "shifted")
                    )
                    c[f"gold: overlap only, predicted {how}"] += 1
                elif a.unit not in cued:
                    c["gold: missed, no reporting cue in the unit"] += 1
                else:
                    norm = g.normalized.normalized_span(a.cue.start, a.cue.end)
                    lexical = any(s <= norm[0] < e or norm[0] <= s < norm[1] for s, e in cues)
                    c[f"gold: missed, source {side}, cue {'in' if lexical else 'not in'} the lexicon"] += 1
            gold_own = [a for a in g.attributions if not a.continues]
            for b in own:
                if not any(_over(b.source, a.source) for a in gold_own):
                    if any(_over(b.source, a.content) for a in g.attributions if a.content):
                        c["predicted, no gold source: inside a gold content"] += 1
                    elif any(a.unit == b.unit for a in g.attributions):
                        c["predicted, no gold source: elsewhere in an attributed unit"] += 1
                    else:
                        c["predicted, no gold source: unit without gold attribution"] += 1
    for k, v in sorted(c.items()):
        print(f"{v:5d}  {k}")
    return c


if __name__ == "__main__":
    for spec in sys.argv[1:]:
        if spec.startswith("errors="):
            errors(spec.removeprefix("errors="))
        else:
            cv(spec)
