"""The learned side: the components as scikit-learn estimators, training and cross-validation, model files.

The public API, for fitting, tuning and plugging in a learned component (each sample is one gold
``Document``; README.md, "Training a component", has a grid search):

- ``RoleClassifier(C)``: the role of each unit
- ``HedgeFilter(C, threshold)``: which of the lexicon's hedge and booster candidates to keep
- ``SequenceTagger(c1, c2, mode, drop, ..., type_C)``: attribution sources re-labelled by a CRF over each
  cued unit's tokens, stacked on the rules, and source types (fitting needs python-crfsuite;
  docs/experiments/attribution-on-real-text.md)
- ``SupportLinker(C, evidence_threshold, claim_threshold, cv_thresholds, choice)``: support links
- ``fit_pipeline(docs, use)``: the default pipeline with the components of ``use`` fitted on ``docs``

Each has ``fit(docs)``, ``score(docs)`` (its headline figure) and is a pipeline stage:
``argmine.load(None).replace("roles", RoleClassifier().fit(docs))``. They import scikit-learn, so
they are loaded on first use: annotating with a saved model (``argmine.load``) never imports them.
"""

__all__ = ["RoleClassifier", "HedgeFilter", "SequenceTagger", "SupportLinker", "fit_pipeline"]


def __getattr__(name: str):
    if name in __all__:
        from argmine.learn import estimators

        return getattr(estimators, name)
    raise AttributeError(f"module 'argmine.learn' has no attribute {name!r}")
