"""Features of a unit for the role classifier, computed from the document built so far.

Every feature comes from camel-tools-normalised text, the lexicons, the rule
stages' layers (cues, attributions), the document's structure and the mean word vector
of the unit's tokens (``vec0``... ``vec99``, ``argmine.roles.vectors``). Rows are
``(text, features)`` pairs: ``text`` feeds word and character n-grams, ``features``
a ``DictVectorizer``.

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
import re
from dataclasses import dataclass

import numpy as np

from argmine.document import Document
from argmine.roles.rules import MOTIVE_LISTS, RuleRoleClassifier, is_heading, is_point_title, unit_digits
from argmine.roles.vectors import word_vectors

QUOTE = re.compile('["“”«»]')


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
    """One ``(text, features)`` row per unit, for the role classifier, the unit's mean word vector
    in the features (``vec0``...; ``with_vectors``)."""
    return with_vectors(list(iter_unit_rows(doc)))


def unit_vectors(rows: list[tuple[str, dict]]) -> np.ndarray:
    """The mean word vector of each row's unit (``WordVectors.means`` of its normalised tokens): one
    row per unit, zeros where no token is known. The role stage scores these apart from the rows'
    dicts (``fastlinear.FastLinear.decision_function``'s ``dense``), which is faster."""
    return word_vectors().means([text.split(" ") for text, _ in rows])


def with_vectors(rows: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """The rows with their unit's mean word vector in the features, as ``vec0``, ``vec1``... (none
    where no token is known): the rows scikit-learn is fitted on."""
    vectors = unit_vectors(rows)
    names = vector_names(vectors.shape[1])
    for (_, f), v in zip(rows, vectors.tolist()):
        if any(v):
            f.update(zip(names, v))
    return rows


FIRST = ("first=", "first1=", "first2=")  # the first three words of a unit
LENGTHS = ["len=" + _bucket(k / 80) for k in range(81)]  # a unit's length feature, by its tokens (80 or more alike)


def vector_names(dims: int) -> list[str]:
    """The names of the mean word vector's features: ``vec0``, ``vec1``..."""
    return [f"vec{k}" for k in range(dims)]


def iter_unit_rows(doc: Document):
    """``unit_rows`` one at a time, without the word vectors (``unit_vectors`` gives them), so that
    long documents can be scored in chunks."""
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
    length = LENGTHS
    hedge = {c.unit for c in doc.cues if c.is_hedge}
    booster = {c.unit for c in doc.cues if c.strength == "booster"}
    attributions: dict[str, list] = {}
    for a in doc.attributions:
        attributions.setdefault(a.unit, []).append(a)
    in_motive_list = after_title = after_heading = False
    layer = doc.tokens
    bounds = doc.normalized.normalized_spans([u.start for u in units], [u.end for u in units])
    unit_toks = layer.iter_texts(*bounds, norm_digits)
    for i, (u, unit_norm, role_cues, toks) in enumerate(zip(units, doc.normalized_units(), rules.unit_cues(doc), unit_toks)):
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
