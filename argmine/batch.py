"""Annotating many texts: on all cores, over a Hugging Face ``Dataset``, or on a Dask cluster.

Every path gives the same records as ``argmine.annotate`` one text at a time, in the
input order, whatever the number of processes.

>>> docs = annotate_many(["ربما انتهت الحملة.", "قال الوزير إن الوضع مستقر."], n_jobs=1)
>>> [d.units[0].hedged for d in docs]
[True, False]
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence

from argmine.corpus.record import document_from_record
from argmine.document import Document


def _annotate_json(item: tuple[str, str | None, str | None]) -> str:
    """One text to its JSON record (a picklable top-level function for worker processes)."""
    import argmine

    text, doc_id, model = item
    return json.dumps(argmine.annotate(text, doc_id, model=model).to_dict(), ensure_ascii=False)


def _items(texts: Sequence[str], ids: Sequence[str] | None, model: str | None) -> list[tuple]:
    ids = list(ids) if ids is not None else [None] * len(texts)
    if len(ids) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(ids)} ids")
    return [(t, i, model) for t, i in zip(texts, ids)]


def annotate_many(
    texts: Iterable[str],
    ids: Sequence[str] | None = None,
    n_jobs: int | None = None,
    model: str | None = "default",
    progress: bool = False,
) -> list[Document]:
    """Annotate texts on ``n_jobs`` processes (``None``: all cores; 1: this process).

    >>> [d.id for d in annotate_many(["نص.", "نص آخر."], ids=["a", "b"], n_jobs=1)]
    ['a', 'b']
    """
    texts = list(texts)
    items = _items(texts, ids, model)
    n_jobs = (os.cpu_count() or 1) if n_jobs is None else max(1, n_jobs)
    if n_jobs == 1 or len(items) < 2:
        records = [_annotate_json(x) for x in _bar(items, progress, len(items))]
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, len(items) // (n_jobs * 4))
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=mp.get_context("fork")) as pool:
            records = list(_bar(pool.map(_annotate_json, items, chunksize=chunk), progress, len(items)))
    return [document_from_record(json.loads(r)) for r in records]


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
        ids = batch[id_column] if has_id else [None] * len(batch[text_column])
        return {"annotation": [_annotate_json((t, i, model)) for t, i in zip(batch[text_column], ids)]}

    return ds.map(annotate_batch, batched=True, batch_size=16, num_proc=num_proc, desc="argmine")


def annotate_dask(texts: Sequence[str], client, ids: Sequence[str] | None = None, model: str | None = "default") -> list[Document]:
    """Annotate on a ``dask.distributed`` cluster through ``client`` (one task per text).

    With a real cluster: ``client = dask.distributed.Client("tcp://scheduler:8786")``; every worker
    needs argmine installed (the model files travel with the package).
    """
    futures = client.map(_annotate_json, _items(list(texts), ids, model), pure=False)
    return [document_from_record(json.loads(r)) for r in client.gather(futures)]
