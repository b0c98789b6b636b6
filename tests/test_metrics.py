"""The evaluation figures (computed with sklearn.metrics) on small cases worked out by hand."""

import pytest

from argmine.document import Cue, Document, Link
from argmine.evaluation.metrics import hedge_scores, link_scores, prf, role_scores, segmentation_scores

TEXT = "قال أحد. جاء اثنان. ربما ثلاثة. أربعة هنا."  # four units of 8, 10, 11 and 10 characters


def doc(roles=(), units=((0, 8), (9, 19), (20, 31), (32, 42))) -> Document:
    d = Document(text=TEXT, id="d")
    for (s, e), role in zip(units, roles or ["other"] * len(units)):
        d.add_unit(s, e, role)
    return d


def test_roles():
    gold = doc(["claim", "claim", "evidence", "other"])
    pred = doc(["claim", "evidence", "evidence", "evidence"])
    r = role_scores([gold], [pred])
    # claim: tp 1, fn 1; evidence: tp 1, fp 2; other: fn 1; motive occurs in neither
    assert r["per_role"]["claim"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert r["per_role"]["evidence"] == {"precision": 0.3333, "recall": 1.0, "f1": 0.5, "support": 1}
    assert r["per_role"]["other"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert r["per_role"]["motive"]["support"] == 0
    assert r["macro_f1"] == 0.3889  # (0.6667 + 0.5 + 0) / 3, motive left out
    assert r["accuracy"] == 0.5
    assert r["kappa"] == 0.2727  # p_o 0.5, p_e 0.5 * 0.25 + 0.25 * 0.75 = 0.3125
    assert r["confusion"]["claim"] == {"claim": 1, "evidence": 1, "motive": 0, "other": 0}
    assert r["confusion"]["other"]["evidence"] == 1 and sum(r["confusion"]["motive"].values()) == 0


def test_roles_of_no_matched_unit():
    r = role_scores([doc(["claim"], units=[(0, 8)])], [doc(["claim"], units=[(0, 9)])])
    assert (r["units"], r["accuracy"], r["macro_f1"], r["lenient_accuracy"]) == (0, 0.0, 0.0, 0.0)


def test_lenient_accuracy_takes_claim_and_motive_as_one_head():
    gold = doc(["claim", "motive", "evidence", "other"])
    pred = doc(["motive", "claim", "claim", "other"])
    r = role_scores([gold], [pred])
    # claim <-> motive both count; evidence read as a claim does not
    assert (r["accuracy"], r["lenient_accuracy"]) == (0.25, 0.75)


def test_segmentation():
    gold, pred = doc(), doc(units=[(0, 8), (9, 31), (32, 42)])
    assert segmentation_scores([gold], [pred]) == {"precision": 0.6667, "recall": 0.5, "f1": 0.5714, "support": 4}


def test_links_are_matched_by_their_units_offsets():
    gold, pred = doc(), doc()
    gold.links = [Link("u2", "u1"), Link("u3", "u1")]
    pred.links = [Link("u2", "u1"), Link("u3", "u2"), Link("u4", "u1")]
    assert link_scores([gold], [pred]) == {"precision": 0.3333, "recall": 0.5, "f1": 0.4, "support": 2}


def test_hedges_and_cue_spans():
    gold, pred = doc(), doc()
    for d, hedged in ((gold, [True, False, True, False]), (pred, [True, True, False, False])):
        for u, h in zip(d.units, hedged):
            u.hedged = h
    gold.cues = [Cue("u3", gold.span(20, 24), "strong")]
    pred.cues = [Cue("u3", pred.span(20, 24), "weak"), Cue("u1", pred.span(0, 3), "strong")]
    h = hedge_scores([gold], [pred])
    assert h["hedged"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert h["kappa"] == 0.0  # p_o 0.5 = p_e
    assert h["cues_exact"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}  # a strength differs


@pytest.mark.parametrize(
    "y_true, y_pred, expected",
    [([], [], (0.0, 0.0, 0.0, 0)), ([0, 0], [0, 0], (0.0, 0.0, 0.0, 0)), ([1, 1, 0], [1, 0, 1], (0.5, 0.5, 0.5, 2))],
)
def test_prf(y_true, y_pred, expected):
    r = prf(y_true, y_pred)
    assert (r["precision"], r["recall"], r["f1"], r["support"]) == expected
