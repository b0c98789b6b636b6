"""Fast inference for the shipped linear models, with numpy alone.

The trained components are scikit-learn pipelines (TF-IDF and dict features, then a
logistic regression), saved with skops. Loading them imports scikit-learn, scipy and,
through skops, torch: seconds before the first annotation. ``export`` writes the same
fitted parameters (vocabularies, idf weights, coefficients) to an ``.npz`` file
(``allow_pickle=False``: arrays of numbers and strings only), and ``FastLinear``
computes the same features and probabilities from it, so that ``argmine.annotate``
starts in well under a second. ``tests/test_fastlinear.py`` checks that its
probabilities equal scikit-learn's on the whole corpus.
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from pathlib import Path

import numpy as np

from argmine.ioutil import atomic_write

_WHITE = re.compile(r"\s\s+")
COMPONENTS = ("roles", "cues", "boundary", "types", "links")


def _blocks(pipe) -> tuple[list, object]:
    """The feature blocks ``[(kind, column, transformer)]`` and the classifier of a pipeline."""
    from sklearn.compose import ColumnTransformer

    features, clf = pipe.steps[0][1], pipe.steps[-1][1]
    if isinstance(features, ColumnTransformer):
        blocks = [(t.__class__.__name__, col, t) for _, t, col in features.transformers_ if t != "drop"]
    else:
        blocks = [(features.__class__.__name__, None, features)]
    return blocks, clf


def export(models: dict, path: str | Path) -> None:
    """Write the fitted parameters of ``models`` to a numpy ``.npz`` file (no pickles)."""
    import io

    arrays: dict[str, np.ndarray] = {}
    meta: dict = {k: models[k] for k in ("use", "link_threshold", "format") if k in models}
    meta["components"] = {}
    for key in COMPONENTS:
        pipe = models.get(key)
        if pipe is None:
            continue
        blocks, clf = _blocks(pipe)
        described = []
        for i, (kind, col, t) in enumerate(blocks):
            names = t.get_feature_names_out() if kind == "TfidfVectorizer" else np.array(t.feature_names_, dtype=str)
            arrays[f"{key}.{i}.names"] = np.array([str(n) for n in names], dtype=str)
            entry = {"kind": kind, "column": col}
            if kind == "TfidfVectorizer":
                arrays[f"{key}.{i}.idf"] = t.idf_.astype(np.float64)
                entry.update(analyzer=t.analyzer, ngram_range=list(t.ngram_range), token_pattern=t.token_pattern,
                             lowercase=t.lowercase, sublinear_tf=t.sublinear_tf, norm=t.norm)  # fmt: skip
            described.append(entry)
        arrays[f"{key}.coef"] = clf.coef_.astype(np.float64)
        arrays[f"{key}.intercept"] = clf.intercept_.astype(np.float64)
        arrays[f"{key}.classes"] = np.array([str(c) for c in clf.classes_], dtype=str)
        meta["components"][key] = {"blocks": described, "class_type": type(clf.classes_[0]).__name__}
    arrays["meta"] = np.array([json.dumps(meta, ensure_ascii=False)], dtype=str)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:  # np.savez, with fixed timestamps
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, arrays[name], allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, member.getvalue())
    atomic_write(path, buffer.getvalue())


class FastLinear:
    """``predict`` and ``predict_proba`` of one exported pipeline, on the same rows."""

    def __init__(self, blocks: list[dict], names: list[np.ndarray], idfs: list, coef, intercept, classes):
        self.blocks = blocks
        self.index = [{str(n): i for i, n in enumerate(ns)} for ns in names]
        self.offsets = np.cumsum([0] + [len(ns) for ns in names])[:-1].tolist()
        self.idfs = idfs
        self.coef_t = np.ascontiguousarray(coef.T)  # features x classes
        self.intercept = intercept
        self.classes_ = classes
        self.patterns = [re.compile(b["token_pattern"]) if b.get("token_pattern") else None for b in blocks]
        self.word_cache: list[dict[str, list[int]]] = [{} for _ in blocks]  # char_wb: word -> vocabulary indices

    def _indices(self, b: dict, k: int, text: str) -> list[int]:
        """Vocabulary indices of the terms of ``text``, with repeats, as scikit-learn would count them."""
        if b.get("lowercase", True):
            text = text.lower()
        lo, hi = b["ngram_range"]
        index = self.index[k]
        if b["analyzer"] == "word":
            toks = self.patterns[k].findall(text)
            terms = list(toks) if lo == 1 else []
            for n in range(max(lo, 2), min(hi + 1, len(toks) + 1)):
                terms += [" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)]
            return [j for j in map(index.get, terms) if j is not None]
        cache = self.word_cache[k]
        out: list[int] = []
        for w in _WHITE.sub(" ", text).split():
            found = cache.get(w)
            if found is None:
                found = [j for j in map(index.get, _char_wb(w, lo, hi)) if j is not None]
                if len(cache) < 200_000:
                    cache[w] = found
            out += found
        return out

    def _row(self, row) -> tuple[list[int], list[float]]:
        cols: list[int] = []
        vals: list[float] = []
        for k, b in enumerate(self.blocks):
            value = row if b["column"] is None else row[b["column"]]
            index, base = self.index[k], self.offsets[k]
            if b["kind"] == "TfidfVectorizer":
                counts: dict[int, int] = {}
                for j in self._indices(b, k, value):
                    counts[j] = counts.get(j, 0) + 1
                idf = self.idfs[k]
                weights = {j: ((1 + math.log(c)) if b["sublinear_tf"] else c) * idf[j] for j, c in counts.items()}
                norm = math.sqrt(sum(w * w for w in weights.values())) if b["norm"] == "l2" else 1.0
                for j, w in weights.items():
                    cols.append(base + j)
                    vals.append(w / norm if norm else w)
            else:
                for name, v in value.items():
                    j = index.get(name)
                    if j is not None and v:
                        cols.append(base + j)
                        vals.append(float(v))
        return cols, vals

    def decision_function(self, X) -> np.ndarray:
        out = np.empty((len(X), self.coef_t.shape[1]))
        for i, row in enumerate(X):
            cols, vals = self._row(row)
            out[i] = np.asarray(vals) @ self.coef_t[cols] if cols else 0.0
        return out + self.intercept

    def predict_proba(self, X) -> np.ndarray:
        d = self.decision_function(X)
        if d.shape[1] == 1:
            p = np.exp(-np.logaddexp(0.0, -d[:, 0]))  # the logistic function, without overflow
            return np.column_stack([1 - p, p])
        d = d - d.max(axis=1, keepdims=True)
        e = np.exp(d)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def _char_wb(word: str, lo: int, hi: int) -> list[str]:
    """scikit-learn's ``char_wb`` n-grams of one word."""
    w = " " + word + " "
    out = []
    for n in range(lo, hi + 1):
        offset = 0
        out.append(w[offset : offset + n])
        while offset + n < len(w):
            offset += 1
            out.append(w[offset : offset + n])
        if offset == 0:
            break
    return out


def load(path: str | Path) -> dict:
    """The models dict, with ``FastLinear`` components, from an ``.npz`` written by ``export``.

    A damaged file raises ``argmine.modelio.ModelError`` naming it.
    """
    from argmine.modelio import ModelError

    try:
        return _load(path)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, json.JSONDecodeError) as e:
        raise ModelError(f"{path}: not a valid argmine model export, truncated or corrupted ({type(e).__name__}: {e})") from None


def _load(path: str | Path) -> dict:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"][0]))
        models = {k: meta[k] for k in ("use", "link_threshold", "format") if k in meta}
        for key, info in meta["components"].items():
            blocks = info["blocks"]
            names = [data[f"{key}.{i}.names"] for i in range(len(blocks))]
            idfs = [data[f"{key}.{i}.idf"] if b["kind"] == "TfidfVectorizer" else None for i, b in enumerate(blocks)]
            classes = data[f"{key}.classes"]
            if info["class_type"] in ("int", "int64", "int32"):
                classes = classes.astype(np.int64)
            models[key] = FastLinear(blocks, names, idfs, data[f"{key}.coef"], data[f"{key}.intercept"], classes)
    return models
