"""Training the learned components on an annotated corpus.

``fit(docs)`` returns a plain dict of fitted scikit-learn estimators and settings
(saved with ``argmine.modelio``); ``pipeline(models)`` puts them in the pipeline
where they beat the rules (``models["use"]`` lists which).

>>> from argmine.corpus import read_jsonl, split
>>> train, test = split(read_jsonl("corpora/argmine.jsonl"))  # doctest: +SKIP
>>> models = fit(train)                                        # doctest: +SKIP
"""

from __future__ import annotations

from argmine.attribution import SourceFinder
from argmine.cues import HedgeTagger
from argmine.document import Document
from argmine.features import pair_rows, unit_rows
from argmine.learned import (
    LearnedAttributionTagger,
    LearnedHedgeTagger,
    LearnedLinker,
    LearnedRoleClassifier,
    as_matrix,
    boundary_estimator,
    boundary_rows,
    cue_estimator,
    cue_rows,
    link_candidates,
    link_estimator,
    role_estimator,
    source_candidates,
    type_estimator,
    type_rows,
)
from argmine.pipeline import Pipeline

COMPONENTS = ("roles", "cues", "attribution", "links")
FORMAT = 1


def rule_layers(gold: Document) -> Document:
    """The rule pipeline's cues and attributions over the gold units (roles, links untouched)."""
    from argmine.attribution import AttributionTagger

    doc = Document(text=gold.text, id=gold.id, meta=dict(gold.meta))
    for u in gold.units:
        doc.add_unit(u.start, u.end, u.role)
    HedgeTagger()(doc)
    AttributionTagger()(doc)
    return doc


def _role_data(golds, layers):
    rows, y = [], []
    for g, d in zip(golds, layers):
        rows += unit_rows(d)
        y += [u.role for u in g.units]
    return as_matrix(rows), y


def _cue_data(golds, layers):
    rows, y = [], []
    for g, d in zip(golds, layers):
        rows += cue_rows(d, d.cues)
        for c in d.cues:
            y.append(int(any(gc.is_hedge == c.is_hedge and gc.span.start < c.span.end and c.span.start < gc.span.end for gc in g.cues)))
    return rows, y


def _boundary_data(golds, layers):
    rows, y = [], []
    for g, d in zip(golds, layers):
        finder = SourceFinder(d.normalized)
        for a in d.attributions:
            gold = [ga for ga in g.attributions if ga.source.start < a.source.end and a.source.start < ga.source.end]
            if not gold:
                continue
            toks, cands, rule = source_candidates(d, finder, a)
            spans = [
                (d.normalized.original_span(toks[i].start, toks[i].end)[0], d.normalized.original_span(toks[j - 1].start, toks[j - 1].end)[1])
                for i, j in cands
            ]
            target = (gold[0].source.start, gold[0].source.end)
            # the rule keeps a glued cue's letter outside the source: compare ends (or starts) only
            forward = a.source.start >= a.cue.start
            labels = [int((e == target[1]) if forward else (s == target[0])) for s, e in spans]
            if not any(labels):
                continue
            rows += boundary_rows(d, finder, a, toks, cands, rule)
            y += labels
    return rows, y


def _type_data(golds):
    rows, y = [], []
    for g in golds:
        finder = SourceFinder(g.normalized)
        for a in g.attributions:
            toks = [t for t in finder.tokens(*_norm_span(g, a.source))]
            if toks:
                rows += type_rows(finder, toks)
                y.append(a.source_type)
    return as_matrix(rows), y


def _norm_span(doc: Document, span) -> tuple[int, int]:
    import bisect

    index = doc.normalized.index
    if index is None:
        return span.start, span.end
    return bisect.bisect_left(index, span.start), bisect.bisect_left(index, span.end)


def _link_data(golds):
    rows, y = [], []
    for g in golds:
        pairs = link_candidates(g)
        gold = {(lk.from_, lk.to) for lk in g.links}
        rows += [f for _, f in pair_rows(g, pairs)]
        y += [int((a.id, b.id) in gold) for a, b in pairs]
    return rows, y


def fit(golds: list[Document], use: tuple[str, ...] = COMPONENTS) -> dict:
    """Fit every learned component on gold documents; ``use`` names the ones the pipeline uses."""
    layers = [rule_layers(g) for g in golds]
    models: dict = {"format": FORMAT, "use": list(use), "documents": len(golds)}
    X, y = _role_data(golds, layers)
    models["roles"] = role_estimator().fit(X, y)
    rows, y = _cue_data(golds, layers)
    models["cues"] = cue_estimator().fit(rows, y) if len(set(y)) > 1 else None
    rows, y = _boundary_data(golds, layers)
    models["boundary"] = boundary_estimator().fit(rows, y) if len(set(y)) > 1 else None
    X, y = _type_data(golds)
    models["types"] = type_estimator().fit(X, y) if len(set(y)) > 1 else None
    rows, y = _link_data(golds)
    models["links"] = link_estimator().fit(rows, y) if len(set(y)) > 1 else None
    models["link_threshold"] = 0.5
    return models


def pipeline(models: dict, segmenter: str = "rule") -> Pipeline:
    """The default pipeline with the learned stages named in ``models["use"]``."""
    p = Pipeline.default(segmenter)
    use = set(models.get("use", COMPONENTS))
    if "cues" in use and models.get("cues") is not None:
        p = p.replace("cues", LearnedHedgeTagger(models["cues"]))
    if "attribution" in use:
        p = p.replace("attribution", LearnedAttributionTagger(models.get("boundary"), models.get("types")))
    if "roles" in use and models.get("roles") is not None:
        p = p.replace("roles", LearnedRoleClassifier(models["roles"]))
    if "links" in use and models.get("links") is not None:
        p = p.replace("links", LearnedLinker(models["links"], models.get("link_threshold", 0.5)))
    return p
