"""Support links on published-article layouts: candidates across paragraphs, the pair features, and the
per-role thresholds chosen by cross-validation at fit time (docs/experiments/links-on-real-text.md)."""

import numpy as np
import pytest

from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import split
from argmine.document import Document
from argmine.learn import SupportLinker
from argmine.learn.estimators import rule_layers
from argmine.links.features import LinkContext, index_pair_columns
from argmine.links.learned import best_candidates, candidate_indices, relation
from argmine.links.training import THRESHOLD_GRID, choice_data
from conftest import ROOT

# a news lead (claim), then one short paragraph per fact, as published articles are laid out
PARAS = [
    ("حذر المسؤول الأممي من كارثة إنسانية في البلاد.", "claim"),
    ("وقال إن نحو 17 مليون شخص يعانون نقصاً في الغذاء.", "evidence"),
    ("لذلك دعا المجلس إلى التحرك العاجل.", "claim"),
    ("لكن الحكومة نفت وجود أي نقص في المواد الغذائية.", "evidence"),
]


def news_doc() -> Document:
    text = "\n".join(t for t, _ in PARAS)
    doc = Document(text=text, id="news")
    at = 0
    for t, role in PARAS:
        doc.add_unit(at, at + len(t), role)
        at += len(t) + 1
    return doc


def test_a_candidate_reaches_the_claim_of_an_earlier_paragraph():
    doc = news_doc()
    src, dst = candidate_indices(doc)
    pairs = set(zip(src.tolist(), dst.tolist()))
    assert (1, 0) in pairs and (3, 0) in pairs and (3, 2) in pairs  # every unit is its own paragraph
    ctx = LinkContext(doc)
    cols = index_pair_columns(ctx, np.array([1, 3, 3]), np.array([0, 0, 2]))
    assert cols.numeric["same_para"].tolist() == [0.0, 0.0, 0.0]
    assert cols.numeric["tgt_unit0"].tolist() == [1.0, 1.0, 0.0]
    assert cols.numeric["tgt_is_u0_claim"].tolist() == [1.0, 1.0, 0.0]
    # the nearest head before the source is "b0"; the lead is one head further back from unit 3
    assert cols.onehot["rank="].tolist() == ["b0", "b1", "b0"]


def test_markers_are_read_at_the_opening_of_a_unit():
    ctx = LinkContext(news_doc())
    assert ctx.support_marker.tolist() == [False, False, True, False]  # لذلك opens unit 2
    assert ctx.attack_marker.tolist() == [False, False, False, True]  # لكن opens unit 3
    assert ctx.first_word[2] == "لذلك"


def test_a_claim_that_opens_on_an_attack_marker_attacks():
    doc = news_doc()
    assert [relation(LinkContext(doc), k) for k in range(4)] == ["support"] * 4  # unit 3 is evidence
    doc.units[3].role = "claim"
    assert relation(LinkContext(doc), 3) == "attack"


@pytest.fixture(scope="module")
def corpus():
    return split(read_jsonl(ROOT / "corpora" / "argmine.jsonl"))


@pytest.fixture(scope="module")
def chosen(corpus):
    return SupportLinker().fit(corpus[0][:10])


def test_the_choice_scorer_is_a_softmax_over_candidates_and_no_link(corpus, chosen):
    """The numpy stage's probability of a unit's best pair is the softmax of the saved model's scores over
    the unit's candidates and its no-link option."""
    doc = rule_layers(corpus[1][0])
    src, dst, p = best_candidates(chosen.scorer_, doc)
    rows, groups, _ = choice_data([corpus[1][0]], [doc])
    scores, groups = chosen.model_.decision_function(rows), np.array(groups)
    expected = []
    for g in np.unique(groups):
        e = np.exp(scores[groups == g] - scores[groups == g].max())
        expected.append((e / e.sum())[:-1].max())  # the last option of a group is "no link"
    assert len(p) > 5
    np.testing.assert_allclose(p, expected, rtol=0, atol=1e-9)
    assert 0.0 < p.min() and p.max() < 1.0


def test_thresholds_chosen_by_cross_validation_are_kept_in_the_model(corpus, chosen):
    train = corpus[0]
    fixed = SupportLinker(evidence_threshold=0.6, claim_threshold=0.9, cv_thresholds=False).fit(train[:10])
    assert fixed.thresholds_ is None and fixed.threshold == {"evidence": 0.6, "claim": 0.9}
    assert set(chosen.thresholds_) == {"evidence", "claim"} and set(chosen.thresholds_.values()) <= set(THRESHOLD_GRID)
    assert chosen.threshold == chosen.thresholds_  # what annotation and the saved model use
    # too few documents with links to cross-validate: the parameters stay
    assert SupportLinker(evidence_threshold=0.6, claim_threshold=0.9).fit(train[:3]).threshold == {"evidence": 0.6, "claim": 0.9}
