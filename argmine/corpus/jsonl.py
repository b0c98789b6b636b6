"""JSONL corpus files, checked against the contract (docs/scheme.md); every problem is reported as
``file:line: field: problem``.

>>> import argmine, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "c.jsonl")
>>> write_jsonl([argmine.annotate("ربما انتهت الحملة.", "d1")], path)
>>> [d.id for d in read_jsonl(path)]
['d1']
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from argmine.corpus.record import document_from_record, is_standoff, validate_record
from argmine.document import Document
from argmine.ioutil import atomic_write

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
    from argmine.corpus.standoff import StandoffError, join

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
