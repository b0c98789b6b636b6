"""The fixed train/test split (corpora/splits.json) and which documents are published articles."""

from __future__ import annotations

import json
from pathlib import Path

from argmine.corpus.jsonl import CorpusError
from argmine.document import Document
from argmine.learn.modelio import shipped

SPLITS = shipped("corpora/splits.json")  # package data once installed, so that train, stats and evaluate find it


def test_ids(path: str | Path = SPLITS) -> set[str]:
    """The document ids of the fixed test split (``corpora/splits.json``): the authored documents'
    (``test``) and the published articles' (``test_real``), each drawn by the rule written beside it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CorpusError([f"{path}: cannot read the fixed split ({e}); reinstall argmine"]) from None
    return set(data["test"]) | set(data.get("test_real", []))


def is_real(doc: Document) -> bool:
    """A published article (``meta.origin: external``), not a document written for the project."""
    return doc.meta.get("origin") == "external"


def split(docs: list[Document], path: str | Path = SPLITS) -> tuple[list[Document], list[Document]]:
    """``(train, test)`` by the fixed, document-level split."""
    test = test_ids(path)
    return [d for d in docs if d.id not in test], [d for d in docs if d.id in test]
