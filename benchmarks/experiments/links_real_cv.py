"""Grouped 5-fold CV of support-link variants over the 148 real training documents (issue 15; the 55 real
test documents are never read). Results: docs/experiments/links-on-real-text.md.

    python benchmarks/experiments/links_real_cv.py stats
    python benchmarks/experiments/links_real_cv.py current "pair:feat=base" "pair:feat=all" ...

Each fold trains on its real training documents plus the 57 authored training documents and is scored
on its held-out real documents only (link P/R/F1, ``argmine.evaluation.metrics.link_scores``), with the
gold roles (the link task alone), the rule roles, and the roles of a ``RoleClassifier`` fitted on the
fold. A variant is ``model:key=value,...``:

- ``current``/``estimator``: ``SupportLinker(**params)`` as the package has it, fitted on the fold (its own
  thresholds: fixed, or chosen by its inner CV). "current" was measured before this work (pair scorer, gold
  layers, thresholds 0.7/0.85); "estimator" is the same code path after it.
- ``pair``: a pair classifier, each source's best candidate kept if it reaches its role's threshold.
- ``rank``: the same pair classifier trained only on the sources that have a gold link (which target),
  and a gate (does this source link at all) over the source's features and its best pair's score.

Keys: ``feat`` (base | all | all-markers | all-pos | all-first), ``cand`` (window | wide | all),
``thr`` (cv: per role, chosen by an inner 4-fold CV on the fold's real training docs; or ``e/c``
fixed), ``C``, ``rows`` (layers: rule cues/attributions, as at annotation; gold: gold layers).
Appends one JSON line per variant to $ARGMINE_EXPERIMENTS/links_results.jsonl (default: .).
"""
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import real_folds
from sklearn.model_selection import GroupKFold

from argmine.document import Document, Link
from argmine.evaluation.metrics import link_scores
from argmine.learn.estimators import RoleClassifier, SupportLinker, rule_layers
from argmine.learn.linear import Columns, dict_only
from argmine.links import features as F
from argmine.links import learned as L
from argmine.roles.rules import RuleRoleClassifier

OUT = os.environ.get("ARGMINE_EXPERIMENTS", ".")

train_real, authored = real_folds.training_documents()
GOLD = {d.id: d for d in train_real + authored}
REAL_IDS = [d.id for d in train_real]
AUTH_IDS = [d.id for d in authored]
AUTH_SET = set(AUTH_IDS)
FOLDS = real_folds.folds(train_real)


def layered(doc_id: str, roles: list[str] | None = None) -> Document:
    """The rule cues and attributions over the gold units; gold roles unless ``roles``; gold links."""
    d = rule_layers(GOLD[doc_id])
    if roles is not None:
        for u, r in zip(d.units, roles):
            u.role = r
    d.links = list(GOLD[doc_id].links)
    return d


t0 = time.time()
LAYERS = {i: layered(i) for i in GOLD}
print(f"rule layers {time.time() - t0:.1f}s", file=sys.stderr)


def rule_roles(doc_id: str) -> list[str]:
    d = layered(doc_id)
    RuleRoleClassifier()(d)
    return [u.role for u in d.units]


RULE_ROLES = {i: rule_roles(i) for i in REAL_IDS}
_FOLD_ROLES: dict[int, dict[str, list[str]]] = {}


def fold_roles(k: int) -> dict[str, list[str]]:
    """Roles of fold ``k``'s held-out docs by a RoleClassifier fitted on its training docs (cached on disk)."""
    path = Path(OUT) / f"links_fold_roles_{k}.json"
    if k not in _FOLD_ROLES and path.exists():
        _FOLD_ROLES[k] = json.loads(path.read_text())
    if k not in _FOLD_ROLES:
        tr, te = FOLDS[k]
        clf = RoleClassifier().fit([GOLD[REAL_IDS[t]] for t in tr] + authored)
        out = {}
        for t in te:
            d = layered(REAL_IDS[t])
            clf(d)
            out[REAL_IDS[t]] = [u.role for u in d.units]
        _FOLD_ROLES[k] = out
        path.write_text(json.dumps(out))
    return _FOLD_ROLES[k]


# ---------------------------------------------------------------- candidates

