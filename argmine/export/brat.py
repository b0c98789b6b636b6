"""brat standoff: ``NAME.txt`` (the text) and ``NAME.ann`` (the annotations), both ways.

Units are text-bound annotations typed by role (``claim``, ``evidence``...); hedge and
booster cues are ``Hedge_strong``, ``Hedge_medium``, ``Booster``; each attribution is a
``Source`` with its ``Cue`` and optional ``Content``, joined by ``Cue_of`` and ``Content_of``
relations, with ``Type`` and ``Anonymous`` attributes and a ``Via`` relation for chains;
links are ``support`` and ``attack`` relations. Ids, canonical ids, confidence and the
document's meta, which brat has no place for, go in ``AnnotatorNotes`` as JSON, so
``read_brat(write_brat(doc))`` gives back the same document.

>>> import argmine
>>> txt, ann = to_brat(argmine.annotate("ربما انهارت الهدنة.", "d"))
>>> ann.splitlines()[1].split("\\t")[:2]
['T1', 'claim 0 19']
"""

from __future__ import annotations

import json
from pathlib import Path

from argmine.document import Attribution, Confidence, Cue, Document, Link, Span, Unit
from argmine.ioutil import atomic_write

CUE_TYPES = {"strong": "Hedge_strong", "medium": "Hedge_medium", "booster": "Booster"}
STRENGTHS = {v: k for k, v in CUE_TYPES.items()}


class BratError(ValueError):
    """A malformed .ann file, named by file and line."""


def to_brat(doc: Document) -> tuple[str, str]:
    """``(txt, ann)`` for a document.

    brat readers reject two entities on the same span, so a cue shared by coordinated
    sources is one ``Cue`` entity, and a hedge on the very words of a reporting cue is a
    ``Hedge`` attribute of that ``Cue``.
    """
    lines: list[str] = [f"#0\tAnnotatorNotes DOC\t{_json(doc.header(text=False))}"]
    entities: dict[tuple[str, int, int], str] = {}
    relations: list[tuple[str, str, str]] = []
    attributes: list[tuple[str, str, str | None]] = []

    def entity(kind: str, span: Span) -> str:
        key = (kind, span.start, span.end)
        if key not in entities:
            entities[key] = f"T{len(entities) + 1}"
            lines.append(f"{entities[key]}\t{kind} {span.start} {span.end}\t{span.text}")
        return entities[key]

    def note(target: str, payload: dict) -> None:
        lines.append(f"#{len(lines)}\tAnnotatorNotes {target}\t{_json(payload)}")

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


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def write_brat(doc: Document, directory: str | Path, name: str | None = None) -> tuple[Path, Path]:
    """Write ``NAME.txt`` and ``NAME.ann`` into ``directory``, atomically."""
    txt, ann = to_brat(doc)
    base = Path(directory) / (name or doc.id or "document")
    atomic_write(base.with_suffix(".txt"), txt)
    atomic_write(base.with_suffix(".ann"), ann)
    return base.with_suffix(".txt"), base.with_suffix(".ann")


def from_brat(txt: str, ann: str, where: str = "<ann>") -> Document:
    """A document from brat standoff written by ``to_brat``."""
    ents: dict[str, tuple[str, Span]] = {}
    notes: dict[str, dict] = {}
    source_notes: list[tuple[str, dict]] = []  # every note on a Source, in file order: one attribution each
    rels: list[tuple[str, str, str]] = []
    attrs: dict[str, dict] = {}
    for n, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        try:
            key, body, *rest = line.split("\t")
            if key[0] == "T":
                kind, start, end = body.split(" ")
                span = Span(int(start), int(end), txt[int(start) : int(end)])
                if rest and rest[0] != span.text:
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
    doc = Document.from_header(notes.get("DOC", {}), txt)
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
            doc.links.append(Link(unit_of_t[a1], unit_of_t[a2], kind))
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
    return doc


def read_brat(txt_path: str | Path) -> Document:
    """Read ``NAME.txt`` and ``NAME.ann``."""
    txt_path = Path(txt_path)
    ann_path = txt_path.with_suffix(".ann")
    return from_brat(txt_path.read_text(encoding="utf-8"), ann_path.read_text(encoding="utf-8"), str(ann_path))
