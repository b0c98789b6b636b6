"""The argument graph as AIF JSON (the AIFdb format), and as Graphviz DOT.

AIF: every claim, motive and evidence unit is an I-node; each support link an RA node
(``Default Inference``) and each attack a CA node (``Default Conflict``) between I-nodes;
each attribution a locution (L-node) whose speaker is the source (``locutions`` and
``participants``), anchored to its unit by a YA node (``Asserting``). A chain adds a YA
``Reporting`` from the relaying locution to the relayed one. Units with no attribution are
the author's locutions. The nodes carry an ``argmine`` object with their offsets and
labels, so ``from_aif(to_aif(doc))`` gives back the same document.

>>> import argmine
>>> graph = to_aif(argmine.annotate("وقال الجيش إن العملية انتهت.", "d"))
>>> sorted({n["type"] for n in graph["nodes"]})
['I', 'L', 'YA']
"""

from __future__ import annotations

import json
from pathlib import Path

from argmine.document import Attribution, Confidence, Cue, Document, Link, Span, Unit
from argmine.ioutil import atomic_write

AUTHOR = "author"


def _span(s: Span | None):
    return s.to_dict() if s else None


def to_aif(doc: Document) -> dict:
    nodes, edges, locutions = [], [], []
    participants = {AUTHOR: {"participantID": AUTHOR, "firstname": "الكاتب", "surname": ""}}

    def edge(a: str, b: str) -> None:
        edges.append({"edgeID": f"e{len(edges) + 1}", "fromID": a, "toID": b})

    for u in doc.units:
        nodes.append(
            {
                "nodeID": u.id, "text": u.text, "type": "I", "timestamp": "",
                "argmine": {"start": u.start, "end": u.end, "role": u.role, "hedged": u.hedged,
                            "confidence": u.confidence.to_dict() if u.confidence else None,
                            "cues": [c.to_dict() for c in doc.cues_of(u.id)]},
            }
        )  # fmt: skip
        if not doc.attributions_of(u.id) and u.role != "other":
            lid = f"L-{u.id}"
            nodes.append({"nodeID": lid, "text": f"{AUTHOR}: {u.text}", "type": "L", "timestamp": ""})
            locutions.append({"nodeID": lid, "personID": AUTHOR})
            nodes.append({"nodeID": f"YA-{u.id}", "text": "Asserting", "type": "YA"})
            edge(lid, f"YA-{u.id}")
            edge(f"YA-{u.id}", u.id)
    for a in doc.attributions:
        lid = f"L-{a.id}"
        said = a.content.text if a.content else doc.unit(a.unit).text
        nodes.append(
            {"nodeID": lid, "text": f"{a.source.text}: {said}", "type": "L", "timestamp": "",
             "argmine": {k: v for k, v in a.to_dict().items() if k not in ("id",)}}
        )  # fmt: skip
        locutions.append({"nodeID": lid, "personID": a.canonical})
        participants.setdefault(a.canonical, {"participantID": a.canonical, "firstname": a.source.text, "surname": "",
                                              "type": a.source_type, "anonymous": a.anonymous})  # fmt: skip
        nodes.append({"nodeID": f"YA-{a.id}", "text": "Asserting", "type": "YA"})
        edge(lid, f"YA-{a.id}")
        edge(f"YA-{a.id}", a.unit)
        if a.via:
            nodes.append({"nodeID": f"YR-{a.id}", "text": "Reporting", "type": "YA"})
            edge(f"L-{a.via}", f"YR-{a.id}")
            edge(f"YR-{a.id}", lid)
    for k, lk in enumerate(doc.links, 1):
        kind, text = ("RA", "Default Inference") if lk.relation == "support" else ("CA", "Default Conflict")
        sid = f"{kind}{k}"
        nodes.append({"nodeID": sid, "text": text, "type": kind, "timestamp": ""})
        edge(lk.from_, sid)
        edge(sid, lk.to)
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": list(participants.values()),
        "argmine": doc.header(),
    }


def from_aif(graph: dict) -> Document:
    """A document from AIF JSON written by ``to_aif``."""
    doc = Document.from_header(graph["argmine"])
    for n in graph["nodes"]:
        x = n.get("argmine")
        if n["type"] == "I" and x:
            conf = Confidence.from_dict(x["confidence"]) if x.get("confidence") else None
            doc.units.append(Unit(n["nodeID"], doc.span(x["start"], x["end"]), x["role"], x["hedged"], conf))
            doc.cues += [Cue(c["unit"], Span(c["start"], c["end"], c["text"]), c["strength"]) for c in x["cues"]]
        elif n["type"] == "L" and x:
            span = lambda s: Span(s["start"], s["end"], s["text"]) if s else None  # noqa: E731
            doc.attributions.append(
                Attribution(n["nodeID"][2:], x["unit"], span(x["cue"]), span(x["source"]), x["source_type"],
                            x["canonical"], x["anonymous"], span(x["content"]), x["via"], x.get("continues"))
            )  # fmt: skip
    targets = {e["fromID"]: e["toID"] for e in graph["edges"]}
    sources = {e["toID"]: e["fromID"] for e in graph["edges"]}
    for n in graph["nodes"]:
        if n["type"] in ("RA", "CA"):
            doc.links.append(Link(sources[n["nodeID"]], targets[n["nodeID"]], "support" if n["type"] == "RA" else "attack"))
    return doc


def write_aif(doc: Document, path: str | Path) -> None:
    atomic_write(path, json.dumps(to_aif(doc), ensure_ascii=False, indent=1) + "\n")


def read_aif(path: str | Path) -> Document:
    return from_aif(json.loads(Path(path).read_text(encoding="utf-8")))


def to_dot(doc: Document) -> str:
    """Graphviz DOT: units coloured by role, support and attack edges, sources as notes."""
    colours = {"claim": "#dbeafe", "evidence": "#dcfce7", "motive": "#fef3c7", "other": "#f3f4f6"}

    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    lines = [f"digraph {q(doc.id or 'document')} {{", "  rankdir=RL;", '  node [shape=box, style="rounded,filled", fontname="Arial"];']
    linked = {lk.from_ for lk in doc.links} | {lk.to for lk in doc.links} | {a.unit for a in doc.attributions}
    for u in doc.units:
        if u.role == "other" and u.id not in linked:
            continue
        label = u.text if len(u.text) <= 60 else u.text[:58] + "…"
        extra = f" [{u.confidence.level}]" if u.confidence else ""
        lines.append(f"  {q(u.id)} [label={q(f'{u.id} ({u.role}){extra}: {label}')}, fillcolor={q(colours[u.role])}];")
    for lk in doc.links:
        style = "" if lk.relation == "support" else ', color="#b91c1c", style=dashed'
        lines.append(f"  {q(lk.from_)} -> {q(lk.to)} [label={q(lk.relation)}{style}];")
    for a in doc.attributions:
        sid = "src:" + a.canonical
        lines.append(f"  {q(sid)} [shape=note, fillcolor=\"#ede9fe\", label={q(f'{a.source.text} ({a.source_type})')}];")
        lines.append(f"  {q(sid)} -> {q(a.unit)} [style=dotted, label={q(a.cue.text)}];")
        if a.via:
            via = next(x for x in doc.attributions if x.id == a.via)
            lines.append(f"  {q('src:' + via.canonical)} -> {q(sid)} [style=dotted, label=\"via\"];")
    lines.append("}")
    return "\n".join(lines) + "\n"
