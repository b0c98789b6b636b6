"""Standoff records: annotations of texts that may not be redistributed (ANNOTATION.md §7, v2).

A standoff record is a corpus record without its words: no ``text``, spans with
``start`` and ``end`` only, the ``text_sha256`` of the text and the ``source`` it
comes from (``repo``, ``commit``, ``path``, and the SHA-256 of each boilerplate line the recipe
drops, ``removed_lines_sha256``: the lines themselves may quote the article, so they are not kept).
``join`` puts the text back, checks the hash and fills in every span's ``text``.

>>> from argmine.document import Document
>>> doc = Document(text="قال الوزير إن الهدنة صامدة.", id="d1")
>>> _ = doc.add_unit(0, len(doc.text), "evidence")
>>> rec = to_standoff(doc, {"repo": "o/r", "commit": "c" * 40, "path": "a.txt", "removed_lines_sha256": []})
>>> "text" in rec, rec["units"][0]
(False, {'id': 'u1', 'start': 0, 'end': 27, 'role': 'evidence', 'hedged': False})
>>> join(rec, doc.text)["units"][0]["text"] == doc.text
True
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

SPAN_KEYS = ("cue", "source", "content")


class StandoffError(ValueError):
    """A standoff record that cannot be joined with its text; the message names the document."""


def sha256(text: str) -> str:
    """The SHA-256 of ``text`` in UTF-8, as hex.

    >>> sha256("")[:8]
    'e3b0c442'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _strip(span: dict | None) -> dict | None:
    return None if span is None else {"start": span["start"], "end": span["end"]}


def to_standoff(doc, source: dict, meta: dict | None = None) -> dict:
    """The standoff record of ``doc``: its annotation without a word of its text.

    ``meta`` (from the pool) overrides what the markup's header says of the document.
    """
    record = doc.to_dict()
    record["meta"].update(meta or {})
    text = record.pop("text")
    record["text_sha256"] = sha256(text)
    record["source"] = dict(source)
    for unit in record["units"]:
        unit.pop("text", None)
    for cue in record["cues"]:
        cue.pop("text", None)
    for a in record["attributions"]:
        for key in SPAN_KEYS:
            if key in a:
                a[key] = _strip(a[key])
    return record


def _fill(span: dict | None, text: str, where: str) -> dict | None:
    if span is None:
        return None
    if not isinstance(span, dict) or not all(isinstance(span.get(k), int) for k in ("start", "end")):
        raise StandoffError(f"{where}: expected a span with integer start and end")
    s, e = span["start"], span["end"]
    if not 0 <= s <= e <= len(text):
        raise StandoffError(f"{where}: [{s}, {e}) is outside the text (length {len(text)})")
    return {**span, "text": text[s:e]}


def join(record: dict, text: str) -> dict:
    """The full record: ``record`` with ``text`` and every span's text; the hash must match."""
    doc_id = record.get("id", "?")
    if not isinstance(record.get("text_sha256"), str):
        raise StandoffError(f"document {doc_id}: text_sha256 is missing")
    if sha256(text) != record["text_sha256"]:
        raise StandoffError(f"document {doc_id}: the text found does not match text_sha256 (another version of the file?)")
    full = {k: v for k, v in record.items() if k not in ("text_sha256", "source")}
    full["text"] = text
    full["meta"] = {**record.get("meta", {}), "source": record.get("source")}
    full["units"] = [_fill(u, text, f"document {doc_id}: units[{i}]") for i, u in enumerate(record.get("units", []))]
    full["cues"] = [_fill(c, text, f"document {doc_id}: cues[{i}]") for i, c in enumerate(record.get("cues", []))]
    attributions = []
    for i, a in enumerate(record.get("attributions", [])):
        a = dict(a)
        for key in SPAN_KEYS:
            if key in a:
                a[key] = _fill(a[key], text, f"document {doc_id}: attributions[{i}].{key}")
        attributions.append(a)
    full["attributions"] = attributions
    return full


# -- where the texts come from ------------------------------------------------


def rebuild(source_file: str, removed_sha256: list[str]) -> str:
    """The text of an ANT file by the pool's recipe (docs/corpus.md): the lines whose SHA-256
    (after the whitespace is collapsed) is in ``removed_sha256`` are dropped.

    >>> rebuild("<DOC><TEXT>\\n  أول   سطر \\n\\n* نقلا عن الصحيفة\\nثانٍ\\n</TEXT></DOC>", [sha256("* نقلا عن الصحيفة")])
    'أول سطر\\nثانٍ'
    """
    m = re.search(r"<TEXT>(.*?)</TEXT>", source_file, re.S)
    if not m:
        raise StandoffError("no <TEXT> field in the source file")
    lines = [re.sub(r"\s+", " ", line).strip() for line in m.group(1).split("\n")]
    removed = set(removed_sha256)
    return "\n".join(line for line in lines if line and sha256(line) not in removed)


