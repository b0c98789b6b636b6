"""The evaluation report as markdown tables."""

from __future__ import annotations

from argmine.evaluation.metrics import FIGURES, HEADLINE, SYSTEMS, figure

GROUPS = {"test": "documents written for the project", "test_real": "published articles"}
NAMES = {
    "baseline": "baseline",
    "rules": "rules",
    "learned": "learned (the model evaluated)",
    "learned_authored": "learned, fitted on authored training docs",
    "learned_real": "learned, fitted on real training docs",
    "learned_both": "learned, fitted on both",
}
# the figures of the side-by-side tables, and the shorter set of the per-genre tables and the learning curve
TABLE = tuple(FIGURES)
SHORT = ("role macro-F1", "role lenient accuracy", "hedge F1", "source P overlap", "source R overlap", "source type accuracy",
         "continuation F1", "link F1")  # fmt: skip


def markdown(report: dict) -> str:
    """The evaluation report as markdown tables."""
    lines = []
    cv = report.get("cross_validation")
    if cv:
        lines += _cross_validation(report, cv)
    systems = report.get("systems", list(SYSTEMS))
    for key, kind in GROUPS.items():
        if key in report:
            lines += _test_tables(report[key], kind, systems)
            genres = report.get("genres", {}).get(key)
            if genres:
                lines += _genre_tables(genres, kind, systems)
    if report.get("learning_curve"):
        lines += learning_curve_table(report["learning_curve"], absent(report))
    seg = report.get("segmentation")
    if seg:
        lines += ["", "## Segmentation (test split)", "", "| segmenter | precision | recall | F1 | characters/s |", "| --- | --- | --- | --- | --- |"]
        for name, v in seg.items():
            lines.append(f"| {name} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['chars_per_second']:,} |")
    return "\n".join(lines) + "\n"


def absent(report: dict) -> dict[str, set[str]]:
    """``{test group: {figure}}``: the figures with no gold item in a test group (continuations in
    the authored documents), which the tables show as n/a."""
    return {k: {"continuation F1"} for k in GROUPS if k in report and not report[k]["rules"]["attribution"]["continuations"]["support"]}


def _cross_validation(report: dict, cv: dict) -> list[str]:
    lines = [f"## Cross-validation on the training split ({report['cv_folds']} folds, grouped by document)", ""]
    if cv.get("added"):
        w = report.get("authored_weight", 1)
        counted = f" (each counted {w} times)" if w != 1 else ""
        lines += [f"Folds over the {cv['folded']} real training documents; the {cv['added']} authored training documents join "
                  f"every fold's training set{counted} and are never scored. Mean ± standard deviation over the folds.", ""]  # fmt: skip
    else:
        lines += [f"Folds over the {cv['folded']} training documents. Mean ± standard deviation over the folds.", ""]
    lines += ["| system | role macro-F1 | hedge F1 | source F1 (exact) | link F1 |", "| --- | --- | --- | --- | --- |"]
    for s in SYSTEMS:
        lines.append(f"| {s} | " + " | ".join(f"{cv['mean'][s][c]:.3f} ± {cv['std'][s][c]:.3f}" for c in HEADLINE) + " |")
    lines += ["", f"Learned components used by the default pipeline: {', '.join(report['use']) or 'none'}.", ""]
    return lines


def _test_tables(test: dict, kind: str, systems: list[str]) -> list[str]:
    lines = [f"## Held-out test split: {kind} ({test['rules']['documents']} documents)", ""]
    lines += ["| system | " + " | ".join(TABLE) + " |", "| --- |" + " --- |" * len(TABLE)]
    for s in systems:
        if s in test:
            lines.append(f"| {NAMES.get(s, s)} | " + " | ".join(f"{figure(test[s], f):.3f}" for f in TABLE) + " |")
    if "learned_both" in test:
        same = all(figure(test["learned"], f) == figure(test["learned_both"], f) for f in FIGURES)
        lines += ["", "The model evaluated " + ("scores" if same else "does **not** score") + " the same as the pipeline fitted "
                  "here on all the training documents (what `argmine train` fits from these corpora)."]  # fmt: skip
    for s in systems:
        if s == "baseline" or s not in test:
            continue
        r = test[s]["roles"]
        lines += ["", f"### Roles, {NAMES.get(s, s)}: per label and confusion (rows: gold, columns: predicted)", ""]
        lines += ["| label | precision | recall | F1 | support |", "| --- | --- | --- | --- | --- |"]
        for label, v in r["per_role"].items():
            lines.append(f"| {label} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |")
        labels = list(r["confusion"])
        lines += ["", "| gold \\ predicted | " + " | ".join(labels) + " |", "| --- |" + " --- |" * len(labels)]
        for g in labels:
            lines.append(f"| {g} | " + " | ".join(str(r["confusion"][g][p]) for p in labels) + " |")
    lines.append("")
    return lines


def _genre_tables(genres: dict, kind: str, systems: list[str]) -> list[str]:
    lines = [f"### By genre: {kind}", ""]
    lines += ["| genre | documents | system | " + " | ".join(SHORT) + " |", "| --- | --- | --- |" + " --- |" * len(SHORT)]
    for g, reports in genres.items():
        for s in systems:
            if s in reports:
                r = reports[s]
                lines.append(f"| {g} | {r['documents']} | {NAMES.get(s, s)} | " + " | ".join(f"{figure(r, f):.3f}" for f in SHORT) + " |")
    lines.append("")
    return lines


def learning_curve_table(rows: list[dict], absent: dict | None = None) -> list[str]:
    """The learning curve as a markdown table: one row per training set and test group; ``absent``
    (``{test group: {figure}}``) names figures shown as n/a, having no gold item in that group."""
    absent = absent or {}
    lines = ["## Learning curve", "", "The learned pipeline fitted on the first n real training documents (a fixed order), "
             "with and without the authored training documents.", ""]  # fmt: skip
    lines += ["| real docs | authored docs | tested on | " + " | ".join(SHORT) + " |", "| --- | --- | --- |" + " --- |" * len(SHORT)]
    for row in rows:
        for key, scores in row["scores"].items():
            cells = ("n/a" if f in absent.get(key, ()) else f"{scores[f]:.3f}" for f in SHORT)
            lines.append(f"| {row['real']} | {row['authored']} | {key} | " + " | ".join(cells) + " |")
    lines.append("")
    return lines
