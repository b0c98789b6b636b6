"""Batch and distributed annotation give the single-process output."""

import json

import pytest

import argmine
from argmine.batch import annotate_dask, annotate_dataset, annotate_many
from argmine.corpus.jsonl import read_jsonl
from conftest import ROOT


@pytest.fixture(scope="module")
def texts():
    docs = read_jsonl(ROOT / "corpora" / "argmine.jsonl")
    # a few hundred documents: paragraphs of the corpus, and a few odd ones
    paragraphs = [p for d in docs for p in d.text.split("\n") if p.strip()]
    return paragraphs[:240] + ["", "   ", "ربما.", "Reuters said nothing."]


@pytest.fixture(scope="module")
def single(texts):
    return [argmine.annotate(t, f"d{i}").to_dict() for i, t in enumerate(texts)]


def ids(texts):
    return [f"d{i}" for i in range(len(texts))]


def test_annotate_many_is_identical_for_any_n_jobs(texts, single):
    for n_jobs in (1, 2):
        got = [d.to_dict() for d in annotate_many(texts, ids=ids(texts), n_jobs=n_jobs)]
        assert json.dumps(got, ensure_ascii=False) == json.dumps(single, ensure_ascii=False)


@pytest.mark.parametrize("n_jobs", [1, 2, 4])
def test_annotate_many_gives_the_documents_of_annotate(texts, n_jobs):
    # whole documents, not only their records: link scores too (dataclass equality), default ids,
    # fewer texts than workers; no caches kept, and the parent's collector is left as it was
    import gc

    frozen = gc.get_freeze_count()
    for some in (texts[:3], texts[100:103] + texts[-4:]):
        got = annotate_many(some, n_jobs=n_jobs)
        assert got == [argmine.annotate(t) for t in some]
        assert [d.links for d in got] == [argmine.annotate(t).links for t in some]
        assert all(d._tokens is None and d._normalized is None and not d._indexes for d in got)
    assert annotate_many([], n_jobs=n_jobs) == []
    assert gc.get_freeze_count() == frozen


@pytest.mark.parametrize("chunk", [2000, 3])
def test_pipeline_many_gives_the_documents_of_annotate(texts, monkeypatch, chunk):
    # batches mixing empty, tiny and long texts; with a tiny CHUNK, the learned stages' scorer calls
    # cut through documents and join the rows of several: every document is still the one annotated
    # alone, link scores to the last bit (no rounding: the scores of Link objects, not of records)
    import argmine.links.learned
    import argmine.roles.learned

    monkeypatch.setattr(argmine.roles.learned, "CHUNK", chunk)
    monkeypatch.setattr(argmine.links.learned, "CHUNK", chunk)
    long = "\n".join(texts[:40])
    mixed = ["", texts[0], "ربما.", long, "   ", texts[1], texts[2], long[:3000], "Reuters said nothing.", texts[3]]
    pipe = argmine._pipeline("default")
    alone = [pipe(t) for t in mixed]
    assert any(d.links for d in alone) and any(d.cues for d in alone) and not alone[0].units
    for batch_size in (1, 4, 64):
        got = list(pipe.many(mixed, batch_size=batch_size))
        assert got == alone
        assert [[lk.score for lk in d.links] for d in got] == [[lk.score for lk in d.links] for d in alone]


def test_the_learned_scores_of_a_row_do_not_depend_on_the_batch(texts):
    # what Pipeline.many relies on: a row's scores are the same alone and among other rows
    import numpy as np

    from argmine.learn.linear import as_matrix
    from argmine.roles.features import iter_unit_rows, unit_vectors, vector_names

    pipe = argmine._pipeline("default")
    docs = [pipe(t) for t in texts[:30]]
    scorer = next(s for s in pipe.stages if s.name == "roles").scorer_
    rows = [list(iter_unit_rows(d)) for d in docs]
    rows = [r for r in rows if r]
    vectors = [unit_vectors(r) for r in rows]
    names = vector_names(vectors[0].shape[1])
    alone = np.concatenate([scorer.decision_function(as_matrix(r), dense=(names, v)) for r, v in zip(rows, vectors)])
    together = scorer.decision_function(as_matrix([x for r in rows for x in r]), dense=(names, vectors))
    assert np.array_equal(alone, together)


def test_pipeline_many_refuses_what_annotate_refuses():
    pipe = argmine._pipeline("default")
    with pytest.raises(TypeError, match="takes a str"):
        list(pipe.many(["نص.", b"bytes"]))
    with pytest.raises(ValueError, match="lone surrogate"):
        list(pipe.many(["\udc80"]))
    for ids in (["a"], ["a", "b", "c"]):  # fewer or more ids than texts: never a text silently left out
        with pytest.raises(ValueError, match="zip"):
            list(pipe.many(["نص أول.", "نص ثان."], ids))


def test_annotate_many_checks_ids(texts):
    with pytest.raises(ValueError, match="3 texts but 2 ids"):
        annotate_many(texts[:3], ids=["a", "b"], n_jobs=2)


def test_annotate_dataset(texts, single):
    from datasets import Dataset

    ds = Dataset.from_dict({"id": ids(texts)[:60], "text": texts[:60]})
    out = annotate_dataset(ds, num_proc=2)
    assert out.column_names == ["id", "text", "annotation"]
    assert [json.loads(r) for r in out["annotation"]] == single[:60]


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=40) as cluster, Client(cluster) as client:  # fmt: skip
        yield client


class Spy:
    """A Dask client that counts the tasks and the texts of each."""

    def __init__(self, client):
        self.client, self.tasks = client, []

    def nthreads(self):
        return self.client.nthreads()

    def map(self, fn, chunks, **kw):
        self.tasks = [len(c) for c in chunks]
        return self.client.map(fn, chunks, **kw)

    def gather(self, futures):
        return self.client.gather(futures)


def test_dask_local_cluster_matches_single_process(texts, single, client):
    spy = Spy(client)
    got = [d.to_dict() for d in annotate_dask(texts, spy, ids=ids(texts))]
    assert got == single
    # several texts a task, and several tasks for each of the two workers
    assert sum(spy.tasks) == len(texts) and len(spy.tasks) == 8 and min(spy.tasks) > 1


def test_dask_with_fewer_texts_than_workers(texts, client):
    one = annotate_dask(texts[5:6], client)
    assert one == [argmine.annotate(texts[5])] and one[0].id.startswith("doc-")
    assert annotate_dask([], client) == []
    three = annotate_dask(texts[7:10], client, ids=["x", "y", "z"])
    assert [d.to_dict() for d in three] == [argmine.annotate(t, i).to_dict() for t, i in zip(texts[7:10], "xyz")]


def test_cli_annotates_a_directory_on_all_cores(tmp_path, texts, single):
    from argmine.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    for i, t in enumerate(texts[:12]):
        (folder / f"d{i:02d}.txt").write_text(t, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["annotate", str(folder), "--format", "jsonl", "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [f"d{i:02d}" for i in range(12)]
    assert [r["units"] for r in records] == [s["units"] for s in single[:12]]
