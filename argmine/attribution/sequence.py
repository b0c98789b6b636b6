"""A sequence labeller for attributions: a linear-chain CRF tags the tokens of each unit that holds a
reporting cue (BIO: source, and in the ``all`` mode also cue and content), stacked on the rule tagger
(its cue, source and content labels are features), then the labels become attributions.

Inference is numpy only: ``CRFWeights`` holds the state-feature weights (one row per attribute) and the
label transitions as plain arrays, and ``viterbi`` decodes. The weights come from python-crfsuite at
training time (``from_crfsuite``, which takes a fitted tagger and imports nothing).

In ``وقال رئيس الوزراء الليبي في مؤتمر صحفي إن ...`` the rule tagger gives the cue ``وقال`` and a source;
the CRF reads each token with the rules' label as one of its attributes and labels ``رئيس الوزراء الليبي``
``B-S I-S I-S``, which becomes the attribution's source. Cross-validated on the real training articles
in docs/experiments/attribution-on-real-text.md.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

import numpy as np

from argmine.attribution.features import type_rows
from argmine.attribution.rules import (
    CLITIC_PREFIXES,
    COMPLEMENTISERS,
    SAID,
    WORDS,
    AttributionTagger,
    SourceFinder,
    Toks,
    _bare,
    _Canonicaliser,
    _is_stop,
    gazetteer,
    gazetteer_heads,
    reporting_lexicon,
    word_info,
)
from argmine.document import Attribution, Document
from argmine.learn.linear import as_matrix
from argmine.text.lexicon import longest_first

SOURCE_LABELS = ("O", "B-S", "I-S")
CONTENT_LABELS = ("O", "B-S", "I-S", "B-C", "I-C", "B-T", "I-T")  # S source, C cue, T content


@dataclass
class CRFWeights:
    """A linear-chain CRF as arrays: ``state[attributes[a], y]`` is the weight of attribute ``a`` with
    label ``labels[y]``; ``transition[y1, y2]`` that of label ``y1`` followed by ``y2``."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: np.ndarray
    transition: np.ndarray

    def scores(self, items: list[list[str]]) -> np.ndarray:
        """The state score of each label at each position (positions x labels)."""
        lengths = list(map(len, items))
        flat = itertools.chain.from_iterable(items)
        ids = np.fromiter(map(self.attributes.get, flat, itertools.repeat(-1)), dtype=np.int64, count=sum(lengths))
        known = ids >= 0
        rows = np.repeat(np.arange(len(items), dtype=np.int64), lengths)[known]
        ids = ids[known]
        out = np.zeros((len(items), len(self.labels)))
        counts = np.bincount(rows, minlength=len(items))
        filled = counts > 0  # positions with a known attribute
        if len(ids):
            starts = np.cumsum(counts) - counts
            out[filled] = np.add.reduceat(self.state[ids], starts[filled], axis=0)
        return out

    def tag(self, items: list[list[str]], bias: dict[str, float] | None = None) -> list[str]:
        """The best label sequence (Viterbi).

        >>> w = CRFWeights(("O", "B-S"), {"x": 0}, np.array([[0.0, 2.0]]), np.zeros((2, 2)))
        >>> w.tag([["x"], ["y"]])
        ['B-S', 'O']
        """
        if not items:
            return []
        scores = self.scores(items)
        for label, b in (bias or {}).items():
            if label in self.labels:
                scores[:, self.labels.index(label)] += b  # favour (or not) a label everywhere
        path = viterbi(scores, self.transition)
        return [self.labels[y] for y in path]

    def to_arrays(self) -> dict[str, np.ndarray]:
        names = sorted(self.attributes, key=self.attributes.get)
        return {
            "labels": np.array(self.labels),
            "attributes": np.array(names),
            "state": self.state,
            "transition": self.transition,
        }

    @classmethod
    def from_arrays(cls, arrays) -> CRFWeights:
        """The weights from the arrays of ``to_arrays`` (an ``npz`` or a dict), checked: labels of the
        scheme's BIO set, distinct attribute names, finite weights of the right shapes; else ``ModelError``.

        >>> w = CRFWeights(("O", "B-S"), {"x": 0}, np.array([[0.0, 2.0]]), np.zeros((2, 2)))
        >>> CRFWeights.from_arrays(w.to_arrays()).tag([["x"]])
        ['B-S']
        """
        from argmine.learn.errors import ModelError, check_labels

        labels, names, state, transition = (np.asarray(arrays[k]) for k in ("labels", "attributes", "state", "transition"))
        if labels.ndim != 1 or names.ndim != 1 or labels.dtype.kind != "U" or names.dtype.kind != "U":
            raise ModelError("crf: labels and attributes must be 1-D arrays of strings")
        labels_t = tuple(str(x) for x in labels.tolist())
        check_labels("crf", labels_t)
        if len(set(labels_t)) != len(labels_t) or len(labels_t) < 2:
            raise ModelError(f"crf: labels {list(labels_t)} are not two or more distinct labels")
        attributes = {str(a): i for i, a in enumerate(names.tolist())}
        if len(attributes) != len(names):
            raise ModelError("crf: an attribute name is listed twice")
        k = len(labels_t)
        if state.shape != (len(names), k) or transition.shape != (k, k):
            raise ModelError(
                f"crf: state weights of shape {state.shape} and transitions of shape {transition.shape} do not fit "
                f"{len(names)} attributes and {k} labels"
            )
        for what, x in (("state weights", state), ("transitions", transition)):
            if x.dtype.kind != "f" or not np.isfinite(x).all():
                raise ModelError(f"crf: NaN, infinite or non-numeric {what}")
        return cls(labels_t, attributes, state, transition)


