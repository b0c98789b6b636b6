"""Experiments: fit the learned components, score systems side by side, cross-validate by document.

``fit(docs)`` returns a plain dict of fitted scikit-learn pipelines and settings (saved with
``argmine.learn.modelio``); ``argmine.pipeline.learned_pipeline(models)`` puts them in the pipeline
where they beat the rules (``models["use"]`` lists which). ``argmine train`` and ``argmine evaluate``
both make their report with ``experiment``.

Scores come from document-grouped cross-validation (``GroupKFold``) over the published articles of the
training split, the authored training documents joining every fold's training set, and from the
held-out test split, scored by group (authored, published) and by genre. Every system runs on the
gold units, so that roles, hedges, attributions and links are judged apart from
segmentation, which is scored on its own. The learned systems score through the numpy code that
annotates (``argmine.learn.fastlinear``), whether fitted here or loaded.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from argmine.corpus.splits import SPLITS, is_real, split
from argmine.document import Document
from argmine.evaluation.baseline import baseline
from argmine.evaluation.metrics import HEADLINE, SYSTEMS, compare, figures, headline
from argmine.learn.estimators import fit_estimators, fit_pipeline, run
from argmine.pipeline import COMPONENTS, Pipeline, learned_pipeline

FORMAT = 1
# how many times each authored training document counts against one published article in ``argmine
# train`` (and ``make models``): chosen by cross-validation, docs/experiments/authored-weight.md
AUTHORED_WEIGHT = 5


def fit(golds: list[Document], use: tuple[str, ...] = COMPONENTS, authored_weight: int = 1) -> dict:
    """Fit every learned component on gold documents; ``use`` names the ones the pipeline uses; each
    authored document counts ``authored_weight`` times (``estimators.document_weights``).

    The dict holds plain scikit-learn pipelines (what ``model.skops`` saves, loaded with no trusted
    custom type), the attribution CRF as plain arrays (``crf``: ``CRFWeights.to_arrays``) with its
    decoding settings (``crf_settings``), and the link thresholds.
    """
    fitted = fit_estimators(golds, authored_weight=authored_weight)
    attribution = fitted["attribution"]
    return {
        "format": FORMAT,
        "use": list(use),
        "documents": len(golds),
        "roles": fitted["roles"].model_,
        "cues": fitted["cues"].model_,
        "types": attribution.type_model_,
        "crf": attribution.weights_.to_arrays(),
        "crf_settings": attribution.settings(),
        "links": fitted["links"].model_,
        "link_threshold": fitted["links"].threshold,
    }


GENRES = ("news", "analysis", "opinion")
# the trained variants that ``argmine evaluate`` fits beside the given model, by the training documents they take
VARIANTS = ("learned_authored", "learned_real", "learned_both")
CURVE_SIZES = (0, 10, 20, 40, 80, 148)  # numbers of real training documents on the learning curve
CURVE_SEED = 0  # the fixed order in which the curve adds them: sorted by id, then shuffled with this seed


def genre(doc: Document) -> str:
    """The genre of a document (``meta.genre``): news, analysis or opinion, else ``other``."""
    g = doc.meta.get("genre")
    return g if g in GENRES else "other"


def fold_groups(train: list[Document]) -> tuple[list[Document], list[Document]]:
    """``(folded, added)``: cross-validation folds over the published articles of ``train`` and adds the
    authored documents to every fold's training set; with no published article, it folds over all."""
    real = [d for d in train if is_real(d)]
    if not real:
        return list(train), []
    return real, [d for d in train if not is_real(d)]


def predict_all(train: list[Document], test: list[Document], learned: dict[str, Pipeline]) -> dict[str, list[Document]]:
    """Each system's annotation of ``test`` on its gold units: the baseline (its majority role from
    ``train``), the rules, and each pipeline of ``learned`` by its name."""
    majority = Counter(u.role for d in train for u in d.units).most_common(1)[0][0]
    preds = {"baseline": baseline(test, majority), "rules": run(Pipeline.default(), test)}
    preds.update({name: run(p, test) for name, p in learned.items()})
    return preds


def score_all(train: list[Document], test: list[Document], learned: Pipeline | dict[str, Pipeline]) -> dict:
    """Reports for each system on ``test``: the baseline (its majority role from ``train``), the rules
    and ``learned`` (one pipeline, named ``learned``, or several by name)."""
    learned = learned if isinstance(learned, dict) else {"learned": learned}
    return {s: compare(test, preds) for s, preds in predict_all(train, test, learned).items()}


