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

import itertools
import json
import re
import zipfile
import zlib
from array import array
from pathlib import Path

import numpy as np

from argmine.ioutil import atomic_write

COMPONENTS = ("roles", "cues", "types", "links")
CRF_ARRAYS = ("labels", "attributes", "state", "transition")  # the attribution CRF, as ``crf.<name>`` arrays


def _blocks(pipe) -> tuple[list, object]:
    """The feature blocks ``[(kind, column, transformer)]`` and the classifier of a pipeline."""
    from sklearn.compose import ColumnTransformer

    features, clf = pipe.steps[0][1], pipe.steps[-1][1]
    if isinstance(features, ColumnTransformer):
        blocks = [(t.__class__.__name__, col, t) for _, t, col in features.transformers_ if t != "drop"]
    else:
        blocks = [(features.__class__.__name__, None, features)]
    return blocks, clf


def _arrays(key: str, pipe) -> tuple[dict[str, np.ndarray], dict]:
    """The fitted parameters of one pipeline as named arrays, and what ``FastLinear`` needs to know of its blocks."""
    arrays: dict[str, np.ndarray] = {}
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
    return arrays, {"blocks": described, "class_type": type(clf.classes_[0]).__name__}


def compile(pipe, key: str) -> FastLinear:
    """The ``FastLinear`` scorer of a fitted pipeline, made in memory from the arrays ``export`` writes:
    a freshly fitted model scores exactly as its ``fast.npz`` will (``key``: the component, e.g. ``"roles"``).

    >>> from argmine.learn.linear import dict_only
    >>> pipe = dict_only(1.0).fit([{"قال": 1.0}, {"ربما": 1.0}], [0, 1])
    >>> compile(pipe, "cues").predict([{"ربما": 1.0}]).tolist()
    [1]
    """
    arrays, info = _arrays(key, pipe)
    return _component(key, info, arrays)


