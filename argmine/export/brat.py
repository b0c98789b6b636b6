"""brat standoff: ``NAME.txt`` (the text) and ``NAME.ann`` (the annotations), both ways.

Units are text-bound annotations typed by role (``claim``, ``evidence``...); hedge and
booster cues are ``Hedge_strong``, ``Hedge_medium``, ``Booster``; each attribution is a
``Source`` with its ``Cue`` and optional ``Content``, joined by ``Cue_of`` (``Continues`` for a
continuation) and ``Content_of`` relations, with ``Type`` and ``Anonymous`` attributes and a
``Via`` relation for chains; links are ``support`` and ``attack`` relations. Ids, canonical ids
and confidence go in ``AnnotatorNotes`` (JSON) on the units and sources they belong to; the
document's id, language, meta and confidence, which brat has no place for, in ``NAME.doc.json``.
``write_brat`` also writes the ``annotation.conf`` and ``visual.conf`` that declare every type
used, so brat shows the files as they are meant. ``read_brat(write_brat(doc))`` gives back the
same document, whatever the text holds (tabs, ``\\r``, line breaks inside a span).

>>> import argmine
>>> txt, ann = to_brat(argmine.annotate("ربما انهارت الهدنة.", "d"))
>>> ann.splitlines()[0].split("\\t")[:2]
['T1', 'claim 0 19']
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from argmine.corpus.record import validated
from argmine.document import SOURCE_TYPES, Attribution, Confidence, Cue, Document, Link, Span, Unit
from argmine.ioutil import atomic_write

CUE_TYPES = {"strong": "Hedge_strong", "medium": "Hedge_medium", "booster": "Booster"}
STRENGTHS = {v: k for k, v in CUE_TYPES.items()}
LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # tab, and what str.splitlines splits on


class BratError(ValueError):
    """A malformed .ann file, named by file and line."""


def to_brat(doc: Document) -> tuple[str, str]:
    """``(txt, ann)`` for a document.

    brat readers reject two entities on the same span, so a cue shared by coordinated
    sources is one ``Cue`` entity, and a hedge on the very words of a reporting cue is a
    ``Hedge`` attribute of that ``Cue``.
    """
    lines: list[str] = []
    entities: dict[tuple[str, int, int], str] = {}
    relations: list[tuple[str, str, str]] = []
    attributes: list[tuple[str, str, str | None]] = []

    def entity(kind: str, span: Span) -> str:
        key = (kind, span.start, span.end)
        if key not in entities:
            entities[key] = f"T{len(entities) + 1}"
            lines.append(f"{entities[key]}\t{kind} {span.start} {span.end}\t{_mention(span.text)}")
        return entities[key]

    notes = 0

    def note(target: str, payload: dict) -> None:
        nonlocal notes
        notes += 1
        lines.append(f"#{notes}\tAnnotatorNotes {target}\t{_json(payload)}")

    unit_t = {}
    for u in doc.units:
        unit_t[u.id] = entity(u.role, u.span)
        note(unit_t[u.id], {"id": u.id, "confidence": u.confidence.to_dict() if u.confidence else None})
    cue_spans = {(a.cue.start, a.cue.end) for a in doc.attributions}
    for c in doc.cues:
        if (c.span.start, c.span.end) in cue_spans:
            attributes.append(("Hedge", entity("Cue", c.span), c.strength))
        else:
            entity(CUE_TYPES[c.strength], c.span)
    source_t, typed = {}, set()
    for a in doc.attributions:
        s = source_t[a.id] = entity("Source", a.source)
        c = entity("Cue", a.cue)
        record = {"id": a.id, "unit": a.unit, "canonical": a.canonical, "type": a.source_type,
                  "anonymous": a.anonymous, "cue": c}  # fmt: skip
        relations.append(("Continues" if a.continues else "Cue_of", c, s))
        if a.content:
            record["content"] = entity("Content", a.content)
            relations.append(("Content_of", record["content"], s))
        for key in ("via", "continues"):
            if getattr(a, key):
                record[key] = getattr(a, key)
        if s not in typed:  # one source span may carry several attributions (a continuation, a second cue)
            typed.add(s)
            attributes.append(("Type", s, a.source_type))
            if a.anonymous:
                attributes.append(("Anonymous", s, None))
        note(s, record)
    for a in doc.attributions:
        if a.via:
            relations.append(("Via", source_t[a.id], source_t[a.via]))
    for lk in doc.links:
        relations.append((lk.relation, unit_t[lk.from_], unit_t[lk.to]))
    for r, (kind, arg1, arg2) in enumerate(relations, 1):
        lines.append(f"R{r}\t{kind} Arg1:{arg1} Arg2:{arg2}\t")
    for n, (kind, target, value) in enumerate(attributes, 1):
        lines.append(f"A{n}\t{kind} {target}" + (f" {value}" if value else ""))
    return doc.text, "\n".join(lines) + "\n"


def _mention(text: str) -> str:
    """A span's text as the third field of its line: tabs and line breaks become spaces."""
    return LINE_BREAKS.sub(" ", text)


