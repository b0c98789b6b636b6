"""The linear models every learned component uses, and the feature matrices they take.

Each learned component is a logistic regression over a ``DictVectorizer`` (and, for roles and source
types, TF-IDF word and character n-grams of the normalised text): plain scikit-learn, so that ``skops``
loads it without trusting any type, and ``argmine.learn.fastlinear`` can score it with numpy alone.

>>> [name for name, _ in text_and_dict(4.0).steps]
['features', 'classifier']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHUNK = 2000  # rows scored at a time


def text_and_dict(C: float, chars: bool = True, class_weight="balanced"):
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    parts = [("words", TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), min_df=2, sublinear_tf=True), 0)]
    if chars:
        # character n-grams found in more than a tenth of the units ("ال", " ال") are half of all the
        # n-grams read: leaving them out halves the block's cost at the same macro-F1 (make tradeoffs)
        chars_vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=3, max_df=0.1, sublinear_tf=True)
        parts.append(("chars", chars_vec, 0))
    parts.append(("cues", DictVectorizer(), 1))
    return Pipeline(
        [
            ("features", ColumnTransformer(parts)),
            ("classifier", LogisticRegression(C=C, max_iter=5000, class_weight=class_weight)),
        ]
    )


def dict_only(C: float, class_weight=None):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [("features", DictVectorizer()), ("classifier", LogisticRegression(C=C, max_iter=5000, class_weight=class_weight))]
    )


def choice_model(C: float, rows: list[dict], groups, y, weights=None):
    """A linear model that picks one option in each group (a conditional logit: the softmax of the linear
    scores over the group), fitted by L-BFGS with an L2 penalty ``1/C``; ``groups`` numbers each row's group
    (rows of a group together), ``y`` is 1 for the group's chosen option; ``weights`` (one per group, else
    1) multiply each group's term of the loss. Returned as the plain
    ``dict_only`` pipeline (its classifier's ``coef_`` set, intercept 0), so that skops keeps it and
    ``fastlinear`` scores it: its ``decision_function`` is the option's score.

    >>> m = choice_model(10.0, [{"a": 1.0}, {"b": 1.0}, {"a": 1.0}, {"b": 1.0}], [0, 0, 1, 1], [1, 0, 1, 0])
    >>> bool(m.decision_function([{"a": 1.0}])[0] > m.decision_function([{"b": 1.0}])[0])
    True
    """
    from scipy.optimize import minimize

    pipe = dict_only(C)
    vec, clf = pipe.steps[0][1], pipe.steps[1][1]
    X = vec.fit_transform(rows).tocsr()
    groups, y = np.asarray(groups), np.asarray(y, dtype=np.float64)
    starts = np.flatnonzero(np.concatenate(([True], groups[1:] != groups[:-1])))
    member = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(groups))))
    weights = None if weights is None else np.asarray(weights, dtype=np.float64)
    row = None if weights is None else weights[member]

    def loss(w):
        s = X @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[member])
        z = np.add.reduceat(e, starts)
        if row is None:  # (kept apart: the unweighted fit gives the same bytes as before weights)
            value = float(np.sum(np.log(z) + top) - s @ y + w @ w / (2 * C))
            return value, X.T @ (e / z[member] - y) + w / C
        value = float(weights @ (np.log(z) + top) - s @ (row * y) + w @ w / (2 * C))
        return value, X.T @ (row * (e / z[member] - y)) + w / C

    w = minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
    clf.coef_, clf.intercept_, clf.classes_ = w[None, :], np.zeros(1), np.array([0, 1])
    clf.n_features_in_, clf.n_iter_ = X.shape[1], np.array([0], dtype=np.int32)
    return pipe


def as_matrix(rows):
    """``(text, dict)`` rows as the 2-column object array the estimators take."""
    import numpy as np

    X = np.empty((len(rows), 2), dtype=object)
    for i, (text, feats) in enumerate(rows):
        X[i, 0], X[i, 1] = text, feats
    return X


@dataclass
class Columns:
    """Features of many rows, column by column, for dict-feature models.

    ``numeric[name]`` holds one number per row; ``onehot[prefix]`` one string per row, the
    feature ``prefix + value`` being 1. Iterated, it gives one feature dict per row, so a
    scikit-learn ``DictVectorizer`` takes it as it is; ``fastlinear`` scores the columns directly.

    >>> Columns({"next_punct": np.array([0.0, 1.0])}, {"last=": np.array(["وزاره", "الداخليه"], dtype=object)}).rows()
    [{'last=وزاره': 1.0, 'next_punct': 0.0}, {'last=الداخليه': 1.0, 'next_punct': 1.0}]
    """

    numeric: dict[str, np.ndarray]
    onehot: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(next(iter(self.numeric.values())))

    def __iter__(self):
        return iter(self.rows())

    @staticmethod
    def concat(parts: list[Columns]) -> Columns:
        """The rows of ``parts``, one after another."""
        first = parts[0]
        return Columns(
            {k: np.concatenate([p.numeric[k] for p in parts]) for k in first.numeric},
            {k: np.concatenate([p.onehot[k] for p in parts]) for k in first.onehot},
        )

    def rows(self) -> list[dict[str, float]]:
        numeric = {k: v.tolist() for k, v in self.numeric.items()}
        onehot = {k: v.tolist() for k, v in self.onehot.items()}
        out = []
        for r in range(len(self)):
            f = {prefix + values[r]: 1.0 for prefix, values in onehot.items()}
            f.update((name, float(values[r])) for name, values in numeric.items())
            out.append(f)
        return out
