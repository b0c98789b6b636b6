"""Learning curve: test-split scores against the number of training documents.

    python benchmarks/learning_curve.py docs/img/learning-curve.png corpora/argmine.jsonl corpora/real.jsonl

Prints a markdown table and writes the plot. Two curves: training on the documents written for
the project, and training on the published articles; each is scored on the authored and on the
real test documents separately. Training documents are added in a fixed order (sorted by id),
so the curve is reproducible.
"""

from __future__ import annotations

import sys

from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.splits import is_real, split
from argmine.evaluation.metrics import HEADLINE, compare, headline
from argmine.learn.experiment import fit, run
from argmine.pipeline import learned_pipeline

SIZES = (5, 10, 20, 40, 57, 80, 148)
NAMES = {"roles": "role macro-F1", "cues": "hedge F1", "attribution": "source F1 (exact)", "links": "link F1"}
GROUPS = ("authored", "real")


def curve(*corpora: str) -> list[tuple[str, int, dict]]:
    """``(training group, n, {test group: {component: score}})`` rows: the learned pipeline trained on
    the first n training documents of one origin (in id order), scored on each origin's test documents."""
    train, test = split([d for c in corpora for d in read_jsonl(c)])
    tests = {g: [d for d in test if is_real(d) == (g == "real")] for g in GROUPS}
    rows = []
    for group in GROUPS:
        pool = sorted((d for d in train if is_real(d) == (group == "real")), key=lambda d: d.id)
        for n in SIZES:
            if n > len(pool):
                break
            models = dict(fit(pool[:n]), use=list(HEADLINE))
            scores = {}
            for g, docs in tests.items():
                if docs:
                    report = compare(docs, run(learned_pipeline(models), docs))
                    scores[g] = {c: headline(report, c) for c in HEADLINE}
            rows.append((group, n, scores))
    return rows


def table(rows) -> list[str]:
    out = ["| trained on | documents | tested on | " + " | ".join(NAMES[c] for c in HEADLINE) + " |",
           "| --- | --- | --- |" + " --- |" * len(HEADLINE)]  # fmt: skip
    for group, n, scores in rows:
        for g, s in scores.items():
            out.append(f"| {group} | {n} | {g} | " + " | ".join(f"{s[c]:.3f}" for c in HEADLINE) + " |")
    return out


def main(png: str, *corpora: str) -> list:
    """Print the table, write the plot, return the rows."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = curve(*corpora)
    print("\n".join(table(rows)))
    fig, axes = plt.subplots(1, len(HEADLINE), figsize=(14, 3.8), sharey=True)
    for ax, c in zip(axes, HEADLINE):
        for group in GROUPS:
            for g in GROUPS:
                pts = [(n, s[g][c]) for grp, n, s in rows if grp == group and g in s]
                if pts:
                    ax.plot(*zip(*pts), marker="o", linestyle="-" if g == "real" else "--",
                            label=f"train {group}, test {g}")  # fmt: skip
        ax.set_title(NAMES[c])
        ax.set_xlabel("training documents")
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("score on the held-out test split")
    axes[-1].legend(loc="lower right", fontsize=7)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    return rows


if __name__ == "__main__":
    main(sys.argv[1], *sys.argv[2:])
