"""Write the figures of docs/evaluation.md from `argmine evaluate` output and a learning curve.

    .venv/bin/python benchmarks/evaluation_summary.py docs/evaluation/evaluation.json docs/evaluation.md \
        corpora/argmine.jsonl corpora/real.jsonl

It also draws the learning curve (docs/img/learning-curve.png) from the corpora.

Everything below the ``<!-- figures -->`` marker of the markdown file is rewritten.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from learning_curve import main as learning_curve
from learning_curve import table

ROOT = Path(__file__).resolve().parent.parent
TARGETS = [
    ("role macro-F1", 0.85, lambda r: r["roles"]["macro_f1"]),
    ("hedge F1", 0.92, lambda r: r["hedges"]["hedged"]["f1"]),
    ("attribution source F1 (exact span)", 0.90, lambda r: r["attribution"]["source_exact"]["f1"]),
    ("attribution source F1 (overlapping span)", None, lambda r: r["attribution"]["source_overlap"]["f1"]),
    ("source type accuracy", None, lambda r: r["attribution"]["type_accuracy"]),
    ("link F1", 0.75, lambda r: r["links"]["f1"]),
    ("continuation F1 (scheme v2)", None, lambda r: r["attribution"]["continuations"]["f1"]),
]


def link_figures(corpus: Path) -> dict:
    """What the link paragraph cites, read from one copy of the corpus and the shipped pipeline:
    ``gold_roles`` (test-split link F1 of the learned linker given the gold roles: the link task on
    its own), ``flat`` (test-split link F1 of the default pipeline with one threshold, 0.5, for every
    role) and ``unlinked_claims`` (the share of the corpus' claims that back no other unit)."""
    from argmine import load
    from argmine.corpus.jsonl import read_jsonl
    from argmine.corpus.record import document_from_record
    from argmine.corpus.splits import split
    from argmine.evaluation.metrics import link_scores
    from argmine.learn.experiment import run
    from argmine.links.learned import LearnedLinker

    docs = read_jsonl(corpus)
    _, test = split(docs)
    pipeline = load("default")
    linker = next(s for s in pipeline.stages if s.name == "links")
    preds = []
    for g in test:
        d = document_from_record(g.to_dict())
        d.links = []
        linker(d)
        preds.append(d)
    flat = pipeline.replace("links", LearnedLinker(linker.scorer_, 0.5))
    linking = {(d.id, lk.from_) for d in docs for lk in d.links}
    claims = [(d.id, u.id) for d in docs for u in d.units if u.role == "claim"]
    return {
        "gold_roles": link_scores(test, preds)["f1"],
        "flat": link_scores(test, run(flat, test))["f1"],
        "unlinked_claims": sum(c not in linking for c in claims) / len(claims),
    }


def main(report_path: str, markdown_path: str, *corpora: str) -> None:
    from argmine.links.learned import LINK_THRESHOLDS

    r = json.loads(Path(report_path).read_text(encoding="utf-8"))
    cv, test, seg = r["cross_validation"], r["test"], r["segmentation"]
    out = ["## Which components are learned", ""]
    out += [
        "Cross-validation on the training split; the default pipeline uses the learned component where it beats the rules.",
        "",
        "| component | rules (CV) | learned (CV) | used by default |",
        "| --- | --- | --- | --- |",
    ]
    names = {"roles": "roles (macro-F1)", "cues": "hedges (F1)", "attribution": "source boundaries and types (exact source F1)", "links": "links (F1)"}
    for c, name in names.items():
        out.append(f"| {name} | {cv['rules'][c]:.3f} | {cv['learned'][c]:.3f} | {'yes' if c in r['use'] else 'no'} |")
    out += ["", "## Held-out test split against the targets", "", "| figure | target | baseline | rules | learned (default) | met |",
            "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for name, target, f in TARGETS:
        v = f(test["learned"])
        met = "" if target is None else ("yes" if v >= target else "**no**")
        tgt = "" if target is None else f"≥ {target:.2f}"
        out.append(f"| {name} | {tgt} | {f(test['baseline']):.3f} | {f(test['rules']):.3f} | {v:.3f} | {met} |")
    real = r.get("test_real")
    if real:
        out += ["", f"## Held-out test split of published articles ({real['rules']['documents']} documents)", "",
                "The same systems on the real-text test split (`test_real` in `corpora/splits.json`), which no rule, "
                "lexicon or model has been tuned on.", "",
                "| figure | target | baseline | rules | learned (default) | authored test, learned |",
                "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
        for name, target, f in TARGETS:
            tgt = "" if target is None else f"≥ {target:.2f}"
            out.append(f"| {name} | {tgt} | {f(real['baseline']):.3f} | {f(real['rules']):.3f} | "
                       f"{f(real['learned']):.3f} | {f(test['learned']):.3f} |")  # fmt: skip
    out += ["", "## Segmenters (test split)", "", "| segmenter | precision | recall | F1 | characters/s (one core, after loading) |",
            "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for k, v in seg.items():
        out.append(f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['chars_per_second']:,} |")
    learned = test["learned"]
    a = learned["attribution"]
    links = link_figures(ROOT / "corpora" / "argmine.jsonl")
    out += [
        "",
        "## Where it falls short, and why",
        "",
        f"- **Attribution source F1**: {a['source_exact']['f1']:.2f} exact (target 0.90; {cv['learned']['attribution']:.2f} in "
        f"cross-validation), {a['source_overlap']['f1']:.2f} on overlapping spans. When argmine finds a source it is nearly "
        "always the right one, but where the phrase ends differs. The source rules and lexicons were developed by "
        "reading the errors on the training split, so cross-validation flatters them; the test split, whose errors "
        "no rule was written from, is the figure to trust. In verb–subject–object order the subject runs straight "
        "into the object. A verbal noun ends it (`أعلنت حكومة ولاية شمال دارفور | تشكيل لجنة`), but a definite object after a "
        "nisba adjective (`نفت وزارة الخارجية المصرية القرار`) reads like one more adjective to a tagger without morphology "
        "(camel-tools' analyser needs a database that cannot be downloaded here). The corpus convention also takes in "
        "identifying clauses (`... طلب عدم الكشف عن اسمه`), names after a title with digits or a long description, and "
        "sources with no source word at all (`كل من خاض هذه التجربة`). The blind second annotator reached 0.968 exact "
        "against the first annotator (datasheet), so the gap is the tool's, not the scheme's. The next steps are a "
        "dependency parse (stanza has no Arabic model offline here) or a sequence labeller over the whole unit.",
        f"- **Link F1**: {learned['links']['f1']:.2f} with predicted roles (target 0.75); the same linker scores "
        f"{links['gold_roles']:.2f} given the gold roles. A unit's best link is kept if its score reaches "
        f"{LINK_THRESHOLDS['evidence']} for evidence and {LINK_THRESHOLDS['claim']} for a claim: "
        f"{links['unlinked_claims']:.0%} of the corpus' claims back no other unit. "
        "Cross-validation chose these thresholds over a flat 0.5; on this test split the flat 0.5 scores "
        f"{links['flat']:.2f}, a reminder that 14 documents are a small sample. "
        "The corpus' two annotators agree at 0.78 on links, so this is the layer where people differ most: which point a "
        "piece of evidence backs, and whether a claim backs the thesis at all. The ceiling is near the target.",
        f"- **Cue span F1** ({learned['hedges']['cues_exact']['f1']:.2f}) is low, while the unit-level hedge F1 "
        f"({learned['hedges']['hedged']['f1']:.2f}) is high. The span conventions for multi-word cues "
        "(`قد يؤدي`, `يبدو أن` against `يبدو`) are not fully settled.",
        "",
        "",
    ]
    if real:
        rl = real["learned"]
        out += [
            "The figures above are high partly because these test documents were written for the project (see the "
            "datasheet's limits). **On published articles the same model falls to role macro-F1 "
            f"{rl['roles']['macro_f1']:.2f}, hedge F1 {rl['hedges']['hedged']['f1']:.2f}, exact source F1 "
            f"{rl['attribution']['source_exact']['f1']:.2f} and link F1 {rl['links']['f1']:.2f}**, barely above the rules "
            f"({real['rules']['roles']['macro_f1']:.2f} role macro-F1): the shipped model was trained on the authored "
            "documents alone. Those are the figures to trust, and the ones the next models must raise. The annotators of "
            "the published articles agree at role κ 0.93, exact source F1 0.93 and link F1 0.71 (datasheet), so the "
            "scheme is not what holds the tool back.",
            "",
        ]
    out += [
        "## Learning curve",
        "",
        "Test-split scores of the learned pipeline against the number of training documents, added in id order,",
        "trained on the documents written for the project or on the published articles, and scored on each kind",
        "of test document separately (`benchmarks/learning_curve.py`):",
        "",
        "![learning curve](img/learning-curve.png)",
        "",
    ]
    out += table(learning_curve(str(ROOT / "docs" / "img" / "learning-curve.png"), *corpora))
    path = Path(markdown_path)
    head = path.read_text(encoding="utf-8").split("<!-- figures -->")[0]
    path.write_text(head + "<!-- figures -->\n" + "\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main(*sys.argv[1:])
