"""The pipeline: a list of stages, each adding one layer to a ``Document``.

Like stanza's processors, stages are named and switchable; a trained model
replaces a rule stage without the others noticing.

>>> [s.name for s in Pipeline.default().stages]
['segment', 'cues', 'attribution', 'roles', 'links', 'continuation', 'confidence']
"""

from __future__ import annotations

import re

from argmine.attribution import AttributionTagger
from argmine.confidence import ConfidenceScorer
from argmine.continuation import ContinuationTagger
from argmine.cues import HedgeTagger
from argmine.document import Document, collector_paused
from argmine.links import StructureLinker
from argmine.roles import RuleRoleClassifier
from argmine.segment import RuleSegmenter

SURROGATE = re.compile("[\ud800-\udfff]")


class Pipeline:
    """Runs its stages in order over a new ``Document``."""

    def __init__(self, stages: list):
        self.stages = list(stages)

    @classmethod
    def default(cls, segmenter: str = "rule") -> Pipeline:
        # continuations come after roles and links, whose learned features were fitted without them
        return cls([_segmenter(segmenter), HedgeTagger(), AttributionTagger(), RuleRoleClassifier(), StructureLinker(),
                    ContinuationTagger(), ConfidenceScorer()])  # fmt: skip

    def replace(self, name: str, stage) -> Pipeline:
        """A copy with the stage called ``name`` replaced."""
        return Pipeline([stage if s.name == name else s for s in self.stages])

    def __call__(self, text: str, doc_id: str | None = None, units: list[tuple[int, int]] | None = None) -> Document:
        """Annotate ``text``; with ``units`` (offsets), use them instead of the segmenter."""
        if not isinstance(text, str):
            raise TypeError(f"annotate() takes a str, got {type(text).__name__}")
        if (bad := SURROGATE.search(text)) is not None:
            raise ValueError(
                f"text has a lone surrogate U+{ord(bad.group()):04X} at offset {bad.start()}: not valid Unicode "
                "(was it decoded with errors='surrogateescape'?)"
            )
        doc = Document(text=text, id=doc_id if doc_id is not None else default_id(text))
        stages = self.stages
        if units is not None:
            for start, end in units:
                doc.add_unit(start, end)
            stages = [s for s in stages if s.name != "segment"]
        with collector_paused():
            for stage in stages:
                stage(doc)
        return doc


def default_id(text: str) -> str:
    """A stable id for a text given without one: ``doc-`` and 12 hex digits of its SHA-1.

    >>> default_id("ربما")
    'doc-5aaaa3197b2a'
    """
    import hashlib

    return "doc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _segmenter(name: str):
    if name == "rule":
        return RuleSegmenter()
    if name == "stanza":
        from argmine.stanza_segment import StanzaSegmenter

        return StanzaSegmenter()
    raise ValueError(f"unknown segmenter {name!r} (available: rule, stanza)")
