"""Features of the learned attribution parts: candidate source spans for the boundary re-ranker, and
source phrases for the type classifier."""

from __future__ import annotations

import bisect
import itertools
import operator
from dataclasses import dataclass
from functools import lru_cache

from argmine.attribution.rules import (
    COMPLEMENTISERS,
    SAID,
    WORDS,
    SourceFinder,
    Toks,
    _bare,
    _is_stop,
    accusatives,
    word_info,
)
from argmine.document import Document
from argmine.learn.linear import Columns

MAX_SPAN = 16


@dataclass(slots=True)
class _UnitTokens:
    """A unit's tokens, their original spans, and where their facts are in a ``_TokenFacts``."""

    toks: Toks
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

    def __init__(self, doc: Document, finder: SourceFinder, units: list[tuple[str, Toks]]):
        import numpy as np

        norm_starts = [s for _, ts in units for s in ts.starts]
        norm_ends = [e for _, ts in units for e in ts.ends]
        starts, ends = doc.normalized.original_spans(norm_starts, norm_ends)
        self.texts: list[str | None] = []  # each slot's token, None for an <end> slot
        # each unit's _UnitTokens, handed out by ``units()``: not kept here, for they refer to this
        # object, and a cycle would wait for the cyclic garbage collector
        self._units = []
        k = 0
        for unit_id, ts in units:
            self._units.append((unit_id, ts, starts[k : k + len(ts)], ends[k : k + len(ts)], len(self.texts)))
            self.texts += ts.texts
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
        columns = {name: [f[k] for f in facts] for k, name in enumerate(FACTS)}  # (not zip(*facts): an iterator per token)
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

    ut = _unit_tokens(doc, finder, a.unit)
    toks = ut.toks
    first = bisect.bisect_right(ut.ends, a.source.start)  # the first token ending after the source starts
    last = bisect.bisect_left(ut.starts, a.source.end) - 1  # the last token starting before it ends
    if first >= len(toks) or last < first or a.source.start < a.cue.start:
        return ut, [], -1
    if last + 1 >= len(toks):
        return ut, [], -1
    nxt = toks.texts[last + 1]
    if nxt in SAID or not (toks.words[last + 1] or nxt == '"'):
        return ut, [], -1
    cands = []
    for j in range(first + 1, min(len(toks), first + MAX_SPAN) + 1):
        if not toks.words[j - 1] and toks.texts[j - 1] not in ('"', ")"):
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


def type_rows(finder: SourceFinder, toks: Toks, described: tuple[str, bool] | None = None) -> list[tuple[str, dict]]:
    """Features of a source phrase for the type model; ``described``: ``finder.describe(toks)`` if known."""
    stype, anonymous = described or finder.describe(toks)
    words = [_bare(w) for w, is_word in zip(toks.texts, toks.words) if is_word]
    f = {"rule=" + stype: 1.0, "anonymous": float(anonymous), "head=" + (words[0] if words else ""): 1.0}
    for w in toks.texts:
        info = word_info(w)
        if info:
            f[f"word_type={info[0]}:{info[1]}"] = 1.0
    return [(" ".join(words), f)]
