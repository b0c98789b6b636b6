"""One pipeline serves several threads at once, with the same output as serially, and annotating
never switches Python's garbage collector off (it is process-wide: another thread would feel it)."""

from __future__ import annotations

import gc
import json
from concurrent.futures import ThreadPoolExecutor

import argmine
from conftest import ROOT


def _texts(n: int = 48) -> list[tuple[str, str]]:
    lines = (ROOT / "corpora" / "argmine.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    return [(r["id"], r["text"]) for r in map(json.loads, lines)]


def test_one_pipeline_serves_four_threads_like_one():
    pipe = argmine.load()
    texts = _texts()
    serial = [pipe(text, doc_id).to_dict() for doc_id, text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        # each thread gets documents of every length, interleaved with the others
        threaded = list(pool.map(lambda item: pipe(item[1], item[0]).to_dict(), texts))
    assert threaded == serial


def test_annotating_leaves_the_garbage_collector_on():
    seen = []

    class Probe:
        name = "probe"

        def __call__(self, doc):
            seen.append(gc.isenabled())

    pipe = argmine.load()
    pipe.stages.insert(3, Probe())
    assert gc.isenabled()
    pipe("قال الوزير إن الوضع مستقر.")
    assert seen == [True]
