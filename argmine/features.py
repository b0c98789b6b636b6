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

import re

from argmine.document import Document, Unit
from argmine.roles import MOTIVE_LISTS, RuleRoleClassifier, is_heading, is_point_title
from argmine.text import normalize

TOKEN = re.compile(r"\w+|[^\w\s]")
DIGITS = re.compile(r"\d+")


def norm_tokens(text: str) -> list[str]:
    """Normalised tokens with digits folded to ``0``."""
    return [DIGITS.sub("0", t) for t in TOKEN.findall(normalize(text))]


def _bucket(x: float, edges=(0.1, 0.25, 0.5, 0.75, 0.9)) -> str:
    return str(sum(x >= e for e in edges))


def _paragraph_starts(doc: Document) -> list[bool]:
    starts, prev = [], 0
    for u in doc.units:
        starts.append(prev == 0 or "\n" in doc.text[prev : u.start])
        prev = u.end
    return starts


def unit_rows(doc: Document) -> list[tuple[str, dict]]:
    """One ``(text, features)`` row per unit, for the role classifier."""
    return list(iter_unit_rows(doc))


def iter_unit_rows(doc: Document):
    """``unit_rows`` one at a time, so that long documents can be scored in chunks."""
    rules = RuleRoleClassifier()
    starts = _paragraph_starts(doc)
    n = max(len(doc.units), 1)
    list_context = ""
    for i, u in enumerate(doc.units):
        toks = norm_tokens(u.text)
        norm = " ".join(toks)
        f: dict[str, float] = {}
        title, heading = is_point_title(u.text), is_heading(doc, u)
        if heading or norm.endswith(":"):
            if not title:
                list_context = norm
        f["point_title"] = float(title)
        f["heading"] = float(heading)
        f["ends=" + (toks[-1] if toks else "")] = 1.0
        f["ends_colon"] = float(u.text.rstrip().endswith(":"))
        f["question"] = float("؟" in u.text or "?" in u.text)
        f["in_motive_list"] = float(any(w in list_context for w in MOTIVE_LISTS))
        f["para_start"] = float(starts[i])
        f["para_end"] = float(i + 1 == len(doc.units) or starts[i + 1])
        f["pos=" + _bucket(i / n)] = 1.0
        f["len=" + _bucket(min(len(toks), 80) / 80)] = 1.0
        words = [t for t in toks if t[0].isalnum()]
        for k, w in enumerate(words[:3]):
            f[f"first{k}={w}" if k else f"first={w}"] = 1.0
        f["digits"] = float(bool(DIGITS.search(u.text)))
        f["quote"] = float(any(q in u.text for q in "\"“”«»"))
        cues = doc.cues_of(u.id)
        f["hedge"] = float(any(c.is_hedge for c in cues))
        f["booster"] = float(any(c.strength == "booster" for c in cues))
        attrs = doc.attributions_of(u.id)
        f["attributions"] = float(min(len(attrs), 3))
        for a in attrs:
            at = (a.cue.start - u.start) / max(len(u.text), 1)
            f["attr_at=" + _bucket(at)] = 1.0
            f["attr_type=" + a.source_type] = 1.0
        for role, score in rules.scores(doc, u).items():
            f["rule_" + role] = score
        prev_u = doc.units[i - 1] if i else None
        f["after_title"] = float(bool(prev_u and is_point_title(prev_u.text)))
        f["after_heading"] = float(bool(prev_u and is_heading(doc, prev_u)))
        yield norm, f


class LinkContext:
    """What the link features need to know about a whole document, computed once."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.index = {u.id: i for i, u in enumerate(doc.units)}
        self.starts = _paragraph_starts(doc)
        self.para, p = [], -1
        for s in self.starts:
            p += s
            self.para.append(p)
        self.title_of: list[int | None] = []  # the point title each unit falls under
        current = None
        for i, u in enumerate(doc.units):
            if is_point_title(u.text):
                current = i
            elif is_heading(doc, u):
                current = None
            self.title_of.append(current)
        self.first_claim = next(
            (i for i, u in enumerate(doc.units) if u.role == "claim" and not is_point_title(u.text)), None
        )
        self.heads_before = [0]  # heads_before[k]: claims and motives among units[:k]
        for u in doc.units:
            self.heads_before.append(self.heads_before[-1] + (u.role in ("claim", "motive")))
        self.words: dict[int, set] = {}

    def forget_before(self, k: int) -> None:
        """Drop the cached words of units before ``k`` (candidates are local: memory stays flat)."""
        for old in [i for i in self.words if i < k]:
            del self.words[old]

    def content_words(self, k: int) -> set:
        if k not in self.words:
            self.words[k] = {t for t in norm_tokens(self.doc.units[k].text) if len(t) > 3}
        return self.words[k]


def pair_rows(doc: Document, pairs: list[tuple[Unit, Unit]], ctx: LinkContext | None = None) -> list[tuple[str, dict]]:
    """Features of candidate links ``(from, to)``, for the link scorer."""
    ctx = ctx or LinkContext(doc)
    index, starts, para, title_of = ctx.index, ctx.starts, ctx.para, ctx.title_of
    first_claim, heads_before = ctx.first_claim, ctx.heads_before
    rows = []
    for src, dst in pairs:
        i, j = index[src.id], index[dst.id]
        wi, wj = ctx.content_words(i), ctx.content_words(j)
        d = j - i
        between = heads_before[max(i, j)] - heads_before[min(i, j) + 1]
        f = {
            "dist=" + (str(max(-6, min(d, 6))) if abs(d) <= 6 else ("far_before" if d < 0 else "far_after")): 1.0,
            "dist_abs": min(abs(d), 30) / 30,
            "target_before": float(d < 0),
            "same_para": float(para[i] == para[j]),
            "target_title": float(is_point_title(dst.text)),
            "target_is_my_title": float(title_of[i] == j),
            "source_under_title": float(title_of[i] is not None),
            "target_first_claim": float(j == first_claim),
            "target_para_start": float(starts[j]),
            "roles=" + src.role + ">" + dst.role: 1.0,
            "overlap": len(wi & wj) / (len(wi | wj) or 1),
            "source_attributed": float(bool(doc.attributions_of(src.id))),
            "target_hedged": float(dst.hedged),
            "between_heads": float(between),
            "nearest_head": float(between == 0),
        }
        rows.append(("", f))
    return rows
