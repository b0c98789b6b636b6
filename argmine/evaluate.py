"""Evaluation: rules, learned components and a baseline, side by side.

Scores come from document-grouped cross-validation on the training split
(``GroupKFold``), and from the held-out test split. Every system runs on the
gold units, so that roles, hedges, attributions and links are judged apart from
segmentation, which is scored on its own.

The baseline is what a first attempt would do: every unit gets the majority role; a
unit is hedged when a hedge word of the lexicon occurs in it (no ``قد`` rule, no
framing filter); the source of a reporting cue is the two words after it; each
evidence unit supports the nearest claim or motive before it.
"""

from __future__ import annotations

from collections import Counter

from argmine.document import Attribution, Cue, Document, Link
from argmine.lexicons import Lexicon, longest_first
from argmine.metrics import compare
from argmine.pipeline import Pipeline

SYSTEMS = ("baseline", "rules", "learned")
HEADLINE = {
    "roles": ("roles", "macro_f1"),
    "cues": ("hedges", "hedged", "f1"),
    "attribution": ("attribution", "source_exact", "f1"),
    "links": ("links", "f1"),
}


def headline(report: dict, component: str) -> float:
    value = report
    for key in HEADLINE[component]:
        value = value[key]
    return value


def _units(gold: Document) -> list[tuple[int, int]]:
    return [(u.start, u.end) for u in gold.units]


def run(pipeline: Pipeline, golds: list[Document]) -> list[Document]:
    """The pipeline's annotation of each gold text, on the gold units."""
    return [pipeline(g.text, g.id, units=_units(g)) for g in golds]


def baseline(golds: list[Document], majority: str) -> list[Document]:
    from argmine.attribution import reporting_lexicon

    hedges = Lexicon.load("hedges", 2)
    out = []
    for g in golds:
        d = Document(text=g.text, id=g.id)
        for s, e in _units(g):
            d.add_unit(s, e, majority)
        norm = d.normalized
        for m in hedges.find(norm.text):
            s, e = norm.original_span(m.start, m.end)
            u = d.unit_at(s)
            if u and e <= u.end and m.fields[0] != "booster":
                d.cues.append(Cue(u.id, d.span(s, e), m.fields[0]))
                u.hedged = True
        for k, m in enumerate(longest_first(reporting_lexicon().find(norm.text)), 1):
            words = [w for w in norm.text[m.end :].split()[:2]]
            if not words:
                continue
            start = m.end + len(norm.text[m.end :]) - len(norm.text[m.end :].lstrip())
            end = start + len(" ".join(words))
            s, _ = norm.original_span(m.start, m.end)
            u = d.unit_at(s)
            ss, se = norm.original_span(start, min(end, len(norm.text)))
            if u and se <= u.end and ss < se:
                d.attributions.append(
                    Attribution(f"a{k}", u.id, d.span(*norm.original_span(m.start, m.end)), d.span(ss, se), "other", f"s{k}")
                )
        heads = [u for u in d.units if u.role in ("claim", "motive")]
        for u in d.units:
            if u.role == "evidence":
                before = [h for h in heads if h.start < u.start]
                if before:
                    d.links.append(Link(u.id, before[-1].id))
        out.append(d)
    return out


def score_all(train: list[Document], test: list[Document], models: dict | None = None) -> dict:
    """Reports for each system, trained (where it learns) on ``train``, scored on ``test``."""
    from argmine.train import fit, pipeline

    majority = Counter(u.role for d in train for u in d.units).most_common(1)[0][0]
    models = models or fit(train)
    learned = dict(models, use=["roles", "cues", "attribution", "links"])
    return {
        "baseline": compare(test, baseline(test, majority)),
        "rules": compare(test, run(Pipeline.default(), test)),
        "learned": compare(test, run(pipeline(learned), test)),
    }


