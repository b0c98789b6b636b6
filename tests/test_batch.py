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


def test_annotate_dataset(texts, single):
    from datasets import Dataset

    ds = Dataset.from_dict({"id": ids(texts)[:60], "text": texts[:60]})
    out = annotate_dataset(ds, num_proc=2)
    assert out.column_names == ["id", "text", "annotation"]
    assert [json.loads(r) for r in out["annotation"]] == single[:60]


def test_dask_local_cluster_matches_single_process(texts, single):
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=40) as cluster, Client(cluster) as client:  # fmt: skip
        got = [d.to_dict() for d in annotate_dask(texts, client, ids=ids(texts))]
    assert got == single


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
