"""The datasheet's tables of the real-text corpus: label counts, outlets, genres, topics.

    python scripts/datasheet_tables.py corpora/real.jsonl corpora/argmine.jsonl

Prints markdown; corpora/DATASHEET.md quotes it.
"""

from __future__ import annotations

import sys
from collections import Counter

from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import is_real, test_ids
from argmine.document import ROLES, SOURCE_TYPES


def counts(docs) -> dict:
    c = Counter(documents=len(docs), characters=sum(len(d.text) for d in docs))
    for d in docs:
        c["units"] += len(d.units)
        c.update(u.role for u in d.units)
        c["hedged"] += sum(u.hedged for u in d.units)
        c["hedge cues"] += sum(x.is_hedge for x in d.cues)
        c["boosters"] += sum(not x.is_hedge for x in d.cues)
        c["attributions"] += len(d.attributions)
        c["continuations"] += sum(bool(a.continues) for a in d.attributions)
        c["relayed (via)"] += sum(bool(a.via) for a in d.attributions)
        c["anonymous"] += sum(a.anonymous for a in d.attributions if not a.continues)
        c["links"] += len(d.links)
        c["attacks"] += sum(lk.relation == "attack" for lk in d.links)
    return c


ROWS = ("documents", "characters", "units", *ROLES, "hedged", "hedge cues", "boosters", "attributions",
        "continuations", "relayed (via)", "anonymous", "links", "attacks")  # fmt: skip


def main(*paths: str) -> None:
    docs = [d for p in paths for d in read_jsonl(p)]
    test = test_ids()
    groups = {
        "real, train": [d for d in docs if is_real(d) and d.id not in test],
        "real, test": [d for d in docs if is_real(d) and d.id in test],
        "authored and seed": [d for d in docs if not is_real(d)],
    }
    table = {g: counts(ds) for g, ds in groups.items()}
    print("| | " + " | ".join(groups) + " |\n| --- |" + " --- |" * len(groups))
    for row in ROWS:
        print(f"| {row} | " + " | ".join(f"{table[g][row]:,}" for g in groups) + " |")
    real = [d for d in docs if is_real(d)]
    outlets = sorted({d.meta.get("outlet", "?") for d in real})
    genres = ("news", "analysis", "opinion")
    print("\n| outlet | " + " | ".join(genres) + " | of them in the test split |\n| --- |" + " --- |" * (len(genres) + 1))
    for o in outlets:
        row = [sum(d.meta.get("outlet") == o and d.meta.get("genre") == g for d in real) for g in genres]
        t = sum(d.meta.get("outlet") == o and d.id in test for d in real)
        print(f"| {o} | " + " | ".join(map(str, row)) + f" | {t} |")
    topics = Counter(d.meta.get("topic", "?") for d in real)
    print("\n| topic (the pool's keyword guess) | documents |\n| --- | --- |")
    for t, n in topics.most_common():
        print(f"| {t} | {n} |")
    types = Counter(a.source_type for d in real for a in d.attributions if not a.continues)
    print("\n| source type (real) | attributions |\n| --- | --- |")
    for t in SOURCE_TYPES:
        print(f"| {t} | {types[t]} |")
    annotators = Counter(d.meta.get("annotator", "?").split(";")[0].split(" + ")[0].split(" (")[0] for d in real)
    print("\n| first annotator | documents |\n| --- | --- |")
    for a, n in sorted(annotators.items()):
        print(f"| {a} | {n} |")


if __name__ == "__main__":
    main(*sys.argv[1:])
