"""Features of a (from, to) pair of units for the support-link scorer."""

from __future__ import annotations

import itertools
import re

import numpy as np

from argmine.document import Document, Unit
from argmine.learn.linear import Columns
from argmine.roles.features import layout
from argmine.roles.rules import unit_digits
from argmine.text.lexicon import rows
from argmine.text.normalize import normalize
from argmine.text.tokens import DIGITS

# (phrase, kind) of lexicons/link_markers.tsv, normalised: "support" openers, "attack" words
MARKERS = tuple((normalize(phrase), kind) for phrase, kind in rows("link_markers", 2))

SUPPORT = frozenset(m for m, kind in MARKERS if kind == "support")
ATTACK = frozenset(m for m, kind in MARKERS if kind == "attack")
LONGEST = max((len(m.split()) for m, _ in MARKERS), default=1)  # words of the longest marker

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
        n = len(doc.units)
        self.n = n
        self.first_word, self.support_marker, self.attack_marker = _openers(doc)
        self.para_pos = np.arange(n) - np.maximum.accumulate(np.where(self.starts, np.arange(n), 0)) if n else np.zeros(0, np.int64)
        self.first_head = int(np.argmax(heads)) if any(heads) else -1
        self.claims = sum(u.role == "claim" for u in doc.units)
        self.first_role = (doc.units[0].role or "") if n else ""
        self.centrality = _centrality(self, n)


