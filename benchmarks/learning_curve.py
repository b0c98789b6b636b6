"""Draw the learning curve of an `argmine evaluate` report (its ``learning_curve`` rows).

    python benchmarks/learning_curve.py docs/evaluation/evaluation.json docs/img/learning-curve.png

`argmine evaluate` fits the learned pipeline on the first n real training documents (sorted by id,
then shuffled with a fixed seed: `argmine.learn.experiment.learning_curve`), with and without the
authored training documents, and scores each fit on the authored and on the real test documents. This
script only draws those rows: one panel per figure, x the number of real training documents.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PANELS = ("role macro-F1", "role lenient accuracy", "hedge F1", "source R overlap", "source type accuracy", "link F1")
TESTS = {"test_real": "real test", "test": "authored test"}


def plot(rows: list[dict], png: str, rules: dict | None = None) -> None:
    """One panel per figure of ``PANELS``: a line per training set (with or without the authored
    documents) and test group (solid: real test; dashed: authored test); ``rules`` (``{test group:
    {figure: value}}``) draws the rules' figures as grey horizontal lines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3, figsize=(13, 7), sharey=True)
    for ax, name in zip(axes.flat, PANELS):
        for with_authored in (False, True):
            for key, label in TESTS.items():
                pts = [(r["real"], r["scores"][key][name]) for r in rows if bool(r["authored"]) == with_authored and key in r["scores"]]
                if pts:
                    ax.plot(*zip(*pts), marker="o", linestyle="-" if key == "test_real" else "--", color="C1" if with_authored else "C0",
                            label=f"{'real + authored' if with_authored else 'real only'}, {label}")  # fmt: skip
        for key, label in TESTS.items():
            if rules and key in rules:
                ax.axhline(rules[key][name], color="grey", linewidth=0.8, linestyle="-" if key == "test_real" else "--",
                           label=f"rules, {label}")  # fmt: skip
        ax.set_title(name)
        ax.set_xlabel("real training documents")
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
    for ax in axes[:, 0]:
        ax.set_ylabel("score on the held-out test split")
    axes.flat[0].legend(loc="lower right", fontsize=7)
    fig.tight_layout()
    fig.savefig(png, dpi=100)


def main(report: str, png: str) -> None:
    """Draw the learning curve of the report at ``report`` into ``png``."""
    plot(*curve(json.loads(Path(report).read_text(encoding="utf-8"))), png)


def curve(report: dict) -> tuple[list[dict], dict]:
    """The learning-curve rows of an evaluate report, and the rules' figures on each test group."""
    from argmine.evaluation.metrics import figures

    return report["learning_curve"], {key: figures(report[key]["rules"]) for key in TESTS if key in report}


if __name__ == "__main__":
    main(*sys.argv[1:])
