"""CoNLL-U, both ways: one sentence per unit, its tokens, and the annotation in comments and MISC.

Each unit is a sentence of the tokens of its text (words with their diacritics, and single
punctuation marks). Only what is known is written: FORM and MISC. LEMMA, UPOS, XPOS, FEATS,
HEAD, DEPREL and DEPS are ``_``, since argmine parses no syntax. MISC holds the token's offsets
(``start_char``, ``end_char``, as stanza writes them), ``SpaceAfter=No``, the unit's ``Role``,
and tags: ``Hedge=strong|medium|booster`` on cue tokens, ``Src=a1`` on source tokens, ``Cue=a1``
on reporting-cue tokens and ``Content=a1`` on content tokens (several ids joined by commas).
Sentence comments hold ``sent_id``, ``text``, the unit (``# unit = {...}``), its cues, its
attributions and the links from it, as JSON. The first sentence of a document holds the
document (``# newdoc id``, ``# doc = {...}`` with the text as a JSON string). So
``from_conllu(to_conllu(docs))`` gives back the same documents. The output passes the UD
validator at level 1 and is read by the ``conllu`` package and by stanza's ``CoNLL``.

>>> import argmine
>>> lines = to_conllu([argmine.annotate("ربما انهارت الهدنة.", "d")]).splitlines()
>>> print(next(line for line in lines if line.startswith("1\\t")))
1	ربما	_	_	_	_	_	_	_	start_char=0|end_char=4|Role=claim|Hedge=strong
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

from argmine.corpus.record import document_from_record
from argmine.document import Document, Link, Unit
from argmine.ioutil import atomic_write

# a word with its diacritics ("قُتل"), or one mark of punctuation
MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
TOKEN = re.compile(rf"[\w{MARKS}]+|[^\w\s]")
LINE_BREAKS = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # what str.splitlines splits on
UNKNOWN = "\t".join("_" * 7)  # LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS


class ConlluError(ValueError):
    """CoNLL-U that ``to_conllu`` did not write, named by file and line."""


def to_conllu(docs: list[Document]) -> str:
    """CoNLL-U text for documents; time linear in their tokens, cues, attributions and links.

    >>> import argmine
    >>> doc = argmine.annotate("انهارت الهدنة على الأرجح. فقد قُتل ثلاثة مدنيين.", "d")
    >>> [line for line in to_conllu([doc]).splitlines() if line.startswith("# link")]
    ['# link = {"from":"u2","to":"u1","relation":"support"}']
    """
    return "".join(_document(doc) for doc in docs)


def _document(doc: Document) -> str:
    head = [f"# newdoc id = {_name(doc.id or 'document')}", f"# doc = {_json(doc.header())}"]
    if not doc.units:
        return "\n".join(head) + "\n1\t_\t" + UNKNOWN + "\tEmpty=Yes\n\n"
    links: dict[str, list[Link]] = {}
    for lk in doc.links:
        links.setdefault(lk.from_, []).append(lk)
    out = []
    for k, u in enumerate(doc.units):
        lines = head if k == 0 else []
        lines += [f"# sent_id = {_name(doc.id or 'document')}-{_name(u.id)}", f"# text = {LINE_BREAKS.sub(' ', u.text)}"]
        lines.append(f"# unit = {_json({'id': u.id, 'start': u.start, 'end': u.end, 'role': u.role, 'hedged': u.hedged, 'confidence': u.confidence.to_dict() if u.confidence else None})}")
        lines += [f"# cue = {_json(c.to_dict())}" for c in doc.cues_of(u.id)]
        lines += [f"# attribution = {_json(a.to_dict())}" for a in doc.attributions_of(u.id)]
        lines += [f"# link = {_json(lk.to_dict())}" for lk in links.get(u.id, ())]
        lines += _tokens(doc, u)
        out.append("\n".join(lines) + "\n\n")
    return "".join(out)


def _tokens(doc: Document, u: Unit) -> list[str]:
    """The token lines of a unit (one ``_`` token, ``Empty=Yes``, for a unit of spaces only)."""
    found = list(TOKEN.finditer(doc.text, u.start, u.end))
    if not found:
        return [f"1\t_\t{UNKNOWN}\tstart_char={u.start}|end_char={u.end}|Role={u.role}|Empty=Yes"]
    starts, ends = [m.start() for m in found], [m.end() for m in found]
    tags = _token_tags(doc, u, starts, ends)
    text, lines = doc.text, []
    for i, m in enumerate(found):
        misc = [f"start_char={starts[i]}", f"end_char={ends[i]}"]
        if ends[i] < len(text) and not text[ends[i]].isspace():
            misc.append("SpaceAfter=No")
        misc.append(f"Role={u.role}")
        misc += [f"{key}={','.join(values)}" for key, values in tags[i].items()]
        lines.append(f"{i + 1}\t{m.group()}\t{UNKNOWN}\t{'|'.join(misc)}")
    return lines


def _token_tags(doc: Document, u: Unit, starts: list[int], ends: list[int]) -> list[dict[str, list[str]]]:
    """For each token, its tags (``Hedge``, ``Src``, ``Cue``, ``Content``) and their values."""
    spans = [(c.span, "Hedge", c.strength) for c in doc.cues_of(u.id)]
    for a in doc.attributions_of(u.id):
        ref = _name(a.id)
        spans += [(a.source, "Src", ref), (a.cue, "Cue", ref)] + ([(a.content, "Content", ref)] if a.content else [])
    tags: list[dict[str, list[str]]] = [{} for _ in starts]
    for span, key, value in spans:
        i = bisect.bisect_right(ends, span.start)  # the first token that ends after the span starts
        while i < len(starts) and starts[i] < span.end:
            values = tags[i].setdefault(key, [])
            if value not in values:
                values.append(value)
            i += 1
    return tags


def _name(value: str) -> str:
    """A document or annotation id as one CoNLL-U word: no space, ``|``, ``=`` or ``,``."""
    return re.sub(r"[\s|=,]", "_", value) or "_"


def _json(obj) -> str:
    """Compact JSON on one line: the line breaks JSON leaves as they are escaped too."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_conllu(docs: list[Document], path: str | Path) -> None:
    atomic_write(path, to_conllu(docs))


