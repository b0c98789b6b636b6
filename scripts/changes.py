"""What a revision of an annotation changed, counted by kind (argmine.metrics.changes).

    python scripts/changes.py OLD.jsonl NEW.jsonl [--texts POOL.jsonl] [--split train|test]

Documents are paired by id. OLD is read without the checks of the current scheme, so a v1 corpus
(`git show 8d7fde1:corpora/argmine.jsonl`, where a unit may support two targets) can be compared
with its v2 revision. Standoff records are joined with their texts from --texts. --split keeps the
documents of one side of the fixed split.
"""

import argparse
import json
from collections import Counter

from argmine.corpus.splits import test_ids
from argmine.document import Attribution, Cue, Document, Link, Span, Unit
from argmine.evaluation.metrics import changes


def lenient(r: dict) -> Document:
    """A document from a record, without the checks of the current scheme."""
    span = lambda s: Span(s["start"], s["end"], r["text"][s["start"] : s["end"]]) if s else None  # noqa: E731
    doc = Document.from_header(r)
    doc.units = [Unit(u["id"], span(u), u["role"], u["hedged"]) for u in r["units"]]
    doc.cues = [Cue(c["unit"], span(c), c["strength"]) for c in r["cues"]]
    doc.attributions = [Attribution(a["id"], a["unit"], span(a["cue"]), span(a["source"]), a["source_type"], a["canonical"],
                                    a["anonymous"], span(a.get("content")), a.get("via"), a.get("continues"))
                        for a in r["attributions"]]  # fmt: skip
    doc.links = [Link(lk["from"], lk["to"], lk["relation"]) for lk in r["links"]]
    return doc


def read(path: str, texts: dict) -> dict[str, Document]:
    from argmine.corpus.standoff import join

    out = {}
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if "text" not in r:
            r = join(r, texts[r["text_sha256"]])
        out[r["id"]] = lenient(r)
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--texts")
    p.add_argument("--split", choices=["train", "test"])
    args = p.parse_args()
    texts = {}
    if args.texts:
        from argmine.corpus.standoff import pool_texts

        texts = pool_texts(args.texts)
    old, new = read(args.old, texts), read(args.new, texts)
    ids = sorted(old.keys() & new.keys())
    if args.split:
        test = test_ids()
        ids = [i for i in ids if (i in test) == (args.split == "test")]
    total, changed = Counter(), 0
    for i in ids:
        c = changes(old[i], new[i])
        total += c
        changed += bool(c)
    print(f"{changed} of {len(ids)} documents changed\n\n| change | count |\n| --- | --- |")
    for kind, n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {kind} | {n} |")


if __name__ == "__main__":
    main()
