"""Print typical errors of the shipped pipeline on the published test articles, as short excerpts
(at most six words each), for docs/evaluation.md; nothing is written to disk.

    .venv/bin/python benchmarks/typical_errors.py corpora/real.jsonl [--n 6]

Runs ``argmine.load("default")`` on the gold units of the ``test_real`` documents of
``corpora/splits.json`` and lists, for roles, hedges, sources and continuations, the most frequent
kinds of error with a few excerpts each. Excerpts stay short on purpose: the articles' texts are not
ours to publish (corpora/DATASHEET.md).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict

from argmine import load
from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import is_real, split
from argmine.learn.estimators import run

WORDS = 6


def excerpt(text: str, words: int = WORDS) -> str:
    """The first ``words`` words of ``text`` on one line."""
    return " ".join(text.split()[:words])


def _overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--n", type=int, default=6, help="excerpts per kind of error")
    args = ap.parse_args()
    test = [d for d in split(read_jsonl(args.corpus))[1] if is_real(d)]
    preds = run(load("default"), test)
    kinds: dict[str, list[str]] = defaultdict(list)
    for g, p in zip(test, preds):
        for gu, pu in zip(g.units, p.units):
            if gu.role != pu.role:
                kinds[f"role {gu.role} read as {pu.role}"].append(excerpt(gu.text))
            if gu.hedged != pu.hedged:
                cues = [c.text for c in (g if gu.hedged else p).cues_of(gu.id) if c.is_hedge]
                kinds["hedge missed" if gu.hedged else "hedge spurious"].append(" / ".join(cues) or excerpt(gu.text, 4))
        for ga in g.attributions:
            if ga.continues:
                if not any(pa.continues and _overlap(pa.cue, ga.cue) for pa in p.attributions):
                    kinds["continuation missed (cue)"].append(ga.cue.text)
                continue
            match = [pa for pa in p.attributions if not pa.continues and _overlap(pa.source, ga.source)]
            if not match:
                kinds["source missed"].append(f"{ga.cue.text} | {excerpt(ga.source.text, 4)}")
            elif (match[0].source.start, match[0].source.end) != (ga.source.start, ga.source.end):
                kinds["source boundary"].append(f"{excerpt(ga.source.text, 4)} -> {excerpt(match[0].source.text, 4)}")
            elif match[0].source_type != ga.source_type:
                kinds[f"source type {ga.source_type} read as {match[0].source_type}"].append(excerpt(ga.source.text, 4))
        for pa in p.attributions:
            if not pa.continues and not any(_overlap(pa.source, ga.source) for ga in g.attributions if not ga.continues):
                kinds["source spurious"].append(f"{pa.cue.text} | {excerpt(pa.source.text, 4)}")
    rng = random.Random(0)
    for kind, items in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        print(f"\n{kind}: {len(items)}")
        for x, n in Counter(items).most_common(3):
            print(f"  {n}x {x}")
        for x in rng.sample(items, min(args.n, len(items))):
            print(f"  - {x}")


if __name__ == "__main__":
    main()