def viterbi(scores: np.ndarray, transition: np.ndarray) -> list[int]:
    """The label indices maximising the sum of ``scores[t, y_t]`` and ``transition[y_{t-1}, y_t]`` (the
    first best on a tie). In Python floats: with a handful of labels, faster than numpy's small arrays.

    >>> viterbi(np.array([[1.0, 0.0], [0.0, 0.5]]), np.array([[0.0, -2.0], [0.0, 0.0]]))
    [0, 0]
    """
    n, k = scores.shape
    rows = scores.tolist()
    into = transition.T.tolist()  # into[y][x]: from x to y
    labels = range(k)
    best = rows[0]
    back = []
    for t in range(1, n):
        row, step, new = rows[t], [], []
        for y in labels:
            cand = [b + w for b, w in zip(best, into[y])]
            m = max(cand)
            step.append(cand.index(m))
            new.append(m + row[y])
        best = new
        back.append(step)
    y = best.index(max(best))
    path = [y]
    for step in reversed(back):
        y = step[y]
        path.append(y)
    return path[::-1]


def from_crfsuite(tagger) -> CRFWeights:
    """The weights of a fitted ``pycrfsuite.Tagger`` as arrays."""
    info = tagger.info()
    labels = tuple(tagger.labels())
    y = {lab: i for i, lab in enumerate(labels)}
    attributes: dict[str, int] = {}
    for attr, _ in info.state_features:
        attributes.setdefault(attr, len(attributes))
    state = np.zeros((len(attributes), len(labels)))
    for (attr, lab), w in info.state_features.items():
        state[attributes[attr], y[lab]] = w
    transition = np.zeros((len(labels), len(labels)))
    for (a, b), w in info.transitions.items():
        transition[y[a], y[b]] = w
    return CRFWeights(labels, attributes, state, transition)


# --- features -------------------------------------------------------------------------------------


def _clitic(word: str) -> str:
    return next((c for c in CLITIC_PREFIXES if word.startswith(c) and len(word) - len(c) >= 2), "")