def export(models: dict, path: str | Path) -> None:
    """Write the fitted parameters of ``models`` to a numpy ``.npz`` file (no pickles)."""
    import io

    arrays: dict[str, np.ndarray] = {}
    meta: dict = {k: models[k] for k in ("use", "link_threshold", "format", "crf_settings") if k in models}
    meta["components"] = {}
    for key in COMPONENTS:
        pipe = models.get(key)
        if pipe is None:
            continue
        component_arrays, meta["components"][key] = _arrays(key, pipe)
        arrays.update(component_arrays)
    if models.get("crf") is not None:  # CRFWeights.to_arrays, as fit() returns it
        arrays.update({f"crf.{k}": np.asarray(models["crf"][k]) for k in CRF_ARRAYS})
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
        self.sizes = [len(ns) for ns in names]  # features of each block
        self.offsets = np.cumsum([0] + self.sizes)[:-1].tolist()
        self.idfs = idfs
        self.coef = np.ascontiguousarray(coef)  # classes x features
        self.coef_t = np.ascontiguousarray(coef.T)  # features x classes
        self.intercept = intercept
        self.classes_ = classes
        self.patterns = [re.compile(b["token_pattern"]) if b.get("token_pattern") else None for b in blocks]
        self.word_cache: list[dict[str, bytes]] = [{} for _ in blocks]  # char_wb: word -> its vocabulary indices
        self.word_tables: list[tuple | None] = [None for _ in blocks]  # word: see _word_table
        self.by_prefix: dict[str, dict[str, int]] = {}  # see _named
        self.by_names: dict[tuple, np.ndarray] = {}  # see dense_weights

    def _words(self, b: dict, k: int, texts: list[str]) -> list[list[str]]:
        """The words of each text, as the block's analyzer splits them before making n-grams."""
        texts = [t.lower() for t in texts] if b.get("lowercase", True) else texts
        if _splits(b):
            return [t.split() for t in texts]
        return [self.patterns[k].findall(t) for t in texts]

    def _terms(self, b: dict, k: int, words: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Vocabulary indices of the terms of every text (given as its words), with repeats, and the row each comes from."""
        if b["analyzer"] == "word":
            return self._word_terms(b, k, words)
        # a word's char_wb vocabulary indices are kept as int64 bytes, so that a text's are one bytes.join
        lo, hi = b["ngram_range"]
        index, cache = self.index[k], self.word_cache[k]
        joined = []
        for ws in words:
            found = list(map(cache.get, ws))
            if None in found:
                for i, w in enumerate(ws):
                    if found[i] is None:
                        found[i] = array("q", [j for j in map(index.get, _char_wb(w, lo, hi)) if j is not None]).tobytes()
                        if len(cache) < 200_000:
                            cache[w] = found[i]
            joined.append(b"".join(found))
        terms = np.frombuffer(b"".join(joined), dtype=np.int64)
        return terms, np.repeat(np.arange(len(words), dtype=np.int64), [len(j) // 8 for j in joined])

    def _word_terms(self, b: dict, k: int, words: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """``_terms`` of word unigrams and bigrams: each word gets an id, and a bigram is looked up by its pair of ids."""
        lo, hi = b["ngram_range"]
        if hi > 2:
            return self._word_terms_slowly(b, k, words)
        ids, unigram, pairs, pair_terms = self._word_table(k)
        found = np.fromiter(map(ids.get, itertools.chain.from_iterable(words), itertools.repeat(-1)), dtype=np.int64)
        rows = np.repeat(np.arange(len(words), dtype=np.int64), [len(ws) for ws in words])
        parts = []
        if lo == 1:
            uni = np.where(found >= 0, unigram[found], -1)
            parts.append((uni[uni >= 0], rows[uni >= 0]))
        if hi == 2 and len(pairs):
            # a bigram of two known words in the same text, found among the vocabulary's bigrams
            left, right = found[:-1], found[1:]
            key = left * len(ids) + right
            at = np.minimum(pairs.searchsorted(key), len(pairs) - 1)
            ok = (left >= 0) & (right >= 0) & (rows[:-1] == rows[1:]) & (pairs[at] == key)
            parts.append((pair_terms[at[ok]], rows[:-1][ok]))
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        terms, term_rows = (np.concatenate(p) for p in zip(*parts))
        order = np.argsort(term_rows, kind="stable")  # rows in order, as _counted needs (two sorted runs: one merge)
        return terms[order], term_rows[order]

    def _word_table(self, k: int) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]:
        """``(word -> id, id -> unigram column or -1, sorted bigram keys, their columns)`` of a word block (made once)."""
        if self.word_tables[k] is None:
            index = self.index[k]
            ids: dict[str, int] = {}
            for term in index:
                for w in term.split(" "):
                    ids.setdefault(w, len(ids))
            unigram = np.array([index.get(w, -1) for w in ids], dtype=np.int64)
            keys, columns = [], []
            for term, j in index.items():
                words = term.split(" ")
                if len(words) == 2:
                    keys.append(ids[words[0]] * len(ids) + ids[words[1]])
                    columns.append(j)
            order = np.argsort(keys, kind="stable")
            self.word_tables[k] = (ids, unigram, np.array(keys, dtype=np.int64)[order], np.array(columns, dtype=np.int64)[order])
        return self.word_tables[k]

    def _word_terms_slowly(self, b: dict, k: int, words: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """``_terms`` of any word n-grams, the n-grams made as strings."""
        lo, hi = b["ngram_range"]
        index = self.index[k]
        found, lengths = array("q"), []
        for toks in words:
            terms = list(toks) if lo == 1 else []
            for n in range(max(lo, 2), min(hi + 1, len(toks) + 1)):
                terms += map(" ".join, zip(*(toks[i:] for i in range(n))))
            found.extend(map(index.get, terms, itertools.repeat(-1)))  # -1: not in the vocabulary
            lengths.append(len(terms))
        terms = np.frombuffer(found, dtype=np.int64)
        rows = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
        return terms[terms >= 0], rows[terms >= 0]

    def _tfidf(self, b: dict, k: int, words: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(row, column, weight)`` of the non-zero TF-IDF features of texts given as their words, as scikit-learn computes them."""
        terms, rows = self._terms(b, k, words)
        idf = self.idfs[k]
        size = len(idf)
        dtype = np.int32 if len(words) * size < 2**31 else np.int64  # a narrower key sorts faster
        keys, counts = _counted(rows.astype(dtype) * dtype(size) + terms.astype(dtype), rows)
        rows, cols = np.divmod(keys.astype(np.int64), size)
        weights = ((1.0 + np.log(counts)) if b["sublinear_tf"] else counts.astype(np.float64)) * idf[cols]
        if b["norm"] == "l2":
            weights /= np.sqrt(np.bincount(rows, weights * weights, minlength=len(words)))[rows]
        return rows, cols, weights

    def _dict(self, k: int, dicts: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(row, column, value)`` of the known, non-zero features of ``dicts``."""
        lengths = list(map(len, dicts))
        n = sum(lengths)
        names = itertools.chain.from_iterable(dicts)
        cols = np.fromiter(map(self.index[k].get, names, itertools.repeat(-1)), dtype=np.int64, count=n)
        vals = np.fromiter(itertools.chain.from_iterable(map(dict.values, dicts)), dtype=np.float64, count=n)
        rows = np.repeat(np.arange(len(dicts), dtype=np.int64), lengths)
        keep = (cols >= 0) & (vals != 0)
        return rows[keep], cols[keep], vals[keep]

    def _columns(self, X) -> np.ndarray:
        """The linear scores of ``features.Columns`` (a model over one ``DictVectorizer``)."""
        index, coef = self.index[0], self.coef_t
        out = np.zeros((len(X), coef.shape[1]))
        for name, values in X.numeric.items():
            j = index.get(name)
            if j is not None:
                out += values[:, None] * coef[j]
        for prefix, values in X.onehot.items():
            known = self._named(prefix)
            cols = np.fromiter(map(known.get, values.tolist(), itertools.repeat(-1)), dtype=np.int64, count=len(values))
            out += np.where(cols[:, None] >= 0, coef[cols], 0.0)
        return out + self.intercept

    def _named(self, prefix: str) -> dict[str, int]:
        """``value -> column`` of the features named ``prefix + value`` (of a one-block model), made once per prefix."""
        if prefix not in self.by_prefix:
            self.by_prefix[prefix] = {name[len(prefix) :]: j for name, j in self.index[0].items() if name.startswith(prefix)}
        return self.by_prefix[prefix]

    def decision_function(self, X, dense: tuple[list[str], np.ndarray | list[np.ndarray]] | None = None) -> np.ndarray:
        """The linear scores of the rows ``X``, computed for all rows at once.

        ``dense``: ``(names, values)``, dict features given apart from the rows' dicts, as a rows x
        ``len(names)`` array (the role model's word vectors): the scores are those of the rows with
        ``names`` in their dicts, a matrix product instead of a look-up of each name in each row.
        ``values`` may also be a list of such arrays, one after another (those of several documents):
        each is multiplied apart, so that a row's score is the one it gets scored alone with its
        array (a matrix product's rounding may depend on the other rows it is computed with; every
        other step here computes each row apart).
        """
        out = self._decision_function(X)
        if dense is not None:
            names, values = dense
            weights = self.dense_weights(tuple(names))
            if isinstance(values, np.ndarray):
                out += values @ weights
            else:
                at = 0
                for part in values:
                    out[at : at + len(part)] += part @ weights
                    at += len(part)
        return out

    def dense_weights(self, names: tuple[str, ...]) -> np.ndarray:
        """The coefficients (``names`` x classes) of the dict features ``names``; zeros for a name the model lacks."""
        if names not in self.by_names:
            (k,) = [k for k, b in enumerate(self.blocks) if b["kind"] == "DictVectorizer"]
            cols = np.fromiter(map(self.index[k].get, names, itertools.repeat(-1)), dtype=np.int64, count=len(names))
            known = cols >= 0
            weights = np.zeros((len(names), self.coef_t.shape[1]))
            weights[known] = self.coef_t[cols[known] + self.offsets[k]]
            self.by_names[names] = weights
        return self.by_names[names]

    def _decision_function(self, X) -> np.ndarray:
        if hasattr(X, "onehot"):
            return self._columns(X)
        n = len(X)
        parts = []
        split: dict[tuple, list[list[str]]] = {}  # the blocks that split a column the same way share its words
        for k, b in enumerate(self.blocks):
            if b["column"] is None:
                values = list(X)
            else:  # a column of the 2-D object array scikit-learn takes, or of a list of rows
                values = X[:, b["column"]].tolist() if isinstance(X, np.ndarray) else [row[b["column"]] for row in X]
            if b["kind"] == "TfidfVectorizer":
                how = (b["column"], b.get("lowercase", True), _splits(b) or b["token_pattern"])
                if how not in split:
                    split[how] = self._words(b, k, values)
                rows, cols, vals = self._tfidf(b, k, split[how])
            else:
                rows, cols, vals = self._dict(k, values)
            parts.append((rows, cols + self.offsets[k], vals))
        rows, cols, vals = (np.concatenate(p) for p in zip(*parts))
        out = np.empty((n, self.coef_t.shape[1]))
        for c in range(out.shape[1]):
            out[:, c] = np.bincount(rows, self.coef[c][cols] * vals, minlength=n)
        return out + self.intercept

    def predict_proba(self, X, dense: tuple[list[str], np.ndarray | list[np.ndarray]] | None = None) -> np.ndarray:
        d = self.decision_function(X, dense)
        if d.shape[1] == 1:
            p = np.exp(-np.logaddexp(0.0, -d[:, 0]))  # the logistic function, without overflow
            return np.column_stack([1 - p, p])
        d = d - d.max(axis=1, keepdims=True)
        e = np.exp(d)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X, dense: tuple[list[str], np.ndarray | list[np.ndarray]] | None = None) -> np.ndarray:
        return self.classes_[self.predict_proba(X, dense).argmax(axis=1)]


def _counted(keys: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``keys`` in order and how often each occurs (``np.unique``, faster).

    ``rows`` is the row of each key and must be non-decreasing; the keys of a row sort before those
    of the next. So the keys are sorted a few rows at a time (small sorts are faster), never
    splitting a row.
    """
    if not len(keys):
        return keys, np.zeros(0, dtype=np.int64)
    step = max(1, 1000 * (int(rows[-1]) + 1) // len(keys))  # rows per sort: about a thousand keys
    cuts = rows.searchsorted(np.arange(step, int(rows[-1]) + 1, step)).tolist()
    keys = np.concatenate([np.sort(part) for part in np.split(keys, cuts)])
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.diff(np.append(starts, len(keys)))


def _splits(b: dict) -> bool:
    r"""Whether a TF-IDF block splits its texts into words at whitespace (``str.split``) before making n-grams.

    scikit-learn's char_wb n-grams are made word by word, and its whitespace runs are str.split's;
    the word pattern r"\S+" finds what str.split finds (re's \s is str.isspace).
    """
    return b["analyzer"] == "char_wb" or b["token_pattern"] == r"\S+"


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


def parse(path: str | Path) -> dict:
    """``_load``, with any problem of the file raised as one ``ModelError`` naming it."""
    from argmine.learn.errors import ModelError

    try:
        return _load(path)
    except ModelError:
        raise
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, EOFError, re.error, zlib.error, zipfile.BadZipFile) as e:
        raise ModelError(f"{path}: not a valid argmine model export, truncated or corrupted ({type(e).__name__}: {e})") from None


_ANALYZERS = ("word", "char_wb")
_INT_CLASSES = ("int", "int64", "int32")


def _check_blocks(blocks: list) -> None:
    """Refuse feature blocks that ``FastLinear`` would not compute as scikit-learn does."""
    for i, b in enumerate(blocks):
        if b.get("kind") == "DictVectorizer":
            continue
        if b.get("kind") != "TfidfVectorizer" or b.get("analyzer") not in _ANALYZERS or b.get("norm") not in ("l2", None):
            raise ValueError(f"block {i}: not a feature block of argmine's ({b.get('kind')}, analyzer {b.get('analyzer')}, norm {b.get('norm')})")
        lo, hi = b["ngram_range"]
        if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi <= 10):
            raise ValueError(f"block {i}: ngram_range {b['ngram_range']} is not 1 <= lo <= hi <= 10")
        if b["analyzer"] == "word":
            re.compile(b["token_pattern"])


def _load(path: str | Path) -> dict:
    from argmine.learn.errors import ModelError

    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"][0]))
        models = {k: meta[k] for k in ("use", "link_threshold", "format", "crf_settings") if k in meta}
        try:
            for key, info in meta["components"].items():
                models[key] = _component(key, info, data)
            if "crf.state" in data.files:
                from argmine.attribution.sequence import CRFWeights

                models["crf"] = CRFWeights.from_arrays({k: data[f"crf.{k}"] for k in CRF_ARRAYS})
        except ModelError as e:
            raise ModelError(f"{path}: {e}") from None
    return models


def _component(key: str, info: dict, data) -> FastLinear:
    """The ``FastLinear`` of component ``key`` from its arrays in ``data`` (an ``.npz`` or a dict), its blocks checked."""
    from argmine.learn.errors import check_labels

    blocks = info["blocks"]
    _check_blocks(blocks)
    names = [data[f"{key}.{i}.names"] for i in range(len(blocks))]
    idfs = [data[f"{key}.{i}.idf"] if b["kind"] == "TfidfVectorizer" else None for i, b in enumerate(blocks)]
    classes = data[f"{key}.classes"]
    check_labels(key, classes)
    if info["class_type"] in _INT_CLASSES:
        classes = classes.astype(np.int64)
    return FastLinear(blocks, names, idfs, data[f"{key}.coef"], data[f"{key}.intercept"], classes)
