"""Learned pipeline stages: plain scikit-learn estimators over ``argmine.features``.

- roles: ``role_estimator()``, a logistic regression over word and character
  n-grams and cue/structure features, one prediction per unit;
- hedges: ``cue_estimator()`` keeps or drops each hedge candidate of the rules;
- attribution: ``boundary_estimator()`` re-ranks the possible ends (or starts) of each
  rule source phrase, ``type_estimator()`` types the chosen phrase;
- links: ``link_estimator()`` scores (evidence or claim, claim or motive) pairs.

Each stage takes its fitted estimator, so a stage replaces its rule stage in the
pipeline without the others noticing.

>>> est = role_estimator()
>>> [name for name, _ in est.steps]
['features', 'classifier']
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from functools import lru_cache

from argmine.attribution import (
    COMPLEMENTISERS,
    SAID,
    WORDS,
    AttributionTagger,
    SourceFinder,
    Tok,
    _bare,
    _Canonicaliser,
    _is_stop,
    accusatives,
    word_info,
)
from argmine.cues import HedgeTagger
from argmine.document import Cue, Document, Link
from argmine.features import Columns, LinkContext, index_pair_columns, iter_unit_rows, tokens_of

MAX_SPAN = 16
CHUNK = 2000  # rows scored at a time
CONTEXT = 120  # characters of context on each side of a hedge candidate
GROUP = 200  # attributions whose boundary candidates are scored together


# -- estimators -------------------------------------------------------------------


def _text_and_dict(C: float, chars: bool = True, class_weight="balanced"):
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    parts = [("words", TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), min_df=2, sublinear_tf=True), 0)]
    if chars:
        # character n-grams found in more than a tenth of the units ("ال", " ال") are half of all the
        # n-grams read: leaving them out halves the block's cost at the same macro-F1 (make tradeoffs)
        chars_vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=3, max_df=0.1, sublinear_tf=True)
        parts.append(("chars", chars_vec, 0))
    parts.append(("cues", DictVectorizer(), 1))
    return Pipeline(
        [
            ("features", ColumnTransformer(parts)),
            ("classifier", LogisticRegression(C=C, max_iter=5000, class_weight=class_weight)),
        ]
    )


def _dict_only(C: float, class_weight=None):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [("features", DictVectorizer()), ("classifier", LogisticRegression(C=C, max_iter=5000, class_weight=class_weight))]
    )


def role_estimator(C: float = 4.0):
    """Unit role: rows from ``features.unit_rows``."""
    return _text_and_dict(C)


def cue_estimator(C: float = 2.0):
    """Keep (1) or drop (0) a hedge or booster candidate."""
    return _dict_only(C, class_weight="balanced")


def boundary_estimator(C: float = 10.0):
    """Is this candidate span the source phrase (1) or not (0)."""
    return _dict_only(C)


def type_estimator(C: float = 4.0):
    """The source_type of a source phrase."""
    return _text_and_dict(C, chars=False)


def link_estimator(C: float = 2.0):
    """Does unit A support unit B (1) or not (0)."""
    return _dict_only(C, class_weight="balanced")


def as_matrix(rows):
    """``(text, dict)`` rows as the 2-column object array the estimators take."""
    import numpy as np

    X = np.empty((len(rows), 2), dtype=object)
    for i, (text, feats) in enumerate(rows):
        X[i, 0], X[i, 1] = text, feats
    return X


# -- hedges -----------------------------------------------------------------------


def cue_rows(doc: Document, candidates: list[Cue]) -> list[dict]:
    """Features of hedge and booster candidates in context."""
    units = [doc.unit(c.unit) for c in candidates]
    # a window of context on each side keeps the cost per cue constant on long units
    lefts = [max(unit.start, c.span.start - CONTEXT) for c, unit in zip(candidates, units)]
    rights = [min(unit.end, c.span.end + CONTEXT) for c, unit in zip(candidates, units)]
    starts, ends = [c.span.start for c in candidates], [c.span.end for c in candidates]
    texts = doc.normalized_texts(lefts + starts + ends, starts + ends + rights)
    n = len(candidates)
    rows = []
    for c, unit, left_start, before, cue, after in zip(candidates, units, lefts, texts[:n], texts[n : 2 * n], texts[2 * n :]):
        left = doc.text[left_start : c.span.start]
        before = tokens_of(before)[-3:]
        after = tokens_of(after)[:3]
        cue = " ".join(tokens_of(cue))
        attrs = doc.attributions_of(unit.id)
        f = {
            "cue=" + cue: 1.0,
            "strength=" + c.strength: 1.0,
            "first_word=" + (cue.split(" ")[0] if cue else ""): 1.0,
            "at_start": float(c.span.start - unit.start < CONTEXT and not [w for w in before if w[0].isalnum()]),
            "in_quote": float(left.count('"') % 2 == 1 or "“" in left),
            "attributed_unit": float(bool(attrs)),
            "in_content": float(any(a.content and a.content.contains(c.span) for a in attrs)),
        }
        for k, w in enumerate(reversed(before)):
            f[f"prev{k}={w}"] = 1.0
        for k, w in enumerate(after):
            f[f"next{k}={w}"] = 1.0
        if after:
            f["next_shape=" + ("al" if after[0].startswith("ال") else "imperf" if after[0][:1] in "يتن" else "other")] = 1.0
        rows.append(f)
    return rows


class LearnedHedgeTagger(HedgeTagger):
    """Rule candidates, kept or dropped by a classifier."""

    name = "cues"

    def __init__(self, model, threshold: float = 0.5):
        super().__init__()
        self.model = model
        self.threshold = threshold

    def __call__(self, doc: Document) -> None:
        super().__call__(doc)
        if not doc.cues:
            return
        probs = self.model.predict_proba(cue_rows(doc, doc.cues))[:, 1]
        doc.cues = [c for c, p in zip(doc.cues, probs) if p >= self.threshold]
        hedged = {c.unit for c in doc.cues if c.is_hedge}
        for u in doc.units:
            u.hedged = u.id in hedged


# -- roles ------------------------------------------------------------------------


class LearnedRoleClassifier:
    """One role per unit from a fitted ``role_estimator``."""

    name = "roles"

    def __init__(self, model):
        self.model = model

    def __call__(self, doc: Document) -> None:
        # features come from the rule layers, never from roles set here; scored in chunks, so that
        # memory stays flat on long texts
        rows = iter_unit_rows(doc)
        roles: list[str] = []
        while chunk := list(itertools.islice(rows, CHUNK)):
            roles += [str(r) for r in self.model.predict(as_matrix(chunk))]
        for unit, role in zip(doc.units, roles):
            unit.role = role


# -- attribution ------------------------------------------------------------------


@dataclass(slots=True)
class _UnitTokens:
    """A unit's tokens, their original spans, and where their facts are in a ``_TokenFacts``."""

    toks: list[Tok]
    starts: list[int]
    ends: list[int]
    facts: _TokenFacts
    offset: int  # the slot of toks[0]


