"""Features for the learned components, computed from the document built so far.

Every feature comes from camel-tools-normalised text, the lexicons, the rule
stages' layers (cues, attributions) and the document's structure. Rows are
``(text, features)`` pairs: ``text`` feeds word and character n-grams, ``features``
a ``DictVectorizer``. So every trained model is a plain scikit-learn ``Pipeline``,
with no custom Python inside, and ``skops`` can load it without trusting any type.

>>> import argmine
>>> doc = argmine.annotate("دوافع متعددة\\n1- تأمين المدينة: تهدف الحملة إلى تأمين المدينة.")
>>> text, feats = unit_rows(doc)[2]
>>> text
'تهدف الحمله الي تامين المدينه .'
>>> feats["first=تهدف"], feats["in_motive_list"]
(1.0, 1.0)
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

import numpy as np

from argmine.document import Document, Unit
from argmine.roles import MOTIVE_LISTS, RuleRoleClassifier, is_heading, is_point_title, unit_digits

TOKEN = re.compile(r"\w+|[^\w\s]")
DIGITS = re.compile(r"\d+")
QUOTE = re.compile('["“”«»]')


def tokens_of(norm: str, digits: bool = True) -> list[str]:
    """The tokens of a normalised text, with digits folded to ``0`` (``digits=False``: it has none).

    >>> tokens_of("قتل 12 شخصا.")
    ['قتل', '0', 'شخصا', '.']
    """
    return TOKEN.findall(DIGITS.sub("0", norm) if digits else norm)  # a digit run never straddles a token


def _bucket(x: float, edges=(0.1, 0.25, 0.5, 0.75, 0.9)) -> str:
    return str(bisect.bisect_right(edges, x))


def _paragraph_starts(doc: Document) -> list[bool]:
    starts, prev = [], 0
    for u in doc.units:
        starts.append(prev == 0 or "\n" in doc.text[prev : u.start])
        prev = u.end
    return starts


@dataclass
class Layout:
    """Where each unit sits: whether it starts a paragraph, is a point title, is a heading."""

    paragraph_starts: list[bool]
    titles: list[bool]
    headings: list[bool]


def layout(doc: Document) -> Layout:
    """The units' ``Layout``, computed once per document (``Document.derived``)."""
    return doc.derived("layout", _layout)


def _layout(doc: Document) -> Layout:
    return Layout(_paragraph_starts(doc), [is_point_title(u.text) for u in doc.units], [is_heading(doc, u) for u in doc.units])


def unit_rows(doc: Document) -> list[tuple[str, dict]]:
    """One ``(text, features)`` row per unit, for the role classifier."""
    return list(iter_unit_rows(doc))


FIRST = ("first=", "first1=", "first2=")  # the first three words of a unit


def iter_unit_rows(doc: Document):
    """``unit_rows`` one at a time, so that long documents can be scored in chunks."""
    rules = RuleRoleClassifier()
    units = doc.units
    n = max(len(units), 1)
    # the facts of each unit that need no tokens, computed for all units first
    texts = [u.text for u in units]
    ends_colon = [t.rstrip().endswith(":") for t in texts]
    where = layout(doc)
    titles, headings = where.titles, where.headings
    question = ["؟" in t or "?" in t for t in texts]
    digits, norm_digits = unit_digits(doc)
    quote = [QUOTE.search(t) is not None for t in texts]
    paragraph = where.paragraph_starts + [True]  # (after the last unit, a paragraph starts)
    position = ["pos=" + _bucket(i / n) for i in range(len(units))]
    length = ["len=" + _bucket(k / 80) for k in range(81)]  # by number of tokens, 80 or more alike
    hedge = {c.unit for c in doc.cues if c.is_hedge}
    booster = {c.unit for c in doc.cues if c.strength == "booster"}
    attributions: dict[str, list] = {}
    for a in doc.attributions:
        attributions.setdefault(a.unit, []).append(a)
    in_motive_list = after_title = after_heading = False
    for i, (u, unit_norm, role_cues) in enumerate(zip(units, doc.normalized_units(), rules.unit_cues(doc))):
        toks = tokens_of(unit_norm, norm_digits[i])
        norm = " ".join(toks)
        title, heading = titles[i], headings[i]
        if (heading or norm.endswith(":")) and not title:
            in_motive_list = any(w in norm for w in MOTIVE_LISTS)  # the list this unit introduces
        # a feature is in the row only where it is not zero (the scorer reads fewer names)
        f = {"ends=" + (toks[-1] if toks else ""): 1.0, position[i]: 1.0, length[min(len(toks), 80)]: 1.0}
        for name, on in (("point_title", title), ("heading", heading), ("ends_colon", ends_colon[i]), ("question", question[i]),
                         ("in_motive_list", in_motive_list), ("para_start", paragraph[i]), ("para_end", paragraph[i + 1]),
                         ("digits", digits[i]), ("quote", quote[i]), ("hedge", u.id in hedge), ("booster", u.id in booster),
                         ("after_title", after_title), ("after_heading", after_heading)):  # fmt: skip
            if on:
                f[name] = 1.0
        k = 0
        for w in toks:
            if w[0].isalnum():
                f[FIRST[k] + w] = 1.0
                k += 1
                if k == len(FIRST):
                    break
        attrs = attributions.get(u.id, ())
        if attrs:
            f["attributions"] = float(min(len(attrs), 3))
        for a in attrs:
            at = (a.cue.start - u.start) / max(len(texts[i]), 1)
            f["attr_at=" + _bucket(at)] = 1.0
            f["attr_type=" + a.source_type] = 1.0
        for role, score in rules.scores(u, unit_norm, role_cues, attrs, norm_digits[i]).items():
            if score:
                f["rule_" + role] = score
        after_title, after_heading = title, heading
        yield norm, f


