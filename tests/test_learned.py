"""The learned components, their files, and the stanza segmenter."""

import zipfile

import pytest

import argmine
from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.record import document_from_record
from argmine.corpus.splits import split
from argmine.evaluation.metrics import segmentation_scores
from argmine.learn import modelio
from conftest import ROOT, check_offsets

DEFAULT = ROOT / "models" / "default" / "model.skops"


@pytest.fixture(scope="module")
def corpus():
    return read_jsonl(ROOT / "corpora" / "argmine.jsonl")


@pytest.fixture(scope="module")
def small_models(corpus):
    from argmine.learn.experiment import fit

    train, _ = split(corpus)
    return fit(train[:12])


def test_shipped_model_is_small_safe_and_complete():
    import skops.io as sio

    assert DEFAULT.stat().st_size < 5_000_000
    data = DEFAULT.read_bytes()
    assert sio.get_untrusted_types(data=data) == []
    assert zipfile.ZipFile(DEFAULT).testzip() is None
    models = modelio.load(DEFAULT)
    assert set(models["use"]) <= {"roles", "cues", "attribution", "links"}
    for key in ("roles", "cues", "types", "links"):
        assert hasattr(models[key], "predict_proba")
    assert set(models["crf"]) == {"labels", "attributes", "state", "transition"}  # the attribution CRF, as arrays


def test_fitting_is_deterministic(small_models, corpus, tmp_path):
    from argmine.learn.experiment import fit

    train, _ = split(corpus)
    modelio.save(small_models, tmp_path / "a.skops")
    modelio.save(fit(train[:12]), tmp_path / "b.skops")
    assert (tmp_path / "a.skops").read_bytes() == (tmp_path / "b.skops").read_bytes()


def test_feature_order_in_the_rows_does_not_change_the_file(small_models, tmp_path):
    """DictVectorizer remembers features in first-seen order; the saved file must not."""
    import copy

    shuffled = copy.deepcopy(small_models)
    dv = shuffled["links"].steps[0][1]
    dv.vocabulary_ = dict(reversed(list(dv.vocabulary_.items())))
    modelio.save(small_models, tmp_path / "a.skops")
    modelio.save(shuffled, tmp_path / "b.skops")
    assert (tmp_path / "a.skops").read_bytes() == (tmp_path / "b.skops").read_bytes()


def test_learned_pipeline_tiles_and_round_trips(small_models, corpus):
    from argmine.pipeline import learned_pipeline as pipeline

    doc = pipeline(small_models)(corpus[1].text, "x")
    check_offsets(doc)
    assert document_from_record(doc.to_dict()).to_dict() == doc.to_dict()
    assert {u.role for u in doc.units} <= {"claim", "evidence", "motive", "other"}


def test_learned_roles_beat_the_rules_on_the_test_split(corpus):
    from argmine.evaluation.metrics import role_scores
    from argmine.learn.experiment import run
    from argmine.pipeline import Pipeline

    _, test = split(corpus)
    learned = role_scores(test, run(argmine.load("default"), test))["macro_f1"]
    rules = role_scores(test, run(Pipeline.default(), test))["macro_f1"]
    assert learned >= 0.85 and learned > rules


def test_untrusted_types_are_refused(tmp_path):
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    path = tmp_path / "evil.skops"
    sio.dump(FunctionTransformer(func=check_offsets), path)
    with pytest.raises(modelio.ModelError, match="unexpected types"):
        modelio.load(path)


@pytest.mark.parametrize("cut", [0.5, 0.95])
def test_truncated_or_corrupted_model_is_named(tmp_path, cut):
    data = DEFAULT.read_bytes()
    path = tmp_path / "broken.skops"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(modelio.ModelError, match="broken.skops"):
        modelio.load(path)


def test_garbage_in_the_middle_is_named(tmp_path):
    data = bytearray(DEFAULT.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 64] = b"\x00" * 64
    path = tmp_path / "corrupt.skops"
    path.write_bytes(bytes(data))
    with pytest.raises(modelio.ModelError, match="corrupt.skops"):
        argmine.load(str(path))


def test_stanza_segmenter(corpus):
    _, test = split(corpus)
    docs = [argmine.annotate(d.text, d.id, segmenter="stanza", model=None) for d in test[:4]]
    for d in docs:
        check_offsets(d)
    assert segmentation_scores(test[:4], docs)["f1"] >= 0.8
    assert argmine.annotate("", segmenter="stanza", model=None).units == []


def test_link_thresholds_apply_by_the_role_of_the_supporting_unit(small_models, corpus):
    from argmine.learn.experiment import run
    from argmine.pipeline import learned_pipeline as pipeline

    _, test = split(corpus)

    def links(threshold):
        docs = run(pipeline(dict(small_models, link_threshold=threshold)), test[:4])
        return {(d.id, lk.from_, lk.to): d.unit(lk.from_).role for d in docs for lk in d.links}

    everything = links(0.0)
    no_claims = links({"claim": 1.01, "evidence": 0.0})  # no score reaches 1.01
    assert {"claim", "evidence"} <= set(everything.values())
    assert no_claims == {k: role for k, role in everything.items() if role != "claim"}