def _bucket(d: int) -> str:
    if d == 0:
        return "0"
    a = abs(d)
    b = str(a) if a <= 3 else ("4-6" if a <= 6 else "7+")
    return ("-" if d < 0 else "+") + b


def _gazetteer_words() -> frozenset[str]:
    return frozenset(w for k in gazetteer() for w in k.split(" "))


_GAZ_WORDS: frozenset[str] | None = None
NEIGHBOUR = ("w=", "p=", "r=", "ki", "re", "sa", "co", "ga", "cl")  # the attributes a neighbour's label also reads
OFFSETS = (-2, -1, 1, 2)


@dataclass(frozen=True)
class _Word:
    """The attributes of a token that depend on its text alone, made once per distinct text."""

    own: list[str]  # its attributes, before the token's own facts (accusative, cue kind, rule label)
    near: dict[int, list[str]]  # its attributes as the neighbour at each offset reads them ("-1:w=...")
    unknown: bool  # a word in no lexicon and no stop word
    said_or_quote: bool  # "أن", a colon or a quote: what was said may start here


_WORDS: dict[str, _Word] = {}


def _word(w: str) -> _Word:
    """The text-only attributes of the token ``w`` (``token_features``), cached for the process.

    >>> _word("وقال").near[1][:2]
    ['1:w=وقال', '1:cl=و']
    """
    got = _WORDS.get(w)
    if got is not None:
        return got
    global _GAZ_WORDS
    if _GAZ_WORDS is None:
        _GAZ_WORDS = _gazetteer_words()
    is_word = w[0].isalnum()
    unknown = False
    if not is_word:
        f = ["p=" + w]
    else:
        b = _bare(w)
        f = ["w=" + b, "s2=" + b[-2:], "s3=" + b[-3:], "p2=" + b[:2], "cl=" + _clitic(w)]
        info = word_info(w)
        if info:
            f += ["kind=" + info[1], "type=" + info[0]]
            if len(info) > 2 and info[2] == "1":
                f.append("anon")
        if b in gazetteer_heads():
            f.append("gazh")
        if b in _GAZ_WORDS:
            f.append("gazw")
        stop = _is_stop(w)
        if stop:
            f.append("stop")
        if w in SAID:
            f.append("said")
        elif w in COMPLEMENTISERS:
            f.append("comp")
        if w.isdigit():
            f.append("digit")
        unknown = not info and not stop
    near = [x for x in f if x[:2] in NEIGHBOUR]
    got = _Word(f, {off: [f"{off}:{x}" for x in near] for off in OFFSETS}, unknown, w in SAID or w in ':"')
    if len(_WORDS) >= WORDS:
        _WORDS.clear()
    _WORDS[w] = got
    return got


_BUCKETS = {d: _bucket(d) for d in range(-8, 9)}
_FAR = {True: "-7+", False: "+7+"}


def _nearest_cues(cue_kind: list[str]) -> list[int]:
    """The signed distance of each token to the nearest cue token (the earlier one on a tie)."""
    n = len(cue_kind)
    before, last = [None] * n, None
    for i in range(n):
        before[i] = last  # the last cue token before i
        if cue_kind[i]:
            last = i
    out, nxt = [0] * n, None
    for i in range(n - 1, -1, -1):
        if cue_kind[i]:
            nxt = i  # the first cue token at or after i
        p = before[i]
        if nxt is None or (p is not None and i - p <= nxt - i):
            out[i] = i - p
        else:
            out[i] = i - nxt
    return out


def _ahead(flags: list[bool], n: int) -> list[str]:
    """For each token, how many tokens ahead (within 7) the next flagged one is, else "no"."""
    out, nxt = ["no"] * n, None
    for i in range(n - 1, -1, -1):
        if nxt is not None and nxt - i < 8:
            out[i] = str(nxt - i)
        if flags[i]:
            nxt = i
    return out