# the facts of one token, as ``_token_facts`` gives them; "<end>" stands for the token after a unit's last
FACTS = ("bare", "al", "complementiser", "punct", "stop", "kind")
_END = ("<end>", False, False, False, False, "none")


class _TokenFacts:
    """The tokens of some units laid end to end, each unit followed by an ``<end>`` slot; the
    per-token facts the boundary features use are looked up for the slots they need (``of``)."""

    def __init__(self, doc: Document, finder: SourceFinder, units: list[tuple[str, list[Tok]]]):
        import numpy as np

        toks = [t for _, ts in units for t in ts]
        norm_starts, norm_ends = [t.start for t in toks], [t.end for t in toks]
        starts, ends = doc.normalized.original_spans(norm_starts, norm_ends)
        self.texts: list[str | None] = []  # each slot's token, None for an <end> slot
        # each unit's _UnitTokens, handed out by ``units()``: not kept here, for they refer to this
        # object, and the pipeline runs with the cyclic garbage collector off
        self._units = []
        k = 0
        for unit_id, ts in units:
            self._units.append((unit_id, ts, starts[k : k + len(ts)], ends[k : k + len(ts)], len(self.texts)))
            self.texts += [t.text for t in ts]
            self.texts.append(None)
            k += len(ts)
        slots = np.fromiter(map(operator.is_not, self.texts, itertools.repeat(None)), dtype=bool, count=len(self.texts))
        self.is_end = ~slots
        self.bounds = np.zeros((2, len(self.texts)), dtype=np.int64)  # normalised bounds ([0, 0) for <end>)
        self.bounds[:, slots] = norm_starts, norm_ends
        self.tanween_reach = finder.tanween_reach
        for name, mark in (("quotes", '"'), ("commas", "،")):
            found = np.fromiter(map(operator.eq, self.texts, itertools.repeat(mark)), dtype=np.int64, count=len(self.texts))
            setattr(self, name, np.concatenate([[0], np.cumsum(found)]))  # marks among the slots before k

    def units(self) -> dict[str, _UnitTokens]:
        """Each unit's ``_UnitTokens``, by id."""
        return {unit_id: _UnitTokens(ts, starts, ends, self, offset) for unit_id, ts, starts, ends, offset in self._units}

    def of(self, slots) -> dict:
        """The facts of ``slots`` (a numpy array of slot indices), one numpy array per fact: those of
        ``_token_facts``, ``prev`` (the bare form of the token before, or "<start>") and ``accusative``."""
        import numpy as np

        distinct, where = np.unique(slots, return_inverse=True)
        texts = [self.texts[g] for g in distinct.tolist()]
        facts = [_token_facts(t) if t is not None else _END for t in texts]
        columns = dict(zip(FACTS, zip(*facts))) if facts else dict.fromkeys(FACTS, ())
        out = {name: np.array(values, dtype=object if name in ("bare", "kind") else bool) for name, values in columns.items()}
        before = [self.texts[g - 1] if g > 0 else None for g in distinct.tolist()]
        out["prev"] = np.array([_token_facts(t)[0] if t is not None else "<start>" for t in before], dtype=object)
        s, e = self.bounds[:, distinct]
        out["accusative"] = accusatives(self.tanween_reach, s, e)  # an object, not a source
        return {name: values[where.reshape(-1)] for name, values in out.items()}


