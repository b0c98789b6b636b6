"""Agreement between two annotations of the same documents, per layer, as a markdown table.

    python scripts/agreement.py FIRST SECOND [--texts POOL.jsonl] [--list DIR] [--final FINAL]

FIRST and SECOND are JSONL files (standoff records need --texts) or folders of .argm files;
documents are paired by id. With --list, a plain-text list of the disagreements of each
document is written into DIR (for adjudication). With --final (the adjudicated annotation),
what the adjudication changed in each annotation is counted by kind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from argmine.document import Document
from argmine.evaluation.metrics import compare, matched_units


def load(path: str, texts: dict | None) -> dict[str, Document]:
    from argmine.corpus.jsonl import read_jsonl
    from argmine.corpus.markup import read_markup

    p = Path(path)
    docs = [read_markup(f) for f in sorted(p.rglob("*.argm"))] if p.is_dir() else read_jsonl(p, texts)
    return {d.id: d for d in docs}


def table(report: dict) -> str:
    r, h, a = report["roles"], report["hedges"], report["attribution"]
    rows = [
        ("documents", f"{report['documents']}"),
        ("units (first annotation) / matched by offsets", f"{r['units']} matched; segmentation F1 {report['segmentation']['f1']:.3f}"),
        ("roles: Cohen's kappa (accuracy)", f"{r['kappa']:.3f} ({r['accuracy']:.3f})"),
        ("hedged: Cohen's kappa (F1)", f"{h['kappa']:.3f} ({h['hedged']['f1']:.3f})"),
        ("hedge and booster cue spans: F1 (exact span and strength)", f"{h['cues_exact']['f1']:.3f}"),
        ("sources: F1, exact span", f"{a['source_exact']['f1']:.3f}"),
        ("sources: F1, overlapping span", f"{a['source_overlap']['f1']:.3f}"),
        ("source type: agreement on matched sources", f"{a['type_accuracy']:.3f} ({a['matched']} matched)"),
        ("anonymous: agreement on matched sources", f"{a['anonymous_accuracy']:.3f}"),
        ("continuations: F1", f"{a['continuations']['f1']:.3f} ({a['continuations']['support']} in the first)"),
        ("links: F1 (from, to, relation)", f"{report['links']['f1']:.3f} ({report['links']['support']} in the first)"),
    ]
    return "| layer | figure |\n| --- | --- |\n" + "".join(f"| {k} | {v} |\n" for k, v in rows)


def disagreements(a: Document, b: Document) -> str:
    """The places where two annotations of one document differ, unit by unit."""
    out = []
    pairs = {x.id: y for x, y in matched_units(a, b)}
    for u in a.units:
        v = pairs.get(u.id)
        head = f"[{u.id}] {u.text[:70]}"
        if v is None:
            out.append(f"{head}\n    unit boundaries differ")
            continue
        notes = []
        if u.role != v.role:
            notes.append(f"role: first {u.role}, second {v.role}")
        cu = sorted((c.text, c.strength) for c in a.cues_of(u.id))
        cv = sorted((c.text, c.strength) for c in b.cues_of(v.id))
        if cu != cv:
            notes.append(f"cues: first {cu}, second {cv}")
        au = sorted((x.source.text, x.source_type, x.anonymous, bool(x.continues)) for x in a.attributions_of(u.id))
        av = sorted((x.source.text, x.source_type, x.anonymous, bool(x.continues)) for x in b.attributions_of(v.id))
        if au != av:
            notes.append(f"attributions (source, type, anon, continuation): first {au}, second {av}")
        lu = sorted((a.unit(lk.to).text[:40], lk.relation) for lk in a.links if lk.from_ == u.id)
        lv = sorted((b.unit(lk.to).text[:40], lk.relation) for lk in b.links if lk.from_ == v.id)
        if lu != lv:
            notes.append(f"links: first {lu}, second {lv}")
        if notes:
            out.append(head + "".join(f"\n    {n}" for n in notes))
    return "\n".join(out) + "\n"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("first")
    p.add_argument("second")
    p.add_argument("--texts")
    p.add_argument("--list")
    p.add_argument("--final")
    args = p.parse_args()
    texts = None
    if args.texts:
        from argmine.corpus.standoff import pool_texts

        texts = pool_texts(args.texts)
    first, second = load(args.first, texts), load(args.second, texts)
    ids = sorted(first.keys() & second.keys())
    if not ids:
        sys.exit("the two annotations share no document")
    print(table(compare([first[i] for i in ids], [second[i] for i in ids])))
    if args.final:
        from collections import Counter

        from argmine.evaluation.metrics import changes

        final = load(args.final, texts)
        first_n, second_n = Counter(), Counter()
        for i in ids:
            first_n += changes(first[i], final[i])
            second_n += changes(second[i], final[i])
        print("| change made by the adjudication | in the first annotation | in the second |\n| --- | --- | --- |")
        for kind in sorted(first_n.keys() | second_n.keys()):
            print(f"| {kind} | {first_n[kind]} | {second_n[kind]} |")
    if args.list:
        Path(args.list).mkdir(parents=True, exist_ok=True)
        for i in ids:
            (Path(args.list) / (i.replace(":", "__") + ".txt")).write_text(disagreements(first[i], second[i]), encoding="utf-8")


if __name__ == "__main__":
    main()