def from_conllu(text: str, where: str = "<conllu>") -> list[Document]:
    """Documents from CoNLL-U written by ``to_conllu``, from its comments; a comment that cannot be
    read raises ``ConlluError`` naming ``where``, the line and the field.

    >>> import argmine
    >>> doc = argmine.annotate("وقال الجيش إن العملية انتهت.", "d")
    >>> from_conllu(to_conllu([doc]))[0].to_dict() == doc.to_dict()
    True
    """
    records: list[tuple[int, dict]] = []  # each document's record, with the line of its "# doc = "
    for n, line in enumerate(text.split("\n"), 1):
        key, sep, value = line[2:].partition(" = ")
        if not line.startswith("# ") or not sep or key not in LAYERS:
            continue
        if key != "doc" and not records:
            raise ConlluError(f"{where}:{n}: {key}: comes before the document's '# doc = ' comment")
        try:
            piece = json.loads(value)
            if key == "doc":
                records.append((n, _record(piece)))
            else:
                records[-1][1][LAYERS[key]].append(_unit_record(piece, records[-1][1]["text"]) if key == "unit" else piece)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise ConlluError(f"{where}:{n}: {key}: cannot be read ({e})") from None
    return [document_from_record(record, f"{where}:{n}: document {record.get('id')!r}") for n, record in records]


# the comments that carry a document's layers, and the record list each goes to
LAYERS = {"doc": None, "unit": "units", "cue": "cues", "attribution": "attributions", "link": "links"}


def _record(head: dict) -> dict:
    """An empty record from a ``# doc = `` header (``Document.header``)."""
    record = {k: v for k, v in head.items() if v is not None}
    return record | {"units": [], "cues": [], "attributions": [], "links": []}


def _unit_record(u: dict, text: str) -> dict:
    """A ``# unit = `` comment as a unit record: its text is the document's at its offsets (the
    ``# text = `` comment folds line breaks), and a missing confidence is no key."""
    start, end = u["start"], u["end"]
    record = {k: v for k, v in u.items() if v is not None}
    if isinstance(start, int) and isinstance(end, int):
        record["text"] = text[start:end]
    return record


def read_conllu(path: str | Path) -> list[Document]:
    return from_conllu(Path(path).read_text(encoding="utf-8"), str(path))