def by_genre(test: list[Document], preds: dict[str, list[Document]]) -> dict:
    """``{genre: {system: report}}`` over the documents of each genre present in ``test``."""
    out = {}
    for g in (*GENRES, "other"):
        keep = [i for i, d in enumerate(test) if genre(d) == g]
        if keep:
            out[g] = {s: compare([test[i] for i in keep], [p[i] for i in keep]) for s, p in preds.items()}
    return out


def _all_learned(models: dict) -> Pipeline:
    return learned_pipeline(dict(models, use=list(COMPONENTS)))


class _Fits:
    """``fit`` of each training set once (keyed by its ids, in order), timed in the log."""

    def __init__(self, log=None, authored_weight: int = 1):
        self.cache: dict = {}
        self.log = log
        self.authored_weight = authored_weight

    def __call__(self, docs: list[Document]) -> dict:
        key = tuple(d.id for d in docs)
        if key not in self.cache:
            t = time.perf_counter()
            self.cache[key] = fit(docs, authored_weight=self.authored_weight)
            if self.log:
                real = sum(map(is_real, docs))
                self.log(f"fitted on {len(docs) - real} authored and {real} real documents ({time.perf_counter() - t:.0f} s)")
        return self.cache[key]


def training_sets(train: list[Document]) -> dict[str, list[Document]]:
    """The training documents of each variant (``VARIANTS``), in the order of ``train``; a variant
    with no document is left out. ``learned_both`` is ``train`` itself, what ``argmine train`` fits."""
    sets = {"learned_authored": [d for d in train if not is_real(d)], "learned_real": [d for d in train if is_real(d)], "learned_both": list(train)}
    return {k: v for k, v in sets.items() if v}


def experiment(
    train: list[Document],
    tests: dict[str, list[Document]],
    folds: int = 5,
    models: dict | None = None,
    log=None,
    variants: bool = False,
    curve: tuple[int, ...] = (),
    authored_weight: int = 1,
) -> tuple[dict, dict]:
    """The report of ``argmine train`` and ``argmine evaluate``, and the models it scores.

    Cross-validation (with ``folds`` > 1) folds over the published articles of ``train``, the authored
    documents joining every fold's training set (``fold_groups``); then each system is scored on each
    group of ``tests`` (``{"test": docs, "test_real": docs}``), as a whole and by genre. The learned
    system has all its components. Given ``models`` (a loaded model), those are scored; else they are
    fitted on ``train``, the pipeline using the components that beat the rules in cross-validation
    (``log`` tells which). With ``variants``, pipelines fitted here on the authored, the real and all
    the training documents are scored beside it (``VARIANTS``); with ``curve`` (numbers of real training
    documents), the learning curve (``learning_curve``) is added. Every fit here counts each authored
    document ``authored_weight`` times (the variants and the curve too: "both" is the recipe of the model).
    """
    report: dict = {"cv_folds": folds, "trained_on": _counts(train), "authored_weight": authored_weight}
    if models is not None:
        report["use"] = models.get("use", [])
    elif folds < 2:
        raise ValueError(f"folds: {folds}: the learned components are chosen by cross-validation, which needs 2 folds or more")
    if folds > 1:
        folded, added = fold_groups(train)
        if log:
            log(f"cross-validation: {folds} folds over {len(folded)} documents, {len(added)} added to every fold's training set")
        report["cross_validation"] = cross_validate(folded, folds, added=added, authored_weight=authored_weight)
    fitted = _Fits(log, authored_weight)
    if models is None:
        use = choose(report["cross_validation"])
        if log:
            log(f"cross-validation ({folds} folds): learned components that beat the rules: {', '.join(use) or 'none'}")
        models = fit(train, use=tuple(use), authored_weight=authored_weight)
        fitted.cache[tuple(d.id for d in train)] = models
        models["cross_validation"] = report["cross_validation"]
        report["use"] = use
    learned = {"learned": _all_learned(models)}
    if variants:
        learned.update({name: _all_learned(fitted(docs)) for name, docs in training_sets(train).items()})
    report["systems"] = ["baseline", "rules", *learned]
    report["genres"] = {}
    for key, group in tests.items():
        preds = predict_all(train, group, learned)
        report[key] = {s: compare(group, p) for s, p in preds.items()}
        report["genres"][key] = by_genre(group, preds)
    if curve:
        report["learning_curve"] = learning_curve(train, tests, curve, fitted)
    return report, models


def _counts(docs: list[Document]) -> dict[str, int]:
    real = sum(map(is_real, docs))
    return {"authored": len(docs) - real, "real": real}


