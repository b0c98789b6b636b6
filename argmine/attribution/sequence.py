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
    accusatives,
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
RULES = ("O", "S", "C", "T")  # the rule tagger's labels, as codes 0-3
CHUNK = 1 << 13  # tokens scored (or rows decoded) at once: bounds the memory of a unit of 200,000 cues
LONG = 1024  # a unit longer than this is decoded alone (``viterbi``), not in the batch


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
    first best on a tie). In Python floats: with a handful of labels, faster than numpy's small arrays;
    the rows read a block at a time and the back-pointers kept as bytes, so that a unit of 200,000
    tokens holds no list per token.

    >>> viterbi(np.array([[1.0, 0.0], [0.0, 0.5]]), np.array([[0.0, -2.0], [0.0, 0.0]]))
    [0, 0]
    """
    n, k = scores.shape
    into = transition.T.tolist()  # into[y][x]: from x to y
    labels = range(k)
    back = [bytearray(n) for _ in labels]  # back[y][t]: the best label at t - 1 before y at t
    best = scores[0].tolist()
    t = 1
    for block in range(1, n, CHUNK):
        for row in scores[block : block + CHUNK].tolist():
            new = []
            for y in labels:
                cand = [b + w for b, w in zip(best, into[y])]
                m = max(cand)
                back[y][t] = cand.index(m)
                new.append(m + row[y])
            best = new
            t += 1
    y = best.index(max(best))
    path = [y]
    for t in range(n - 1, 0, -1):
        y = back[y][t]
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
    if got is None:
        got = _made_word(w)
        if len(_WORDS) >= WORDS:
            _WORDS.clear()
        _WORDS[w] = got
    return got


def _made_word(w: str) -> _Word:
    """``_word(w)``, made anew (not remembered)."""
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
    return _Word(f, {off: [f"{off}:{x}" for x in near] for off in OFFSETS}, unknown, w in SAID or w in ':"')


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
    cues: list[tuple[int, int, int]]  # reporting lexicon matches: index of the first token, original (start, end)


def _cue_matches(doc: Document):
    return longest_first(reporting_lexicon().find(doc.normalized.text))


_KINDS: dict[str, int] = {"": 0}  # the reporting cue kinds ("verb", "prep" ...) as codes, 0 for none
_KIND_NAMES: list[str] = [""]


def _kind_code(kind: str) -> int:
    code = _KINDS.get(kind)
    if code is None:
        code = _KINDS[kind] = len(_KIND_NAMES)
        _KIND_NAMES.append(kind)
    return code


def unit_inputs(doc: Document, finder: SourceFinder) -> list[tuple[UnitSeq, bytearray, bytearray]]:
    """For each unit that holds a reporting cue or an attribution: ``(UnitSeq, rule labels, cue kinds)``,
    the token facts its CRF attributes are made of (with the accusatives), as one byte a token: the
    index of the rule tagger's label in ``RULES``, and of the kind of the cue a token is part of in
    ``_KIND_NAMES`` (0: none); ``doc`` holds the rule tagger's attributions."""
    norm = doc.normalized
    matches = [m for m in finder.reporting_matches if m.fields[0] not in ("noun",)]
    m_starts = [m.start - len(m.prefix) for m in matches]
    m_orig = norm.original_spans([m.start for m in matches], [m.end for m in matches]) if matches else ([], [])
    m_kind = [_kind_code(m.fields[0]) for m in matches]
    by_unit: dict[str, list] = {}  # each unit's rule attributions, grouped once (not a scan of all per unit)
    for a in doc.attributions:
        by_unit.setdefault(a.unit, []).append(a)
    chosen = []
    for u in doc.units:
        ns, ne = norm.normalized_span(u.start, u.end)
        k0, k1 = bisect.bisect_left(m_starts, ns), bisect.bisect_left(m_starts, ne)
        if k0 == k1 and u.id not in by_unit:
            continue
        toks = finder.unit_tokens(ns, ne)
        if toks:
            chosen.append((u, toks, k0, k1))
    # the original bounds of all their tokens at once
    chain = itertools.chain.from_iterable
    all_starts, all_ends = norm.original_spans(
        list(chain(t.starts for _, t, _, _ in chosen)), list(chain(t.ends for _, t, _, _ in chosen))
    )
    out = []
    at = 0
    codes = {lab: RULES.index(lab) for lab in RULES}
    for u, toks, k0, k1 in chosen:
        n = len(toks)
        starts, ends = all_starts[at : at + n], all_ends[at : at + n]
        at += n
        tok_starts = toks.starts
        cue_kind = bytearray(n)
        cues = []
        for m, s, e, kind in zip(matches[k0:k1], m_orig[0][k0:k1], m_orig[1][k0:k1], m_kind[k0:k1]):
            i = max(bisect.bisect_right(tok_starts, m.start - len(m.prefix)) - 1, 0)
            j = bisect.bisect_left(tok_starts, m.end)
            if i < j:
                cue_kind[i:j] = bytes((kind,)) * (j - i)
            cues.append((i, s, e))
        rule = bytearray(n)
        for a in by_unit.get(u.id, ()):
            for span, lab in ((a.content, "T"), (a.cue, "C"), (a.source, "S")):
                if span is None:
                    continue
                # the tokens that overlap the span (in order, apart: their ends rise with their starts)
                i, j = bisect.bisect_right(ends, span.start), bisect.bisect_left(starts, span.end)
                if i < j:
                    rule[i:j] = bytes((codes[lab],)) * (j - i)
        out.append((UnitSeq(u.id, toks, starts, ends, cues), rule, cue_kind))
    return out


