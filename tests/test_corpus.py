import json

import pytest

import argmine
from argmine.corpus.datasets import from_dataset, to_dataset
from argmine.corpus.jsonl import CorpusError, check_jsonl, read_jsonl, write_jsonl
from argmine.corpus.markup import read_markup
from conftest import CORPUS_SRC


@pytest.fixture(scope="module")
def docs():
    files = sorted(CORPUS_SRC.glob("*.argm"))
    gold = [read_markup(f) for f in files]
    predicted = argmine.annotate(gold[0].text, "predicted")
    return gold + [predicted, argmine.annotate("", "empty"), argmine.annotate(" \n ", "blank")]


def test_jsonl_round_trip(tmp_path, docs):
    path = tmp_path / "c.jsonl"
    write_jsonl(docs, path)
    back = read_jsonl(path)
    assert [d.to_dict() for d in back] == [d.to_dict() for d in docs]


def test_dataset_round_trip_loses_nothing(docs):
    ds = to_dataset(docs)
    assert ds.features["role"].names == ["claim", "evidence", "motive", "other"]
    assert ds.features["label"].names == ["claim", "evidence", "motive", "hedge", "other"]
    assert set(ds["doc_id"]) == {d.id for d in docs}
    back = from_dataset(ds)
    assert [d.to_dict() for d in back] == [d.to_dict() for d in docs]


def test_dataset_label_is_hedge_for_hedged_units(docs):
    ds = to_dataset(docs[:1])
    for row in ds:
        label = ds.features["label"].int2str(row["label"])
        role = ds.features["role"].int2str(row["role"])
        assert label == ("hedge" if row["hedged"] and role != "other" else role)


def test_bad_lines_are_named_with_file_and_line(tmp_path):
    good = argmine.annotate("قال الوزير إن الوضع مستقر.", "ok").to_dict()
    bad = dict(good, id="bad")
    bad["units"] = [dict(bad["units"][0], end=9999)]
    lines = [json.dumps(good, ensure_ascii=False), "{not json", json.dumps(bad, ensure_ascii=False), "", json.dumps(good)]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    docs, messages = check_jsonl(path)
    assert [d.id for d in docs] == ["ok"]
    assert any(m.startswith(f"{path}:2: (json):") for m in messages)
    assert any(m.startswith(f"{path}:3: units[0].start:") for m in messages)
    assert any(m.startswith(f"{path}:5: id: duplicate") for m in messages)
    with pytest.raises(CorpusError):
        read_jsonl(path)


def test_invalid_utf8_names_the_byte(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "x"}\n\xff\xfe')
    with pytest.raises(CorpusError) as info:
        read_jsonl(path)
    assert f"{path}:2:" in str(info.value) and "byte 12" in str(info.value)


def test_committed_corpus_is_the_compiled_markup():
    from argmine.corpus.jsonl import dumps
    from argmine.corpus.splits import split, test_ids
    from conftest import ROOT

    files = sorted(CORPUS_SRC.glob("*.argm"))
    compiled = "".join(dumps(read_markup(f)) + "\n" for f in files)
    assert (ROOT / "corpora" / "argmine.jsonl").read_text(encoding="utf-8") == compiled
    docs = read_jsonl(ROOT / "corpora" / "argmine.jsonl")
    train, test = split(docs)
    authored_test = json.loads((ROOT / "corpora" / "splits.json").read_text(encoding="utf-8"))["test"]
    assert {d.id for d in test} == set(authored_test) <= test_ids()
    assert len(test) >= 0.18 * len(docs)
    assert not {d.id for d in train} & {d.id for d in test}
    assert all(d.meta["origin"] == "project-authored" for d in test)


def test_real_test_split_covers_every_genre_and_outlet_and_was_drawn_by_its_rule(pool_path):
    import sys

    from argmine.corpus.splits import SPLITS
    from argmine.corpus.standoff import outlet, pool_rows

    sys.path.insert(0, str(SPLITS.parent.parent / "scripts"))
    from draw_real_split import draw

    rows = list(pool_rows(pool_path).values())
    real_test = json.loads(SPLITS.read_text(encoding="utf-8"))["test_real"]
    assert real_test == draw(rows)  # nobody moved a document in or out after the draw
    chosen = [r for r in rows if r["id"] in set(real_test)]
    assert len(chosen) >= 50
    assert {r["genre"] for r in chosen} == {r["genre"] for r in rows}
    assert {outlet(r["publisher"]) for r in chosen} == {outlet(r["publisher"]) for r in rows}
