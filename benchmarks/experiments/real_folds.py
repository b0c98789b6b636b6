"""What the experiments of issue 15 share: the training documents and the grouped folds.

Every experiment here cross-validates over the 148 published training articles (5 folds grouped by
document), adds the 57 authored training documents to each fold's training set, and never reads the
published test articles of ``corpora/splits.json``.
"""

from __future__ import annotations

from pathlib import Path

from sklearn.model_selection import GroupKFold

from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import is_real, split

ROOT = Path(__file__).resolve().parents[2]


def training_documents() -> tuple[list, list]:
    """``(real, authored)``: the published and the authored documents of the training split."""
    real = [d for d in split(read_jsonl(ROOT / "corpora" / "real.jsonl"))[0] if is_real(d)]
    authored = split(read_jsonl(ROOT / "corpora" / "argmine.jsonl"))[0]
    assert len(real) == 148 and len(authored) == 57, "corpora/real.jsonl is missing or not the one of make corpus"
    return real, authored


def folds(docs: list) -> list[tuple]:
    """The 5 grouped folds ``(train indices, held-out indices)`` over ``docs``, each document a group."""
    ids = [d.id for d in docs]
    return list(GroupKFold(n_splits=5).split(ids, groups=ids))
