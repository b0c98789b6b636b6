"""What the move to scheme v2 changed in the authored corpus, counted by kind.

    python scripts/v2_changes.py OLD.jsonl NEW.jsonl

OLD is the v1 corpus (e.g. `git show 8d7fde1:corpora/argmine.jsonl`), read without the v2 checks
(it may give a unit two support targets); NEW is the v2 corpus.
"""

import json
import sys
from collections import Counter

from argmine.corpus import read_jsonl
from argmine.document import Attribution, Cue, Document, Link, Span, Unit
from argmine.metrics import changes


def v1_document(r: dict) -> Document:
    span = lambda s: Span(s["start"], s["end"], r["text"][s["start"] : s["end"]]) if s else None  # noqa: E731
    doc = Document.from_header(r)
    doc.units = [Unit(u["id"], span(u), u["role"], u["hedged"]) for u in r["units"]]
    doc.cues = [Cue(c["unit"], span(c), c["strength"]) for c in r["cues"]]
    doc.attributions = [Attribution(a["id"], a["unit"], span(a["cue"]), span(a["source"]), a["source_type"], a["canonical"],
                                    a["anonymous"], span(a.get("content")), a.get("via")) for a in r["attributions"]]  # fmt: skip
    doc.links = [Link(lk["from"], lk["to"], lk["relation"]) for lk in r["links"]]
    return doc


def main(old_path: str, new_path: str) -> None:
    old = {r["id"]: v1_document(r) for r in map(json.loads, open(old_path, encoding="utf-8"))}
    total, docs = Counter(), 0
    for doc in read_jsonl(new_path):
        c = changes(old[doc.id], doc)
        total += c
        docs += bool(c)
    print(f"{docs} of {len(old)} documents changed\n\n| change | count |\n| --- | --- |")
    for kind, n in sorted(total.items(), key=lambda kv: -kv[1]):
        print(f"| {kind} | {n} |")


if __name__ == "__main__":
    main(*sys.argv[1:3])