def candidates(doc: Document, how: str):
    if how == "window":
        return L.candidate_indices(doc)
    roles = [u.role for u in doc.units]
    heads = np.array([k for k, r in enumerate(roles) if r in ("claim", "motive")], dtype=np.int64)
    sources = np.array([k for k, r in enumerate(roles) if r in ("evidence", "claim")], dtype=np.int64)
    if how == "all":  # every head of the document
        i = np.repeat(sources, len(heads))
        j = np.tile(heads, len(sources))
    elif how == "wide":  # 30 back, 10 ahead, and the first two heads of the document
        back, ahead = 30, 10
        pairs = set()
        first = heads[:2].tolist()
        for s in sources.tolist():
            for h in heads.tolist():
                if s - back <= h <= s + ahead or h in first:
                    pairs.add((s, h))
        pairs = sorted(pairs)
        i = np.array([a for a, _ in pairs], dtype=np.int64)
        j = np.array([b for _, b in pairs], dtype=np.int64)
    else:
        raise ValueError(how)
    keep = i != j
    return i[keep], j[keep]


# ---------------------------------------------------------------- features

SUPPORT_MARKERS = ["لذلك", "ولذلك", "لهذا", "ولهذا", "وهذا ما", "وهو ما", "ويدل", "يدل على", "ويؤكد ذلك", "يؤكد ذلك", "بدليل", "فقد", "إذ", "حيث", "ف", "ومن ذلك", "مثل", "على سبيل المثال", "بما في ذلك", "وذلك", "كما"]
ATTACK_MARKERS = ["لكن", "ولكن", "غير أن", "إلا أن", "بيد أن", "في المقابل", "رغم", "بالرغم", "على الرغم", "مع ذلك", "ومع ذلك", "بينما", "في حين", "نفى", "ونفى", "رفض", "ورفض"]


def _norm_words(text: str, n: int = 3) -> list[str]:
    from argmine.text.normalize import normalize

    return normalize(text).split()[:n]


def _marker_flags(doc: Document) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from argmine.text.normalize import normalize

    sup = [normalize(m) for m in SUPPORT_MARKERS]
    att = [normalize(m) for m in ATTACK_MARKERS]
    s, a, first = [], [], []
    for u in doc.units:
        head = " ".join(normalize(u.text).split()[:4]) + " "
        s.append(any(head.startswith(m + " ") for m in sup))
        a.append(any((" " + m + " ") in (" " + head) for m in att))
        w = _norm_words(u.text, 1)
        first.append(w[0] if w else "")
    return np.array(s, bool), np.array(a, bool), np.array(first, dtype=object)


class Ctx:
    def __init__(self, doc: Document):
        self.base = F.LinkContext(doc)
        n = len(doc.units)
        self.n = n
        self.sup, self.att, self.first = _marker_flags(doc)
        roles = [u.role for u in doc.units]
        self.is_head = np.array([r in ("claim", "motive") for r in roles], bool)
        self.nclaims = sum(r == "claim" for r in roles)
        self.nevid = sum(r == "evidence" for r in roles)
        # index of each unit within its paragraph
        self.para_pos = np.zeros(n, np.int64)
        for k in range(1, n):
            self.para_pos[k] = 0 if self.base.starts[k] else self.para_pos[k - 1] + 1
        self.first_head = int(np.argmax(self.is_head)) if self.is_head.any() else -1
        self.heads_cum = np.concatenate([[0], np.cumsum(self.is_head)])
        self.u0role = roles[0] if roles else ""
        # how central each unit is: the mean share of the other units that hold each of its words
        b = self.base
        word = b.words % F.WORD_KEY
        df = np.bincount(word)[word] - 1 if len(word) else np.zeros(0, np.int64)
        unit = b.words // F.WORD_KEY
        tot = np.bincount(unit, weights=df, minlength=n) if len(word) else np.zeros(n)
        self.centrality = tot / np.maximum(b.word_counts, 1) / max(n - 1, 1)


BASE_NUMERIC = ("dist_abs", "target_before", "same_para", "target_title", "target_is_my_title", "source_under_title",
                "target_first_claim", "target_para_start", "overlap", "source_attributed", "target_hedged", "between_heads", "nearest_head")


