"""What the speed-ups left open in docs/performance.md would save, and what they would cost.

    .venv/bin/python benchmarks/tradeoffs.py

On the benchmark text (the corpus repeated to 1 MB, as in ``throughput.py``), in interleaved
rounds, best of three:
- the default pipeline as shipped;
- with the rule attribution stage instead of the CRF (its cost in exact source F1: docs/experiments/attribution-on-real-text.md);
- with Python's cyclic garbage collector switched off (the pipeline leaves it alone: the switch is process-wide);
- the role model's character n-gram block alone.

It also prints the role model's macro-F1 as shipped, with every character n-gram (the frequent
ones the shipped model leaves out kept in), and without character n-grams: 5-fold GroupKFold
cross-validation on the training split, and the test split (C=4, the shipped setting).
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import REPEAT, corpus_text  # noqa: E402


def _without_collector(pipeline, text: str) -> None:
    gc.disable()  # process-wide, not thread-safe: measured here, never done by the pipeline
    try:
        pipeline(text)
    finally:
        gc.enable()


def timings(text: str) -> dict[str, float]:
    import argmine
    from argmine.roles.features import iter_unit_rows

    default = argmine.load("default")
    from argmine.attribution.rules import AttributionTagger

    rule_attribution = default.replace("attribution", AttributionTagger())
    roles = next(s for s in default.stages if s.name == "roles").scorer_
    doc = default(text)
    rows = [t for t, _ in iter_unit_rows(doc)]
    chars = next(k for k, b in enumerate(roles.blocks) if b.get("analyzer") == "char_wb")
    runs = {
        "default pipeline": lambda: default(text),
        "with the rule attribution stage instead of the CRF": lambda: rule_attribution(text),
        "with the cyclic garbage collector off": lambda: _without_collector(default, text),
        "role model: character n-gram block alone": lambda: roles._tfidf(roles.blocks[chars], chars, roles._words(roles.blocks[chars], chars, rows)),
    }
    best: dict[str, float] = {}
    for _ in range(REPEAT):
        for name, run in runs.items():
            gc.collect()
            t = time.perf_counter()
            run()
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - t)
    return best


def role_models() -> dict:
    """The role estimator as shipped, and the variants the trade-offs compare it with."""
    from argmine.learn.linear import text_and_dict

    def frequent_kept():
        est = text_and_dict(4.0)
        est.steps[0][1].transformers[1][1].set_params(max_df=1.0)  # the character block, every n-gram
        return est

    return {
        "as shipped (character n-grams in at most a tenth of the units)": lambda: text_and_dict(4.0),
        "with every character n-gram (max_df=1.0)": frequent_kept,
        "without character n-grams": lambda: text_and_dict(4.0, chars=False),
    }


def role_f1(models: dict) -> dict[str, tuple[float, float]]:
    """``(CV, test)`` role macro-F1 of each estimator maker in ``models``, on the same rows."""
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    from argmine.corpus.jsonl import read_jsonl
    from argmine.corpus.splits import split
    from argmine.learn.estimators import rule_layers
    from argmine.roles.training import role_data

    root = Path(__file__).resolve().parent.parent
    train, test = split(read_jsonl(root / "corpora" / "argmine.jsonl"))
    X, y = role_data(train, [rule_layers(g) for g in train])
    y = np.array(y)
    Xt, yt = role_data(test, [rule_layers(g) for g in test])
    groups = np.concatenate([[k] * len(g.units) for k, g in enumerate(train)])
    scores = {}
    for name, make in models.items():
        cv = [
            f1_score(y[te], make().fit(X[tr], y[tr]).predict(X[te]), average="macro")
            for tr, te in GroupKFold(5).split(X, y, groups)
        ]
        scores[name] = (float(np.mean(cv)), float(f1_score(yt, make().fit(X, y).predict(Xt), average="macro")))
    return scores


def main() -> None:
    base = corpus_text()
    text = base
    while len(text) < 1_000_000:
        text += "\n\n" + base
    best = timings(text)
    print(f"seconds on {len(text):,} characters, best of {REPEAT} interleaved rounds")
    for name, secs in best.items():
        print(f"  {name}: {secs:.2f}")
    print("role macro-F1 (5-fold CV on the training split; test split):")
    for name, (cv, test) in role_f1(role_models()).items():
        print(f"  {name}: CV {cv:.3f}, test {test:.3f}")


if __name__ == "__main__":
    main()