def learning_curve(train: list[Document], tests: dict[str, list[Document]], sizes: tuple[int, ...] = CURVE_SIZES, fitted=None) -> list[dict]:
    """The learned pipeline (all components) trained on the first n real training documents, with and
    without the authored ones, scored on each group of ``tests``: rows ``{"real": n, "authored": m,
    "scores": {group: {figure: value}}}``. The real documents come in a fixed order (sorted by id, then
    shuffled with ``CURVE_SEED``); a size above their number is cut to it, so the last point is all of them."""
    import random

    fitted = fitted or _Fits()
    real = sorted((d.id for d in train if is_real(d)), key=str)
    random.Random(CURVE_SEED).shuffle(real)
    authored = sum(not is_real(d) for d in train)
    rows = []
    for with_authored in (False, True):
        for n in sorted({min(n, len(real)) for n in sizes}):
            chosen = set(real[:n])
            docs = [d for d in train if d.id in chosen or (with_authored and not is_real(d))]
            if not docs:
                continue
            pipeline = _all_learned(fitted(docs))
            scores = {key: figures(compare(group, run(pipeline, group))) for key, group in tests.items() if group}
            rows.append({"real": n, "authored": authored if with_authored else 0, "scores": scores})
    return rows


def cross_validate(
    docs: list[Document], folds: int = 5, progress: bool | None = None, added: list[Document] = (), authored_weight: int = 1
) -> dict:
    """Document-grouped k-fold cross-validation over ``docs``: the mean and standard deviation over the
    folds of each headline figure per system. ``added`` documents join every fold's training set and are
    never scored; each authored document counts ``authored_weight`` times in training.

    ``progress`` shows a bar on standard error (by default, when it is a terminal).
    """
    import statistics
    import sys

    from sklearn.model_selection import GroupKFold
    from tqdm import tqdm

    ids = [d.id for d in docs]
    values: dict = {s: {c: [] for c in HEADLINE} for s in SYSTEMS}
    splits = GroupKFold(n_splits=folds).split(ids, groups=ids)
    show = sys.stderr.isatty() if progress is None else progress
    for tr, te in tqdm(splits, total=folds, desc="cross-validation folds", unit="fold", disable=not show, file=sys.stderr):
        train = [docs[i] for i in tr] + list(added)
        reports = score_all(train, [docs[i] for i in te], fit_pipeline(train, authored_weight=authored_weight))
        for system, report in reports.items():
            for component in HEADLINE:
                values[system][component].append(headline(report, component))
    return {
        "mean": {s: {c: round(statistics.fmean(v), 4) for c, v in values[s].items()} for s in SYSTEMS},
        "std": {s: {c: round(statistics.pstdev(v), 4) for c, v in values[s].items()} for s in SYSTEMS},
        "folded": len(docs),
        "added": len(added),
    }


def choose(cv: dict) -> list[str]:
    """The components whose learned version beats the rules in cross-validation (mean over the folds)."""
    return [c for c in HEADLINE if cv["mean"]["learned"][c] > cv["mean"]["rules"][c]]


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


def train_and_save(
    corpora: list[str] | str, out_dir: str, folds: int = 5, log=print, splits: str | Path = SPLITS, authored_weight: int = AUTHORED_WEIGHT
) -> dict:
    """Cross-validate on the training split of ``corpora``, fit on all of it, save the model and its card;
    each authored document counts ``authored_weight`` times in every fit.

    Cross-validation folds over the published articles of the training split only, the authored
    documents joining every fold (``fold_groups``). Of the test split, only the authored documents are
    scored here; the published test articles are left to ``argmine evaluate``.
    """

    from argmine.corpus.jsonl import read_jsonl
    from argmine.ioutil import atomic_write
    from argmine.learn import fastlinear, modelio
    from argmine.learn.card import model_card

    corpora = [corpora] if isinstance(corpora, (str, Path)) else list(corpora)
    docs = [d for c in corpora for d in read_jsonl(c)]
    train, test = split(docs, splits)
    held = [d for d in test if not is_real(d)]
    n = _counts(train)
    log(f"training on {len(train)} documents ({n['authored']} authored, counted {authored_weight} times each, {n['real']} real); {len(test)} held out for the test split")  # fmt: skip
    report, models = experiment(train, {"test": held} if held else {}, folds, log=log, authored_weight=authored_weight)
    out = Path(out_dir)
    (out / modelio.MANIFEST).unlink(missing_ok=True)  # until the new files are written and checked, no model is here
    modelio.save(models, out / modelio.MODEL_FILE)
    fastlinear.export(models, out / modelio.FAST_FILE)
    modelio.write_manifest(out, models)
    atomic_write(out / "evaluation.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    atomic_write(out / "README.md", model_card(out.name, corpora, train, test, report, out / modelio.MODEL_FILE, splits))
    log(f"saved {out / modelio.MODEL_FILE} ({(out / modelio.MODEL_FILE).stat().st_size / 1e6:.2f} MB), {modelio.FAST_FILE}, {modelio.MANIFEST} and its card")
    return report