def unit_sequences(doc: Document, finder: SourceFinder, rich: bool = True) -> list[tuple[UnitSeq, list[list[str]]]]:
    """The units that hold a reporting cue or an attribution, with their CRF attributes; ``doc`` holds
    the rule tagger's attributions."""
    out = []
    for seq, rule, kind in unit_inputs(doc, finder):
        acc = [finder.accusative(seq.toks, k) for k in range(len(seq.toks))]
        labels, kinds = [RULES[c] for c in rule], [_KIND_NAMES[c] for c in kind]
        out.append((seq, token_features(seq.toks, labels, kinds, acc, rich)))
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


# --- the attributes as weight rows, for decoding ---------------------------------------------------


class _Encoder:
    """The attributes of ``token_features`` as the rows of ``weights.state`` (-1: an attribute the
    model does not know), made without a string per token: the rows of a word's own attributes once
    per distinct word, those of the context (rule labels, cue kinds, distances) from small tables."""

    def __init__(self, weights: CRFWeights):
        a = weights.attributes
        self.weights = weights
        self.words: dict[str, tuple] = {}

        def ids(names):
            return np.array([a.get(x, -1) for x in names], dtype=np.int64)

        self.bias, self.acc, self.nocue = (a.get(x, -1) for x in ("bias", "acc", "nocue"))
        self.unknown = ids(["unknown", "unknown_after_cue", "unknown_before_cue"])
        self.rep = {off: [-1] for off in (0, *OFFSETS)}  # by kind code (``_KIND_NAMES``): "rep=verb", "-1:rep=verb"
        self.r = ids(["r=" + r for r in RULES])
        buckets = [_bucket(d) if abs(d) < 7 else _FAR[d < 0] for d in range(-7, 8)]  # distance + 7
        self.d = ids(["d=" + b for b in buckets])
        self.dr = ids([f"dr={b}{r}" for b in buckets for r in RULES]).reshape(15, 4)
        ahead = ["no", *map(str, range(1, 8))]
        self.said_ahead, self.punct_ahead = ids(["said_ahead=" + x for x in ahead]), ids(["punct_ahead=" + x for x in ahead])
        self.near_r = {off: ids([f"{off}:r={r}" for r in RULES]) for off in OFFSETS}
        self.pair = {off: ids([f"{off}:r{r}|r{q}" for r in RULES for q in RULES]).reshape(4, 4) for off in (-1, 1)}
        self.edge = {off: a.get(f"{off}:edge", -1) for off in OFFSETS}

    def word(self, w: str) -> tuple:
        """``(rows of its own attributes, rows as each neighbour reads it, unknown, said or quote)``,
        remembered for the process (up to ``WORDS`` words)."""
        got = self.words.get(w)
        if got is None:
            # tuples of ints, which the garbage collector stops tracking (not lists: it would walk them
            # at every collection, for each word remembered); the strings of ``_word`` are not kept
            wd, a = _made_word(w), self.weights.attributes
            known = tuple(i for i in map(a.get, wd.own) if i is not None)
            near = tuple(tuple(i for i in map(a.get, wd.near[off]) if i is not None) for off in OFFSETS)
            got = (known, near, wd.unknown, wd.said_or_quote)
            if len(self.words) >= WORDS:
                self.words.clear()
            self.words[w] = got
        return got

    def scores(
        self, units: list[tuple[Toks, bytearray, bytearray]], acc: np.ndarray, rich: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """The state scores of every token of ``units`` (``(tokens, rule labels, cue kinds)`` each, as
        ``unit_inputs`` codes them; ``acc``:
        whether each token is accusative) as ``weights.scores(token_features(...))`` gives them, to the
        last bit (each token's rows are summed in the same order): tokens x labels, the units one after
        another, and the number of tokens of each unit."""
        texts = [w for toks, *_ in units for w in toks.texts]
        n = len(texts)
        vocab: dict[str, int] = {}
        widx = np.fromiter(map(vocab.setdefault, texts, itertools.count()), dtype=np.int64, count=n)
        # setdefault gave each new word the index of its first token: renumber them 0, 1, ...
        first, widx = np.unique(widx, return_inverse=True)
        infos = [self.word(texts[k]) for k in first.tolist()]
        own = _Ragged([x[0] for x in infos])
        near = {off: _Ragged([x[1][k] for x in infos]) for k, off in enumerate(OFFSETS)}
        unknown_w = np.array([x[2] for x in infos], dtype=bool)
        said_w = np.array([x[3] for x in infos], dtype=bool)
        del texts, vocab, infos

        lengths = np.array([len(toks) for toks, *_ in units], dtype=np.int64)
        unit_start = np.repeat(np.cumsum(lengths) - lengths, lengths)
        unit_end = np.repeat(np.cumsum(lengths), lengths)
        words = np.fromiter(itertools.chain.from_iterable(toks.words for toks, *_ in units), dtype=bool, count=n)
        rule = np.frombuffer(b"".join(r for _, r, _ in units), dtype=np.uint8).astype(np.int64)
        kind = np.frombuffer(b"".join(k for _, _, k in units), dtype=np.uint8).astype(np.int64)
        acc = acc & words
        cue = kind > 0
        idx = np.arange(n, dtype=np.int64)
        # the nearest cue token before (strictly) and at or after each token, in its unit
        prev = np.maximum.accumulate(np.where(cue, idx, -1))
        prev = np.concatenate(([-1], prev[:-1])) if n else prev
        prev_ok = prev >= unit_start
        nxt = np.minimum.accumulate(np.where(cue, idx, n)[::-1])[::-1]
        nxt_ok = nxt < unit_end
        has_cue = nxt_ok | prev_ok
        back = prev_ok & (~nxt_ok | (idx - prev <= nxt - idx))
        dist = np.where(back, idx - prev, idx - nxt)
        bucket = np.clip(dist, -7, 7) + 7
        if rich:
            said_ahead = _ahead_codes(said_w[widx], unit_end)
            punct_ahead = _ahead_codes(~words, unit_end)
        for name in _KIND_NAMES[len(self.rep[0]) :]:  # the rows of kinds this encoder has not seen
            self.rep[0].append(self.weights.attributes.get("rep=" + name, -1))
            for off in OFFSETS:
                self.rep[off].append(self.weights.attributes.get(f"{off}:rep={name}", -1))
        rep0, rep = np.array(self.rep[0]), {off: np.array(self.rep[off]) for off in OFFSETS}
        state = self.weights.state
        out = np.zeros((n, state.shape[1]))
        for a in range(0, n, CHUNK):
            b = min(a + CHUNK, n)
            s = slice(a, b)
            i = idx[s]
            cols = [
                np.full(b - a, self.bias),
                own.take(widx[s]),
                np.where(acc[s], self.acc, -1),
                rep0[kind[s]],
                self.r[rule[s]],
            ]
            hc = has_cue[s]
            cols.append(np.where(hc, self.d[bucket[s]], self.nocue))
            cols.append(np.where(hc, self.dr[bucket[s], rule[s]], -1))
            if rich:
                cols.append(self.said_ahead[said_ahead[s]])
                cols.append(self.punct_ahead[punct_ahead[s]])
                unk = words[s] & unknown_w[widx[s]]
                cue_before = np.zeros(b - a, dtype=bool)
                cue_after = np.zeros(b - a, dtype=bool)
                cue_before[i > unit_start[s]] = cue[i[i > unit_start[s]] - 1]
                cue_after[i + 1 < unit_end[s]] = cue[i[i + 1 < unit_end[s]] + 1]
                cols.append(np.where(unk, self.unknown[0], -1))
                cols.append(np.where(unk & cue_before, self.unknown[1], -1))
                cols.append(np.where(unk & cue_after, self.unknown[2], -1))
            for off in OFFSETS:
                j = i + off
                inside = (j >= unit_start[s]) & (j < unit_end[s])
                jj = np.where(inside, j, i)
                cols.append(near[off].take(widx[jj], inside))
                cols.append(np.where(inside, rep[off][kind[jj]], -1))
                r_j = np.where(inside, self.near_r[off][rule[jj]], self.edge[off])
                cols.append(r_j)
                if off in (-1, 1):
                    cols.append(np.where(inside, self.pair[off][rule[jj], rule[s]], -1))
            out[s] = _summed(cols, state, b - a)
        return out, lengths


class _Ragged:
    """Lists of rows, one per word, as one array and where each list starts."""

    def __init__(self, lists: list[list[int]]):
        self.lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        self.starts = np.cumsum(self.lengths) - self.lengths
        self.flat = np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64, count=int(self.lengths.sum()))

    def take(self, w: np.ndarray, keep: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(lengths, rows)`` of the lists of the words ``w`` one after another (none where not ``keep``)."""
        lengths = self.lengths[w]
        if keep is not None:
            lengths = np.where(keep, lengths, 0)
        total = int(lengths.sum())
        offsets = np.repeat(self.starts[w] - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
        return lengths, self.flat[offsets]


def _summed(cols, state: np.ndarray, n: int) -> np.ndarray:
    """Each token's rows of ``state`` summed, column after column, in order: a column is either an
    array of one row a token (-1: none) or ``(lengths, rows)`` (``_Ragged.take``)."""
    known = [c >= 0 if isinstance(c, np.ndarray) else None for c in cols]
    total = np.zeros(n, dtype=np.int64)
    for c, k in zip(cols, known):
        total += k if k is not None else c[0]
    tok_start = np.cumsum(total) - total
    flat = np.empty(int(total.sum()), dtype=np.int64)
    at = tok_start.copy()  # where each token's next row goes
    for c, k in zip(cols, known):
        if k is not None:
            flat[at[k]] = c[k]
            at += k
        else:
            lens, rows = c
            flat[np.repeat(at - (np.cumsum(lens) - lens), lens) + np.arange(len(rows))] = rows
            at += lens
    out = np.zeros((n, state.shape[1]))
    filled = total > 0
    if len(flat):
        out[filled] = np.add.reduceat(state[flat], tok_start[filled], axis=0)
    return out


def _ahead_codes(flags: np.ndarray, unit_end: np.ndarray) -> np.ndarray:
    """``_ahead`` of every token as a code: how many tokens ahead (1-7) the next flagged one of its
    unit is, else 0."""
    n = len(flags)
    idx = np.arange(n, dtype=np.int64)
    nxt = np.minimum.accumulate(np.where(flags, idx, n)[::-1])[::-1]
    nxt = np.concatenate((nxt[1:], [n]))  # strictly after
    gap = nxt - idx
    return np.where((nxt < unit_end) & (gap < 8), gap, 0)


def viterbi_many(scores: np.ndarray, lengths: np.ndarray, transition: np.ndarray) -> np.ndarray:
    """``viterbi`` of many sequences at once: ``scores`` holds their rows one after another
    (``lengths``); the label index of every row, as ``viterbi`` gives it for each sequence. The short
    ones step together in numpy (the same float additions and first-best ties), a long one alone, and
    so do a few (fewer tokens in all than four times the longest).

    >>> s = np.array([[1.0, 0.0], [0.0, 0.5], [0.0, 1.0]])
    >>> viterbi_many(s, np.array([2, 1]), np.array([[0.0, -2.0], [0.0, 0.0]])).tolist()
    [0, 0, 1]
    """
    n, k = scores.shape
    out = np.zeros(n, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    long = lengths > LONG
    for u in np.flatnonzero(long).tolist():
        s = int(starts[u])
        out[s : s + int(lengths[u])] = viterbi(scores[s : s + int(lengths[u])], transition)
    short = np.flatnonzero(~long & (lengths > 0))
    if not len(short):
        return out
    if lengths[short].sum() < 4 * lengths[short].max():  # a step costs several numpy calls: not for a few sequences
        for u in short.tolist():
            s = int(starts[u])
            out[s : s + int(lengths[u])] = viterbi(scores[s : s + int(lengths[u])], transition)
        return out
    order = short[np.argsort(-lengths[short], kind="stable")]  # longest first: the active ones lead
    lens, first = lengths[order], starts[order]
    m = int(lens[0])
    active = [int(np.count_nonzero(lens > t)) for t in range(m)]
    best = scores[first]
    final = np.empty((len(order), k))
    backs = []
    for t in range(1, m):
        a = active[t]
        done = active[t - 1]
        if a < done:
            final[a:done] = best[a:done]  # these sequences ended at t - 1
        cand = best[:a, :, None] + transition[None, :, :]  # from x (axis 1) to y (axis 2)
        back = cand.argmax(axis=1)
        best = cand.max(axis=1) + scores[first[:a] + t]
        backs.append(back)
    final[: active[m - 1]] = best
    y = np.zeros(len(order), dtype=np.int64)
    for t in range(m - 1, -1, -1):
        a = active[t]
        ending = lens[:a] == t + 1
        y[:a][ending] = final[:a][ending].argmax(axis=1)
        out[first[:a] + t] = y[:a]
        if t > 0:
            y[:a] = backs[t - 1][np.arange(a), y[:a]]
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


def _nearest(cues: list[tuple[int, int, int]], tokens: list[int], i: int, j: int):
    """The cue nearest to tokens ``i`` to ``j - 1`` outside them, as ``min`` over ``cues`` in order picks
    it (``tokens``: their first tokens, rising): the last one before ``i`` or the first one from ``j``,
    the earlier on a tie, and of cues on the same token the first.

    >>> cues = [(0, 0, 3), (5, 20, 24), (5, 25, 28)]
    >>> _nearest(cues, [0, 5, 5], 3, 4), _nearest(cues, [0, 5, 5], 2, 4)
    ((5, 20, 24), (0, 0, 3))
    """
    before, after = bisect.bisect_left(tokens, i), bisect.bisect_left(tokens, j)
    below = bisect.bisect_left(tokens, tokens[before - 1]) if before > 0 else None
    above = after if after < len(tokens) else None
    if below is not None and (above is None or i - tokens[below] <= tokens[above] - (j - 1)):
        return cues[below]
    return cues[above] if above is not None else None


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
        self.batch([doc])

    def batch(self, docs: list[Document]) -> None:
        """Annotate each of ``docs`` as ``self(doc)`` does, the CRF scoring and decoding the cued units of
        all of them together (for many short documents: one numpy pass, not one each).

        >>> from argmine.document import Document
        >>> from argmine.pipeline import Pipeline
        >>> pipeline = Pipeline.default()
        >>> docs = [Document("وقال الوزير إن الوضع مستقر."), Document("وأكد المتحدث أن الوفد غادر.")]
        >>> for doc in docs:
        ...     for stage in pipeline.stages[:2]:
        ...         stage(doc)
        >>> w = CRFWeights(SOURCE_LABELS, {"w=وزير": 0}, np.array([[0.0, 3.0, 0.0]]), np.zeros((3, 3)))
        >>> SequenceAttributionTagger(w).batch(docs)
        >>> [[a.source.text for a in doc.attributions] for doc in docs]
        [['الوزير'], []]
        """
        finders = [SourceFinder(doc.normalized, doc.tokens) for doc in docs]
        for doc, finder in zip(docs, finders):
            for _ in self.tag_units(doc, finder, typed=False):
                pass
        inputs = [unit_inputs(doc, finder) for doc, finder in zip(docs, finders)]
        labels = iter(self._labels([x for doc_inputs in inputs for x in doc_inputs], finders, inputs))
        for doc, finder, doc_inputs in zip(docs, finders, inputs):
            self._finish(doc, finder, [(seq, next(labels)) for seq, *_ in doc_inputs])

    def _finish(self, doc: Document, finder: SourceFinder, labelled: list[tuple[UnitSeq, list[str]]]) -> None:
        """The attributions of ``doc`` from the rules' and the CRF's labels of each cued unit."""
        rules_by_unit: dict[str, list[Attribution]] = {}
        for a in doc.attributions:
            rules_by_unit.setdefault(a.unit, []).append(a)
        kept: list[Attribution] = []
        for seq, labels in labelled:
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

    def _labels(self, inputs: list, finders: list[SourceFinder], per_doc: list[list]) -> list[list[str]]:
        """The CRF's labels of the tokens of each of ``inputs`` (``unit_inputs`` of the documents of
        ``finders``, ``per_doc`` of each), scored and decoded together (``_Encoder``, ``viterbi_many``),
        as ``weights_.tag`` labels each unit alone."""
        if not inputs:
            return []
        weights = self.weights_
        encoder = getattr(self, "encoder_", None)
        if encoder is None or encoder.weights is not weights:
            encoder = self.encoder_ = _Encoder(weights)
        chain = itertools.chain.from_iterable
        acc = []  # the accusatives, document by document (each has its own tanween)
        for finder, doc_inputs in zip(finders, per_doc):
            if doc_inputs:
                n = sum(len(seq.toks) for seq, *_ in doc_inputs)
                starts = np.fromiter(chain(seq.toks.starts for seq, *_ in doc_inputs), dtype=np.int64, count=n)
                ends = np.fromiter(chain(seq.toks.ends for seq, *_ in doc_inputs), dtype=np.int64, count=n)
                acc.append(accusatives(finder.tanween_reach, starts, ends))
        units = [(seq.toks, rule, kind) for seq, rule, kind in inputs]
        scores, lengths = encoder.scores(units, np.concatenate(acc), self.rich)
        if self.source_bias:
            for label in ("B-S", "I-S"):
                if label in weights.labels:
                    scores[:, weights.labels.index(label)] += self.source_bias
        names = np.array(weights.labels, dtype=object)[viterbi_many(scores, lengths, weights.transition)].tolist()
        ends = np.cumsum(lengths).tolist()
        return [names[e - n : e] for n, e in zip(lengths.tolist(), ends)]

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
        # the spans in order, apart: the ones a source overlaps are a run, found by bisection
        span_starts, span_ends = [seq.starts[i] for i, _ in spans], [seq.ends[j - 1] for _, j in spans]
        taken = set()
        out = []
        for a in rules:
            if a.continues:
                out.append(a)
                continue
            lo, hi = bisect.bisect_right(span_ends, a.source.start), bisect.bisect_left(span_starts, a.source.end)
            over = [k for k in range(lo, hi) if k not in taken]
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
            cue_tokens = [c[0] for c in seq.cues]
            for k, (i, j) in enumerate(spans):
                if k in taken:
                    continue
                a = self._with_nearest_cue(doc, seq, i, j, cue_tokens=cue_tokens)
                if a is not None:
                    out.append(a)
        return out

    def _with_nearest_cue(
        self, doc: Document, seq: UnitSeq, i: int, j: int, cue_spans=None, cue_tokens: list[int] | None = None
    ) -> Attribution | None:
        """An attribution of the source ``seq.toks[i:j]`` with the nearest cue outside it (of ``cue_spans``,
        else of ``seq.cues``, whose first tokens, in order, ``cue_tokens`` may give: then found by bisection)."""
        if cue_spans is None and cue_tokens is not None:
            nearest = _nearest(seq.cues, cue_tokens, i, j)
            if nearest is None:
                return None
            ci, cs, ce = nearest
        else:
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
