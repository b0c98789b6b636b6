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
    """``$ARGMINE_MODEL``, or the shipped ``models/default/model.skops``."""
    import os
    from pathlib import Path

    env = os.environ.get("ARGMINE_MODEL")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "models" / "default" / "model.skops"


def load(model: str | None = "default", segmenter: str = "rule"):
    """A ``Pipeline``: the rules with the learned components of ``model`` where they beat them.

    ``model="default"`` is the shipped model (rules alone if it is missing); ``None`` gives
    the rules alone; any other value is the path of a model directory, ``.skops`` or ``.npz`` file.
    In a model directory, the numpy export ``fast.npz`` is used when present (no scikit-learn import).

    >>> [s.name for s in load(None).stages]
    ['segment', 'cues', 'attribution', 'roles', 'links', 'confidence']
    """
    from pathlib import Path

    from argmine.pipeline import Pipeline

    if model is None:
        return Pipeline.default(segmenter)
    path = default_model_path() if model == "default" else Path(model)
    if path.is_dir():
        path = path / "model.skops"
    if model == "default" and not path.exists():
        return Pipeline.default(segmenter)
    from argmine.train import pipeline

    fast = path.with_name("fast.npz")
    if path.suffix == ".npz" or (path.name == "model.skops" and fast.exists()):
        from argmine import fastlinear

        return pipeline(fastlinear.load(fast if path.suffix != ".npz" else path), segmenter)
    from argmine import modelio

    return pipeline(modelio.load(path), segmenter)


def annotate(text: str, doc_id: str | None = None, segmenter: str = "rule", model: str | None = "default") -> Document:
    """Annotate an Arabic text: units, roles, hedges, attributions, links, confidence.

    The pipeline for each ``(model, segmenter)`` is built once and kept.

    >>> doc = annotate("أكد المتحدث باسم الجيش أن العملية انتهت.")
    >>> doc.attributions[0].source_type
    'security'
    """
    key = (model, segmenter)
    if key not in _PIPELINES:
        _PIPELINES[key] = load(model, segmenter)
    return _PIPELINES[key](text, doc_id)


def __getattr__(name: str):
    if name == "Pipeline":
        from argmine.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