def _json(obj) -> str:
    """JSON on one line: the line breaks JSON leaves as they are escaped too."""
    text = json.dumps(obj, ensure_ascii=False)
    return text.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


ENTITIES = ("claim", "evidence", "motive", "other", *CUE_TYPES.values(), "Source", "Cue", "Content")
RELATIONS = {
    "support": ("claim|evidence", "claim|motive"),
    "attack": ("claim|evidence", "claim|motive"),
    "Cue_of": ("Cue", "Source"),
    "Continues": ("Cue", "Source"),
    "Content_of": ("Content", "Source"),
    "Via": ("Source", "Source"),
}
COLOURS = {"claim": "#dbeafe", "evidence": "#dcfce7", "motive": "#fef3c7", "other": "#f3f4f6", "Hedge_strong": "#fca5a5",
           "Hedge_medium": "#fdba74", "Booster": "#86efac", "Source": "#ddd6fe", "Cue": "#e9d5ff", "Content": "#fef9c3"}  # fmt: skip


def annotation_conf() -> str:
    """brat's ``annotation.conf``: every entity, relation and attribute type that ``to_brat`` writes.

    >>> "Type\\tArg:Source, Value:government|security" in annotation_conf()
    True
    """
    relations = [f"{kind}\tArg1:{a1}, Arg2:{a2}" for kind, (a1, a2) in RELATIONS.items()]
    return "\n".join([
        "# argmine scheme v2 (docs/scheme.md). Notes: AnnotatorNotes, JSON, on each unit (its id and",
        "# confidence) and on each Source (one per attribution: id, unit, canonical, type, anonymous, cue, content, via, continues).",
        "[entities]", *ENTITIES, "",
        "[relations]", *relations, "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "",
        "[events]", "",
        "[attributes]", f"Type\tArg:Source, Value:{'|'.join(SOURCE_TYPES)}", "Anonymous\tArg:Source",
        f"Hedge\tArg:Cue, Value:{'|'.join(CUE_TYPES)}", "",
    ])  # fmt: skip


def visual_conf() -> str:
    """brat's ``visual.conf``: labels and colours for every type of ``annotation.conf``."""
    labels = [f"{kind} | {kind.replace('_', ' ')}" for kind in (*ENTITIES, *RELATIONS)]
    drawing = [f"{kind}\tbgColor:{colour}" for kind, colour in COLOURS.items()]
    drawing += ["support\tcolor:#15803d", "attack\tcolor:#b91c1c, dashArray:3-3", "Cue_of\tcolor:#7c3aed",
                "Continues\tcolor:#7c3aed, dashArray:3-3", "Content_of\tcolor:#a16207", "Via\tcolor:#6d28d9"]  # fmt: skip
    defaults = ["SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
                "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5", "ATTRIBUTE_DEFAULT\tglyph:*"]  # fmt: skip
    return "\n".join(["[labels]", *labels, "", "[drawing]", *defaults, *drawing, ""])


def write_brat(doc: Document, directory: str | Path, name: str | None = None) -> tuple[Path, Path]:
    """Write ``NAME.txt``, ``NAME.ann`` and ``NAME.doc.json`` into ``directory``, and the
    ``annotation.conf`` and ``visual.conf`` beside them, atomically; return the ``.txt`` and ``.ann`` paths.
    ``NAME`` is the document id made safe as a file name (``argmine.ioutil.safe_name``)."""
    from argmine.ioutil import safe_name

    txt, ann = to_brat(doc)
    directory = Path(directory)
    base = directory / safe_name(name or doc.id or "document")  # never outside the folder, whatever the id
    atomic_write(base.with_name(base.name + ".txt"), txt)
    atomic_write(base.with_name(base.name + ".ann"), ann)
    atomic_write(base.with_name(base.name + ".doc.json"), _json(doc.header(text=False)) + "\n")
    atomic_write(directory / "annotation.conf", annotation_conf())
    atomic_write(directory / "visual.conf", visual_conf())
    return base.with_name(base.name + ".txt"), base.with_name(base.name + ".ann")