@dataclass
class Columns:
    """Features of many rows, column by column, for dict-feature models.

    ``numeric[name]`` holds one number per row; ``onehot[prefix]`` one string per row, the
    feature ``prefix + value`` being 1. Iterated, it gives one feature dict per row, so a
    scikit-learn ``DictVectorizer`` takes it as it is; ``fastlinear`` scores the columns directly.

    >>> Columns({"next_punct": np.array([0.0, 1.0])}, {"last=": np.array(["وزاره", "الداخليه"], dtype=object)}).rows()
    [{'last=وزاره': 1.0, 'next_punct': 0.0}, {'last=الداخليه': 1.0, 'next_punct': 1.0}]
    """

    numeric: dict[str, np.ndarray]
    onehot: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(next(iter(self.numeric.values())))

    def __iter__(self):
        return iter(self.rows())

    @staticmethod
    def concat(parts: list[Columns]) -> Columns:
        """The rows of ``parts``, one after another."""
        first = parts[0]
        return Columns(
            {k: np.concatenate([p.numeric[k] for p in parts]) for k in first.numeric},
            {k: np.concatenate([p.onehot[k] for p in parts]) for k in first.onehot},
        )

    def rows(self) -> list[dict[str, float]]:
        numeric = {k: v.tolist() for k, v in self.numeric.items()}
        onehot = {k: v.tolist() for k, v in self.onehot.items()}
        out = []
        for r in range(len(self)):
            f = {prefix + values[r]: 1.0 for prefix, values in onehot.items()}
            f.update((name, float(values[r])) for name, values in numeric.items())
            out.append(f)
        return out