def cross_validate(docs: list[Document], folds: int = 5, progress: bool | None = None) -> dict:
    """Document-grouped k-fold cross-validation: the mean of each headline figure per system.

    ``progress`` shows a bar on standard error (by default, when it is a terminal).
    """
    import sys

    from sklearn.model_selection import GroupKFold
    from tqdm import tqdm

    ids = [d.id for d in docs]
    sums: dict = {s: Counter() for s in SYSTEMS}
    splits = GroupKFold(n_splits=folds).split(ids, groups=ids)
    show = sys.stderr.isatty() if progress is None else progress
    for tr, te in tqdm(splits, total=folds, desc="cross-validation folds", unit="fold", disable=not show, file=sys.stderr):
        reports = score_all([docs[i] for i in tr], [docs[i] for i in te])
        for system, report in reports.items():
            for component in HEADLINE:
                sums[system][component] += headline(report, component) / folds
    return {s: {c: round(v, 4) for c, v in sums[s].items()} for s, _ in sums.items()}


def choose(cv: dict) -> list[str]:
    """The components whose learned version beats the rules in cross-validation."""
    return [c for c in HEADLINE if cv["learned"][c] > cv["rules"][c]]


def segmentation_report(golds: list[Document], segmenter: str = "rule") -> dict:
    """Unit boundary P/R/F1 of a segmenter, and its speed (characters per second, after loading)."""
    import time

    from argmine.metrics import segmentation_scores
    from argmine.pipeline import _segmenter

    stage = _segmenter(segmenter)
    stage(Document(text="تحميل."))  # load the model before timing
    t = time.perf_counter()
    preds = []
    for g in golds:
        d = Document(text=g.text, id=g.id)
        stage(d)
        preds.append(d)
    elapsed = time.perf_counter() - t
    report = segmentation_scores(golds, preds)
    report["chars_per_second"] = round(sum(len(g.text) for g in golds) / elapsed)
    return report


def markdown(report: dict) -> str:
    """The evaluation report as markdown tables."""
    lines = []
    cv = report.get("cross_validation")
    if cv:
        lines += [f"## Cross-validation on the training split ({report['cv_folds']} folds, grouped by document)", ""]
        lines += ["| system | role macro-F1 | hedge F1 | source F1 (exact) | link F1 |", "| --- | --- | --- | --- | --- |"]
        for s in SYSTEMS:
            lines.append(f"| {s} | " + " | ".join(f"{cv[s][c]:.3f}" for c in HEADLINE) + " |")
        lines += ["", f"Learned components used by the default pipeline: {', '.join(report['use']) or 'none'}.", ""]
    for key, kind in (("test", "documents written for the project"), ("test_real", "published articles")):
        if key in report:
            lines += _test_tables(report[key], kind)
    seg = report.get("segmentation")
    if seg:
        lines += ["", "## Segmentation (test split)", "", "| segmenter | precision | recall | F1 | characters/s |", "| --- | --- | --- | --- | --- |"]
        for name, v in seg.items():
            lines.append(f"| {name} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['chars_per_second']:,} |")
    return "\n".join(lines) + "\n"


def _test_tables(test: dict, kind: str) -> list[str]:
    lines = [f"## Held-out test split: {kind} ({test['rules']['documents']} documents)", ""]
    lines += [
        "| system | role macro-F1 | role acc. | hedge F1 | cue F1 | source F1 exact | source F1 overlap | type acc. | link P | link R | link F1 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in SYSTEMS:
        r = test[s]
        a = r["attribution"]
        lines.append(
            f"| {s} | {r['roles']['macro_f1']:.3f} | {r['roles']['accuracy']:.3f} | {r['hedges']['hedged']['f1']:.3f} | "
            f"{r['hedges']['cues_exact']['f1']:.3f} | {a['source_exact']['f1']:.3f} | {a['source_overlap']['f1']:.3f} | "
            f"{a['type_accuracy']:.3f} | {r['links']['precision']:.3f} | {r['links']['recall']:.3f} | {r['links']['f1']:.3f} |"
        )
    for s in ("rules", "learned"):
        r = test[s]["roles"]
        lines += ["", f"### Roles, {s}: per label and confusion (rows: gold, columns: predicted)", ""]
        lines += ["| label | precision | recall | F1 | support |", "| --- | --- | --- | --- | --- |"]
        for label, v in r["per_role"].items():
            lines.append(f"| {label} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |")
        labels = list(r["confusion"])
        lines += ["", "| gold \\ predicted | " + " | ".join(labels) + " |", "| --- |" + " --- |" * len(labels)]
        for g in labels:
            lines.append(f"| {g} | " + " | ".join(str(r["confusion"][g][p]) for p in labels) + " |")
    lines.append("")
    return lines
