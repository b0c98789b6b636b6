"""Features of a (from, to) pair of units for the support-link scorer."""

from __future__ import annotations

import itertools
import re

import numpy as np

from argmine.document import Document, Unit
from argmine.learn.linear import Columns
from argmine.roles.features import layout
from argmine.roles.rules import unit_digits
from argmine.text.tokens import DIGITS

# a unit's content words are its tokens (``argmine.text.tokens.TOKEN``) longer than three characters:
# punctuation tokens are one character, so they are the runs of four word characters or more, which
# this finds without making a string of every token (tests/test_properties.py checks the two agree)
CONTENT_WORD = re.compile(r"\w{4,}")


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


def _content_words(doc: Document, block: int = 256) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def word_overlap(ctx: LinkContext, i: np.ndarray, j: np.ndarray) -> np.ndarray:
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
        "overlap": word_overlap(ctx, i, j),
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
