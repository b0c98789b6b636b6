"""The learned components as scikit-learn estimators: fitted on documents, scored, and pipeline stages.

Each sample is one gold ``Document`` (with its units, roles, cues, attributions and links), so a
component is grid-searched like any scikit-learn estimator, with the documents as groups:

>>> from sklearn.base import clone
>>> clone(RoleClassifier(C=2.0)).get_params()
{'C': 2.0, 'authored_weight': 1}

``authored_weight`` is how many times each document written for the project counts in training against
one published article (``document_weights``): the sample weight of its rows in the logistic
regressions, the link scorer's loss and the repeats of its sequences in the CRF.

``fit(docs)`` fits a plain scikit-learn pipeline (``model_``: what ``model.skops`` holds) and makes
its numpy scorer (``scorer_``: what ``fast.npz`` holds, ``argmine.learn.fastlinear``). The fitted
estimator is the pipeline stage itself (it extends the numpy-only stage that ``argmine.load`` builds
from ``fast.npz``), so ``Pipeline.replace`` takes it, and it annotates exactly as the saved model
will. ``score(docs)`` is the component's headline figure (``evaluation.metrics.HEADLINE``) for the
rule pipeline with this stage in it, run on the gold units.

This module imports scikit-learn; annotating never imports it. The four estimators live in this one
module: skops records which parameter values are the same Python object, and the shipped model's
bytes were made with one ``4.0`` (roles, types) and one ``2.0`` (cues, links), as Python gives the
equal constants of one module.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator

from argmine.attribution.rules import AttributionTagger
from argmine.attribution.sequence import SequenceAttributionTagger
from argmine.corpus.splits import is_real
from argmine.cues.learned import LearnedHedgeTagger
from argmine.cues.rules import HedgeTagger
from argmine.document import Document
from argmine.learn.linear import choice_model, dict_only, text_and_dict
from argmine.links.learned import LINK_THRESHOLDS, LearnedLinker
from argmine.pipeline import COMPONENTS, Pipeline
from argmine.roles.learned import LearnedRoleClassifier


def rule_layers(gold: Document) -> Document:
    """The rule pipeline's cues and attributions over the gold units (roles kept, no links): the
    layers the learned features read at training time, as they will at annotation time."""
    doc = Document(text=gold.text, id=gold.id, meta=dict(gold.meta))
    for u in gold.units:
        doc.add_unit(u.start, u.end, u.role)
    HedgeTagger()(doc)
    AttributionTagger()(doc)
    return doc


def run(pipeline: Pipeline, golds: list[Document]) -> list[Document]:
    """The pipeline's annotation of each gold text, on the gold units."""
    return [pipeline(g.text, g.id, units=[(u.start, u.end) for u in g.units]) for g in golds]


def _compiled(model, key: str):
    """The numpy scorer of a fitted scikit-learn pipeline (``None`` for none)."""
    from argmine.learn import fastlinear

    return None if model is None else fastlinear.compile(model, key)


def _two_classes(y) -> bool:
    return len(set(y)) > 1


def document_weights(docs: list[Document], authored_weight: int = 1) -> list[int]:
    """Each document's weight in training: ``authored_weight`` for a document written for the project,
    1 for a published article (``corpus.splits.is_real``); for example ``[1, 3]`` for an article and
    an authored text such as «ربما انتهت الحرب.» with ``authored_weight=3``."""
    if int(authored_weight) != authored_weight or authored_weight < 1:
        raise ValueError(f"authored_weight: {authored_weight}: a whole number of times, 1 or more")
    return [1 if is_real(d) else int(authored_weight) for d in docs]


def row_weights(weights: list[int], counts: list[int]) -> np.ndarray | None:
    """The sample weight of each training row, ``counts[k]`` rows coming from document ``k`` of weight
    ``weights[k]``; ``None`` when every weight is 1 (the fit without weights, the same bytes)."""
    if all(w == 1 for w in weights):
        return None
    return np.repeat(np.asarray(weights, dtype=np.float64), counts)


class StageEstimator(BaseEstimator):
    """What the four estimators share: the fitted check before annotating, and ``score``."""

    name: str  # the stage it replaces, and the key of its headline figure

    def __call__(self, doc: Document) -> None:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self)
        super().__call__(doc)

    def score(self, docs: list[Document], y=None) -> float:
        """The headline figure of this component (role macro-F1, hedged F1, exact source F1 or link
        F1) for the rule pipeline with this stage in it, run on the units of the gold ``docs``."""
        from argmine.evaluation.metrics import compare, headline

        return headline(compare(docs, run(Pipeline.default().replace(self.name, self), docs)), self.name)


