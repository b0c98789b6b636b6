"""The numpy-only export gives scikit-learn's probabilities (what annotating imports: tests/test_architecture.py)."""


import numpy as np
import pytest

from argmine.attribution.training import type_data
from argmine.corpus.jsonl import read_jsonl
from argmine.cues.training import cue_data
from argmine.learn import fastlinear, modelio
from argmine.learn.estimators import rule_layers
from argmine.links.training import link_data
from argmine.roles.training import role_data
from conftest import ROOT

MODEL = ROOT / "models" / "default"


@pytest.fixture(scope="module")
def both():
    return modelio.load(MODEL / "model.skops"), modelio.load_fast(MODEL / "fast.npz")


@pytest.fixture(scope="module")
def data():
    docs = read_jsonl(ROOT / "corpora" / "argmine.jsonl")
    layers = [rule_layers(g) for g in docs]
    return {
        "roles": role_data(docs, layers)[0],
        "cues": cue_data(docs, layers)[0],
        "types": type_data(docs)[0],
        "links": link_data(docs[:20])[0],
    }


@pytest.mark.parametrize("key", ["roles", "cues", "types", "links"])
def test_same_probabilities_as_scikit_learn(both, data, key):
    slow, fast = both
    X = data[key]
    assert len(X) > 30
    np.testing.assert_allclose(fast[key].predict_proba(X), slow[key].predict_proba(X), rtol=0, atol=1e-12)
    assert list(fast[key].predict(X)) == list(slow[key].predict(X))


def test_the_crf_is_the_same_from_either_file(both):
    """``fast.npz`` holds the CRF arrays of ``model.skops``: the same weights, labels and settings."""
    from argmine.learn.modelio import crf_weights

    slow, fast = both
    a, b = crf_weights(slow), crf_weights(fast)
    assert a.labels == b.labels and a.attributes == b.attributes
    np.testing.assert_array_equal(a.state, b.state)
    np.testing.assert_array_equal(a.transition, b.transition)
    assert slow["crf_settings"] == fast["crf_settings"]


def test_export_is_deterministic(both, tmp_path):
    slow, _ = both
    fastlinear.export(slow, tmp_path / "a.npz")
    assert (tmp_path / "a.npz").read_bytes() == (MODEL / "fast.npz").read_bytes()


@pytest.fixture(scope="module")
def columns():
    """Link features as ``Columns``, as the pipeline scores them."""
    from argmine.links.features import pair_columns
    from argmine.links.learned import link_candidates

    docs = read_jsonl(ROOT / "corpora" / "argmine.jsonl")[:20]
    return {"links": [pair_columns(g, link_candidates(g)) for g in docs]}


@pytest.mark.parametrize("key", ["links"])
def test_columns_score_like_their_rows(both, columns, key):
    """Scoring columns directly gives scikit-learn's probabilities on the same features as dicts."""
    slow, fast = both
    for X in columns[key]:
        if not len(X):
            continue
        rows = X.rows()
        assert list(X) == rows and len(rows) == len(X)
        np.testing.assert_allclose(fast[key].predict_proba(X), slow[key].predict_proba(rows), rtol=0, atol=1e-12)
        np.testing.assert_allclose(fast[key].predict_proba(X), fast[key].predict_proba(rows), rtol=0, atol=1e-12)


def test_counted_is_numpy_unique():
    rng = np.random.default_rng(0)
    rows = np.sort(rng.integers(0, 400, size=5000))  # many rows, so that the keys are sorted in several parts
    keys = (rows * 50 + rng.integers(0, 50, size=len(rows))).astype(np.int32)
    expected = np.unique(keys, return_counts=True)
    got = fastlinear._counted(keys, rows)
    assert [list(a) for a in got] == [list(a) for a in expected]
    assert [len(a) for a in fastlinear._counted(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64))] == [0, 0]


@pytest.mark.parametrize("block", [0, 1])
def test_terms_come_row_by_row(both, data, block):
    """``_counted`` sorts the terms a few rows at a time: the terms must come in row order."""
    _, fast = both
    model = fast["roles"]
    b = model.blocks[block]
    texts = [text for text, _ in data["roles"]]
    _, rows = model._terms(b, block, model._words(b, block, texts))
    assert len(rows) > 1000 and (np.diff(rows) >= 0).all()


def test_word_bigrams_looked_up_by_word_ids_are_the_bigram_strings(tmp_path):
    """Word n-grams found through pairs of word ids give scikit-learn's features, even for a
    bigram whose words are not in the vocabulary alone, and never join the end of one text to the
    start of the next."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts = ["قال الوزير إن", "X y", "الوزير قال إن الوزير الوزير", "y x x y", "", "إن", "قال قال"]
    vocabulary = ["قال الوزير", "الوزير", "إن x", "x y", "y", "قال", "قال قال"]
    vec = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), vocabulary=vocabulary, sublinear_tf=True)
    pipe = Pipeline([("features", vec), ("classifier", LogisticRegression())]).fit(texts, [0, 1, 0, 1, 0, 1, 1])
    fastlinear.export({"links": pipe}, tmp_path / "m.npz")  # a binary component: its classes are 0 and 1
    fast = modelio.load_fast(tmp_path / "m.npz")["links"]
    np.testing.assert_allclose(fast.predict_proba(texts), pipe.predict_proba(texts), rtol=0, atol=1e-12)
    b = fast.blocks[0]
    words = fast._words(b, 0, texts)
    by_ids, by_strings = fast._word_terms(b, 0, words), fast._word_terms_slowly(b, 0, words)
    assert sorted(zip(*(a.tolist() for a in by_ids))) == sorted(zip(*(a.tolist() for a in by_strings)))
    assert (vocabulary.index("إن x"), 0) not in zip(*(a.tolist() for a in by_ids))  # "إن" ends text 0, "X" starts text 1