def token_features(
    toks: Toks, rule: list[str], cue_kind: list[str], accusative: list[bool], rich: bool = True
) -> list[list[str]]:
    """The CRF attributes of a unit's tokens: the word, its affixes and clitic, its lexicon memberships,
    its distance to the nearest reporting cue, and the rule tagger's label (``rule``: "O", "S", "C", "T"
    for source, cue, content), each also for the neighbours.

    What depends on a token's text alone is made once per distinct text (``_word``), the distances in
    two passes over the unit.

    >>> toks = Toks([0, 5], [4, 10], ["وقال", "الوزير"], [True, True])
    >>> token_features(toks, ["C", "S"], ["said", ""], [False, False])[1][:2]
    ['bias', 'w=وزير']
    """
    n = len(toks)
    words = [_word(w) for w in toks.texts]
    base = []
    for i, wd in enumerate(words):
        f = ["bias", *wd.own]
        if accusative[i] and toks.words[i]:
            f.append("acc")
        if cue_kind[i]:
            f.append("rep=" + cue_kind[i])
        f.append("r=" + rule[i])
        base.append(f)
    has_cue = any(cue_kind)
    dist = _nearest_cues(cue_kind) if has_cue else None
    if rich:
        said_ahead = _ahead([wd.said_or_quote for wd in words], n)
        punct_ahead = _ahead([not w for w in toks.words], n)
    out = []
    for i in range(n):
        f = base[i]
        r = rule[i]
        if has_cue:
            d = dist[i]
            b = _BUCKETS.get(d) or _FAR[d < 0]
            f.append("d=" + b)
            f.append("dr=" + b + r)
        else:
            f.append("nocue")
        if rich:
            f.append("said_ahead=" + said_ahead[i])
            f.append("punct_ahead=" + punct_ahead[i])
            if toks.words[i] and words[i].unknown:
                f.append("unknown")
                if i > 0 and cue_kind[i - 1]:
                    f.append("unknown_after_cue")
                if i + 1 < n and cue_kind[i + 1]:
                    f.append("unknown_before_cue")
        for off in OFFSETS:
            j = i + off
            if 0 <= j < n:
                f += words[j].near[off]
                if cue_kind[j]:
                    f.append(f"{off}:rep={cue_kind[j]}")
                f.append(f"{off}:r={rule[j]}")
                if off == -1 or off == 1:
                    f.append(f"{off}:r{rule[j]}|r{r}")
            else:
                f.append(f"{off}:edge")
        out.append(f)
    return out


@dataclass
class UnitSeq:
    """A unit's tokens, the original span of each, and where the reporting cues are."""

    unit: str
    toks: Toks
    starts: list[int]  # original offsets
    ends: list[int]
    cues: list[tuple[int, int, str]]  # reporting lexicon matches: token index of the first, original (start, end), kind
    cue_spans: list[tuple[int, int]]


def _cue_matches(doc: Document):
    return longest_first(reporting_lexicon().find(doc.normalized.text))


