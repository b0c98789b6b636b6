"""The weight of the authored documents in training (``authored_weight``): an authored document counted
W times fits as if it were in the training set W times, a published article counts once, and W=1 is the
fit without weights."""

import dataclasses

import numpy as np
import pytest

from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import is_real, split
from argmine.learn import HedgeFilter, SequenceTagger, SupportLinker
from argmine.learn.estimators import document_weights, row_weights
from argmine.learn.linear import choice_model
from conftest import ROOT


def _published(doc):
    """The same document, marked as a published article."""
    return dataclasses.replace(doc, meta=dict(doc.meta, origin="external"))


@pytest.fixture(scope="module")
def docs():
    """Two authored documents and four marked as published."""
    train, _ = split(read_jsonl(ROOT / "corpora" / "argmine.jsonl"))
    return train[:2] + [_published(d) for d in train[2:6]]


def test_each_authored_document_counts_w_times_and_a_published_one_once(docs):
    assert [is_real(d) for d in docs] == [False, False, True, True, True, True]
    assert document_weights(docs, 3) == [3, 3, 1, 1, 1, 1]
    assert row_weights([3, 1], [2, 1]).tolist() == [3.0, 3.0, 1.0]
    assert row_weights([1, 1], [2, 1]) is None  # no weights: the unweighted fit, the same bytes
    for bad in (0, 1.5, -2):
        with pytest.raises(ValueError):
            document_weights(docs, bad)


def test_a_weighted_choice_group_fits_as_if_it_were_repeated():
    rows = [{"a": 1.0, "d": 0.5}, {"b": 1.0}, {"a": 1.0}, {"b": 1.0, "d": 1.0}, {"b": 1.0}, {"a": 1.0, "d": 1.0}]
    groups, y = [0, 0, 1, 1, 2, 2], [1, 0, 0, 1, 1, 0]
    weighted = choice_model(1.0, rows, groups, y, weights=[3.0, 1.0, 1.0])
    repeated = choice_model(1.0, rows[:2] * 3 + rows[2:], [0, 0, 5, 5, 6, 6] + groups[2:], y[:2] * 3 + y[2:])
    plain = choice_model(1.0, rows, groups, y)
    coef = dict(zip(weighted[0].feature_names_, weighted[-1].coef_[0]))
    assert coef == pytest.approx(dict(zip(repeated[0].feature_names_, repeated[-1].coef_[0])), abs=1e-5)
    assert not np.allclose(weighted[-1].coef_, plain[-1].coef_, atol=1e-3)
    ones = choice_model(1.0, rows, groups, y, weights=[1.0, 1.0, 1.0])
    np.testing.assert_allclose(ones[-1].coef_, plain[-1].coef_, atol=1e-6)


def test_the_crf_counts_an_authored_document_twice_as_two_copies(docs):
    params = {"max_iterations": 30}
    twice = SequenceTagger(authored_weight=2, **params).fit(docs)
    copies = SequenceTagger(**params).fit([docs[0], docs[0], docs[1], docs[1], *docs[2:]])
    once = SequenceTagger(**params).fit(docs)
    for a, b in zip(twice.weights_.to_arrays().values(), copies.weights_.to_arrays().values()):
        assert np.array_equal(a, b)
    assert any(not np.array_equal(a, b) for a, b in zip(twice.weights_.to_arrays().values(), once.weights_.to_arrays().values()))


@pytest.mark.parametrize("cls", [HedgeFilter, SupportLinker], ids=["cues", "links"])
def test_a_weighted_classifier_fits_as_if_the_authored_documents_were_repeated(docs, cls):
    params = {"cv_thresholds": False} if cls is SupportLinker else {}
    twice = cls(authored_weight=2, **params).fit(docs).model_
    copies = cls(**params).fit([docs[0], docs[0], docs[1], docs[1], *docs[2:]]).model_
    once = cls(**params).fit(docs).model_
    names = twice[0].feature_names_
    assert list(copies[0].feature_names_) == list(names)
    np.testing.assert_allclose(twice[-1].coef_, copies[-1].coef_, atol=2e-3)
    assert not np.allclose(twice[-1].coef_, once[-1].coef_, atol=2e-3)


def test_the_link_thresholds_are_chosen_over_the_documents_as_weighted_in_training(docs):
    from argmine.learn.estimators import rule_layers
    from argmine.links.training import choose_thresholds

    layers = [rule_layers(g) for g in docs]
    seen = []

    def scorer(golds, lay):
        seen.append({g.id for g in golds})
        return None  # nothing scored: the held-out documents are what this test watches

    choose_thresholds(docs, layers, scorer, folds=2)
    assert all({docs[0].id, docs[1].id} <= ids for ids in seen)  # by default only published articles are held out
    seen.clear()
    choose_thresholds(docs, layers, scorer, folds=2, weights=document_weights(docs, 5))
    assert not all({docs[0].id, docs[1].id} <= ids for ids in seen)  # weighted: the authored ones too
    with pytest.raises(ValueError):
        SupportLinker(threshold_documents="some").fit(docs)
