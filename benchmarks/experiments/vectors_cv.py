"""Grouped 5-fold CV (148 real training documents, "both" training) of the role model's mean-word-vector
feature by vocabulary size and quantisation, against no vectors (issue 15 item 3; the 55 real test
documents are never read). Results: docs/experiments/roles-on-real-text.md.

    python scripts/build_vectors.py -o /tmp/vec/vectors.npz --floats /tmp/vec/floats.npz
    python benchmarks/experiments/vectors_cv.py /tmp/vec/floats.npz none float:50000 row:10000 row:20000 file:20000 ...

A variant is ``none`` (no vectors), ``float:N`` (the N first float32 vectors) or ``row:N`` / ``file:N``
(int8, a scale per word or one per file, as ``scripts/build_vectors.py`` writes them). One JSON line per
variant on stdout: macro-F1 and accuracy, mean, std and per fold.
"""

import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import argmine.roles.features as features  # noqa: E402
from argmine.roles.vectors import WordVectors  # noqa: E402

# the base rows without the shipped vectors: each variant adds its own (roles_real_cv.add_vectors)
features.word_vectors = lambda: WordVectors([], np.zeros((0, 100), dtype=np.float32))
import roles_real_cv as rc  # noqa: E402 (computes the rule layers of the 219 documents once)
from build_vectors import quantised  # noqa: E402

from argmine.document import Document  # noqa: E402
from argmine.evaluation.metrics import role_scores  # noqa: E402
from argmine.learn.linear import as_matrix, text_and_dict  # noqa: E402


def vectors_of(floats, spec: str) -> dict:
    kind, _, n = spec.partition(":")
    words, V = floats["words"].tolist(), floats["vectors"]
    n = int(n)
    if kind == "float":
        return dict(zip(words[:n], V[:n].astype(np.float32)))
    q = quantised(words, V, n, per_row=(kind == "row"))
    return dict(zip(q["words"].tolist(), q["vectors"].astype(np.float32) * q["scale"][:, None]))


def cv(spec: str) -> dict:
    feat = "base" if spec == "none" else "vec"
    ids = [d.id for d in rc.train_real]
    macro, acc = [], []
    t = time.time()
    for tr, te in GroupKFold(n_splits=5).split(ids, groups=ids):
        fit_ids = [ids[i] for i in tr] + [d.id for d in rc.authored]
        rows, y = [], []
        for i in fit_ids:
            rows += rc.rows_for(i, feat)
            y += [u.role for u in rc.GOLD[i].units]
        model = text_and_dict(4.0).fit(as_matrix(rows), y)
        golds, preds = [], []
        for i in (ids[j] for j in te):
            g = rc.GOLD[i]
            p = Document(text=g.text, id=g.id)
            for u, r in zip(g.units, model.predict(as_matrix(rc.rows_for(i, feat)))):
                p.add_unit(u.start, u.end, str(r))
            golds.append(g)
            preds.append(p)
        s = role_scores(golds, preds)
        macro.append(s["macro_f1"])
        acc.append(s["accuracy"])
    r4 = lambda xs: [round(float(x), 4) for x in xs]  # noqa: E731
    return {"variant": spec, "macro_f1": round(float(np.mean(macro)), 4), "macro_std": round(float(np.std(macro)), 4),
            "accuracy": round(float(np.mean(acc)), 4), "acc_std": round(float(np.std(acc)), 4),
            "macro_folds": r4(macro), "acc_folds": r4(acc), "seconds": round(time.time() - t)}  # fmt: skip


if __name__ == "__main__":
    floats = np.load(sys.argv[1], allow_pickle=False)
    for spec in sys.argv[2:]:
        rc.VEC.clear()
        if spec != "none":
            rc.VEC.update(vectors_of(floats, spec))
        print(json.dumps(cv(spec)), flush=True)
