"""The argument graph as AIF JSON (the AIFdb format), and as Graphviz DOT.

AIF, as AIFdb writes it (Inference Anchoring Theory):
- every unit is an I-node, the proposition, and the author's locution of it an L-node
  (``الكاتب: ...``) that anchors it through a YA node (``Asserting``; ``Default Illocuting``
  for headings and transitions);
- a TA node (``Default Transition``) leads from each of the author's locutions to the next;
- each attribution is the locution of its source (an L-node whose speaker, in ``locutions``
  and ``participants``, is the source's canonical id). It anchors, through a YA ``Asserting``,
  an I-node of what the source said (its content span), or the unit when the attribution has
  no content: the source asserts its words, not the author's whole sentence. A YA
  ``Reporting`` leads to it from the locution that reports it: the one that relays it
  (``via``), or else the author's locution of the unit;
- each support link is an RA node (``Default Inference``) and each attack a CA node
  (``Default Conflict``) between the two units' I-nodes, anchored by a YA (``Arguing``,
  ``Disagreeing``) in the transition into the later of the two locutions.

Units and attributions carry an ``argmine`` object with their offsets and labels, so
``from_aif(to_aif(doc))`` gives back the same document.

>>> import argmine
>>> graph = to_aif(argmine.annotate("وقال الجيش إن العملية انتهت.", "d"))
>>> sorted({n["type"] for n in graph["nodes"]})
['I', 'L', 'YA']
>>> [n["text"] for n in graph["nodes"] if n["type"] == "I"]
['وقال الجيش إن العملية انتهت.', 'العملية انتهت']
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from argmine.corpus.record import document_from_record
from argmine.document import Attribution, Document, Link, Unit
from argmine.ioutil import atomic_write

AUTHOR = "author"
AUTHOR_NAME = "الكاتب"
SCHEMES = {"support": ("RA", "Default Inference", "Arguing"), "attack": ("CA", "Default Conflict", "Disagreeing")}


@dataclass
class _Graph:
    """AIF nodes, edges and locutions as they are added."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    locutions: list[dict] = field(default_factory=list)

    def node(self, node_id: str, kind: str, text: str, **extra) -> str:
        self.nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": "", **extra})
        return node_id

    def edge(self, source: str, target: str) -> None:
        self.edges.append({"edgeID": f"e{len(self.edges) + 1}", "fromID": source, "toID": target, "formEdgeID": None})

    def locution(self, node_id: str, speaker: str, text: str, **extra) -> str:
        self.locutions.append({"nodeID": node_id, "personID": speaker, "timestamp": "", "start": None, "end": None, "source": None})
        return self.node(node_id, "L", text, **extra)

    def anchor(self, node_id: str, illocution: str, source: str, target: str) -> None:
        """A YA node ``illocution`` from ``source`` (a locution or transition) to ``target``."""
        self.edge(source, self.node(node_id, "YA", illocution))
        self.edge(node_id, target)


def to_aif(doc: Document) -> dict:
    """AIF JSON of a document (see the module's docstring); time linear in units, attributions and links.

    >>> import argmine
    >>> doc = argmine.annotate("انهارت الهدنة على الأرجح. فقد قُتل ثلاثة مدنيين أمس.", "d")
    >>> [n["text"] for n in to_aif(doc)["nodes"] if n["type"] in ("TA", "RA")]
    ['Default Transition', 'Default Inference']
    """
    g = _Graph()
    participants = {AUTHOR: {"participantID": AUTHOR, "firstname": AUTHOR_NAME, "surname": ""}}
    order = {u.id: k for k, u in enumerate(doc.units)}
    for k, u in enumerate(doc.units):
        _unit(g, doc, u, doc.units[k - 1] if k else None)
    contents: dict[tuple[int, int], str] = {}
    for a in doc.attributions:
        participants.setdefault(a.canonical, {"participantID": a.canonical, "firstname": a.source.text, "surname": "",
                                              "type": a.source_type, "anonymous": a.anonymous})  # fmt: skip
        _attribution(g, doc, a, contents)
    for k, lk in enumerate(doc.links, 1):
        _link(g, doc, lk, k, order)
    return {"nodes": g.nodes, "edges": g.edges, "locutions": g.locutions, "participants": list(participants.values()),
            "argmine": doc.header()}  # fmt: skip


def _unit(g: _Graph, doc: Document, u: Unit, previous: Unit | None) -> None:
    """The unit's I-node, the author's locution of it, and the transition from the previous one."""
    conf = u.confidence.to_dict() if u.confidence else None
    g.node(u.id, "I", u.text, argmine={"start": u.start, "end": u.end, "role": u.role, "hedged": u.hedged,
                                       "confidence": conf, "cues": [c.to_dict() for c in doc.cues_of(u.id)]})  # fmt: skip
    said = g.locution(f"L-{u.id}", AUTHOR, f"{AUTHOR_NAME}: {u.text}")
    g.anchor(f"YA-{u.id}", "Default Illocuting" if u.role == "other" else "Asserting", said, u.id)
    if previous is not None:
        g.edge(f"L-{previous.id}", g.node(f"TA-{u.id}", "TA", "Default Transition"))
        g.edge(f"TA-{u.id}", said)


