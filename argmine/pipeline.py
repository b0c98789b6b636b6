"""The pipeline: a list of stages, each adding one layer to a ``Document``.

Like stanza's processors, stages are named and switchable; a trained model
replaces a rule stage without the others noticing.

>>> [s.name for s in Pipeline.default().stages]
['segment', 'cues', 'attribution', 'roles', 'links', 'continuation', 'confidence']
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from argmine.attribution.continuation import ContinuationTagger
from argmine.attribution.rules import AttributionTagger
from argmine.confidence.rules import ConfidenceScorer
from argmine.cues.rules import HedgeTagger
from argmine.document import Document
from argmine.links.rules import StructureLinker
from argmine.roles.rules import RuleRoleClassifier
from argmine.segment.rules import RuleSegmenter

SURROGATE = re.compile("[\ud800-\udfff]")
BATCH_SIZE = 64  # documents a stage runs over at once (Pipeline.many)
BATCH_CHARS = 250_000  # or fewer, when they are long


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
        doc = new_document(text, doc_id)
        stages = self.stages
        if units is not None:
            for start, end in units:
                doc.add_unit(start, end)
            stages = [s for s in stages if s.name != "segment"]
        for stage in stages:
            stage(doc)
        return doc

    def many(self, texts: Iterable[str], ids: Iterable[str | None] | None = None, batch_size: int = BATCH_SIZE) -> Iterator[Document]:
        """The documents of ``texts`` (with ``ids``, else ``default_id``), in order: each the one
        ``self(text, id)`` gives, made ``batch_size`` texts at a time (fewer when they are long,
        ``BATCH_CHARS`` characters at most, unless one text is longer). Like stanza's processors
        and spaCy's ``nlp.pipe``, each stage runs over a batch of documents at once: its
        ``batch(docs)`` method where it has one (the learned stages score the rows of all the
        batch's documents in one call), else the stage on each document in turn.

        >>> [d.units[0].hedged for d in Pipeline.default().many(["ربما انتهت الحملة.", "انتهت الحملة."])]
        [True, False]
        """
        # as many ids as texts, or a ValueError ("zip() argument 2 is shorter..."): never a text silently left out
        pairs = zip(texts, itertools.repeat(None)) if ids is None else zip(texts, ids, strict=True)
        batch: list[Document] = []
        chars = 0
        for text, doc_id in pairs:
            batch.append(new_document(text, doc_id))
            chars += len(text)
            if len(batch) >= batch_size or chars >= BATCH_CHARS:
                yield from self._run(batch)
                batch, chars = [], 0
        if batch:
            yield from self._run(batch)

    def _run(self, docs: list[Document]) -> list[Document]:
        for stage in self.stages:
            if hasattr(stage, "batch"):
                stage.batch(docs)
            else:
                for doc in docs:
                    stage(doc)
        return docs


def new_document(text: str, doc_id: str | None = None) -> Document:
    """An empty ``Document`` of ``text``, its id ``doc_id`` or ``default_id(text)``; a text that is not a
    ``str`` or holds a lone surrogate is refused (``TypeError``, ``ValueError``)."""
    if not isinstance(text, str):
        raise TypeError(f"annotate() takes a str, got {type(text).__name__}")
    if (bad := SURROGATE.search(text)) is not None:
        raise ValueError(
            f"text has a lone surrogate U+{ord(bad.group()):04X} at offset {bad.start()}: not valid Unicode "
            "(was it decoded with errors='surrogateescape'?)"
        )
    return Document(text=text, id=doc_id if doc_id is not None else default_id(text))


COMPONENTS = ("roles", "cues", "attribution", "links")  # the components that have a learned stage


def learned_pipeline(models: dict, segmenter: str = "rule") -> Pipeline:
    """The default pipeline with the learned stages of ``models`` named in ``models["use"]``.

    ``models`` is what ``argmine.learn.modelio`` loads: numpy scorers from ``fast.npz``, or the
    scikit-learn pipelines of ``model.skops``, which score through the same numpy code
    (``fastlinear.compile``), so that annotating and evaluating give the same figures. The learned
    attribution stage is the CRF of ``models["crf"]`` (``attribution.sequence``) with the source-type
    classifier ``models["types"]``.
    """
    from argmine.attribution.sequence import SequenceAttributionTagger
    from argmine.cues.learned import LearnedHedgeTagger
    from argmine.links.learned import LearnedLinker
    from argmine.roles.learned import LearnedRoleClassifier

    def scorer(key: str):
        from argmine.learn import fastlinear

        model = models.get(key)
        return model if model is None or isinstance(model, fastlinear.FastLinear) else fastlinear.compile(model, key)

    p = Pipeline.default(segmenter)
    use = set(models.get("use", COMPONENTS))
    if "cues" in use and models.get("cues") is not None:
        p = p.replace("cues", LearnedHedgeTagger(scorer("cues")))
    if "attribution" in use and models.get("crf") is not None:
        from argmine.learn.modelio import crf_weights

        crf = SequenceAttributionTagger(crf_weights(models), scorer("types"), **models["crf_settings"])
        p = p.replace("attribution", crf)
    if "roles" in use and models.get("roles") is not None:
        p = p.replace("roles", LearnedRoleClassifier(scorer("roles")))
    if "links" in use and models.get("links") is not None:
        p = p.replace("links", LearnedLinker(scorer("links"), models.get("link_threshold", 0.5)))
    return p


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
        from argmine.segment.learned import StanzaSegmenter

        return StanzaSegmenter()
    raise ValueError(f"unknown segmenter {name!r} (available: rule, stanza)")
