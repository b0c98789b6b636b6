"""argmine: the argument of Arabic analysis and news writing, laid bare.

>>> import argmine
>>> doc = argmine.annotate("ويبدو أن الحكومة تسعى إلى كسب الوقت، وفقاً لمصادر دبلوماسية.")
>>> doc.units[0].role, doc.units[0].hedged, doc.attributions[0].source.text
('motive', True, 'مصادر دبلوماسية')
"""

from __future__ import annotations

from argmine.document import Attribution, Confidence, Cue, Document, Factor, Link, Span, Unit

__all__ = ["annotate", "Document", "Unit", "Span", "Cue", "Attribution", "Link", "Confidence", "Factor", "Pipeline"]
__version__ = "0.1.0"

_PIPELINES: dict = {}


def annotate(text: str, doc_id: str | None = None, segmenter: str = "rule") -> Document:
    """Annotate an Arabic text: units, roles, hedges, attributions, links, confidence.

    >>> doc = annotate("أكد المتحدث باسم الجيش أن العملية انتهت.")
    >>> doc.attributions[0].source_type
    'security'
    """
    pipeline = _PIPELINES.get(segmenter)
    if pipeline is None:
        from argmine.pipeline import Pipeline

        pipeline = _PIPELINES[segmenter] = Pipeline.default(segmenter)
    return pipeline(text, doc_id)


def __getattr__(name: str):
    if name == "Pipeline":
        from argmine.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