@lru_cache(maxsize=WORDS)
def _token_facts(word: str) -> tuple[str, bool, bool, bool, bool, str]:
    """``(bare form, has the article, complementiser, punctuation, stop word, source-word kind)`` of a token."""
    info = word_info(word)
    return _bare(word), word.startswith(("ال", "وال")), word in COMPLEMENTISERS, not word[0].isalnum(), _is_stop(word), info[1] if info else "none"


def _unit_tokens(doc: Document, finder: SourceFinder, unit_id: str) -> _UnitTokens:
    """The unit's ``_UnitTokens``, computed once per unit and finder."""
    if unit_id not in finder.units:
        unit = doc.unit(unit_id)
        toks = finder.tokens(*doc.normalized.normalized_span(unit.start, unit.end))
        finder.units[unit_id] = _TokenFacts(doc, finder, [(unit_id, toks)]).units()[unit_id]
    return finder.units[unit_id]


def source_candidates(doc: Document, finder: SourceFinder, a) -> tuple[_UnitTokens, list[tuple[int, int]], int]:
    """Token spans that could be ``a``'s source: the same start, other ends. Only a source after its
    cue whose end the rules left open has them: one followed by a word. Before punctuation or
    "أن", or before the cue, the rules' boundary stands: given those too, the re-ranker almost never moved them."""
    import bisect

    ut = _unit_tokens(doc, finder, a.unit)
    toks = ut.toks
    first = bisect.bisect_right(ut.ends, a.source.start)  # the first token ending after the source starts
    last = bisect.bisect_left(ut.starts, a.source.end) - 1  # the last token starting before it ends
    if first >= len(toks) or last < first or a.source.start < a.cue.start:
        return ut, [], -1
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    if nxt is None or nxt.text in SAID or not (nxt.is_word or nxt.text == '"'):
        return ut, [], -1
    cands = []
    for j in range(first + 1, min(len(toks), first + MAX_SPAN) + 1):
        if not toks[j - 1].is_word and toks[j - 1].text not in ('"', ")"):
            break
        cands.append((first, j))
    rule = cands.index((first, last + 1)) if (first, last + 1) in cands else -1
    return ut, cands, rule


