"""The auditor's view: every claim with its sources, its support, and what is missing.

``audit(doc)`` returns a plain dict (documented in ``docs/audit.md``):
- ``claims``: every claim and motive with its hedges, confidence, own attributions,
  the evidence linked to it with their sources, and its flags;
- ``sources``: every canonical source with the claims and evidence resting on it;
- ``diversity``: how many sources the document rests on, of which types, how many anonymous
  or party to the events;
- ``flags``: the ids of the claims under each flag.

Flags: ``unattributed`` (no source of its own and no sourced support: the author's
assessment), ``single_source`` (all its sources are one), ``anonymous_only`` (every source
behind it is anonymous), ``party_only`` (every source behind it is a party to the events:
government, security or an armed group).

>>> import argmine
>>> report = audit(argmine.annotate("ربما انهارت الهدنة."))
>>> report["claims"][0]["flags"]
['unattributed']
"""

from __future__ import annotations

import math
from collections import Counter

from argmine.confidence.rules import PARTIES
from argmine.document import Attribution, Document

FLAGS = ("unattributed", "single_source", "anonymous_only", "party_only")
UNATTRIBUTED = "unattributed (author's assessment)"


def _source(a: Attribution) -> dict:
    return {
        "attribution": a.id,
        "source": a.source.text,
        "canonical": a.canonical,
        "type": a.source_type,
        "anonymous": a.anonymous,
        "via": a.via,
        "continues": a.continues,
        "cue": a.cue.text,
    }


def claim_flags(own: list[Attribution], support: list[Attribution]) -> list[str]:
    """The audit flags of a claim from its own and its supporting attributions."""
    behind = own + support
    if not behind:
        return ["unattributed"]
    flags = []
    if len({a.canonical for a in behind}) == 1:
        flags.append("single_source")
    if all(a.anonymous for a in behind):
        flags.append("anonymous_only")
    if all(a.source_type in PARTIES for a in behind):
        flags.append("party_only")
    return flags


def audit(doc: Document) -> dict:
    """The audit report of an annotated document, as a JSON-ready dict."""
    claims = []
    resting: dict[str, dict] = {}

    def rest(a: Attribution, kind: str, unit_id: str) -> None:
        # dicts as ordered sets: a source many units rest on costs no scan of its list
        entry = resting.setdefault(
            a.canonical,
            {"canonical": a.canonical, "type": a.source_type, "anonymous": a.anonymous, "names": {}, "claims": {}, "evidence": {}},
        )
        entry["names"][a.source.text] = None
        entry[kind][unit_id] = None

    for unit in doc.units:
        if unit.role not in ("claim", "motive"):
            continue
        own = doc.attributions_of(unit.id)
        support_units = [lk.from_ for lk in doc.links_to(unit.id) if lk.relation == "support"]
        attack_units = [lk.from_ for lk in doc.links_to(unit.id) if lk.relation == "attack"]
        support_attrs = [a for uid in support_units for a in doc.attributions_of(uid)]
        for a in own:
            rest(a, "claims", unit.id)
        evidence = []
        for uid, relation in [(u, "support") for u in support_units] + [(u, "attack") for u in attack_units]:
            ev = doc.unit(uid)
            attrs = doc.attributions_of(uid)
            for a in attrs:
                rest(a, "evidence", uid)
            evidence.append(
                {
                    "unit": uid,
                    "role": ev.role,
                    "relation": relation,
                    "text": ev.text,
                    "sources": [_source(a) for a in attrs] or [UNATTRIBUTED],
                }
            )
        claims.append(
            {
                "unit": unit.id,
                "role": unit.role,
                "text": unit.text,
                "start": unit.start,
                "end": unit.end,
                "hedges": [{"text": c.text, "strength": c.strength} for c in doc.cues_of(unit.id)],
                "confidence": unit.confidence.to_dict() if unit.confidence else None,
                "sources": [_source(a) for a in own] or [UNATTRIBUTED],
                "evidence": evidence,
                "flags": claim_flags(own, support_attrs),
            }
        )
    return {
        "document": doc.id,
        "confidence": doc.confidence.to_dict() if doc.confidence else None,
        "claims": claims,
        "sources": sorted(
            ({**s, "names": list(s["names"]), "claims": list(s["claims"]), "evidence": list(s["evidence"])} for s in resting.values()),
            key=lambda s: (-len(s["claims"]) - len(s["evidence"]), s["canonical"]),
        ),
        "diversity": diversity(doc),
        "flags": {f: [c["unit"] for c in claims if f in c["flags"]] for f in FLAGS},
    }


