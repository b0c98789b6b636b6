"""Corpus I/O: JSONL files checked against the contract, and Hugging Face ``datasets``.

Every problem in a file is reported as ``file:line: field: problem``.

>>> import argmine, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "c.jsonl")
>>> write_jsonl([argmine.annotate("ربما انتهت الحملة.", "d1")], path)
>>> [d.id for d in read_jsonl(path)]
['d1']
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from argmine.document import ROLES, Document
from argmine.ioutil import atomic_write
from argmine.modelio import shipped
from argmine.record import RecordError, document_from_record, is_standoff, validate_record

LABELS = ("claim", "evidence", "motive", "hedge", "other")
SPLITS = shipped("corpora/splits.json")  # package data once installed, so that train, stats and evaluate find it
HOW_TO_GET_TEXTS = ("give a pool file with --texts, a checkout of the ANT repositories with --checkout DIR, "
                    "or run 'argmine corpus fetch' (docs/corpus.md)")


class CorpusError(ValueError):
    """Bad corpus input; ``messages`` holds one ``file:line: field: problem`` each."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        shown = messages[:20] + ([f"... and {len(messages) - 20} more"] if len(messages) > 20 else [])
        super().__init__("\n".join(shown))


def _lines(path: Path) -> list[str]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise CorpusError([f"{path}:{line}: (file): not valid UTF-8 at byte {e.start}"]) from None
    return text.split("\n")


def check_jsonl(
    path: str | Path, texts: dict[str, str] | None = None, without_texts: bool = False
) -> tuple[list[Document], list[str]]:
    """Read a JSONL corpus; return the valid documents and a message per problem.

    Standoff records (no text) are joined with their text from ``texts`` (``text_sha256 -> text``,
    see ``argmine.standoff``); one whose text is not there is a problem, unless ``without_texts``:
    then it is checked as far as it can be without its text, and not returned.
    """
    from argmine.standoff import StandoffError, join

    path = Path(path)
    docs: list[Document] = []
    messages: list[str] = []
    ids: dict[str, int] = {}
    for n, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            messages.append(f"{path}:{n}: (json): {e.msg} at column {e.colno}")
            continue
        except RecursionError:
            messages.append(f"{path}:{n}: (json): nested too deep")
            continue
        except ValueError as e:  # an integer of thousands of digits
            messages.append(f"{path}:{n}: (json): {str(e)[:120]}")
            continue
        surrogate = _lone_surrogate(record, line)
        if surrogate:
            messages.append(f"{path}:{n}: (json): {surrogate}")
            continue
        if is_standoff(record):
            problems = validate_record(record, standoff=True)
            if problems or without_texts:
                messages.extend(f"{path}:{n}: {p}" for p in problems)
                continue
            if record["text_sha256"] not in (texts or {}):
                messages.append(f"{path}:{n}: document {record['id']}: its text is not available ({HOW_TO_GET_TEXTS})")
                continue
            try:
                record = join(record, texts[record["text_sha256"]])
            except StandoffError as e:
                messages.append(f"{path}:{n}: {e}")
                continue
        problems = validate_record(record)
        if not problems and record["id"] in ids:
            messages.append(f"{path}:{n}: id: duplicate document id {record['id']!r} (first on line {ids[record['id']]})")
            continue
        messages.extend(f"{path}:{n}: {p}" for p in problems)
        if not problems:
            ids[record["id"]] = n
            docs.append(document_from_record(record))
    return docs, messages


def _lone_surrogate(record, line: str) -> str | None:
    """What is wrong where a JSON line escapes a lone surrogate (``"\ud800"``): no UTF-8 file can hold it."""
    import re

    if not re.search(r"\\u[dD][89a-fA-F]", line):
        return None
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as e:
        return f"holds a lone surrogate U+{ord(e.object[e.start]):04X}: no UTF-8 text can hold it"
    return None


def read_jsonl(path: str | Path, texts: dict[str, str] | None = None) -> list[Document]:
    """All documents of a JSONL corpus; raises ``CorpusError`` listing every problem."""
    docs, messages = check_jsonl(path, texts)
    if messages:
        raise CorpusError(messages)
    return docs


def dumps(doc: Document) -> str:
    """One JSONL line (no trailing newline), deterministic."""
    return json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=False)


def write_jsonl(docs: Iterable[Document], path: str | Path) -> None:
    """Write documents as JSONL, atomically (a temporary file, then a rename)."""
    atomic_write(path, "".join(dumps(d) + "\n" for d in docs))


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


def stats_table(docs: list[Document], test: set[str] | None = None) -> str:
    """A markdown table of label counts per document, with totals (for the datasheet)."""
    test = test or set()
    head = "| id | origin | genre | topic | split | units | claim | evidence | motive | other | hedged | attributions | links |"
    rows = [head, "|" + " --- |" * 13]
    total = Counter()
    for d in docs:
        c = Counter(u.role for u in d.units)
        c.update(units=len(d.units), hedged=sum(u.hedged for u in d.units), attributions=len(d.attributions), links=len(d.links))
        total.update(c)
        rows.append(
            f"| {d.id} | {d.meta.get('origin', '')} | {d.meta.get('genre', '')} | {d.meta.get('topic', '')} | "
            f"{'test' if d.id in test else 'train'} | {c['units']} | {c['claim']} | {c['evidence']} | {c['motive']} | "
            f"{c['other']} | {c['hedged']} | {c['attributions']} | {c['links']} |"
        )
    rows.append(
        f"| **total ({len(docs)})** | | | | | {total['units']} | {total['claim']} | {total['evidence']} | {total['motive']} | "
        f"{total['other']} | {total['hedged']} | {total['attributions']} | {total['links']} |"
    )
    return "\n".join(rows)


# -- Hugging Face datasets -------------------------------------------------------


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