def unit_sequences(doc: Document, finder: SourceFinder, rich: bool = True) -> list[tuple[UnitSeq, list[list[str]]]]:
    """The units that hold a reporting cue or an attribution, with their CRF attributes; ``doc`` holds
    the rule tagger's attributions."""
    norm = doc.normalized
    matches = [m for m in _cue_matches(doc) if m.fields[0] not in ("noun",)]
    m_starts = [m.start - len(m.prefix) for m in matches]
    by_unit: dict[str, list] = {}  # each unit's rule attributions, grouped once (not a scan of all per unit)
    for a in doc.attributions:
        by_unit.setdefault(a.unit, []).append(a)
    out = []
    for u in doc.units:
        ns, ne = norm.normalized_span(u.start, u.end)
        k0, k1 = bisect.bisect_left(m_starts, ns), bisect.bisect_left(m_starts, ne)
        if k0 == k1 and u.id not in by_unit:
            continue
        toks = finder.tokens(ns, ne)
        if not toks:
            continue
        starts, ends = norm.original_spans(toks.starts, toks.ends)
        tok_starts = toks.starts
        cue_kind = [""] * len(toks)
        cues = []
        for m in matches[k0:k1]:
            i = bisect.bisect_right(tok_starts, m.start - len(m.prefix)) - 1
            j = bisect.bisect_left(tok_starts, m.end)
            for x in range(max(i, 0), j):
                cue_kind[x] = m.fields[0]
            s, e = norm.original_span(m.start, m.end)
            cues.append((max(i, 0), j, s, e))
        rule = ["O"] * len(toks)
        for a in by_unit.get(u.id, ()):
            for span, lab in ((a.content, "T"), (a.cue, "C"), (a.source, "S")):
                if span is None:
                    continue
                for x in range(len(toks)):
                    if starts[x] < span.end and span.start < ends[x]:
                        rule[x] = lab
        acc = [finder.accusative(toks, k) for k in range(len(toks))]
        seq = UnitSeq(u.id, toks, starts, ends, [(i, s, e) for i, j, s, e in cues], [(i, j) for i, j, s, e in cues])
        out.append((seq, token_features(toks, rule, cue_kind, acc, rich)))
    return out


def unit_features(doc: Document, rich: bool = True):
    """``(attributes per unit, UnitSeq per unit)`` of a document that holds the rule attributions."""
    pairs = unit_sequences(doc, SourceFinder(doc.normalized, doc.tokens), rich)
    return [x for _, x in pairs], [s for s, _ in pairs]


def gold_labels(gold: Document, units: list[UnitSeq], content: bool = False) -> list[list[str]]:
    """BIO labels of each unit's tokens from the gold attributions (a continuation's source lies in an
    earlier unit and is not labelled; its cue is). Source wins over cue, cue over content."""
    out = []
    for seq in units:
        lab = ["O"] * len(seq.toks)
        spans = []
        for a in gold.attributions:
            if a.unit != seq.unit:
                continue
            if content and a.content is not None:
                spans.append((a.content, "T", 0))
            if content:
                spans.append((a.cue, "C", 1))
            if not a.continues:
                spans.append((a.source, "S", 2))
        prio = [-1] * len(seq.toks)
        for span, tag, p in spans:
            first = True
            for x in range(len(seq.toks)):
                if seq.starts[x] < span.end and span.start < seq.ends[x]:
                    if p > prio[x] or (p == prio[x] and first):
                        lab[x] = ("B-" if first else "I-") + tag
                        prio[x] = p
                    first = False
        # a span whose start another span took: its next token begins it
        for x in range(len(lab)):
            if lab[x].startswith("I-") and (x == 0 or lab[x - 1][2:] != lab[x][2:]):
                lab[x] = "B-" + lab[x][2:]
        out.append(lab)
    return out