# boundary features that are a fact of one token: feature -> (the fact, which token), the token
# being the candidate's first, its last, the one after its end ("end") or the one after that ("after")
TOKEN_ONEHOT = {"last=": ("bare", "last"), "next=": ("bare", "end"), "first=": ("bare", "first"), "prev=": ("prev", "first"),
                "last_kind=": ("kind", "last"), "next_kind=": ("kind", "end"), "next2=": ("bare", "after")}  # fmt: skip
TOKEN_NUMERIC = {"last_al": ("al", "last"), "next_al": ("al", "end"), "next_complementiser": ("complementiser", "end"),
                 "next_punct": ("punct", "end"), "next_stop": ("stop", "end"), "next_accusative": ("accusative", "end")}  # fmt: skip


BOUNDARY_ONEHOT = ("len=", *TOKEN_ONEHOT)
BOUNDARY_NUMERIC = ("is_rule", "longer_than_rule", *TOKEN_NUMERIC, "open_quote", "has_comma")


def boundary_columns(group: list[tuple]) -> Columns:
    """Features of the candidate source spans of a group of ``(attribution, _UnitTokens, cands, rule)``."""
    import numpy as np

    group = [g for g in group if g[2]]
    if not group:
        return Columns({k: np.zeros(0) for k in BOUNDARY_NUMERIC}, {k: np.zeros(0, dtype=object) for k in BOUNDARY_ONEHOT})
    # the units of a group share their facts, except when they were found one by one (in training)
    runs = [list(run) for _, run in itertools.groupby(group, key=lambda g: id(g[1].facts))]
    return Columns.concat([_boundary_columns(run) for run in runs])


def _boundary_columns(group: list[tuple]) -> Columns:
    import numpy as np

    facts = group[0][1].facts
    counts = np.array([len(cands) for _, _, cands, _ in group], dtype=np.int64)
    offsets = np.repeat(np.array([ut.offset for _, ut, _, _ in group], dtype=np.int64), counts)
    first = np.array([i for _, _, cands, _ in group for i, _ in cands], dtype=np.int64) + offsets
    end = np.array([j for _, _, cands, _ in group for _, j in cands], dtype=np.int64) + offsets
    n = len(first)
    at = {"first": slice(0, n), "end": slice(n, 2 * n), "last": slice(2 * n, 3 * n), "after": slice(3 * n, 4 * n)}
    after = np.where(facts.is_end[end], end, end + 1)  # the token after the next, or the unit's <end>
    found = facts.of(np.concatenate([first, end, end - 1, after]))
    length = end - first
    lengths = np.array([str(k) for k in range(11)], dtype=object)
    onehot = {"len=": lengths[np.minimum(length, 10)]}
    rule = np.repeat(np.array([r for _, _, _, r in group], dtype=np.int64), counts)
    position = np.arange(len(first)) - np.repeat(np.cumsum(counts) - counts, counts)  # within its attribution's candidates
    no_rule = MAX_SPAN + 1  # longer than any candidate
    rule_len = np.repeat(np.array([c[r][1] - c[r][0] if r >= 0 else no_rule for _, _, c, r in group], dtype=np.int64), counts)
    numeric = {"is_rule": position == rule, "longer_than_rule": length > rule_len}
    for columns, features in ((onehot, TOKEN_ONEHOT), (numeric, TOKEN_NUMERIC)):
        for name, (fact, which) in features.items():
            columns[name] = found[fact][at[which]]
    numeric["open_quote"] = (facts.quotes[end] - facts.quotes[first]) % 2
    numeric["has_comma"] = facts.commas[end] > facts.commas[first]
    return Columns({k: v.astype(np.float64) for k, v in numeric.items()}, onehot)