class LinkContext:
    """What the link features need to know about a whole document, computed once."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.index = {u.id: i for i, u in enumerate(doc.units)}
        where = layout(doc)
        self.starts = np.array(where.paragraph_starts, dtype=bool)
        self.para = np.cumsum(self.starts) - 1
        self.title = np.array(where.titles, dtype=bool)
        title_of, current = [], -1  # the point title each unit falls under (-1: none)
        for i, (title, heading) in enumerate(zip(where.titles, where.headings)):
            if title:
                current = i
            elif heading:
                current = -1
            title_of.append(current)
        self.title_of = np.array(title_of, dtype=np.int64)
        self.first_claim = next(
            (i for i, u in enumerate(doc.units) if u.role == "claim" and not self.title[i]), -1
        )
        heads = [u.role in ("claim", "motive") for u in doc.units]
        self.heads_before = np.concatenate([[0], np.cumsum(heads, dtype=np.int64)])  # heads among units[:k]
        self.role_names = sorted({u.role or "" for u in doc.units})
        code = {r: k for k, r in enumerate(self.role_names)}
        self.roles = np.array([code[u.role or ""] for u in doc.units], dtype=np.int64)
        # "from>to" of two roles, at roles[i] * len(role_names) + roles[j]
        self.role_pairs = np.array([a + ">" + b for a in self.role_names for b in self.role_names], dtype=object)
        attributed = {a.unit for a in doc.attributions}
        self.attributed = np.array([u.id in attributed for u in doc.units], dtype=bool)
        self.hedged = np.array([bool(u.hedged) for u in doc.units], dtype=bool)
        self.words, self.word_starts, self.word_counts = _content_words(doc)


WORD_KEY = 1 << 31  # a unit's content word is keyed unit * WORD_KEY + word id
CONTENT_WORD = re.compile(r"\w{4,}")  # a word token longer than three characters


def _content_words(doc: Document, block: int = 2000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each unit's distinct content words (tokens longer than three characters, digits folded),
    as sorted keys ``unit * WORD_KEY + word id``, with where each unit's keys start and how many it has."""
    text = doc.normalized.text
    starts, ends = doc.normalized.normalized_spans([u.start for u in doc.units], [u.end for u in doc.units])
    _, digits = unit_digits(doc)
    ids: dict[str, int] = {}
    new_id = itertools.count()
    keys = []
    for b in range(0, len(starts), block):  # a block of units at a time: their words are not all kept at once
        spans = zip(starts[b : b + block], ends[b : b + block], digits[b : b + block])
        words = [CONTENT_WORD.findall(DIGITS.sub("0", text[s:e])) if d else CONTENT_WORD.findall(text, s, e) for s, e, d in spans]
        unit = np.repeat(np.arange(b, b + len(words), dtype=np.int64), [len(w) for w in words])
        found = np.fromiter(map(ids.setdefault, itertools.chain.from_iterable(words), new_id), dtype=np.int64, count=len(unit))
        keys.append(_distinct(unit * WORD_KEY + found))
    keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    counts = np.bincount(keys // WORD_KEY, minlength=len(starts))
    return keys, np.cumsum(counts) - counts, counts


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values of ``keys``, sorted (``np.unique``, faster on this machine)."""
    keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


def _overlap(ctx: LinkContext, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """``|a & b| / |a | b|`` of the content words of units ``i`` and ``j``, pair by pair (0 if both have none)."""
    n = ctx.word_counts[i]
    pair = np.repeat(np.arange(len(i)), n)
    at = np.repeat(ctx.word_starts[i] - (np.cumsum(n) - n), n) + np.arange(len(pair))  # the words of each i
    query = j[pair] * WORD_KEY + ctx.words[at] % WORD_KEY  # the same words, in unit j
    found = np.minimum(ctx.words.searchsorted(query), len(ctx.words) - 1)  # (no query if no unit has words)
    shared = np.bincount(pair[ctx.words[found] == query], minlength=len(i))
    union = n + ctx.word_counts[j] - shared
    return shared / np.where(union == 0, 1, union)


def pair_columns(doc: Document, pairs: list[tuple[Unit, Unit]], ctx: LinkContext | None = None) -> Columns:
    """Features of candidate links ``(from, to)``, for the link scorer, computed with numpy."""
    ctx = ctx or LinkContext(doc)
    i = np.array([ctx.index[a.id] for a, _ in pairs], dtype=np.int64)
    j = np.array([ctx.index[b.id] for _, b in pairs], dtype=np.int64)
    return index_pair_columns(ctx, i, j)


def index_pair_columns(ctx: LinkContext, i: np.ndarray, j: np.ndarray) -> Columns:
    """``pair_columns`` of the pairs of units ``(units[i[k]], units[j[k]])``."""
    d = j - i
    # "-6" ... "6" for near pairs, else "far_before" or "far_after"
    names = np.array(["far_before", *(str(k) for k in range(-6, 7)), "far_after"], dtype=object)
    between = ctx.heads_before[np.maximum(i, j)] - ctx.heads_before[np.minimum(i, j) + 1]
    as_float = np.float64
    numeric = {
        "dist_abs": np.minimum(np.abs(d), 30) / 30,
        "target_before": (d < 0).astype(as_float),
        "same_para": (ctx.para[i] == ctx.para[j]).astype(as_float),
        "target_title": ctx.title[j].astype(as_float),
        "target_is_my_title": (ctx.title_of[i] == j).astype(as_float),
        "source_under_title": (ctx.title_of[i] >= 0).astype(as_float),
        "target_first_claim": (j == ctx.first_claim).astype(as_float),
        "target_para_start": ctx.starts[j].astype(as_float),
        "overlap": _overlap(ctx, i, j),
        "source_attributed": ctx.attributed[i].astype(as_float),
        "target_hedged": ctx.hedged[j].astype(as_float),
        "between_heads": between.astype(as_float),
        "nearest_head": (between == 0).astype(as_float),
    }
    onehot = {"dist=": names[np.clip(d, -7, 7) + 7], "roles=": ctx.role_pairs[ctx.roles[i] * len(ctx.role_names) + ctx.roles[j]]}
    return Columns(numeric, onehot)


def pair_rows(doc: Document, pairs: list[tuple[Unit, Unit]], ctx: LinkContext | None = None) -> list[dict[str, float]]:
    """``pair_columns`` as one feature dict per pair, for training."""
    return pair_columns(doc, pairs, ctx).rows()
