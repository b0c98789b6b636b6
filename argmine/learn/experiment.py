"""Experiments: fit the learned components, score systems side by side, cross-validate by document.

``fit(docs)`` returns a plain dict of fitted scikit-learn pipelines and settings (saved with
``argmine.learn.modelio``); ``argmine.pipeline.learned_pipeline(models)`` puts them in the pipeline
where they beat the rules (``models["use"]`` lists which). ``argmine train`` and ``argmine evaluate``
both make their report with ``experiment``.

Scores come from document-grouped cross-validation on the training split
(``GroupKFold``), and from the held-out test split. Every system runs on the
gold units, so that roles, hedges, attributions and links are judged apart from
segmentation, which is scored on its own. The learned systems score through the numpy code that
annotates (``argmine.learn.fastlinear``), whether fitted here or loaded.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from argmine.document import Document
from argmine.evaluation.baseline import baseline
from argmine.evaluation.metrics import HEADLINE, SYSTEMS, compare, headline
from argmine.learn.estimators import fit_estimators, fit_pipeline, run
from argmine.pipeline import COMPONENTS, Pipeline, learned_pipeline

FORMAT = 1


def fit(golds: list[Document], use: tuple[str, ...] = COMPONENTS) -> dict:
    """Fit every learned component on gold documents; ``use`` names the ones the pipeline uses.

    The dict holds plain scikit-learn pipelines (what ``model.skops`` saves, loaded with no trusted
    custom type) and the link thresholds.
    """
    fitted = fit_estimators(golds)
    attribution = fitted["attribution"]
    return {
        "format": FORMAT,
        "use": list(use),
        "documents": len(golds),
        "roles": fitted["roles"].model_,
        "cues": fitted["cues"].model_,
        "boundary": attribution.boundary_model_,
        "types": attribution.type_model_,
        "links": fitted["links"].model_,
        "link_threshold": fitted["links"].threshold,
    }


def score_all(train: list[Document], test: list[Document], learned: Pipeline) -> dict:
    """Reports for each system on ``test``: the baseline (its majority role from ``train``), the rules and ``learned``."""

    majority = Counter(u.role for d in train for u in d.units).most_common(1)[0][0]
    return {
        "baseline": compare(test, baseline(test, majority)),
        "rules": compare(test, run(Pipeline.default(), test)),
        "learned": compare(test, run(learned, test)),
    }


def experiment(train: list[Document], tests: dict[str, list[Document]], folds: int = 5, models: dict | None = None, log=None) -> tuple[dict, dict]:
    """The report of ``argmine train`` and ``argmine evaluate``, and the models it scores.

    Cross-validation on ``train`` (with ``folds`` > 1), then each system scored on each group of
    ``tests`` (``{"test": docs}``), the learned one with all its components. Given ``models`` (a
    loaded model), those are scored; else they are fitted on ``train``, the pipeline using the
    components that beat the rules in cross-validation (``log`` tells which).
    """
    report: dict = {"cv_folds": folds}
    if models is not None:
        report["use"] = models.get("use", [])
    elif folds < 2:
        raise ValueError(f"folds: {folds}: the learned components are chosen by cross-validation, which needs 2 folds or more")
    if folds > 1:
        report["cross_validation"] = cross_validate(train, folds)
    if models is None:
        use = choose(report["cross_validation"])
        if log:
            log(f"cross-validation ({folds} folds): learned components that beat the rules: {', '.join(use) or 'none'}")
        models = fit(train, use=tuple(use))
        models["cross_validation"] = report["cross_validation"]
        report["use"] = use
    learned = learned_pipeline(dict(models, use=list(COMPONENTS)))
    for key, group in tests.items():
        report[key] = score_all(train, group, learned)
    return report, models


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
        train = [docs[i] for i in tr]
        reports = score_all(train, [docs[i] for i in te], fit_pipeline(train))
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

    from argmine.evaluation.metrics import segmentation_scores
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


def train_and_save(corpus: str, out_dir: str, folds: int = 5, log=print) -> dict:
    """Cross-validate on the training split, fit on all of it, save the model and its card."""

    from argmine.corpus.jsonl import read_jsonl
    from argmine.corpus.splits import split
    from argmine.ioutil import atomic_write
    from argmine.learn import fastlinear, modelio
    from argmine.learn.card import model_card

    docs = read_jsonl(corpus)
    train, test = split(docs)
    log(f"training on {len(train)} documents; {len(test)} held out for the test split")
    report, models = experiment(train, {"test": test}, folds, log=log)
    out = Path(out_dir)
    (out / modelio.MANIFEST).unlink(missing_ok=True)  # until the new files are written and checked, no model is here
    modelio.save(models, out / modelio.MODEL_FILE)
    fastlinear.export(models, out / modelio.FAST_FILE)
    modelio.write_manifest(out, models)
    atomic_write(out / "evaluation.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    atomic_write(out / "README.md", model_card(out.name, corpus, train, test, report, out / modelio.MODEL_FILE))
    log(f"saved {out / modelio.MODEL_FILE} ({(out / modelio.MODEL_FILE).stat().st_size / 1e6:.2f} MB), {modelio.FAST_FILE}, {modelio.MANIFEST} and its card")
    return report