def diversity(doc: Document) -> dict:
    """How varied the document's sourcing is."""
    by_source = {a.canonical: a for a in doc.attributions}
    types = Counter(a.source_type for a in by_source.values())
    n = len(by_source)
    entropy = -sum((c / n) * math.log2(c / n) for c in types.values()) if n else 0.0
    return {
        "attributions": len(doc.attributions),
        "sources": n,
        "types": dict(sorted(types.items())),
        "anonymous_sources": sum(a.anonymous for a in by_source.values()),
        "party_sources": sum(a.source_type in PARTIES for a in by_source.values()),
        "relayed_attributions": sum(a.via is not None for a in doc.attributions),
        "type_entropy_bits": round(entropy, 3),
    }


def to_markdown(report: dict) -> str:
    """The audit report as markdown, for people."""
    lines = [f"# Audit: {report['document'] or 'document'}", ""]
    conf = report["confidence"]
    if conf:
        lines += [f"Document confidence: **{conf['score']:.2f} ({conf['level']})**", ""]
    d = report["diversity"]
    lines += [
        f"Sources: {d['sources']} distinct in {d['attributions']} attributions; "
        f"{d['anonymous_sources']} anonymous, {d['party_sources']} party to the events, "
        f"{d['relayed_attributions']} relayed; types: "
        + (", ".join(f"{t} {n}" for t, n in d["types"].items()) or "none"),
        "",
        "## Claims and motives",
        "",
    ]
    for c in report["claims"]:
        conf = c["confidence"]
        head = f"**{c['unit']}** ({c['role']}"
        head += f", confidence {conf['score']:.2f} {conf['level']})" if conf else ")"
        lines.append(f"- {head}: {c['text']}")
        if c["hedges"]:
            lines.append("  - hedges: " + "، ".join(f"{h['text']} ({h['strength']})" for h in c["hedges"]))
        lines.append("  - sources: " + "; ".join(_name(s) for s in c["sources"]))
        for e in c["evidence"]:
            lines.append(f"  - {e['relation']} from {e['unit']}: " + "; ".join(_name(s) for s in e["sources"]))
        if c["flags"]:
            lines.append("  - flags: " + ", ".join(c["flags"]))
        if conf:
            lines.append("  - factors: " + ", ".join(f"{f['name']} {f['weight']:+.2f}" for f in conf["factors"]))
    lines += ["", "## Sources", "", "| source | type | anonymous | claims | evidence |", "| --- | --- | --- | --- | --- |"]
    for s in report["sources"]:
        lines.append(
            f"| {' / '.join(s['names'])} (`{s['canonical']}`) | {s['type']} | {'yes' if s['anonymous'] else 'no'} | "
            f"{', '.join(s['claims']) or '-'} | {', '.join(s['evidence']) or '-'} |"
        )
    lines += ["", "## Flags", ""]
    for f in FLAGS:
        lines.append(f"- {f}: {', '.join(report['flags'][f]) or 'none'}")
    return "\n".join(lines) + "\n"


def _name(s) -> str:
    if isinstance(s, str):
        return s
    extra = ", anonymous" if s["anonymous"] else ""
    extra += f", via {s['via']}" if s["via"] else ""
    return f"{s['source']} [{s['type']}{extra}]"


def to_table(report: dict) -> str:
    """A plain-text table of the claims: unit, role, confidence, sources, support, flags."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"audit: {report['document'] or 'document'}")
    for col in ("unit", "role", "confidence", "own sources", "supporting sources", "flags", "text"):
        table.add_column(col, overflow="fold")
    for c in report["claims"]:
        conf = f"{c['confidence']['score']:.2f} {c['confidence']['level']}" if c["confidence"] else ""
        support = "; ".join(_name(s) for e in c["evidence"] for s in e["sources"] if not isinstance(s, str))
        text = c["text"] if len(c["text"]) <= 60 else c["text"][:57] + "..."
        cells = (c["unit"], c["role"], conf, "; ".join(_name(s) for s in c["sources"]), support, ", ".join(c["flags"]), text)
        table.add_row(*(Text(x) for x in cells))
    console = Console(width=170, record=True, force_terminal=False, color_system=None)
    with console.capture() as cap:
        console.print(table)
        d = report["diversity"]
        console.print(f"{d['sources']} sources ({d['anonymous_sources']} anonymous, {d['party_sources']} party); flags: "
                      + ", ".join(f"{f} {len(v)}" for f, v in report["flags"].items()))
    return cap.get()