def feats(ctx: Ctx, i: np.ndarray, j: np.ndarray, which: str) -> Columns:
    cols = F.index_pair_columns(ctx.base, i, j)
    if which == "pkg":  # the package's features as they are now
        return cols
    cols = Columns({k: cols.numeric[k] for k in BASE_NUMERIC}, {k: cols.onehot[k] for k in ("dist=", "roles=")})
    if which == "base":
        return cols
    num, one = dict(cols.numeric), dict(cols.onehot)
    ALL = {"pos", "markers", "first", "conj", "rank", "doc"}
    parts = set(which.split("+")) if which != "all" else ALL
    if which.startswith("all-"):
        parts = ALL - set(which[4:].split("-"))
    n = max(ctx.n, 1)
    f = np.float64
    if "pos" in parts:
        num["src_pos"] = i / n
        num["tgt_pos"] = j / n
        num["tgt_unit0"] = (j == 0).astype(f)
        num["tgt_first_head"] = (j == ctx.first_head).astype(f)
        num["tgt_para0"] = (ctx.base.para[j] == 0).astype(f)
        num["src_para0"] = (ctx.base.para[i] == 0).astype(f)
        num["src_para_pos0"] = (ctx.para_pos[i] == 0).astype(f)
        num["log_units"] = np.full(len(i), np.log1p(ctx.n) / 5)
        num["claim_share"] = np.full(len(i), ctx.nclaims / n)
    if "doc" in parts:
        nb = str(min(ctx.nclaims, 4))
        one["nclaims="] = np.full(len(i), nb, dtype=object)
        one["u0="] = np.full(len(i), str(ctx.u0role), dtype=object)
        num["tgt_attributed"] = ctx.base.attributed[j].astype(f)
        num["tgt_centrality"] = ctx.centrality[j]
        num["tgt_is_u0_claim"] = ((j == 0) & (ctx.u0role == "claim")).astype(f)
    if "markers" in parts:
        num["src_support_marker"] = ctx.sup[i].astype(f)
        num["src_attack_marker"] = ctx.att[i].astype(f)
        num["tgt_attack_marker"] = ctx.att[j].astype(f)
    if "first" in parts:
        one["src_first="] = ctx.first[i]
    if "rank" in parts:
        d = j - i
        before = ctx.heads_cum[i] - ctx.heads_cum[j + 1]  # heads strictly between j and i, j before i
        after = ctx.heads_cum[j] - ctx.heads_cum[i + 1]
        r = np.where(d < 0, before, after)
        one["rank="] = np.array([("b" if x < 0 else "a") + str(min(int(y), 3)) for x, y in zip(d, r)], dtype=object)
    if "conj" in parts:
        rp = cols.onehot["roles="]
        same = np.where(cols.numeric["same_para"] > 0, "S", "X")
        dd = cols.onehot["dist="]
        one["roles_dist="] = np.array([a + "|" + b for a, b in zip(rp, dd)], dtype=object)
        one["roles_para="] = np.array([a + "|" + b for a, b in zip(rp, same)], dtype=object)
        att = np.where(ctx.base.attributed[i], "A", "-")
        one["roles_attr="] = np.array([a + "|" + b for a, b in zip(rp, att)], dtype=object)
    return Columns(num, one)


# ---------------------------------------------------------------- data for a model

_CACHE: dict = {}


def pair_table(doc: Document, key: tuple, cand: str, feat: str):
    """(i, j, rows, label, gold target of each source) of a document under (key = doc id, role source)."""
    ck = (key, cand, feat)
    if ck not in _CACHE:
        i, j = candidates(doc, cand)
        ctx = Ctx(doc)
        cols = feats(ctx, i, j, feat) if len(i) else None
        rows = cols.rows() if cols is not None else []
        idx = {u.id: k for k, u in enumerate(doc.units)}
        gold = {idx[lk.from_]: idx[lk.to] for lk in GOLD[doc.id].links}
        y = np.array([int(gold.get(a) == b) for a, b in zip(i.tolist(), j.tolist())], dtype=np.int64)
        _CACHE[ck] = (i, j, rows, y, gold, ctx)
    return _CACHE[ck]


def src_rows(doc: Document, ctx: Ctx, srcs: np.ndarray, best_p: np.ndarray, second_p: np.ndarray, n_cand: np.ndarray):
    rows = []
    base = ctx.base
    n = max(ctx.n, 1)
    for s, p, q, c in zip(srcs.tolist(), best_p.tolist(), second_p.tolist(), n_cand.tolist()):
        r = {
            "role=" + str(doc.units[s].role): 1.0,
            "best_p": p,
            "margin": p - q,
            "n_cand": min(c, 20) / 20,
            "pos": s / n,
            "para0": float(base.para[s] == 0),
            "para_pos0": float(ctx.para_pos[s] == 0),
            "attributed": float(base.attributed[s]),
            "hedged": float(base.hedged[s]),
            "sup": float(ctx.sup[s]),
            "att": float(ctx.att[s]),
            "first=" + str(ctx.first[s]): 1.0,
            "log_units": np.log1p(ctx.n) / 5,
            "claim_share": ctx.nclaims / n,
            "nclaims=" + str(min(ctx.nclaims, 4)): 1.0,
            "u0=" + str(ctx.u0role): 1.0,
            "role_p=" + str(doc.units[s].role) + "|" + str(min(int(p * 5), 4)): 1.0,
        }
        rows.append(r)
    return rows


