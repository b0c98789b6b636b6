"""Hugging Face ``datasets``: one row per unit, and back."""

from __future__ import annotations

import json
from collections.abc import Iterable

from argmine.corpus.record import RecordError, document_from_record
from argmine.corpus.stats import LABELS
from argmine.document import ROLES, Document


def features():
    """The ``datasets.Features`` of a unit-per-row corpus, with roles in a fixed order."""
    from datasets import ClassLabel, Features, List, Value

    span = {"start": Value("int32"), "end": Value("int32"), "text": Value("string")}
    return Features(
        {
            "doc_id": Value("string"),
            "lang": Value("string"),
            "meta": Value("string"),  # JSON
            "doc_confidence": Value("string"),  # JSON or null
            "unit_index": Value("int32"),
            "unit_id": Value("string"),
            "start": Value("int32"),
            "end": Value("int32"),
            "text": Value("string"),
            "gap_before": Value("string"),  # the whitespace before the unit
            "trailing": Value("string"),  # the text after the last unit, on its row
            "role": ClassLabel(names=list(ROLES)),
            "label": ClassLabel(names=list(LABELS)),
            "hedged": Value("bool"),
            "confidence": Value("string"),  # JSON or null
            # "position": the item's index in the document's list, so order survives
            "cues": List({**span, "strength": Value("string"), "position": Value("int32")}),
            "attributions": List(
                {
                    "position": Value("int32"),
                    "id": Value("string"),
                    "cue": span,
                    "source": span,
                    "content": span,
                    "source_type": Value("string"),
                    "canonical": Value("string"),
                    "anonymous": Value("bool"),
                    "via": Value("string"),
                }
            ),
            "links": List({"to": Value("string"), "relation": Value("string"), "position": Value("int32")}),
        }
    )


def _rows(doc: Document) -> list[dict]:
    common = {
        "doc_id": doc.id,
        "lang": doc.lang,
        "meta": json.dumps(doc.meta, ensure_ascii=False),
        "doc_confidence": json.dumps(doc.confidence.to_dict()) if doc.confidence else None,
    }
    if not doc.units:  # a document without units keeps one row for its text
        return [
            {**common, "unit_index": -1, "unit_id": None, "start": 0, "end": 0, "text": "", "gap_before": "",
             "trailing": doc.text, "role": -1, "label": -1, "hedged": False, "confidence": None,
             "cues": [], "attributions": [], "links": []}
        ]
    rows = []
    prev = 0
    for i, u in enumerate(doc.units):
        last = i == len(doc.units) - 1
        rows.append(
            {
                **common,
                "unit_index": i,
                "unit_id": u.id,
                "start": u.start,
                "end": u.end,
                "text": u.text,
                "gap_before": doc.text[prev : u.start],
                "trailing": doc.text[u.end :] if last else "",
                "role": ROLES.index(u.role),
                "label": LABELS.index(doc.label(u)),
                "hedged": u.hedged,
                "confidence": json.dumps(u.confidence.to_dict()) if u.confidence else None,
                "cues": [
                    {**c.span.to_dict(), "strength": c.strength, "position": k}
                    for k, c in enumerate(doc.cues) if c.unit == u.id
                ],
                "attributions": [
                    {"position": k, **{f: v for f, v in a.to_dict().items() if f != "unit"}}
                    for k, a in enumerate(doc.attributions) if a.unit == u.id
                ],
                "links": [
                    {"to": lk.to, "relation": lk.relation, "position": k}
                    for k, lk in enumerate(doc.links) if lk.from_ == u.id
                ],
            }
        )
        prev = u.end
    return rows


def to_dataset(docs: Iterable[Document]):
    """A ``datasets.Dataset`` with one row per unit; ``doc_id`` keeps documents for grouped splits.

    ``from_dataset(to_dataset(docs))`` gives back the same documents.
    """
    from datasets import Dataset

    rows = [r for d in docs for r in _rows(d)]
    columns = {k: [r[k] for r in rows] for k in features()}
    return Dataset.from_dict(columns, features=features())


def from_dataset(ds) -> list[Document]:
    """Rebuild documents from a unit-per-row dataset made by ``to_dataset``."""
    by_doc: dict[str, list[dict]] = {}
    for row in ds:
        by_doc.setdefault(row["doc_id"], []).append(row)
    docs = []
    for doc_id, rows in by_doc.items():
        rows.sort(key=lambda r: r["unit_index"])
        text = "".join(r["gap_before"] + r["text"] + r["trailing"] for r in rows)
        record = {
            "id": doc_id,
            "lang": rows[0]["lang"],
            "text": text,
            "meta": json.loads(rows[0]["meta"]),
            "units": [],
            "cues": [],
            "attributions": [],
            "links": [],
        }
        for r in rows:
            if r["unit_id"] is None:
                continue
            unit = {"id": r["unit_id"], "start": r["start"], "end": r["end"], "text": r["text"],
                    "role": ROLES[r["role"]], "hedged": r["hedged"]}
            if r["confidence"]:
                unit["confidence"] = json.loads(r["confidence"])
            record["units"].append(unit)
            record["cues"] += [{"unit": r["unit_id"], **c} for c in r["cues"]]
            record["attributions"] += [{"unit": r["unit_id"], **a} for a in r["attributions"]]
            record["links"] += [{"from": r["unit_id"], **lk} for lk in r["links"]]
        for key in ("cues", "attributions", "links"):
            record[key].sort(key=lambda item: item["position"])
            for item in record[key]:
                del item["position"]
        if rows[0]["doc_confidence"]:
            record["confidence"] = json.loads(rows[0]["doc_confidence"])
        try:
            docs.append(document_from_record(record))
        except RecordError as e:
            raise RecordError(e.problems, f"dataset document {doc_id!r}") from None
    return docs