def from_brat(txt: str, ann: str, where: str = "<ann>", header: dict | None = None) -> Document:
    """A document from brat standoff written by ``to_brat``; ``header`` is what ``NAME.doc.json``
    holds (the document's id, language, meta and confidence)."""
    ents: dict[str, tuple[str, Span]] = {}
    notes: dict[str, dict] = {}
    source_notes: list[tuple[str, dict]] = []  # every note on a Source, in file order: one attribution each
    rels: list[tuple[str, str, str]] = []
    attrs: dict[str, dict] = {}
    for n, line in enumerate(ann.split("\n"), 1):
        if not line.strip():
            continue
        try:
            key, body, *rest = line.split("\t")
            if key[0] == "T":
                kind, start, end = body.split(" ")
                span = Span(int(start), int(end), txt[int(start) : int(end)])
                if rest and rest[0] != _mention(span.text):
                    raise BratError(f"{where}:{n}: {key} text {rest[0]!r} differs from the text at [{start}, {end})")
                ents[key] = (kind, span)
            elif key[0] == "#":
                _, target = body.split(" ")
                notes[target] = json.loads(rest[0])
                if ents.get(target, ("",))[0] == "Source":
                    source_notes.append((target, notes[target]))
            elif key[0] == "R":
                kind, arg1, arg2 = body.split(" ")
                rels.append((kind, arg1.split(":", 1)[1], arg2.split(":", 1)[1]))
            elif key[0] == "A":
                parts = body.split(" ")
                attrs.setdefault(parts[1], {})[parts[0]] = parts[2] if len(parts) > 2 else True
        except (ValueError, IndexError, json.JSONDecodeError) as e:
            if isinstance(e, BratError):
                raise
            raise BratError(f"{where}:{n}: cannot read {line[:60]!r} ({e})") from None
    doc = Document.from_header(header or notes.get("DOC", {}), txt)  # "DOC": the notes of older files
    unit_of_t = {}
    for t, (kind, span) in ents.items():
        if kind in ("claim", "evidence", "motive", "other"):
            note = notes.get(t, {})
            conf = Confidence.from_dict(note["confidence"]) if note.get("confidence") else None
            unit = Unit(note.get("id", f"u{len(doc.units) + 1}"), span, kind, False, conf)
            doc.units.append(unit)
            unit_of_t[t] = unit.id
    doc.units.sort(key=lambda u: u.start)
    for t, (kind, span) in ents.items():
        strength = STRENGTHS.get(kind) or (attrs.get(t, {}).get("Hedge") if kind == "Cue" else None)
        if strength:
            unit = doc.unit_at(span.start)
            doc.cues.append(Cue(unit.id if unit else "", span, strength))
    doc.cues.sort(key=lambda c: c.span.start)
    hedged = {c.unit for c in doc.cues if c.is_hedge}
    for u in doc.units:
        u.hedged = u.id in hedged
    parts: dict[str, dict] = {}
    for kind, a1, a2 in rels:
        if kind in ("Cue_of", "Content_of", "Continues"):
            parts.setdefault(a2, {})["content" if kind == "Content_of" else "cue"] = ents[a1][1]
        elif kind == "Via":
            parts.setdefault(a1, {})["via"] = a2
        else:
            doc.links.append(Link(unit_of_t.get(a1, a1), unit_of_t.get(a2, a2), kind))  # an unknown one: the record check names it
    noted = {t for t, _ in source_notes}
    source_notes += [(t, {}) for t, (kind, _) in ents.items() if kind == "Source" and t not in noted]
    via_ids = {t: note.get("id", t) for t, note in source_notes}
    for t, note in source_notes:
        span, p, at = ents[t][1], parts.get(t, {}), attrs.get(t, {})
        cue = ents[note["cue"]][1] if note.get("cue") in ents else p.get("cue", span)
        content = ents[note["content"]][1] if note.get("content") in ents else None if "cue" in note else p.get("content")
        doc.attributions.append(
            Attribution(
                id=note.get("id", t), unit=note.get("unit", ""), cue=cue, source=span,
                source_type=note.get("type", at.get("Type", "other")), canonical=note.get("canonical", span.text),
                anonymous=note.get("anonymous", bool(at.get("Anonymous"))), content=content,
                via=note.get("via") if "cue" in note else via_ids.get(p["via"]) if "via" in p else None,
                continues=note.get("continues"),
            )  # fmt: skip
        )
    return validated(doc, where)


def read_brat(txt_path: str | Path) -> Document:
    """Read ``NAME.txt``, ``NAME.ann`` and, if it is there, ``NAME.doc.json`` (else the id is ``NAME``).
    The text is read as it is, its ``\\r`` kept."""
    txt_path = Path(txt_path)
    base = txt_path.with_suffix("")
    ann_path, head_path = base.with_name(base.name + ".ann"), base.with_name(base.name + ".doc.json")
    header = json.loads(head_path.read_bytes().decode("utf-8")) if head_path.exists() else None
    doc = from_brat(txt_path.read_bytes().decode("utf-8"), ann_path.read_bytes().decode("utf-8"), str(ann_path), header)
    if header is None and doc.id is None:
        doc.id = base.name
    return doc
