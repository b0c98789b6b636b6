"""How much an authored document should count in training (issue 15, item 7): grouped 5-fold
cross-validation of the whole learned pipeline fitted with ``authored_weight`` W, on two sides.

- ``real``: folds over the 148 published training articles, the 57 authored training documents joining
  each fold's training set (with weight W), scored on the held-out articles (the project's CV).
- ``authored``: folds over the 57 authored training documents, the 148 published training articles
  joining each fold's training set, scored on the held-out authored documents; ``only`` is the recipe
  shipped before issue 15 (fit on the authored documents alone, ``argmine evaluate``'s "fit: authored").

No test document is read. Results: docs/experiments/authored-weight.md.

    python benchmarks/experiments/authored_weight_cv.py real 1 2 3 5
    python benchmarks/experiments/authored_weight_cv.py authored only 1 2 3 5
    python benchmarks/experiments/authored_weight_cv.py real 1all 2all 3all 5all
    python benchmarks/experiments/authored_weight_cv.py table

Appends one JSON line per (side, variant, fold) to OUT/authored_weight.jsonl (OUT: the environment
variable ARGMINE_EXPERIMENTS, default the current folder), skipping the ones already there.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

from real_folds import folds, training_documents

from argmine.evaluation.metrics import compare, figures
from argmine.learn.estimators import ESTIMATORS, run
from argmine.pipeline import Pipeline

OUT = Path(os.environ.get("ARGMINE_EXPERIMENTS", ".")) / "authored_weight.jsonl"
SHOWN = ("role accuracy", "role macro-F1", "role lenient accuracy", "hedge F1", "source F1 exact",
         "source type accuracy", "link P", "link R", "link F1")  # fmt: skip
CONSTRAINED = ("role accuracy", "role macro-F1", "link R", "link F1")  # within 0.03 of "only" on the authored side
TOLERANCE = 0.03


def done() -> set:
    if not OUT.exists():
        return set()
    return {(r["side"], r["variant"], r["fold"]) for r in map(json.loads, OUT.read_text().splitlines())}


def fit(train: list, variant: str) -> Pipeline:
    """The learned pipeline of ``variant``: ``only`` (weight 1, fitted on the authored documents alone),
    ``W`` (authored weight W), ``Wall`` (authored weight W, the link thresholds chosen over every training
    document, weighted, instead of the published ones: ``SupportLinker(threshold_documents="all")``)."""
    weight = 1 if variant == "only" else int(variant.removesuffix("all"))
    p = Pipeline.default()
    for name, cls in ESTIMATORS.items():
        extra = {"threshold_documents": "all"} if name == "links" and variant.endswith("all") else {}
        p = p.replace(name, cls(authored_weight=weight, **extra).fit(train))
    return p


def measure(side: str, variants: list[str]) -> None:
    real, authored = training_documents()
    folded, added = (real, authored) if side == "real" else (authored, real)
    seen = done()
    for variant in variants:
        for k, (tr, te) in enumerate(folds(folded)):
            if (side, variant, k) in seen:
                continue
            t = time.perf_counter()
            train = [folded[i] for i in tr] + ([] if variant == "only" else list(added))
            held = [folded[i] for i in te]
            pipeline = fit(train, variant)
            scores = figures(compare(held, run(pipeline, held)))
            row = {"side": side, "variant": variant, "fold": k, "scores": scores, "seconds": round(time.perf_counter() - t)}
            with OUT.open("a") as f:
                f.write(json.dumps(row) + "\n")
            print(
                side,
                variant,
                k,
                {n: round(scores[n], 3) for n in CONSTRAINED},
                f"{row['seconds']} s",
                file=sys.stderr,
                flush=True,
            )


def table() -> None:
    rows = [json.loads(line) for line in OUT.read_text().splitlines()]
    by: dict = {}
    for r in rows:
        by.setdefault((r["side"], r["variant"]), []).append(r["scores"])
    mean = {key: {n: statistics.fmean(s[n] for s in v) for n in SHOWN} for key, v in by.items()}
    for side in ("real", "authored"):
        print(f"\n{side} CV (mean ± std over the folds)\n")
        print("| W | folds | " + " | ".join(SHOWN) + " |")
        print("| --- | --- |" + " --- |" * len(SHOWN))
        for (s, variant), v in sorted(
            by.items(), key=lambda kv: (kv[0][1] != "only", kv[0][1].endswith("all"), kv[0][1].zfill(6))
        ):
            if s == side:
                cells = [f"{statistics.fmean(x[n] for x in v):.3f} ± {statistics.pstdev(x[n] for x in v):.3f}" for n in SHOWN]
                print(f"| {variant} | {len(v)} | " + " | ".join(cells) + " |")
    ref = mean.get(("authored", "only"))
    if not ref:
        return
    print(
        f"\nauthored CV, change from 'only' (within {TOLERANCE} on {', '.join(CONSTRAINED)}?); real CV role macro-F1, change from W=1\n"
    )
    base = mean.get(("real", "1"), {}).get("role macro-F1")
    for (s, variant), m in sorted(mean.items()):
        if s != "authored" or variant == "only":
            continue
        diffs = {n: m[n] - ref[n] for n in CONSTRAINED}
        ok = all(d >= -TOLERANCE for d in diffs.values())
        real_f1 = mean.get(("real", variant), {}).get("role macro-F1")
        gain = f"{real_f1:.3f} ({real_f1 - base:+.3f})" if real_f1 is not None and base is not None else "n/a"
        print(
            f"W={variant}: " + ", ".join(f"{n} {d:+.3f}" for n, d in diffs.items()) + f"; within: {ok}; real role macro-F1 {gain}"
        )


if __name__ == "__main__":
    if sys.argv[1] == "table":
        table()
    else:
        measure(sys.argv[1], sys.argv[2:])
