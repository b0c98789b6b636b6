"""Learning curve: test-split scores against the number of training documents.

    python benchmarks/learning_curve.py corpora/argmine.jsonl docs/img/learning-curve.png

Prints a markdown table and writes the plot. Training documents are added in a
fixed order (sorted by id), so the curve is reproducible.
"""

from __future__ import annotations

import sys

from argmine.corpus import read_jsonl, split
from argmine.evaluate import HEADLINE, headline, run
from argmine.metrics import compare
from argmine.train import fit, pipeline

SIZES = (5, 10, 20, 30, 40, 57)
NAMES = {"roles": "role macro-F1", "cues": "hedge F1", "attribution": "source F1 (exact)", "links": "link F1"}


def curve(corpus: str) -> list[tuple[int, dict]]:
    train, test = split(read_jsonl(corpus))
    train = sorted(train, key=lambda d: d.id)
    rows = []
    for n in SIZES:
        if n > len(train):
            break
        models = dict(fit(train[:n]), use=list(HEADLINE))
        report = compare(test, run(pipeline(models), test))
        rows.append((n, {c: headline(report, c) for c in HEADLINE}))
    return rows


def main(corpus: str, png: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = curve(corpus)
    print("| training documents | " + " | ".join(NAMES[c] for c in HEADLINE) + " |")
    print("| --- |" + " --- |" * len(HEADLINE))
    for n, scores in rows:
        print(f"| {n} | " + " | ".join(f"{scores[c]:.3f}" for c in HEADLINE) + " |")
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for c in HEADLINE:
        ax.plot([n for n, _ in rows], [s[c] for _, s in rows], marker="o", label=NAMES[c])
    ax.set_xlabel("training documents")
    ax.set_ylabel("score on the held-out test split")
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title("argmine learned components: learning curve")
    fig.tight_layout()
    fig.savefig(png, dpi=110)


if __name__ == "__main__":
    main(*sys.argv[1:3])
