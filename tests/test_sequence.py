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


@pytest.mark.parametrize("lengths", [[3, 1, 7, 2, sequence.LONG + 5, 4, 7, 5, 6, 2, 3, 7, 1, 1], [3, 1, 7]])
def test_batched_viterbi_decodes_each_sequence_as_alone(lengths):
    # whole-number scores make ties, which both must break the same way (the first best); many short
    # sequences step together, a long one and a few short ones are decoded alone
    rng = np.random.default_rng(7)
    lengths = np.array(lengths)
    scores = rng.integers(-2, 3, size=(int(lengths.sum()), 3)).astype(float)
    transition = rng.integers(-1, 2, size=(3, 3)).astype(float)
    ends = np.cumsum(lengths)
    alone = [viterbi(scores[e - n : e], transition) for n, e in zip(lengths, ends)]
    assert sequence.viterbi_many(scores, lengths, transition).tolist() == list(itertools.chain(*alone))


@pytest.mark.parametrize("rich", [True, False])
def test_encoded_attributes_score_as_the_strings_do(docs, rich):
    """The stage's integer attributes give each token the very scores of ``token_features``'s strings."""
    import argmine
    from argmine.attribution.rules import SourceFinder, accusatives
    from argmine.document import Document

    pipeline = argmine.load("default")
    stage = next(s for s in pipeline.stages if s.name == "attribution")
    texts = [g.text for g in docs[1]] + ["وقال الوزير إن " * 400]  # and a unit longer than LONG tokens
    checked = 0
    for text in texts:
        doc = Document(text)
        for s in pipeline.stages[: [s.name for s in pipeline.stages].index("attribution")]:
            s(doc)
        finder = SourceFinder(doc.normalized, doc.tokens)
        for _ in stage.tag_units(doc, finder, typed=False):
            pass
        inputs = sequence.unit_inputs(doc, finder)
        starts = np.array([x for seq, *_ in inputs for x in seq.toks.starts], dtype=np.int64)
        ends = np.array([x for seq, *_ in inputs for x in seq.toks.ends], dtype=np.int64)
        encoded, lengths = sequence._Encoder(stage.weights_).scores(
            [(seq.toks, rule, kind) for seq, rule, kind in inputs], accusatives(finder.tanween_reach, starts, ends), rich
        )
        strings = [
            stage.weights_.scores(sequence.token_features(seq.toks, [sequence.RULES[c] for c in rule],
                                                          [sequence._KIND_NAMES[c] for c in kind],
                                                          [finder.accusative(seq.toks, k) for k in range(len(seq.toks))], rich))
            for seq, rule, kind in inputs
        ]  # fmt: skip
        assert lengths.tolist() == [len(seq.toks) for seq, *_ in inputs]
        assert encoded.tobytes() == np.concatenate(strings).tobytes()
        checked += len(encoded)
    assert checked > 1000


def test_many_documents_at_once_as_one_by_one(docs):
    import copy

    import argmine
    from argmine.document import Document

    pipeline = argmine.load("default")
    k = [s.name for s in pipeline.stages].index("attribution")
    stage = pipeline.stages[k]
    texts = [g.text for g in docs[0][:6]] + ["قال.", "لا شيء هنا."]
    before = []
    for text in texts:
        doc = Document(text)
        for s in pipeline.stages[:k]:
            s(doc)
        before.append(doc)
    alone, together = copy.deepcopy(before), copy.deepcopy(before)
    for doc in alone:
        stage(doc)
    stage.batch(together)
    assert sum(len(d.attributions) for d in alone) > 5
    assert [d.attributions for d in together] == [d.attributions for d in alone]
