"""Experiments: fit the learned components, score systems side by side, cross-validate by document.

``fit(docs)`` returns a plain dict of fitted scikit-learn estimators and settings (saved with
``argmine.learn.modelio``); ``argmine.pipeline.learned_pipeline(models)`` puts them in the pipeline
where they beat the rules (``models["use"]`` lists which). ``argmine train`` and ``argmine evaluate``
both go through ``score_all``.

Scores come from document-grouped cross-validation on the training split
(``GroupKFold``), and from the held-out test split. Every system runs on the
gold units, so that roles, hedges, attributions and links are judged apart from
segmentation, which is scored on its own.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from argmine.attribution.learned import boundary_estimator, type_estimator
from argmine.attribution.rules import AttributionTagger
from argmine.attribution.training import boundary_data, type_data
from argmine.cues.learned import cue_estimator
from argmine.cues.rules import HedgeTagger
from argmine.cues.training import cue_data
from argmine.document import Document
from argmine.evaluation.baseline import baseline, gold_units
from argmine.evaluation.metrics import HEADLINE, SYSTEMS, compare, headline
from argmine.links.learned import LINK_THRESHOLDS, link_estimator
from argmine.links.training import link_data
from argmine.pipeline import COMPONENTS, Pipeline, learned_pipeline
from argmine.roles.learned import role_estimator
from argmine.roles.training import role_data

FORMAT = 1


def rule_layers(gold: Document) -> Document:
    """The rule pipeline's cues and attributions over the gold units (roles, links untouched)."""

    doc = Document(text=gold.text, id=gold.id, meta=dict(gold.meta))
    for u in gold.units:
        doc.add_unit(u.start, u.end, u.role)
    HedgeTagger()(doc)
    AttributionTagger()(doc)
    return doc


def fit(golds: list[Document], use: tuple[str, ...] = COMPONENTS) -> dict:
    """Fit every learned component on gold documents; ``use`` names the ones the pipeline uses."""
    layers = [rule_layers(g) for g in golds]
    models: dict = {"format": FORMAT, "use": list(use), "documents": len(golds)}
    X, y = role_data(golds, layers)
    models["roles"] = role_estimator().fit(X, y)
    rows, y = cue_data(golds, layers)
    models["cues"] = cue_estimator().fit(rows, y) if len(set(y)) > 1 else None
    rows, y = boundary_data(golds, layers)
    models["boundary"] = boundary_estimator().fit(rows, y) if len(set(y)) > 1 else None
    X, y = type_data(golds)
    models["types"] = type_estimator().fit(X, y) if len(set(y)) > 1 else None
    rows, y = link_data(golds)
    models["links"] = link_estimator().fit(rows, y) if len(set(y)) > 1 else None
    models["link_threshold"] = dict(LINK_THRESHOLDS)
    return models


def run(pipeline: Pipeline, golds: list[Document]) -> list[Document]:
    """The pipeline's annotation of each gold text, on the gold units."""
    return [pipeline(g.text, g.id, units=gold_units(g)) for g in golds]


def score_all(train: list[Document], test: list[Document], models: dict | None = None) -> dict:
    """Reports for each system, trained (where it learns) on ``train``, scored on ``test``."""

    majority = Counter(u.role for d in train for u in d.units).most_common(1)[0][0]
    models = models or fit(train)
    learned = dict(models, use=["roles", "cues", "attribution", "links"])
    return {
        "baseline": compare(test, baseline(test, majority)),
        "rules": compare(test, run(Pipeline.default(), test)),
        "learned": compare(test, run(learned_pipeline(learned), test)),
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
    cv = cross_validate(train, folds)
    use = choose(cv)
    log(f"cross-validation ({folds} folds): learned components that beat the rules: {', '.join(use) or 'none'}")
    models = fit(train, use=tuple(use))
    models["cross_validation"] = cv
    out = Path(out_dir)
    (out / modelio.MANIFEST).unlink(missing_ok=True)  # until the new files are written and checked, no model is here
    modelio.save(models, out / modelio.MODEL_FILE)
    fastlinear.export(models, out / modelio.FAST_FILE)
    modelio.write_manifest(out, models)
    report = {"cv_folds": folds, "cross_validation": cv, "use": use, "test": score_all(train, test, models)}
    atomic_write(out / "evaluation.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    atomic_write(out / "README.md", model_card(out.name, corpus, train, test, report, out / modelio.MODEL_FILE))
    log(f"saved {out / modelio.MODEL_FILE} ({(out / modelio.MODEL_FILE).stat().st_size / 1e6:.2f} MB), {modelio.FAST_FILE}, {modelio.MANIFEST} and its card")
    return report
