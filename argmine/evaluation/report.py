"""The evaluation report as markdown tables."""

from __future__ import annotations

from argmine.evaluation.metrics import HEADLINE, SYSTEMS


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
