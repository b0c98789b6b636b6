"""Grouped 5-fold CV of role variants over the 148 real training documents (issue 15's first measurement;
the 55 real test documents are never read). Results: docs/experiments/roles-on-real-text.md.

    python benchmarks/experiments/word_vectors.py 5          # in OUT (default .): vectors.npz, clusters_{256,512}.tsv
    python benchmarks/experiments/roles_real_cv.py rules authored real both "both:feat=vec" ...

Reads and writes OUT (environment variable ARGMINE_EXPERIMENTS, default the current folder); appends
one JSON line per variant to OUT/results.jsonl.
"""
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import is_real, split
from argmine.document import Document
from argmine.evaluation.metrics import role_scores
from argmine.learn.estimators import rule_layers
from argmine.learn.linear import as_matrix, text_and_dict
from argmine.roles.features import layout, unit_rows
from argmine.roles.rules import RuleRoleClassifier

OUT = os.environ.get("ARGMINE_EXPERIMENTS", ".")
ROOT = Path(__file__).resolve().parents[2]

ROLES = ("claim", "evidence", "motive", "other")
real = read_jsonl(ROOT / "corpora" / "real.jsonl")
train_real, _ = split(real)
train_real = [d for d in train_real if is_real(d)]
authored = read_jsonl(ROOT / "corpora" / "argmine.jsonl")
assert len(train_real) == 148 and len(authored) == 71
t0 = time.time()
LAYERS = {d.id: rule_layers(d) for d in train_real + authored}
GOLD = {d.id: d for d in train_real + authored}
print(f"rule layers {time.time()-t0:.1f}s", file=sys.stderr)

def rule_roles(doc_id):
    d = LAYERS[doc_id]
    keep = [u.role for u in d.units]
    RuleRoleClassifier()(d)
    out = [u.role for u in d.units]
    for u, r in zip(d.units, keep):
        u.role = r
    return out

RULE = {i: rule_roles(i) for i in LAYERS}
BASE = {i: unit_rows(LAYERS[i]) for i in LAYERS}

OPEN_Q = '"“«'
CLOSE_Q = '"”»'

def inside_quotes(doc):
    """Per unit: whether its start lies inside an open quotation in its paragraph."""
    text, out = doc.text, []
    for u in doc.units:
        para_start = text.rfind("\n", 0, u.start) + 1
        before = text[para_start:u.start]
        depth = 0
        for ch in before:
            if ch == '"':
                depth = 0 if depth else 1
            elif ch in "“«":
                depth = 1
            elif ch in "”»":
                depth = 0
        out.append(depth > 0)
    return out

def context_rows(doc_id, rule_decision=True):
    d = LAYERS[doc_id]
    base = BASE[doc_id]
    n = len(base)
    starts = layout(d).paragraph_starts
    idx, k = [], 0
    for s in starts:
        k = 0 if s else k + 1
        idx.append(k)
    # paragraph sizes
    sizes, j = [0] * n, 0
    while j < n:
        e = j + 1
        while e < n and not starts[e]:
            e += 1
        for t in range(j, e):
            sizes[t] = e - j
        j = e
    inq = inside_quotes(d)
    out = []
    for i, (text, f) in enumerate(base):
        g = dict(f)
        g["para_idx=" + str(min(idx[i], 3))] = 1.0
        if sizes[i] == 1:
            g["para_alone"] = 1.0
        if inq[i]:
            g["inside_quotes"] = 1.0
        for side, jj in (("prev_", i - 1), ("next_", i + 1)):
            if 0 <= jj < n:
                nf = base[jj][1]
                for key, v in nf.items():
                    if key.startswith("rule_") or key.startswith("first=") or key in ("attributions", "heading", "point_title", "ends_colon", "quote"):
                        g[side + key] = v
                if rule_decision:
                    g[side + "rrole=" + RULE[doc_id][jj]] = 1.0
            else:
                g[side + "none"] = 1.0
        if rule_decision:
            g["rrole=" + RULE[doc_id][i]] = 1.0
        out.append((text, g))
    return out

CLUSTERS = {}
def load_clusters(k):
    if k not in CLUSTERS:
        m = {}
        for line in open(f"{OUT}/clusters_{k}.tsv", encoding="utf-8"):
            w, c = line.rstrip("\n").split("\t")
            m[w] = c
        CLUSTERS[k] = m
    return CLUSTERS[k]

VEC = {}
def load_vectors():
    if not VEC:
        z = np.load(f"{OUT}/vectors.npz")
        VEC.update({w: v.astype(np.float32) for w, v in zip(z["words"].tolist(), z["vectors"])})
    return VEC