def _openers(doc: Document) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each unit's first word, whether it opens with a support marker, and whether its first four words hold
    an attack marker (``lexicons/link_markers.tsv``), all in normalised text, word by word."""
    norm = doc.normalized
    starts, ends = norm.normalized_spans([u.start for u in doc.units], [u.end for u in doc.units])
    support, attack, longest = SUPPORT, ATTACK, LONGEST
    first, opens, turns = [], [], []
    for s, e in zip(starts, ends):
        words = norm.text[s:e].split()[:4]
        first.append(words[0] if words else "")
        opens.append(any(" ".join(words[:k]) in support for k in range(1, longest + 1) if k <= len(words)))
        turns.append(any(" ".join(words[a : a + k]) in attack for a in range(len(words)) for k in range(1, longest + 1) if a + k <= len(words)))
    return np.array(first, dtype=object), np.array(opens, dtype=bool), np.array(turns, dtype=bool)


def _centrality(ctx: LinkContext, n: int) -> np.ndarray:
    """How central each unit is to its document: over its content words, the mean share of the other units
    that hold the word (0 for a unit without content words)."""
    if not len(ctx.words):
        return np.zeros(n)
    word = ctx.words % WORD_KEY
    others = np.bincount(word)[word] - 1  # the other units that hold each word
    total = np.bincount(ctx.words // WORD_KEY, weights=others, minlength=n)
    return total / np.maximum(ctx.word_counts, 1) / max(n - 1, 1)


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
    names = DISTANCES
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
    n = max(ctx.n, 1)
    numeric.update(
        {
            # where the pair sits in the document, and the document's shape
            "src_pos": i / n,
            "tgt_pos": j / n,
            "tgt_unit0": (j == 0).astype(as_float),
            "tgt_first_head": (j == ctx.first_head).astype(as_float),
            "tgt_para0": (ctx.para[j] == 0).astype(as_float),
            "src_para0": (ctx.para[i] == 0).astype(as_float),
            "src_para_pos0": (ctx.para_pos[i] == 0).astype(as_float),
            "log_units": np.full(len(i), np.log1p(ctx.n) / 5),
            "claim_share": np.full(len(i), ctx.claims / n),
            "tgt_attributed": ctx.attributed[j].astype(as_float),
            "tgt_centrality": ctx.centrality[j],
            "tgt_is_u0_claim": ((j == 0) & (ctx.first_role == "claim")).astype(as_float),
            # discourse markers (lexicons/link_markers.tsv)
            "src_support_marker": ctx.support_marker[i].astype(as_float),
            "src_attack_marker": ctx.attack_marker[i].astype(as_float),
            "tgt_attack_marker": ctx.attack_marker[j].astype(as_float),
        }
    )
    pair_code = ctx.roles[i] * len(ctx.role_names) + ctx.roles[j]
    pair = ctx.role_pairs[pair_code]
    dist_code = np.clip(d, -7, 7) + 7
    dist = names[dist_code]
    # heads strictly between the two units: "b0" is the nearest head before the source, "a0" the nearest after
    after = ctx.heads_before[j] - ctx.heads_before[np.minimum(i + 1, len(ctx.heads_before) - 1)]
    rank = np.where(d < 0, between, after)
    onehot = {
        "dist=": dist,
        "roles=": pair,
        "src_first=": ctx.first_word[i],
        "rank=": _ranks(d, rank),
        "nclaims=": np.full(len(i), str(min(ctx.claims, 4)), dtype=object),
        "u0=": np.full(len(i), ctx.first_role, dtype=object),
        # the role pair with the distance, with the paragraph, and with the source's attribution
        "roles_dist=": _joined(ctx.role_pairs, names, pair_code, dist_code),
        "roles_para=": _joined(ctx.role_pairs, SAME_PARA, pair_code, (ctx.para[i] != ctx.para[j]).astype(np.int64)),
        "roles_attr=": _joined(ctx.role_pairs, ATTRIBUTED, pair_code, (~ctx.attributed[i]).astype(np.int64)),
    }
    return Columns(numeric, onehot)


def none_columns(ctx: LinkContext, src: np.ndarray, candidates: np.ndarray) -> Columns:
    """Features of the "no link" option of each source unit ``src`` (which has ``candidates`` candidate heads),
    for a scorer that chooses among a unit's candidates and no link at all (``SupportLinker(choice=True)``).
    Their names start with ``none_``, so no pair has them."""
    n = max(ctx.n, 1)
    as_float = np.float64
    numeric = {
        "none_n_cand": np.minimum(candidates, 20) / 20,
        "none_pos": src / n,
        "none_para0": (ctx.para[src] == 0).astype(as_float),
        "none_para_pos0": (ctx.para_pos[src] == 0).astype(as_float),
        "none_attributed": ctx.attributed[src].astype(as_float),
        "none_hedged": ctx.hedged[src].astype(as_float),
        "none_sup": ctx.support_marker[src].astype(as_float),
        "none_att": ctx.attack_marker[src].astype(as_float),
        "none_log_units": np.full(len(src), np.log1p(ctx.n) / 5),
        "none_claim_share": np.full(len(src), ctx.claims / n),
    }
    onehot = {
        "none_role=": np.array(ctx.role_names, dtype=object)[ctx.roles[src]] if len(src) else np.zeros(0, dtype=object),
        "none_first=": ctx.first_word[src],
        "none_nclaims=": np.full(len(src), str(min(ctx.claims, 4)), dtype=object),
        "none_u0=": np.full(len(src), ctx.first_role, dtype=object),
    }
    return Columns(numeric, onehot)


# "-6" ... "6" for near pairs, else "far_before" or "far_after"
DISTANCES = np.array(["far_before", *(str(k) for k in range(-6, 7)), "far_after"], dtype=object)
# the rank of the target among the heads between the pair: "b0"... "b3" before the source, "a0"... "a3" after
RANKS = np.array([f"{side}{k}" for side in "ba" for k in range(4)], dtype=object)
def _ranks(d: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """``"b"`` (target before the source) or ``"a"``, and the rank, 3 or more alike: ``"b0"``, ``"a3"``..."""
    if len(rank) and rank.min() < 0:  # (only a unit paired with itself)
        return np.char.add(np.where(d < 0, "b", "a"), np.minimum(rank, 3).astype(str)).astype(object)
    return RANKS[np.where(d < 0, 0, 4) + np.minimum(rank, 3)]


SAME_PARA = np.array(["S", "X"], dtype=object)  # same paragraph, or not
ATTRIBUTED = np.array(["A", "-"], dtype=object)  # the source unit has an attribution, or not


def _joined(a: np.ndarray, b: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """``a[ia[k]] + "|" + b[ib[k]]`` for each k, as an object array (each combination joined once)."""
    key = (tuple(a.tolist()), tuple(b.tolist()))
    table = _TABLES.get(key)
    if table is None:
        table = np.array([x + "|" + y for x in key[0] for y in key[1]], dtype=object)
        if len(_TABLES) < 1000:
            _TABLES[key] = table
    return table[ia * len(b) + ib]


_TABLES: dict[tuple, np.ndarray] = {}  # _joined's tables, by the two lists joined


def pair_rows(doc: Document, pairs: list[tuple[Unit, Unit]], ctx: LinkContext | None = None) -> list[dict[str, float]]:
    """``pair_columns`` as one feature dict per pair, for training."""
    return pair_columns(doc, pairs, ctx).rows()