class RoleClassifier(StageEstimator, LearnedRoleClassifier):
    """The role of each unit: a logistic regression (inverse regularisation ``C``) over TF-IDF word and
    character n-grams of the unit and the features of ``argmine.roles.features``, among them the mean
    word vector of the unit (``argmine/roles/vectors.npz``, learned from unlabeled real news)."""

    def __init__(self, C: float = 4.0, authored_weight: int = 1):
        self.C = C
        self.authored_weight = authored_weight

    def fit(self, docs: list[Document], y=None) -> RoleClassifier:
        from argmine.roles.training import role_data

        X, labels = role_data(docs, [rule_layers(g) for g in docs])
        w = row_weights(document_weights(docs, self.authored_weight), [len(g.units) for g in docs])
        self.model_ = text_and_dict(self.C).fit(X, labels, classifier__sample_weight=w)
        self.scorer_ = _compiled(self.model_, "roles")
        return self


class HedgeFilter(StageEstimator, LearnedHedgeTagger):
    """The lexicon's hedge and booster candidates, each kept when a logistic regression (``C``, balanced
    classes) gives it at least ``threshold``; trained on documents whose candidates are all right or all
    wrong, it keeps them all (``model_`` is ``None``)."""

    def __init__(self, C: float = 2.0, threshold: float = 0.5, authored_weight: int = 1):
        self.C = C
        self.threshold = threshold
        self.authored_weight = authored_weight

    def fit(self, docs: list[Document], y=None) -> HedgeFilter:
        from argmine.cues.training import cue_data

        layers = [rule_layers(g) for g in docs]
        rows, labels = cue_data(docs, layers)
        w = row_weights(document_weights(docs, self.authored_weight), [len(d.cues) for d in layers])
        two = _two_classes(labels)
        self.model_ = dict_only(self.C, class_weight="balanced").fit(rows, labels, classifier__sample_weight=w) if two else None
        self.scorer_ = _compiled(self.model_, "cues")
        return self