def add_clusters(rows, k, mode="bag"):
    cl = load_clusters(k)
    out = []
    for text, f in rows:
        g = dict(f)
        toks = [w for w in text.split(" ") if w and w[0].isalnum()]
        cs = [cl[w] for w in toks if w in cl]
        if mode in ("bag", "both"):
            for c in set(cs):
                g["c=" + c] = 1.0
        firsts = [cl.get(w, "oov") for w in toks[:3]]
        for p, c in enumerate(firsts):
            g[f"fc{p}=" + c] = 1.0
        out.append((text, g))
    return out

def add_vectors(rows, scale=1.0):
    vec = load_vectors()
    out = []
    for text, f in rows:
        g = dict(f)
        vs = [vec[w] for w in text.split(" ") if w in vec]
        if vs:
            m = np.mean(vs, axis=0)
            m = m / (np.linalg.norm(m) + 1e-9) * scale
            for p, x in enumerate(m):
                g[f"v{p}"] = float(x)
        out.append((text, g))
    return out

def rows_for(doc_id, feat):
    if feat == "base":
        return BASE[doc_id]
    parts = feat.split("+")
    rows = BASE[doc_id]
    for p in parts:
        if p == "ctx":
            rows = context_rows(doc_id, rule_decision=False)
        elif p == "ctxr":
            rows = context_rows(doc_id, rule_decision=True)
        elif p.startswith("cl"):
            rows = add_clusters(rows, int(p[2:]))
        elif p.startswith("fcl"):  # first-word clusters only
            rows = add_clusters(rows, int(p[3:]), mode="first")
        elif p == "vec":
            rows = add_vectors(rows)
    return rows

def run(name, train_on="real", feat="base", real_weight=1.0, C=4.0, class_weight="balanced", chars=True):
    ids = [d.id for d in train_real]
    folds = []
    t = time.time()
    for tr, te in GroupKFold(n_splits=5).split(ids, groups=ids):
        tr_ids = [ids[i] for i in tr]
        te_ids = [ids[i] for i in te]
        if name == "rules":
            preds = {i: RULE[i] for i in te_ids}
        else:
            fit_ids = []
            if train_on in ("real", "both"):
                fit_ids += tr_ids
            if train_on in ("authored", "both"):
                fit_ids += [d.id for d in authored]
            rows, y, w = [], [], []
            for i in fit_ids:
                r = rows_for(i, feat)
                rows += r
                y += [u.role for u in GOLD[i].units]
                w += [real_weight if is_real(GOLD[i]) else 1.0] * len(r)
            model = text_and_dict(C, chars=chars, class_weight=class_weight)
            model.fit(as_matrix(rows), y, classifier__sample_weight=np.asarray(w))
            preds = {}
            for i in te_ids:
                preds[i] = [str(r) for r in model.predict(as_matrix(rows_for(i, feat)))]
        golds, pds = [], []
        for i in te_ids:
            g = GOLD[i]
            p = Document(text=g.text, id=g.id)
            for u, r in zip(g.units, preds[i]):
                p.add_unit(u.start, u.end, r)
            golds.append(g)
            pds.append(p)
        s = role_scores(golds, pds)
        folds.append({"macro_f1": s["macro_f1"], "accuracy": s["accuracy"], "f1": {r: s["per_role"][r]["f1"] for r in ROLES}, "units": s["units"]})
    m = [f["macro_f1"] for f in folds]
    res = {
        "variant": name, "train_on": train_on, "feat": feat, "real_weight": real_weight, "C": C, "class_weight": class_weight,
        "macro_f1": round(float(np.mean(m)), 4), "std": round(float(np.std(m)), 4),
        "accuracy": round(float(np.mean([f["accuracy"] for f in folds])), 4),
        "f1": {r: round(float(np.mean([f["f1"][r] for f in folds])), 4) for r in ROLES},
        "seconds": round(time.time() - t, 1), "folds": m,
    }
    print(json.dumps(res, ensure_ascii=False), flush=True)
    with open(f"{OUT}/results.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(res, ensure_ascii=False) + "\n")
    return res

VARIANTS = {
    "rules": dict(),
    "authored": dict(train_on="authored"),
    "real": dict(train_on="real"),
    "both": dict(train_on="both"),
    "both_w2": dict(train_on="both", real_weight=2.0),
    "both_w4": dict(train_on="both", real_weight=4.0),
}

if __name__ == "__main__":
    for spec in sys.argv[1:]:
        # spec: name or name:key=val,key=val
        name, _, kv = spec.partition(":")
        args = dict(VARIANTS.get(name, {}))
        for item in filter(None, kv.split(",")):
            k, v = item.split("=")
            args[k] = float(v) if k in ("real_weight", "C") else (None if v == "none" else v)
        run(spec, **args)