def boundary_rows(a, ut: _UnitTokens, cands: list[tuple[int, int]], rule: int) -> list[dict]:
    """``boundary_columns`` of one attribution, one feature dict per candidate, for training."""
    return boundary_columns([(a, ut, cands, rule)]).rows()


def type_rows(finder: SourceFinder, toks: list[Tok], described: tuple[str, bool] | None = None) -> list[tuple[str, dict]]:
    """Features of a source phrase for the type model; ``described``: ``finder.describe(toks)`` if known."""
    stype, anonymous = described or finder.describe(toks)
    words = [_bare(t.text) for t in toks if t.is_word]
    f = {"rule=" + stype: 1.0, "anonymous": float(anonymous), "head=" + (words[0] if words else ""): 1.0}
    for t in toks:
        info = word_info(t.text)
        if info:
            f[f"word_type={info[0]}:{info[1]}"] = 1.0
    return [(" ".join(words), f)]


class LearnedAttributionTagger(AttributionTagger):
    """The rule tagger, then learned source boundaries and types, then canonical ids again."""

    name = "attribution"

    def __init__(self, boundary_model=None, type_model=None):
        self.boundary_model = boundary_model
        self.type_model = type_model

    def __call__(self, doc: Document) -> None:
        finder = SourceFinder(doc.normalized)
        fallback = {}  # the first token of each unit, for a source that covers no whole token
        done = 0
        # the rule tagger goes unit by unit; its attributions are re-ranked a group at a time, with
        # the tokens it made, and then forgotten: memory stays flat on long texts
        pending = []
        for unit, toks in self.tag_units(doc, finder, typed=False):
            pending.append((unit.id, toks))
            fallback[unit.id] = toks[:1]
            if len(doc.attributions) - done >= GROUP:
                self._rerank(doc, finder, pending, doc.attributions[done:])
                done, pending = len(doc.attributions), []
        self._rerank(doc, finder, pending, doc.attributions[done:])
        if not doc.attributions:
            return
        norm = doc.normalized
        bounds = norm.normalized_spans([a.source.start for a in doc.attributions], [a.source.end for a in doc.attributions])
        phrases = [finder.tokens(s, e) or fallback[a.unit] for a, s, e in zip(doc.attributions, *bounds)]
        described = [finder.describe(t) for t in phrases]
        types = [t for t, _ in described]
        if self.type_model is not None:
            rows = [r for t, d in zip(phrases, described) for r in type_rows(finder, t, d)]
            types = [str(t) for t in self.type_model.predict(as_matrix(rows))]
        canon = _Canonicaliser(finder)
        for a, src_toks, stype, (_, anonymous) in zip(doc.attributions, phrases, types, described):
            a.canonical, a.source_type, a.anonymous = canon(src_toks, stype, anonymous)

    def _rerank(self, doc: Document, finder: SourceFinder, units: list[tuple[str, list[Tok]]], attributions: list) -> None:
        """Move the source boundaries of ``attributions`` (in ``units``: ids and tokens) to their best-scoring candidates."""
        if self.boundary_model is not None:
            finder.units = _TokenFacts(doc, finder, units).units()
            group = [(a, *source_candidates(doc, finder, a)) for a in attributions]
            if any(cands for _, _, cands, _ in group):
                probs = self.boundary_model.predict_proba(boundary_columns(group))[:, 1]
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