def best_per_source(i, p):
    """Indices (into i) of each source's best candidate, second best score, candidate count."""
    order = np.lexsort((np.arange(len(i)), -p, i))
    firsts = np.concatenate(([True], i[order][1:] != i[order][:-1]))
    best = order[firsts]
    starts = np.flatnonzero(firsts)
    counts = np.diff(np.concatenate([starts, [len(order)]]))
    second = np.where(counts > 1, p[order[np.minimum(starts + 1, len(order) - 1)]], 0.0)
    return best, second, counts


class Model:
    """One linker variant: fit on docs (gold roles, with their keys), predict (source, target, score) per doc."""

    def __init__(self, kind: str, opts: dict):
        self.kind, self.o = kind, opts
        self.cand = opts.get("cand", "window")
        self.feat = opts.get("feat", "base")
        self.C = float(opts.get("C", 2.0))

    def _table(self, key):
        doc = LAYERS[key] if isinstance(key, str) else key[1]
        k = key if isinstance(key, str) else key[0]
        return pair_table(doc, k, self.cand, self.feat), doc

    def fit(self, keys):
        auth = self.o.get("auth", "1")
        if auth == "0":
            keys = [k for k in keys if k not in AUTH_SET]
        rows, y = [], []
        for k in keys:
            (i, j, r, yy, gold, _), _ = self._table(k)
            if self.kind == "rank":
                has = np.array([a in gold for a in i.tolist()], dtype=bool)
                r = [x for x, h in zip(r, has) if h]
                yy = yy[has]
            if auth == "dom" and k in AUTH_SET:
                r = [dict(x, authored=1.0) for x in r]
            rows += r
            y += yy.tolist()
        if self.kind == "soft":
            return self._fit_soft(keys)
        self.pair = dict_only(self.C, class_weight="balanced").fit(rows, y)
        if self.kind == "rank":
            # the gate: trained on out-of-fold best scores would be cleaner; in-sample pair scores are used
            grows, gy = [], []
            for k in keys:
                (i, j, r, yy, gold, ctx), doc = self._table(k)
                if not len(i):
                    continue
                p = self.pair.predict_proba(r)[:, 1]
                best, second, counts = best_per_source(i, p)
                srcs = i[best]
                grows += src_rows(doc, ctx, srcs, p[best], second, counts)
                gy += [int(s in gold) for s in srcs.tolist()]
            self.gate = dict_only(float(self.o.get("gC", 1.0)), class_weight="balanced").fit(grows, gy)
        return self

    def _soft_rows(self, key):
        """Rows of every option of every source (its candidates, then "none"), their group, gold flag."""
        (i, j, r, yy, gold, ctx), doc = self._table(key)
        if not len(i):
            return [], np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64), np.zeros(0, np.int64)
        srcs = np.unique(i)
        none = [{"none_" + k: v for k, v in row.items() if k not in ("best_p", "margin") and not k.startswith("role_p=")}
                for row in src_rows(doc, ctx, srcs, np.zeros(len(srcs)), np.zeros(len(srcs)), np.bincount(i)[srcs])]
        rows = list(r) + none
        grp = np.concatenate([i, srcs])
        tgt = np.concatenate([j, np.full(len(srcs), -1)])
        y = np.concatenate([yy, [0 if s in gold and (s, gold[s]) in set(zip(i.tolist(), j.tolist())) else 1 for s in srcs.tolist()]])
        order = np.lexsort((np.arange(len(grp)), grp))
        return [rows[k] for k in order], grp[order], y[order].astype(float), tgt[order], order

    def _fit_soft(self, keys):
        from scipy.optimize import minimize
        from sklearn.feature_extraction import DictVectorizer

        rows, grps, ys = [], [], []
        off = 0
        for k in keys:
            r, g, y, _, _ = self._soft_rows(k)
            rows += r
            grps.append(g + off)
            ys.append(y)
            off += (g.max() + 1) if len(g) else 0
        g = np.concatenate(grps)
        y = np.concatenate(ys)
        self.dv = DictVectorizer().fit(rows)
        X = self.dv.transform(rows).tocsr()
        starts = np.flatnonzero(np.concatenate(([True], g[1:] != g[:-1])))
        lam = 1.0 / self.C
        ids = np.repeat(np.arange(len(starts)), np.diff(np.concatenate([starts, [len(g)]])))

        def f(w):
            s = X @ w
            m = np.maximum.reduceat(s, starts)
            e = np.exp(s - m[ids])
            z = np.add.reduceat(e, starts)
            p = e / z[ids]
            loss = float(np.sum(np.log(z) + m) - s[y > 0].sum() + lam / 2 * w @ w)
            grad = X.T @ (p - y) + lam * w
            return loss, grad

        w0 = np.zeros(X.shape[1])
        self.w = minimize(f, w0, jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
        return self

    def predict(self, key):
        """(source, target, score) of each source's best candidate."""
        (i, j, r, yy, gold, ctx), doc = self._table(key)
        if not len(i):
            return []
        if self.kind == "soft":
            rows, g, _, tgt, _ = self._soft_rows(key)
            s = self.dv.transform(rows) @ self.w
            out = []
            starts = np.flatnonzero(np.concatenate(([True], g[1:] != g[:-1])))
            for a, b in zip(starts, np.concatenate([starts[1:], [len(g)]])):
                e = np.exp(s[a:b] - s[a:b].max())
                p = e / e.sum()
                cand = np.flatnonzero(tgt[a:b] >= 0)
                k = cand[np.argmax(p[cand])]
                out.append((int(g[a]), int(tgt[a + k]), float(p[k])))
            return out
        p = self.pair.predict_proba(r)[:, 1]
        best, second, counts = best_per_source(i, p)
        score = p[best]
        if self.kind == "rank":
            score = self.gate.predict_proba(src_rows(doc, ctx, i[best], p[best], second, counts))[:, 1]
        return list(zip(i[best].tolist(), j[best].tolist(), score.tolist()))


GRID = np.round(np.arange(0.1, 0.96, 0.05), 2)


def counts_for(preds, key, thr):
    """(tp, predicted, gold) under thresholds ``thr`` (role -> threshold)."""
    doc = LAYERS[key if isinstance(key, str) else key[0]]
    roles = [u.role for u in (doc if isinstance(key, str) else key[1]).units]
    idx = {u.id: k for k, u in enumerate(doc.units)}
    gold = {(idx[lk.from_], idx[lk.to]) for lk in GOLD[doc.id].links if lk.relation == "support"}
    ngold = len(GOLD[doc.id].links)
    tp = pr = 0
    for s, t, sc in preds:
        if sc >= thr.get(roles[s], 0.5):
            pr += 1
            tp += (s, t) in gold
    return tp, pr, ngold


def choose_thresholds(kind, opts, train_real_ids):
    """Per-role thresholds maximising pooled link F1 over an inner 4-fold CV of the real training docs."""
    inner = list(GroupKFold(n_splits=4).split(train_real_ids, groups=train_real_ids))
    oof = []
    for tr, te in inner:
        m = Model(kind, opts).fit([train_real_ids[t] for t in tr] + AUTH_IDS)
        oof += [(train_real_ids[t], m.predict(train_real_ids[t])) for t in te]
    best = (-1, None)
    for e in GRID:
        for c in GRID:
            thr = {"evidence": e, "claim": c}
            tp = pr = ng = 0
            for key, preds in oof:
                a, b, g = counts_for(preds, key, thr)
                tp, pr, ng = tp + a, pr + b, ng + g
            f1 = 2 * tp / (pr + ng) if pr + ng else 0
            if f1 > best[0]:
                best = (f1, thr)
    return best[1]


def to_doc(key, roles, preds, thr) -> Document:
    gold = GOLD[key]
    d = Document(text=gold.text, id=gold.id)
    for u, r in zip(gold.units, roles):
        d.add_unit(u.start, u.end, r)
    for s, t, sc in preds:
        if sc >= thr.get(roles[s], 0.5):
            d.links.append(Link(d.units[s].id, d.units[t].id, "support"))
    return d


ROLE_SOURCES = ("gold", "rules", "learned")


def run_variant(spec: str) -> dict:
    kind, _, rest = spec.partition(":")
    opts = dict(kv.split("=", 1) for kv in rest.split(",") if kv)
    out = {s: [] for s in ROLE_SOURCES}
    thrs = []
    for k, (tr, te) in enumerate(FOLDS):
        tr_ids = [REAL_IDS[t] for t in tr]
        te_ids = [REAL_IDS[t] for t in te]
        pred_roles = {"gold": {i: [u.role for u in GOLD[i].units] for i in te_ids}, "rules": RULE_ROLES}
        if "learned" in ROLE_SOURCES:
            pred_roles["learned"] = fold_roles(k)
        if kind in ("current", "estimator"):  # SupportLinker as the package has it, with its own CV thresholds
            params = {k: (v not in ("0", "False")) if k in ("choice", "cv_thresholds") else float(v) for k, v in opts.items()}
            est = SupportLinker(**params).fit([GOLD[i] for i in tr_ids] + authored)
            thr = est.threshold
            thrs.append(thr)
            for src in ROLE_SOURCES:
                preds = []
                for i in te_ids:
                    d = layered(i, pred_roles[src][i])
                    d.links = []
                    est(d)
                    preds.append(d)
                out[src].append(link_scores([GOLD[i] for i in te_ids], preds))
            continue
        m = Model(kind, opts).fit(tr_ids + AUTH_IDS)
        t = opts.get("thr", "cv")
        if t == "cv":
            thr = choose_thresholds(kind, opts, tr_ids)
        else:
            e, c = t.split("/")
            thr = {"evidence": float(e), "claim": float(c)}
        thrs.append(thr)
        for src in ROLE_SOURCES:
            preds = []
            for i in te_ids:
                roles = pred_roles[src][i]
                key = i if src == "gold" else (f"{i}@{src}{k}", layered(i, roles))
                preds.append(to_doc(i, roles, m.predict(key), thr))
            out[src].append(link_scores([GOLD[i] for i in te_ids], preds))
    res = {"variant": spec, "thresholds": thrs}
    for src, scores in out.items():
        for m_ in ("precision", "recall", "f1"):
            v = [s[m_] for s in scores]
            res[f"{src}_{m_}"] = [round(float(np.mean(v)), 3), round(float(np.std(v)), 3)]
    return res


def stats():
    """Where the gold links of the real training docs go."""
    C = Counter()
    for i in REAL_IDS:
        d = LAYERS[i]
        ctx = Ctx(d)
        src, dst = L.candidate_indices(d)
        cands = set(zip(src.tolist(), dst.tolist()))
        idx = ctx.base.index
        for lk in d.links:
            a, b = idx[lk.from_], idx[lk.to]
            C["links"] += 1
            C[f"relation {lk.relation}"] += 1
            C[f"from {d.units[a].role} to {d.units[b].role}"] += 1
            C["same paragraph" if ctx.base.para[a] == ctx.base.para[b] else "other paragraph"] += 1
            C["to the first claim"] += b == ctx.base.first_claim
            C["to unit 0"] += b == 0
            C["to the nearest head before"] += b < a and ctx.heads_cum[a] - ctx.heads_cum[b + 1] == 0
            C["to the nearest head after"] += b > a and ctx.heads_cum[b] - ctx.heads_cum[a + 1] == 0
            C["in the current candidates"] += (a, b) in cands
            dd = b - a
            C["distance " + ("<-15" if dd < -15 else ">6" if dd > 6 else f"{dd:+d}")] += 1
        linked = {lk.from_ for lk in d.links}
        for u in d.units:
            C[f"units {u.role}"] += 1
            C[f"units {u.role} with a link"] += u.id in linked
        C["docs without links"] += not d.links
        C["paragraphs"] += int(ctx.base.para.max()) + 1 if len(d.units) else 0
        C["single-unit paragraphs"] += int((np.bincount(ctx.base.para) == 1).sum()) if len(d.units) else 0
    for k, v in sorted(C.items()):
        print(f"{k}\t{v}")


if __name__ == "__main__":
    args = sys.argv[1:] or ["stats"]
    for spec in args:
        if spec == "stats":
            stats()
            continue
        t = time.time()
        res = run_variant(spec)
        res["seconds"] = round(time.time() - t, 1)
        print(json.dumps(res, ensure_ascii=False), flush=True)
        with open(Path(OUT) / "links_results.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(res, ensure_ascii=False) + "\n")