def _json_lines(path: str | Path):
    """``(line number, object)`` for each non-blank line of a JSON Lines file; a missing file or a
    line that is not JSON is a ``StandoffError`` naming the file (and line)."""
    path = Path(path)
    if not path.is_file():
        raise StandoffError(f"{path}: no such file")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except (ValueError, RecursionError) as e:
                    raise StandoffError(f"{path}:{n}: not JSON ({str(e)[:120]})") from None


def pool_rows(path: str | Path) -> dict[str, dict]:
    """``id -> row`` of a pool file like ``../shared/realtext/pool.jsonl`` (or one that
    ``argmine corpus fetch`` wrote): each row has at least ``id`` and ``text``."""
    rows = {}
    for n, row in _json_lines(path):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not isinstance(row.get("text"), str):
            raise StandoffError(f"{path}:{n}: not a pool record with an id and a text")
        rows[row["id"]] = row
    return rows


def pool_texts(path: str | Path) -> dict[str, str]:
    """``text_sha256 -> text`` from a pool file."""
    return {sha256(row["text"]): row["text"] for row in pool_rows(path).values()}


def outlet(publisher: str) -> str:
    """The outlet's name from a pool row's ``publisher``.

    >>> outlet("Al Arabiya (alarabiya.net); opinion column reprinted from «الحياة اللندنية»")
    'Al Arabiya'
    """
    return publisher.split(" (")[0].split(";")[0].strip()


def pool_meta(row: dict) -> dict:
    """The ``meta`` a pool row gives a document: genre, topic, region, date, outlet, origin ``external``."""
    meta = {k: row[k] for k in ("genre", "topic", "region", "date") if row.get(k)}
    meta.update(origin="external", outlet=outlet(row.get("publisher", "")))
    return meta


def source_of(row: dict) -> dict:
    """The ``source`` of a standoff record, from a pool row: where its text is and how to rebuild it."""
    return {"repo": row["source_repo"], "commit": row["source_commit"], "path": row["source_path"],
            "removed_lines_sha256": [sha256(line) for line in row.get("removed_lines", [])]}  # fmt: skip


def checkout_texts(records: list[dict], root: str | Path) -> dict[str, str]:
    """``text_sha256 -> text`` for the records whose files are in a local checkout under ``root``."""
    texts = {}
    for record in records:
        text = checkout_text(record, root)
        if text is not None:
            texts[sha256(text)] = text
    return texts


def checkout_text(record: dict, root: str | Path) -> str | None:
    """The text of ``record`` rebuilt from a local checkout of its repository under ``root``
    (``root/<owner>/<name>/<path>`` or ``root/<name>/<path>``), or None where the file is absent."""
    src = record.get("source") or {}
    repo, path = src.get("repo", ""), src.get("path", "")
    for base in (Path(root) / repo, Path(root) / repo.split("/")[-1]):
        f = base / path
        if f.is_file():
            return rebuild(f.read_text(encoding="utf-8", errors="strict"), src.get("removed_lines_sha256", []))
    return None


def fetch(records: list[dict], base_url: str = "https://raw.githubusercontent.com", timeout: float = 30) -> dict[str, str]:
    """``text_sha256 -> text`` for each record, downloading its pinned file and rebuilding it.

    Every hash is checked; a file that cannot be had or rebuilds to another text is a
    ``StandoffError`` naming the document.
    """
    from urllib.error import URLError
    from urllib.parse import quote
    from urllib.request import urlopen

    texts = {}
    for record in records:
        src, doc_id = record.get("source") or {}, record.get("id", "?")
        url = f"{base_url.rstrip('/')}/{src.get('repo')}/{src.get('commit')}/{quote(src.get('path', ''))}"
        try:
            with urlopen(url, timeout=timeout) as response:
                raw = response.read().decode("utf-8")
        except (URLError, OSError, UnicodeDecodeError) as e:
            raise StandoffError(f"document {doc_id}: cannot fetch {url}: {e}") from None
        try:
            text = rebuild(raw, src.get("removed_lines_sha256", []))
        except StandoffError as e:
            raise StandoffError(f"document {doc_id}: {url}: {e}") from None
        if sha256(text) != record.get("text_sha256"):
            raise StandoffError(f"document {doc_id}: the text rebuilt from {url} does not match text_sha256")
        texts[record["text_sha256"]] = text
    return texts


def read_standoff(path: str | Path, skip_full: bool = False) -> list[dict]:
    """The standoff records of a JSONL file; errors name the file and line.

    A full record (with its text) is an error, or skipped with ``skip_full``.
    """
    records = []
    for n, record in _json_lines(path):
        if skip_full and isinstance(record, dict) and "text" in record:
            continue
        if not isinstance(record, dict) or "text" in record or "text_sha256" not in record:
            raise StandoffError(f"{path}:{n}: not a standoff record (it needs text_sha256 and no text)")
        records.append(record)
    return records
