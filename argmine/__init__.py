"""argmine: the argument of Arabic analysis and news writing, laid bare.

>>> import argmine
>>> doc = argmine.annotate("ربما سعت الحكومة إلى كسب الوقت قبل الانتخابات، وفقاً لمصادر دبلوماسية.")
>>> doc.units[0].role, doc.units[0].hedged, doc.attributions[0].source.text
('motive', True, 'مصادر دبلوماسية')
"""

from __future__ import annotations

from argmine.document import Attribution, Confidence, Cue, Document, Factor, Link, Span, Unit

__all__ = ["annotate", "load", "Document", "Unit", "Span", "Cue", "Attribution", "Link", "Confidence", "Factor", "Pipeline"]
__version__ = "0.1.0"

_PIPELINES: dict = {}


def default_model_path():
    """``$ARGMINE_MODEL``, or the shipped model directory (``models/default``, inside the package once installed)."""
    import os
    from pathlib import Path

    from argmine.learn.modelio import shipped

    env = os.environ.get("ARGMINE_MODEL")
    return Path(env) if env else shipped("models/default")


def load(model: str | None = "default", segmenter: str = "rule"):
    """A ``Pipeline``: the rules with the learned components of ``model`` where they beat them.

    ``model="default"`` is ``$ARGMINE_MODEL``, or else the shipped model; ``None`` gives the rules
    alone; any other value is the path of a model directory written by ``argmine train`` (or of its
    ``model.skops`` or ``fast.npz``). Its numpy export ``fast.npz`` is used when present (no
    scikit-learn import). Every file is checked against the directory's ``manifest.json``: a
    missing, damaged or stale model raises ``argmine.learn.errors.ModelError`` saying what to do; it
    never falls back to the rules.

    >>> [s.name for s in load(None).stages]
    ['segment', 'cues', 'attribution', 'roles', 'links', 'continuation', 'confidence']
    >>> load("/no/such/model")
    Traceback (most recent call last):
    argmine.learn.errors.ModelError: /no/such/model: no such model; load(None), or 'argmine annotate --rules', gives the rules alone
    """
    from argmine.pipeline import Pipeline

    if model is None:
        return Pipeline.default(segmenter)
    from argmine.learn import modelio
    from argmine.pipeline import learned_pipeline

    try:
        return learned_pipeline(modelio.load_model(_model_path(model)), segmenter)
    except modelio.ModelError as e:
        raise modelio.ModelError(f"{e}; {modelio.RULES_ALONE}") from None


def _model_path(model: str):
    """Where ``load`` reads ``model`` from; a missing default model is an error that says where to look."""
    import os
    from pathlib import Path

    from argmine.learn.modelio import ModelError

    if model != "default":
        return Path(model)
    path = default_model_path()
    if path.exists():
        return path
    if os.environ.get("ARGMINE_MODEL"):
        raise ModelError(f"ARGMINE_MODEL={path}: no such model; unset ARGMINE_MODEL for the shipped model")
    raise ModelError(f"{path}: the shipped model is missing: reinstall argmine, or set ARGMINE_MODEL to a model directory")


def annotate(text: str, doc_id: str | None = None, segmenter: str = "rule", model: str | None = "default") -> Document:
    """Annotate an Arabic text: units, roles, hedges, attributions, links, confidence.

    The pipeline for each ``(model, segmenter)`` is built once and kept.

    >>> doc = annotate("أكد المتحدث باسم الجيش أن العملية انتهت.")
    >>> doc.attributions[0].source_type
    'security'
    """
    return _pipeline(model, segmenter)(text, doc_id)


def _pipeline(model: str | None = "default", segmenter: str = "rule"):
    """The pipeline ``annotate`` uses for ``(model, segmenter)``, loaded on first use and kept."""
    key = (model, segmenter)
    if key not in _PIPELINES:
        _PIPELINES[key] = load(model, segmenter)
    return _PIPELINES[key]


def __getattr__(name: str):
    if name == "Pipeline":
        from argmine.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
