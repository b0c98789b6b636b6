"""Training on authored and real documents, and the evaluation report (issue 15): cross-validation
folds over the real training documents only; evaluate scores three trained variants, by genre, and a
learning curve. Tiny corpora: authored documents, some of them marked as published articles."""

import json

import pytest

from argmine.cli import main
from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import is_real, split
from argmine.evaluation.metrics import figures
from argmine.learn import experiment as ex
from argmine.pipeline import Pipeline
from conftest import ROOT

CORPUS = ROOT / "corpora" / "argmine.jsonl"


def as_real(doc):
    doc.meta["origin"] = "external"
    return doc


@pytest.fixture(scope="module")
def tiny():
    """3 authored and 3 'real' training documents; 1 authored and 2 'real' test documents of two genres."""
    train, test = split(read_jsonl(CORPUS))
    train = [d for d in train if len(d.units) < 40][:6]
    for d in train[3:]:
        as_real(d)
    real_test = [as_real(d) for d in test if d.meta["genre"] in ("news", "opinion")][:2]
    authored_test = [d for d in test if d not in real_test][:1]
    return train, {"test": authored_test, "test_real": real_test}


def test_cross_validation_folds_over_the_real_documents_and_adds_the_authored_to_every_fold(tiny, monkeypatch):
    train, _ = tiny
    folded, added = ex.fold_groups(train)
    assert [d.id for d in folded] == [d.id for d in train if is_real(d)] and [d.id for d in added] == [d.id for d in train if not is_real(d)]
    seen = []

    def score_all(fold_train, held, pipeline):
        seen.append(({d.id for d in fold_train}, {d.id for d in held}))
        return {s: {"roles": {"macro_f1": 0.5}, "hedges": {"hedged": {"f1": 0.5}}, "attribution": {"source_exact": {"f1": 0.5}}, "links": {"f1": 0.5}}
                for s in ex.SYSTEMS}  # fmt: skip

    monkeypatch.setattr(ex, "score_all", score_all)
    monkeypatch.setattr(ex, "fit_pipeline", lambda docs, authored_weight=1: Pipeline.default())
    cv = ex.cross_validate(folded, 3, added=added)
    assert (cv["folded"], cv["added"]) == (3, 3) and cv["std"]["rules"]["roles"] == 0.0
    authored, real = {d.id for d in added}, {d.id for d in folded}
    assert len(seen) == 3
    for fold_train, held in seen:
        assert authored <= fold_train and held <= real and not held & fold_train
    assert set().union(*(held for _, held in seen)) == real
    # with no published article, it folds over all the training documents
    assert ex.fold_groups(train[:3]) == (train[:3], [])


def test_evaluate_reports_three_trained_variants_by_genre_and_a_learning_curve(tiny):
    train, tests = tiny
    models = ex.fit(train)
    report, _ = ex.experiment(train, tests, folds=1, models=models, variants=True, curve=(0, 2, 50))
    assert report["systems"] == ["baseline", "rules", "learned", *ex.VARIANTS]
    assert report["trained_on"] == {"authored": 3, "real": 3}
    for key in tests:
        assert set(report[key]) == set(report["systems"])
        # the variant fitted on all the training documents is what the model given was fitted as
        assert figures(report[key]["learned_both"]) == figures(report[key]["learned"])
    assert figures(report["test_real"]["learned_real"]) != figures(report["test_real"]["learned_authored"])
    genres = report["genres"]["test_real"]
    assert sorted(genres) == sorted({d.meta["genre"] for d in tests["test_real"]}) and set(genres) <= set(ex.GENRES)
    assert sum(g["rules"]["documents"] for g in genres.values()) == 2
    curve = report["learning_curve"]
    assert [(r["real"], r["authored"]) for r in curve] == [(2, 0), (3, 0), (0, 3), (2, 3), (3, 3)]  # 50 is cut to the 3 there are
    ends = {(r["real"], r["authored"]): r["scores"] for r in curve}
    for key in tests:
        assert ends[(0, 3)][key] == figures(report[key]["learned_authored"])
        assert ends[(3, 0)][key] == figures(report[key]["learned_real"])
        assert ends[(3, 3)][key] == figures(report[key]["learned_both"])


def test_train_takes_several_corpora_and_its_card_says_what_it_was_trained_on(tmp_path):
    train, test = split(read_jsonl(CORPUS))
    small = [d for d in train if len(d.units) < 40][:6]
    real = [as_real(d) for d in small[2:]]
    held = [d for d in test if len(d.units) < 40][:2]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in small[:2] + held[:1]), encoding="utf-8")
    (tmp_path / "r.jsonl").write_text("".join(json.dumps(as_real(d).to_dict(), ensure_ascii=False) + "\n" for d in real + held[1:]), encoding="utf-8")
    splits = tmp_path / "splits.json"
    splits.write_text(json.dumps({"test": [held[0].id], "test_real": [held[1].id]}), encoding="utf-8")
    out = tmp_path / "m"
    assert main(["train", str(tmp_path / "a.jsonl"), str(tmp_path / "r.jsonl"), "-o", str(out), "--folds", "2", "--splits", str(splits)]) == 0
    report = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    assert report["trained_on"] == {"authored": 2, "real": 4}
    assert (report["cross_validation"]["folded"], report["cross_validation"]["added"]) == (4, 2)
    assert "test" in report and "test_real" not in report  # the published test articles are left to evaluate
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "6 training documents (2 written for the" in card and "4 published articles" in card
    assert "over the 4 published training articles" in card and f"fixed in `{splits}`" in card


def test_evaluate_reads_the_split_it_is_given(tmp_path, capsys):
    splits = tmp_path / "splits.json"
    splits.write_text(json.dumps({"test": ["no-such-document"], "test_real": []}), encoding="utf-8")
    assert main(["evaluate", str(ROOT / "models" / "default"), str(CORPUS), "--splits", str(splits)]) == 1
    assert str(splits) in capsys.readouterr().err
    assert main(["evaluate", str(ROOT / "models" / "default"), str(CORPUS), "--curve", "10,x"]) == 2