def spans_of(labels: list[str], tag: str) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` labelled ``tag`` (B then I; an I after something else opens one).

    >>> spans_of(["O", "B-S", "I-S", "I-S", "O", "I-S"], "S")
    [(1, 4), (5, 6)]
    """
    out, i = [], None
    for x, lab in enumerate([*labels, "O"]):
        if lab == "B-" + tag or (lab == "I-" + tag and i is None):
            if i is not None:
                out.append((i, x))
            i = x
        elif lab != "I-" + tag and i is not None:
            out.append((i, x))
            i = None
    return out


SETTINGS = ("mode", "drop", "add", "source_bias", "rich")  # how the stage decodes, saved with the weights


def check_settings(settings) -> dict:
    """The decoding settings of a saved CRF stage (``SETTINGS``), checked; else ``ModelError``.

    >>> check_settings({"mode": "source", "drop": True, "add": True, "source_bias": 0.0, "rich": True})["mode"]
    'source'
    """
    import math

    from argmine.learn.errors import ModelError

    ok = (
        isinstance(settings, dict)
        and set(settings) == set(SETTINGS)
        and settings["mode"] in ("source", "all")
        and all(isinstance(settings[k], bool) for k in ("drop", "add", "rich"))
        and isinstance(settings["source_bias"], (int, float))
        and not isinstance(settings["source_bias"], bool)
        and math.isfinite(settings["source_bias"])
    )
    if not ok:
        raise ModelError(f"crf_settings: {settings!r} is not {', '.join(SETTINGS)} (mode source or all, booleans, a finite bias)")
    return settings


class SequenceAttributionTagger(AttributionTagger):
    """The rule attributions, their sources replaced by the CRF's (``mode="source"``), or attributions
    built from the CRF's cue, source and content spans (``mode="all"``); then types (``type_scorer``, a
    ``fastlinear`` scorer, or the rules) and canonical ids.

    ``drop``: a rule attribution whose source the CRF does not see is dropped (else it stays);
    ``add``: a CRF source no rule attribution overlaps gets the nearest reporting cue of its unit;
    ``rich``: the attributes of ``token_features``; ``source_bias``: added to the score of the source
    labels at every token (above 0: more recall)."""

    name = "attribution"

    def __init__(
        self,
        weights: CRFWeights,
        type_scorer=None,
        mode: str = "source",
        drop: bool = True,
        add: bool = True,
        source_bias: float = 0.0,
        rich: bool = True,
    ):
        self.weights_ = weights
        self.rich = rich
        self.source_bias = source_bias
        self.type_scorer_ = type_scorer
        self.mode = mode
        self.drop = drop
        self.add = add

    def settings(self) -> dict:
        """How this stage decodes (``SETTINGS``), as a model saves it beside the weights."""
        return {k: getattr(self, k) for k in SETTINGS}

    def __call__(self, doc: Document) -> None:
        finder = SourceFinder(doc.normalized, doc.tokens)
        for _ in self.tag_units(doc, finder, typed=False):
            pass
        seqs = unit_sequences(doc, finder, self.rich)
        rules_by_unit: dict[str, list[Attribution]] = {}
        for a in doc.attributions:
            rules_by_unit.setdefault(a.unit, []).append(a)
        kept: list[Attribution] = []
        for seq, items in seqs:
            labels = self.weights_.tag(items, {"B-S": self.source_bias, "I-S": self.source_bias} if self.source_bias else None)
            rules = rules_by_unit.pop(seq.unit, [])
            if self.mode == "all":
                kept += self._built(doc, seq, labels)
            else:
                kept += self._moved(doc, seq, labels, rules)
        for rest in rules_by_unit.values():
            kept += rest if not self.drop else []
        order = {u.id: k for k, u in enumerate(doc.units)}
        kept.sort(key=lambda a: (order[a.unit], a.source.start))
        ids = {}
        for n, a in enumerate(kept, 1):
            ids[a.id] = f"a{n}"
        for a in kept:
            a.id = ids[a.id]
            a.via = ids.get(a.via) if a.via else None
        doc.attributions[:] = kept
        self._type(doc, finder)

    def _source_span(self, doc: Document, seq: UnitSeq, i: int, j: int, cue: tuple[int, int] | None):
        s, e = seq.starts[i], seq.ends[j - 1]
        if cue is not None and cue[0] < s + 1 <= cue[1] < e and s < cue[1]:
            s = cue[1]  # a glued cue: "لبيان"
        t = seq.toks.texts[i]
        if s == seq.starts[i] and t[0] == "و" and len(t) > 3 and word_info(t[1:]) and not word_info(t):
            s += 1
        return doc.span(s, e) if s < e else None

    def _moved(self, doc: Document, seq: UnitSeq, labels: list[str], rules: list[Attribution]) -> list[Attribution]:
        spans = spans_of(labels, "S")
        taken = set()
        out = []
        for a in rules:
            if a.continues:
                out.append(a)
                continue
            over = [
                k
                for k, (i, j) in enumerate(spans)
                if k not in taken and seq.starts[i] < a.source.end and a.source.start < seq.ends[j - 1]
            ]
            if not over:
                if not self.drop:
                    out.append(a)
                continue
            k = min(over, key=lambda k: abs(seq.starts[spans[k][0]] - a.source.start))
            taken.add(k)
            i, j = spans[k]
            s, e = seq.starts[i], seq.ends[j - 1]
            # keep the rule's exact edge where it sits in the same token (a glued cue, a stripped "و")
            if seq.starts[i] <= a.source.start < seq.ends[i]:
                s = a.source.start
            if seq.starts[j - 1] < a.source.end <= seq.ends[j - 1]:
                e = a.source.end
            if s < e and not (a.cue.start < e and s < a.cue.end):
                a.source = doc.span(s, e)
            out.append(a)
        if self.add:
            for k, (i, j) in enumerate(spans):
                if k in taken:
                    continue
                a = self._with_nearest_cue(doc, seq, i, j)
                if a is not None:
                    out.append(a)
        return out

    def _with_nearest_cue(self, doc: Document, seq: UnitSeq, i: int, j: int, cue_spans=None) -> Attribution | None:
        cands = cue_spans if cue_spans is not None else [(ci, s, e) for ci, s, e in seq.cues]
        cands = [c for c in cands if not (c[0] >= i and c[0] < j)]
        if not cands:
            return None
        ci, cs, ce = min(cands, key=lambda c: min(abs(c[0] - i), abs(c[0] - (j - 1))))
        src = self._source_span(doc, seq, i, j, (cs, ce))
        if src is None or (cs < src.end and src.start < ce):
            return None
        return Attribution(
            id=f"n{seq.unit}_{i}", unit=seq.unit, cue=doc.span(cs, ce), source=src, source_type="other", canonical=""
        )

    def _built(self, doc: Document, seq: UnitSeq, labels: list[str]) -> list[Attribution]:
        cue_tok = spans_of(labels, "C")
        # a CRF cue snaps to the lexicon match it overlaps
        cues = []
        for i, j in cue_tok:
            m = next(((ci, s, e) for ci, s, e in seq.cues if i <= ci < j), None)
            cues.append(m if m is not None else (i, seq.starts[i], seq.ends[j - 1]))
        contents = spans_of(labels, "T")
        out = []
        for i, j in spans_of(labels, "S"):
            a = self._with_nearest_cue(doc, seq, i, j, cues or None)
            if a is None:
                continue
            after = [c for c in contents if c[0] >= j] or contents
            if after:
                ti, tj = after[0]
                a.content = doc.span(seq.starts[ti], seq.ends[tj - 1])
            out.append(a)
        return out

    def _type(self, doc: Document, finder: SourceFinder) -> None:
        if not doc.attributions:
            return
        norm = doc.normalized
        bounds = norm.normalized_spans([a.source.start for a in doc.attributions], [a.source.end for a in doc.attributions])
        phrases = [finder.tokens(s, e) for s, e in zip(*bounds)]
        phrases = [
            p if p else finder.tokens(*norm.normalized_span(a.cue.start, a.cue.end)) for p, a in zip(phrases, doc.attributions)
        ]
        described = [finder.describe(t) for t in phrases]
        types = [t for t, _ in described]
        if self.type_scorer_ is not None:
            rows = [r for t, d in zip(phrases, described) for r in type_rows(finder, t, d)]
            types = [str(t) for t in self.type_scorer_.predict(as_matrix(rows))]
        canon = _Canonicaliser(finder)
        for a, src_toks, stype, (_, anonymous) in zip(doc.attributions, phrases, types, described):
            a.canonical, a.source_type, a.anonymous = canon(src_toks, stype, anonymous)