def _attribution(g: _Graph, doc: Document, a: Attribution, contents: dict[tuple[int, int], str]) -> None:
    """The source's locution, anchoring what it said; reported by the relaying or the author's locution."""
    said = a.content.text if a.content else doc.unit(a.unit).text
    lid = g.locution(f"L-{a.id}", a.canonical, f"{a.source.text}: {said}",
                     argmine={k: v for k, v in a.to_dict().items() if k != "id"})  # fmt: skip
    if a.content is None:
        proposition = a.unit
    else:
        key = (a.content.start, a.content.end)
        proposition = contents.get(key)
        if proposition is None:  # sources that share their content (coordinated ones) share its I-node
            proposition = contents[key] = g.node(f"I-{a.id}", "I", a.content.text, argmine={"start": key[0], "end": key[1]})
    g.anchor(f"YA-{a.id}", "Asserting", lid, proposition)
    g.anchor(f"YR-{a.id}", "Reporting", f"L-{a.via}" if a.via else f"L-{a.unit}", lid)


def _link(g: _Graph, doc: Document, lk: Link, k: int, order: dict[str, int]) -> None:
    """An RA or CA node between two units, anchored in the transition into the later locution."""
    kind, text, illocution = SCHEMES[lk.relation]
    sid = g.node(f"{kind}{k}", kind, text)
    g.edge(lk.from_, sid)
    g.edge(sid, lk.to)
    later = max(order[lk.from_], order[lk.to])
    said = f"TA-{doc.units[later].id}" if later else f"L-{doc.units[0].id}"  # the first unit has no transition into it
    g.anchor(f"YA-{sid}", illocution, said, sid)


def from_aif(graph: dict, where: str = "<aif>") -> Document:
    """A document from AIF JSON written by ``to_aif``: its ``argmine`` fields make a record, which goes
    through the validation every reader uses; a fault raises ``RecordError`` naming ``where``.

    >>> import argmine
    >>> doc = argmine.annotate("وقال الجيش إن العملية انتهت.", "d")
    >>> from_aif(to_aif(doc)).to_dict() == doc.to_dict()
    True
    """
    try:
        record = _record(graph)
    except (KeyError, TypeError, AttributeError, IndexError) as e:
        raise AifError(f"{where}: not an AIF graph written by argmine: {type(e).__name__} {e}") from None
    return document_from_record(record, where)


class AifError(ValueError):
    """AIF JSON that does not hold an argmine document."""


def _record(graph: dict) -> dict:
    head = graph["argmine"]
    record = {k: v for k, v in head.items() if v is not None} | {"units": [], "cues": [], "attributions": [], "links": []}
    kinds = {n["nodeID"]: n["type"] for n in graph["nodes"]}
    into: dict[str, str] = {}  # scheme node -> the I-node it comes from
    out: dict[str, str] = {}  # scheme node -> the I-node it leads to
    for e in graph["edges"]:
        if kinds.get(e["fromID"]) == "I":
            into.setdefault(e["toID"], e["fromID"])
        if kinds.get(e["toID"]) == "I":
            out.setdefault(e["fromID"], e["toID"])
    for n in graph["nodes"]:
        x = n.get("argmine")
        if n["type"] == "I" and x and "role" in x:
            unit = {"id": n["nodeID"], "start": x["start"], "end": x["end"], "text": n["text"], "role": x["role"], "hedged": x["hedged"]}
            if x.get("confidence"):
                unit["confidence"] = x["confidence"]
            record["units"].append(unit)
            record["cues"] += x["cues"]
        elif n["type"] == "L" and x:
            record["attributions"].append({"id": n["nodeID"][2:], **x})
        elif n["type"] in ("RA", "CA"):
            record["links"].append({"from": into[n["nodeID"]], "to": out[n["nodeID"]], "relation": "support" if n["type"] == "RA" else "attack"})
    return record


def write_aif(doc: Document, path: str | Path) -> None:
    atomic_write(path, json.dumps(to_aif(doc), ensure_ascii=False, indent=1) + "\n")


def read_aif(path: str | Path) -> Document:
    return from_aif(json.loads(Path(path).read_text(encoding="utf-8")), str(path))


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
    canonical = {a.id: a.canonical for a in doc.attributions}
    for a in doc.attributions:
        sid = "src:" + a.canonical
        lines.append(f"  {q(sid)} [shape=note, fillcolor=\"#ede9fe\", label={q(f'{a.source.text} ({a.source_type})')}];")
        lines.append(f"  {q(sid)} -> {q(a.unit)} [style=dotted, label={q(a.cue.text)}];")
        if a.via in canonical:
            lines.append(f"  {q('src:' + canonical[a.via])} -> {q(sid)} [style=dotted, label=\"via\"];")
    lines.append("}")
    return "\n".join(lines) + "\n"
