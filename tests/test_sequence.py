"""The CRF attribution stage (argmine.attribution.sequence): its numpy Viterbi decodes as python-crfsuite
does, its weights survive plain arrays, and its attributions keep the offsets."""

import itertools
import re

import numpy as np
import pycrfsuite  # a dev dependency (pyproject.toml): fitting the CRF needs it, annotating does not
import pytest

from argmine.attribution import sequence
from argmine.attribution.sequence import CRFWeights, spans_of, viterbi
from argmine.attribution.training import sequence_data
from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import split
from argmine.learn.estimators import SequenceTagger, rule_layers
from argmine.pipeline import Pipeline
from conftest import ROOT, check_offsets

CORPUS = ROOT / "corpora" / "argmine.jsonl"


@pytest.fixture(scope="module")
def docs():
    train, test = split(read_jsonl(CORPUS))
    return train[:12], test[:4]


@pytest.fixture(scope="module")
def crfsuite_model(docs, tmp_path_factory):
    """A CRF fitted by python-crfsuite on a few documents, and the attribute sequences of others."""
    train, test = docs
    X, Y = sequence_data(train, [rule_layers(g) for g in train], content=True)
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(X, Y):
        trainer.append(x, y)
    trainer.set_params({"c1": 0.05, "c2": 0.05, "max_iterations": 40, "feature.possible_transitions": True})
    path = str(tmp_path_factory.mktemp("crf") / "m.crfsuite")
    trainer.train(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    held_out, _ = sequence_data(test, [rule_layers(g) for g in test])
    return tagger, held_out


def _total(scores, transition, path) -> float:
    return scores[np.arange(len(path)), list(path)].sum() + sum(transition[a, b] for a, b in itertools.pairwise(path))


@pytest.mark.parametrize("n, k", [(1, 3), (4, 3), (5, 2)])
def test_viterbi_finds_the_best_sequence(n, k):
    rng = np.random.default_rng(n * 10 + k)
    scores, transition = rng.normal(size=(n, k)), rng.normal(size=(k, k))
    best = max(itertools.product(range(k), repeat=n), key=lambda p: _total(scores, transition, p))
    assert viterbi(scores, transition) == list(best)


def test_numpy_decoding_equals_crfsuite(crfsuite_model):
    tagger, held_out = crfsuite_model
    weights = sequence.from_crfsuite(tagger)
    assert len(held_out) > 5
    assert len(set(weights.labels)) == 7
    tagged = [weights.tag(x) for x in held_out]
    assert tagged == [tagger.tag(x) for x in held_out]
    assert any(lab != "O" for t in tagged for lab in t)  # not a trivial model


def test_weights_survive_plain_arrays(crfsuite_model, tmp_path):
    tagger, held_out = crfsuite_model
    weights = sequence.from_crfsuite(tagger)
    np.savez(tmp_path / "crf.npz", **weights.to_arrays())
    with np.load(tmp_path / "crf.npz", allow_pickle=False) as z:
        loaded = CRFWeights.from_arrays(z)
    assert [loaded.tag(x) for x in held_out] == [tagger.tag(x) for x in held_out]


def test_spans_of_reads_bio():
    assert spans_of(["B-S", "B-S", "I-S", "O", "B-C"], "S") == [(0, 1), (1, 3)]
    assert spans_of(["O", "O"], "S") == []


@pytest.mark.parametrize("mode", ["source", "all"])
def test_stage_keeps_offsets(docs, mode):
    train, test = docs
    stage = SequenceTagger(max_iterations=30, mode=mode).fit(train)
    pipeline = Pipeline.default().replace("attribution", stage)
    found = 0
    for g in test:
        doc = pipeline(g.text, g.id, units=[(u.start, u.end) for u in g.units])
        check_offsets(doc)
        found += len(doc.attributions)
        units = {u.id for u in doc.units}
        assert all(a.unit in units and a.source.start < a.source.end for a in doc.attributions)
        assert len({a.id for a in doc.attributions}) == len(doc.attributions)
    assert found > 0


def test_annotating_needs_no_crfsuite():
    source = (ROOT / "argmine" / "attribution" / "sequence.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from) (pycrfsuite|sklearn_crfsuite|sklearn)", source, re.M)


def test_estimator_is_a_scikit_learn_estimator():
    from sklearn.base import clone

    from argmine.learn import SequenceTagger as Exported

    params = clone(Exported(c1=0.1, mode="all", drop=False)).get_params()
    assert (params["c1"], params["mode"], params["drop"], params["rich"]) == (0.1, "all", False, True)
