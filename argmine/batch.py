"""Annotating many texts: on all cores, over a Hugging Face ``Dataset``, or on a Dask cluster.

Every path gives the same documents as ``argmine.annotate`` one text at a time (the same
``to_dict()`` records), in the input order, whatever the number of processes. Worker processes
and Dask tasks annotate several texts each and send back the ``Document`` objects themselves,
pickled without their caches (``Document.drop_caches``), not JSON to be parsed again.

>>> docs = annotate_many(["ربما انتهت الحملة.", "قال الوزير إن الوضع مستقر."], n_jobs=1)
>>> [d.units[0].hedged for d in docs]
[True, False]
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence

from argmine.document import Document

CHUNKS_PER_WORKER = 4  # so that a worker that drew short texts takes another chunk while others finish


def _annotate_chunk(items: list[tuple[str, str | None, str | None]]) -> list[Document]:
    """Several ``(text, id, model)`` to their documents (a picklable top-level function for worker
    processes and Dask tasks). The pipeline is loaded once per process and kept."""
    import argmine

    if not items:
        return []
    model = items[0][2]  # (one model for all the items of a chunk: _items gives them so)
    return [doc.drop_caches() for doc in argmine._pipeline(model).many([t for t, _, _ in items], [i for _, i, _ in items])]


def _items(texts: Sequence[str], ids: Sequence[str] | None, model: str | None) -> list[tuple]:
    ids = list(ids) if ids is not None else [None] * len(texts)
    if len(ids) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(ids)} ids")
    return [(t, i, model) for t, i in zip(texts, ids)]


def _chunks(items: list, workers: int) -> list[list]:
    """``items`` in order, cut into about ``CHUNKS_PER_WORKER`` chunks for each of ``workers``.

    >>> [len(c) for c in _chunks(list(range(10)), 2)]
    [2, 2, 2, 2, 2]
    >>> [len(c) for c in _chunks(list(range(3)), 2)]
    [1, 1, 1]
    """
    size = max(1, -(-len(items) // (workers * CHUNKS_PER_WORKER)))
    return [items[k : k + size] for k in range(0, len(items), size)]


def annotate_many(
    texts: Iterable[str],
    ids: Sequence[str] | None = None,
    n_jobs: int | None = None,
    model: str | None = "default",
    progress: bool = False,
) -> list[Document]:
    """Annotate texts on ``n_jobs`` processes (``None``: all cores; 1: this process).

    The pipeline is loaded in this process first, so that the forked workers share it.

    >>> [d.id for d in annotate_many(["نص.", "نص آخر."], ids=["a", "b"], n_jobs=1)]
    ['a', 'b']
    """
    import argmine

    texts = list(texts)
    items = _items(texts, ids, model)
    n_jobs = (os.cpu_count() or 1) if n_jobs is None else max(1, n_jobs)
    pipeline = argmine._pipeline(model)  # loaded here: a missing model fails here, not in a worker
    if n_jobs == 1 or len(items) < 2:
        docs = pipeline.many([t for t, _, _ in items], [i for _, i, _ in items])
        return [d.drop_caches() for d in _bar(docs, progress, len(items))]
    import gc
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    chunks = _chunks(items, n_jobs)
    # gc.freeze in each worker: the objects it inherits (the pipeline, the texts) are never collected
    # there, so its collections do not rescan them, nor copy their pages by touching them
    with ProcessPoolExecutor(max_workers=min(n_jobs, len(chunks)), mp_context=mp.get_context("fork"),
                             initializer=gc.freeze) as pool:  # fmt: skip
        return list(_flat(pool.map(_annotate_chunk, chunks), progress, len(items)))


def _flat(results: Iterable[list[Document]], show: bool, total: int) -> Iterator[Document]:
    """The documents of each chunk's results in turn, with a progress bar when ``show``."""
    bar = _bar(None, show, total)
    for docs in results:
        yield from docs
        if bar is not None:
            bar.update(len(docs))
    if bar is not None:
        bar.close()


def _bar(iterable, show: bool, total: int):
    """A progress bar on standard error (only on a terminal) when ``show``."""
    if not show:
        return iterable
    import sys

    from tqdm import tqdm

    return tqdm(iterable, total=total, desc="annotating", unit="text", file=sys.stderr, disable=None)


def annotate_dataset(ds, text_column: str = "text", id_column: str | None = "id", num_proc: int | None = None, model: str | None = "default"):
    """A Hugging Face ``Dataset`` with a new ``annotation`` column: each row's JSONL record.

    Rows keep their order; ``num_proc`` works as in ``Dataset.map``.
    """
    has_id = id_column is not None and id_column in ds.column_names

    def annotate_batch(batch):
        import argmine

        ids = batch[id_column] if has_id else None
        docs = argmine._pipeline(model).many(batch[text_column], ids)  # the batch's model calls made together
        return {"annotation": [json.dumps(doc.to_dict(), ensure_ascii=False) for doc in docs]}

    return ds.map(annotate_batch, batched=True, batch_size=16, num_proc=num_proc, desc="argmine")


def annotate_dask(texts: Sequence[str], client, ids: Sequence[str] | None = None, model: str | None = "default") -> list[Document]:
    """Annotate on a ``dask.distributed`` cluster through ``client``, several texts per task.

    The texts are cut into about four chunks for each worker thread of the cluster, so that the
    cost of a task (scheduling, sending, loading) is shared by many texts while the workers stay
    evenly loaded. With a real cluster: ``client = dask.distributed.Client("tcp://scheduler:8786")``;
    every worker needs argmine installed (the model files travel with the package).
    """
    threads = sum(client.nthreads().values()) or 1
    futures = client.map(_annotate_chunk, _chunks(_items(list(texts), ids, model), threads), pure=False)
    return [doc for docs in client.gather(futures) for doc in docs]
