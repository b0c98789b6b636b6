"""CoNLL-U through stanza's ``Document`` and ``CoNLL`` writer and reader, both ways.

Each unit is a sentence, and its tokens carry ``start_char`` and ``end_char`` in MISC, as
stanza writes them, plus argmine tags. ``Role=``, ``Hedge=strong|medium|booster`` marks cue
tokens, ``Src=a1`` source tokens, ``Cue=a1`` reporting-cue tokens and ``Content=a1``
content tokens. Sentence comments hold the unit (``# unit = {...}``), its cues, its
attributions and its links as JSON. The first sentence of a document holds the
document (``# newdoc id``, ``# doc = {...}`` with the text as a JSON string). So
``read_conllu(write_conllu(doc))`` gives back the same document.

>>> import argmine
>>> text = to_conllu([argmine.annotate("ربما انهارت الهدنة.", "d")])
>>> "Role=claim" in text and "Hedge=strong" in text
True
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from argmine.document import Attribution, Confidence, Cue, Document, Link, Span, Unit
from argmine.ioutil import atomic_write

TOKEN = re.compile(r"\w+|[^\w\s]")


def _stanza_doc(doc: Document):
    from stanza.models.common.doc import Document as StanzaDocument

    sentences, comments = [], []
    for k, u in enumerate(doc.units):
        tags_of = _token_tags(doc, u)
        tokens = []
        for i, m in enumerate(TOKEN.finditer(doc.text, u.start, u.end), 1):
            misc = [f"start_char={m.start()}", f"end_char={m.end()}", f"Role={u.role}"] + tags_of(m.start(), m.end())
            tokens.append({"id": i, "text": m.group(), "misc": "|".join(misc)})
        if not tokens:  # a unit of spaces and marks only: keep one token for it
            tokens = [{"id": 1, "text": "_", "misc": f"start_char={u.start}|end_char={u.end}|Role={u.role}|Empty=Yes"}]
        sentences.append(tokens)
        note = [f"# unit = {_json({'id': u.id, 'start': u.start, 'end': u.end, 'role': u.role, 'hedged': u.hedged, 'confidence': u.confidence.to_dict() if u.confidence else None})}"]
        if k == 0:
            note.insert(0, f"# newdoc id = {doc.id}")
            note.insert(1, f"# doc = {_json(doc.header())}")
        note += [f"# cue = {_json(c.to_dict())}" for c in doc.cues_of(u.id)]
        note += [f"# attribution = {_json(a.to_dict())}" for a in doc.attributions_of(u.id)]
        note += [f"# link = {_json(lk.to_dict())}" for lk in doc.links if lk.from_ == u.id]
        comments.append(note)
    sdoc = StanzaDocument(sentences, text=doc.text, comments=comments)
    return sdoc


def _token_tags(doc: Document, u: Unit):
    spans = [(c.span, f"Hedge={c.strength}") for c in doc.cues_of(u.id)]
    for a in doc.attributions_of(u.id):
        spans += [(a.source, f"Src={a.id}"), (a.cue, f"Cue={a.id}")]
        if a.content:
            spans.append((a.content, f"Content={a.id}"))

    def tags(s: int, e: int) -> list[str]:
        return [tag for span, tag in spans if span.start < e and s < span.end]

    return tags


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def to_conllu(docs: list[Document]) -> str:
    """CoNLL-U text for documents, written by stanza."""
    from stanza.utils.conll import CoNLL

    out = []
    for doc in docs:
        if not doc.units:
            out.append(f"# newdoc id = {doc.id}\n# doc = {_json(doc.header())}\n1\t_\t_\t_\t_\t_\t_\t_\t_\tEmpty=Yes\n\n")
            continue
        buffer = io.StringIO()
        CoNLL.write_doc2conll(_stanza_doc(doc), buffer)
        out.append(buffer.getvalue())
    return "".join(out)


def write_conllu(docs: list[Document], path: str | Path) -> None:
    atomic_write(path, to_conllu(docs))


def from_conllu(text: str) -> list[Document]:
    """Documents from CoNLL-U written by ``to_conllu`` (read with stanza's reader)."""
    from stanza.utils.conll import CoNLL

    docs: list[Document] = []
    current = None
    for sentence in CoNLL.conll2doc(input_str=text).sentences:
        for comment in sentence.comments:
            key, _, value = comment.lstrip("# ").partition(" = ")
            if key == "doc":
                current = Document.from_header(json.loads(value))
                docs.append(current)
            elif key == "unit":
                u = json.loads(value)
                conf = Confidence.from_dict(u["confidence"]) if u.get("confidence") else None
                current.units.append(Unit(u["id"], current.span(u["start"], u["end"]), u["role"], u["hedged"], conf))
            elif key == "cue":
                c = json.loads(value)
                current.cues.append(Cue(c["unit"], Span(c["start"], c["end"], c["text"]), c["strength"]))
            elif key == "attribution":
                a = json.loads(value)
                span = lambda s: Span(s["start"], s["end"], s["text"]) if s else None  # noqa: E731
                current.attributions.append(
                    Attribution(a["id"], a["unit"], span(a["cue"]), span(a["source"]), a["source_type"], a["canonical"],
                                a["anonymous"], span(a["content"]), a["via"], a.get("continues"))
                )  # fmt: skip
            elif key == "link":
                lk = json.loads(value)
                current.links.append(Link(lk["from"], lk["to"], lk["relation"]))
    return docs


def read_conllu(path: str | Path) -> list[Document]:
    return from_conllu(Path(path).read_text(encoding="utf-8"))
