"""The learned components as scikit-learn estimators (argmine.learn): parameters, fitting, scoring,
the stage they are, and the README's grid search."""

import re

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

import argmine
from argmine.attribution.sequence import CRFWeights
from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import split
from argmine.evaluation.metrics import HEADLINE, compare, headline
from argmine.learn import HedgeFilter, RoleClassifier, SequenceTagger, SupportLinker, fit_pipeline
from argmine.learn.experiment import fit, run
from argmine.learn.fastlinear import FastLinear
from argmine.pipeline import Pipeline, learned_pipeline
from conftest import ROOT, check_offsets

CORPUS = ROOT / "corpora" / "argmine.jsonl"
ESTIMATORS = [
    (RoleClassifier, {"C": 1.5, "authored_weight": 2}),
    (HedgeFilter, {"C": 1.5, "threshold": 0.4, "authored_weight": 2}),
    (SequenceTagger, {"c1": 0.1, "c2": 0.02, "max_iterations": 40, "mode": "all", "drop": False, "add": False,
                      "source_bias": 0.5, "rich": False, "type_C": 1.5, "authored_weight": 2}),  # fmt: skip
    (SupportLinker, {"C": 1.5, "evidence_threshold": 0.6, "claim_threshold": 0.9, "cv_thresholds": False, "choice": False, "threshold_documents": "real",
                     "authored_weight": 2}),  # fmt: skip
]


@pytest.fixture(scope="module")
def docs():
    train, test = split(read_jsonl(CORPUS))
    return train[:12], test[:4]


@pytest.fixture(scope="module")
def fitted(docs):
    train, _ = docs
    return {cls.name: cls().fit(train) for cls, _ in ESTIMATORS}


@pytest.mark.parametrize("cls, params", ESTIMATORS, ids=[c.__name__ for c, _ in ESTIMATORS])
def test_parameters_are_kept_and_cloned(cls, params):
    est = cls(**params)
    assert est.get_params() == params
    assert clone(est).get_params() == params
    assert est.set_params(**{k: 7.0 for k in params}).get_params() == {k: 7.0 for k in params}
    assert cls.name in HEADLINE  # the stage it replaces, and the figure that scores it


@pytest.mark.parametrize("cls", [c for c, _ in ESTIMATORS], ids=[c.__name__ for c, _ in ESTIMATORS])
def test_an_unfitted_estimator_does_not_annotate(cls):
    with pytest.raises(NotFittedError):
        Pipeline.default().replace(cls.name, cls())("قال الوزير إن الحرب ربما انتهت.")


def test_fit_returns_the_plain_model_and_its_numpy_scorer(fitted):
    roles = fitted["roles"]
    assert type(roles.model_).__name__ == "Pipeline" and isinstance(roles.scorer_, FastLinear)
    rows = np.array([["قال الوزير إن الحرب انتهت", {}], ["ربما تنتهي الحرب", {}]], dtype=object)
    np.testing.assert_allclose(roles.scorer_.predict_proba(rows), roles.model_.predict_proba(rows), rtol=0, atol=1e-12)
    tagger = fitted["attribution"]
    assert isinstance(tagger.weights_, CRFWeights) and isinstance(tagger.type_scorer_, FastLinear)
    from argmine.links.training import THRESHOLD_GRID

    chosen = fitted["links"].thresholds_  # chosen by cross-validation at fit time, and the ones it links with
    assert fitted["links"].threshold == chosen and set(chosen.values()) <= set(THRESHOLD_GRID)


def test_the_fitted_estimators_are_the_saved_models(docs, fitted):
    """``experiment.fit`` saves the estimators' plain pipelines: the same coefficients."""
    train, _ = docs
    models = fit(train)
    pairs = [("roles", fitted["roles"].model_), ("cues", fitted["cues"].model_), ("types", fitted["attribution"].type_model_),
             ("links", fitted["links"].model_)]  # fmt: skip
    for key, model in pairs:
        np.testing.assert_array_equal(models[key].steps[-1][1].coef_, model.steps[-1][1].coef_)
    assert models["link_threshold"] == fitted["links"].threshold
    crf = fitted["attribution"].weights_
    np.testing.assert_array_equal(models["crf"]["state"], crf.state)
    np.testing.assert_array_equal(models["crf"]["transition"], crf.transition)
    assert models["crf_settings"] == fitted["attribution"].settings()


def test_a_fitted_estimator_annotates_as_its_loaded_model(docs, fitted):
    """One inference path: the estimator as a stage, and the pipeline built from its saved model, agree."""
    _, test = docs
    models = fit(docs[0])
    as_stages = fit_pipeline(docs[0])
    as_loaded = learned_pipeline(models)
    for g in test:
        a, b = as_stages(g.text, g.id), as_loaded(g.text, g.id)
        check_offsets(a)
        assert a.to_dict() == b.to_dict()
    assert [type(s).__name__ for s in as_stages.stages][1:5] == ["HedgeFilter", "SequenceTagger", "RoleClassifier", "SupportLinker"]


@pytest.mark.parametrize("name", ["roles", "cues", "attribution", "links"])
def test_score_is_the_headline_figure_of_the_rule_pipeline_with_the_stage(docs, fitted, name):
    _, test = docs
    est = fitted[name]
    expected = headline(compare(test, run(Pipeline.default().replace(name, est), test)), name)
    assert est.score(test) == expected
    assert 0.0 <= expected <= 1.0


def test_the_readme_example_runs(monkeypatch, tmp_path):
    """The README's "Training a component" code, as written, on the first 9 documents of the corpus."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Training a component", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    small = tmp_path / "small.jsonl"
    small.write_text("".join(CORPUS.read_text(encoding="utf-8").splitlines(keepends=True)[:9]), encoding="utf-8")
    assert 'read_jsonl("corpora/argmine.jsonl")' in code
    namespace: dict = {}
    exec(code.replace("corpora/argmine.jsonl", str(small)), namespace)
    search, doc = namespace["search"], namespace["doc"]
    assert search.best_params_["C"] in (1.0, 4.0) and 0.0 <= search.best_score_ <= 1.0
    assert isinstance(search.best_estimator_, RoleClassifier) and search.best_estimator_ in namespace["pipeline"].stages
    assert doc.units[0].role in ("claim", "evidence", "motive", "other") and argmine.load(None)(doc.text).text == doc.text