class SequenceTagger(StageEstimator, SequenceAttributionTagger):
    """The rule attributions, their sources re-labelled by a linear-chain CRF over each cued unit's tokens
    (python-crfsuite, L-BFGS with penalties ``c1`` and ``c2``; ``argmine.attribution.sequence``), with
    ``mode="all"`` attributions built from its cue, source and content labels; source types from a
    logistic regression over the words of the source (``type_C``). Fitting needs python-crfsuite; annotating does not
    (``weights_`` are numpy arrays, decoded by a numpy Viterbi)."""

    def __init__(
        self, c1: float = 0.05, c2: float = 0.05, max_iterations: int = 150, mode: str = "source", drop: bool = True,
        add: bool = True, source_bias: float = 0.0, rich: bool = True, type_C: float = 4.0, authored_weight: int = 1,
    ):  # fmt: skip
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.mode = mode
        self.drop = drop
        self.add = add
        self.source_bias = source_bias
        self.rich = rich
        self.type_C = type_C
        self.authored_weight = authored_weight

    def fit(self, docs: list[Document], y=None) -> SequenceTagger:
        import tempfile
        from pathlib import Path

        import pycrfsuite

        from argmine.attribution.sequence import from_crfsuite
        from argmine.attribution.training import sequence_data, type_data

        weights = document_weights(docs, self.authored_weight)
        trainer = pycrfsuite.Trainer(verbose=False)
        for g, w in zip(docs, weights):  # python-crfsuite weighs no sequence: a weight of w appends it w times
            X, Y = sequence_data([g], [rule_layers(g)], content=self.mode == "all", rich=self.rich)
            for _ in range(w):
                for items, labels in zip(X, Y):
                    trainer.append(items, labels)
        trainer.set_params(
            {"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations, "feature.possible_transitions": True}
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "crf.crfsuite")
            trainer.train(path)
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            self.weights_ = from_crfsuite(tagger)
            tagger.close()
        X, labels = type_data(docs)
        w = row_weights(weights, [len(type_data([g])[1]) for g in docs])
        two = _two_classes(labels)
        self.type_model_ = text_and_dict(self.type_C, chars=False).fit(X, labels, classifier__sample_weight=w) if two else None
        self.type_scorer_ = _compiled(self.type_model_, "types")
        return self


class SupportLinker(StageEstimator, LearnedLinker):
    """Each evidence or claim unit supports its best-scoring candidate head (``links.learned.link_candidates``)
    when the pair's probability reaches the threshold of the unit's role; trained on documents without links
    (``model_`` is ``None``), the rules link. With ``choice`` (the default) the probability is a softmax
    over the unit's candidates and a no-link option (``learn.linear.choice_model``, penalty ``1/C``);
    without, a logistic regression (``C``, balanced classes) scores each pair alone.

    With ``cv_thresholds`` the two thresholds are chosen at fit time, by a grouped 4-fold cross-validation
    over the published articles among ``docs`` (all of them if there are none): the pair of values on
    ``THRESHOLD_GRID`` with the best pooled link F1 on the held-out articles, each fold's scorer trained on
    the rest of ``docs``. With ``threshold_documents="all"``, every document is held out in turn, each
    counting in the pooled F1 as in training (``authored_weight``). They are kept in ``thresholds_`` (and so
    in ``model.skops``); without enough documents (4 with links), the parameters' values stay."""

    def __init__(
        self,
        C: float = 2.0,
        evidence_threshold: float = LINK_THRESHOLDS["evidence"],
        claim_threshold: float = LINK_THRESHOLDS["claim"],
        cv_thresholds: bool = True,
        choice: bool = True,
        authored_weight: int = 1,
        threshold_documents: str = "all",
    ):
        self.C = C
        self.authored_weight = authored_weight
        self.threshold_documents = threshold_documents
        self.choice = choice
        self.evidence_threshold = evidence_threshold
        self.claim_threshold = claim_threshold
        self.cv_thresholds = cv_thresholds

    @property
    def threshold(self) -> dict[str, float]:
        """The threshold of each role, as ``LearnedLinker`` takes it (and ``model.skops`` keeps it): the
        cross-validated ones once fitted with ``cv_thresholds``, else the parameters."""
        chosen = getattr(self, "thresholds_", None)
        return dict(chosen) if chosen else {"evidence": self.evidence_threshold, "claim": self.claim_threshold}

    def fit(self, docs: list[Document], y=None) -> SupportLinker:
        from argmine.links.training import choose_thresholds

        layers = [rule_layers(g) for g in docs]
        self.thresholds_ = None
        if self.cv_thresholds:
            if self.threshold_documents not in ("real", "all"):
                raise ValueError(f"threshold_documents: {self.threshold_documents!r}: 'real' or 'all'")
            weights = document_weights(docs, self.authored_weight) if self.threshold_documents == "all" else None
            self.thresholds_ = choose_thresholds(docs, layers, lambda g, lay: self._fit_model(g, lay)[1], weights=weights)
        self.model_, self.scorer_ = self._fit_model(docs, layers)
        return self

    def _fit_model(self, docs: list[Document], layers: list[Document]):
        """The pair model fitted on ``docs`` (features read from their rule ``layers``) and its numpy
        scorer; ``None`` twice when the rows hold one class."""
        from argmine.links.learned import link_candidates
        from argmine.links.training import choice_data, choice_groups, link_data

        weights = document_weights(docs, self.authored_weight)
        if self.choice:
            rows, groups, labels = choice_data(docs, layers)
            links = any(label and "none_pos" not in row for row, label in zip(rows, labels))
            w = row_weights(weights, [choice_groups(d) for d in layers])  # one weight per source unit
            model = choice_model(self.C, rows, groups, labels, w) if links else None  # (no unit links: the rules link)
            return model, _compiled(model, "links")
        rows, labels = link_data(docs, layers)
        w = row_weights(weights, [len(link_candidates(d)) for d in layers])
        two = _two_classes(labels)
        model = dict_only(self.C, class_weight="balanced").fit(rows, labels, classifier__sample_weight=w) if two else None
        return model, _compiled(model, "links")


ESTIMATORS = {"roles": RoleClassifier, "cues": HedgeFilter, "attribution": SequenceTagger, "links": SupportLinker}


def fit_estimators(docs: list[Document], names: tuple[str, ...] = COMPONENTS, authored_weight: int = 1) -> dict[str, StageEstimator]:
    """The learned components ``names`` with their default parameters, each fitted on ``docs`` (each
    authored document counting ``authored_weight`` times), by stage name."""
    return {name: ESTIMATORS[name](authored_weight=authored_weight).fit(docs) for name in names}


def fit_pipeline(docs: list[Document], use: tuple[str, ...] = COMPONENTS, segmenter: str = "rule", authored_weight: int = 1) -> Pipeline:
    """The default pipeline with the components named in ``use`` learned from the gold ``docs``
    (``argmine.corpus.jsonl.read_jsonl`` reads them from a corpus), for example
    ``fit_pipeline(docs)("ربما انتهت الحرب، وفقاً لمصادر دبلوماسية.")``."""
    p = Pipeline.default(segmenter)
    for name, estimator in fit_estimators(docs, use, authored_weight).items():
        p = p.replace(name, estimator)
    return p
