"""The learned attribution stage: the rule tagger, then learned source boundaries and source types.

The stage scores with numpy alone (``argmine.learn.fastlinear``); ``argmine.learn.SourceTagger`` is the
scikit-learn estimator that fits it on documents.
"""

from __future__ import annotations

from argmine.attribution.features import _TokenFacts, _UnitTokens, boundary_columns, source_candidates, type_rows
from argmine.attribution.rules import (
    AttributionTagger,
    SourceFinder,
    Toks,
    _Canonicaliser,
)
from argmine.document import Document
from argmine.learn.linear import as_matrix

GROUP = 200  # attributions whose boundary candidates are scored together


class LearnedAttributionTagger(AttributionTagger):
    """The rule tagger, then learned source boundaries and types, then canonical ids again; the
    scorers (``fastlinear.FastLinear``) of the boundary re-ranker and the type classifier may be ``None``:
    the rules' boundaries, or types, stay."""

    name = "attribution"

    def __init__(self, boundary_scorer=None, type_scorer=None):
        self.boundary_scorer_ = boundary_scorer
        self.type_scorer_ = type_scorer

    def __call__(self, doc: Document) -> None:
        finder = SourceFinder(doc.normalized, doc.tokens)
        fallback = {}  # the bounds of each unit's first token, for a source that covers no whole token
        done = 0
        # the rule tagger goes unit by unit; its attributions are re-ranked a group at a time, with
        # the tokens it made, and then forgotten: memory stays flat on long texts
        pending = []
        for unit, toks in self.tag_units(doc, finder, typed=False):
            pending.append((unit.id, toks))
            fallback[unit.id] = (toks.starts[0], toks.ends[0]) if len(toks) else (0, 0)  # ints: no object to collect
            if len(doc.attributions) - done >= GROUP:
                self._rerank(doc, finder, pending, doc.attributions[done:])
                done, pending = len(doc.attributions), []
        self._rerank(doc, finder, pending, doc.attributions[done:])
        if not doc.attributions:
            return
        canon = _Canonicaliser(finder)
        for k in range(0, len(doc.attributions), GROUP):  # a group at a time: their tokens are not all kept at once
            self._type(doc, finder, canon, fallback, doc.attributions[k : k + GROUP])

    def _type(self, doc: Document, finder: SourceFinder, canon: _Canonicaliser, fallback: dict, attributions: list) -> None:
        """Give ``attributions`` their source types (learned), anonymity and canonical ids, in order."""
        bounds = doc.normalized.normalized_spans([a.source.start for a in attributions], [a.source.end for a in attributions])
        phrases = [finder.tokens(s, e) or finder.tokens(*fallback[a.unit]) for a, s, e in zip(attributions, *bounds)]
        described = [finder.describe(t) for t in phrases]
        types = [t for t, _ in described]
        if self.type_scorer_ is not None:
            rows = [r for t, d in zip(phrases, described) for r in type_rows(finder, t, d)]
            types = [str(t) for t in self.type_scorer_.predict(as_matrix(rows))]
        for a, src_toks, stype, (_, anonymous) in zip(attributions, phrases, types, described):
            a.canonical, a.source_type, a.anonymous = canon(src_toks, stype, anonymous)

    def _rerank(self, doc: Document, finder: SourceFinder, units: list[tuple[str, Toks]], attributions: list) -> None:
        """Move the source boundaries of ``attributions`` (in ``units``: ids and tokens) to their best-scoring candidates."""
        if self.boundary_scorer_ is not None:
            finder.units = _TokenFacts(doc, finder, units).units()
            group = [(a, *source_candidates(doc, finder, a)) for a in attributions]
            if any(cands for _, _, cands, _ in group):
                probs = self.boundary_scorer_.predict_proba(boundary_columns(group))[:, 1]
                k = 0
                for a, ut, cands, rule in group:
                    if cands:
                        best = k + int(probs[k : k + len(cands)].argmax())
                        self._move(doc, a, ut, cands[best - k], cands[rule] if rule >= 0 else None)
                    k += len(cands)
        finder.units.clear()

    @staticmethod
    def _move(doc: Document, a, ut: _UnitTokens, chosen: tuple[int, int], rule: tuple[int, int] | None) -> None:
        """Set ``a.source`` to the chosen token span, keeping the rule's exact edge where it agrees."""
        i, j = chosen
        s, e = ut.starts[i], ut.ends[j - 1]
        # the rule's edge may sit inside a token ("وفقاً لبيان", "وتقارير"): keep it where it agrees
        if rule is not None and i == rule[0]:
            s = a.source.start
        if rule is not None and j == rule[1]:
            e = a.source.end
        if s < e and not (a.cue.start < e and s < a.cue.end):
            a.source = doc.span(s, e)