# -- links ------------------------------------------------------------------------


# In the corpus, 99% of links go to the thesis (first claim), to a head at most 10 units before,
# or to one at most 5 units after: the candidates are the thesis and the heads in this window.
LINK_BACK, LINK_AHEAD = 15, 6


def link_candidates(doc: Document) -> list[tuple]:
    """(from, to) pairs: from an evidence or claim unit to a claim or motive unit at most
    ``LINK_BACK`` units before or ``LINK_AHEAD`` after it, or to the document's first claim."""
    i, j = candidate_indices(doc)
    return [(doc.units[a], doc.units[b]) for a, b in zip(i.tolist(), j.tolist())]


def candidate_indices(doc: Document):
    """``link_candidates`` as two numpy arrays of unit indices, ``from`` and ``to``, in the same order."""
    import numpy as np

    roles = [u.role for u in doc.units]
    heads = np.array([k for k, r in enumerate(roles) if r in ("claim", "motive")], dtype=np.int64)
    sources = np.array([k for k, r in enumerate(roles) if r in ("evidence", "claim")], dtype=np.int64)
    lo, hi = heads.searchsorted(sources - LINK_BACK), heads.searchsorted(sources + LINK_AHEAD, side="right")
    n = hi - lo
    i = np.repeat(sources, n)
    j = heads[np.repeat(lo - (np.cumsum(n) - n), n) + np.arange(len(i))]  # each source's heads in the window, in order
    first_claim = next((k for k in heads.tolist() if roles[k] == "claim"), None)
    if first_claim is not None:  # the thesis, before the window's heads, if it is not among them
        far = sources[(first_claim < sources - LINK_BACK) | (first_claim > sources + LINK_AHEAD)]
        i = np.concatenate([far, i])
        j = np.concatenate([np.full(len(far), first_claim, dtype=np.int64), j])
        order = np.argsort(i, kind="stable")
        i, j = i[order], j[order]
    keep = i != j
    return i[keep], j[keep]


# The score a unit's best link must reach, by the unit's role, chosen by cross-validation on the
# training split: most of the corpus' claims support no other unit, most of its evidence does
# (docs/evaluation.md gives the share of claims).
LINK_THRESHOLDS = {"evidence": 0.7, "claim": 0.85}


class LearnedLinker:
    """Each evidence or claim unit supports its best-scoring head, if the score is high enough;
    ``threshold``: one for every unit, or one per role (``LINK_THRESHOLDS``; 0.5 for a role not named)."""

    name = "links"

    def __init__(self, model, threshold: float | dict[str, float] = 0.5):
        self.model = model
        self.threshold = threshold

    def __call__(self, doc: Document) -> None:
        import numpy as np

        src, dst = candidate_indices(doc)
        if not len(src):
            return
        ctx = LinkContext(doc)
        # in chunks, so that memory stays flat on long texts
        p = np.concatenate(
            [self.model.predict_proba(index_pair_columns(ctx, src[k : k + CHUNK], dst[k : k + CHUNK]))[:, 1] for k in range(0, len(src), CHUNK)]
        )
        # for each source unit, its best-scoring candidate (the first one among equals), in unit order
        order = np.lexsort((np.arange(len(src)), -p, src))
        best = order[np.concatenate(([True], src[order][1:] != src[order][:-1]))]
        if isinstance(self.threshold, dict):
            by_role = np.array([self.threshold.get(u.role, 0.5) for u in doc.units])
            needed = by_role[src[best]]
        else:
            needed = self.threshold
        for k in best[p[best] >= needed].tolist():
            doc.links.append(Link(doc.units[src[k]].id, doc.units[dst[k]].id, "support", score=round(float(p[k]), 4)))
