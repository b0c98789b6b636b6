"""Training the learned components on an annotated corpus.

``fit(docs)`` returns a plain dict of fitted scikit-learn estimators and settings
(saved with ``argmine.modelio``); ``pipeline(models)`` puts them in the pipeline
where they beat the rules (``models["use"]`` lists which).

>>> from argmine.corpus import read_jsonl, split
>>> train, test = split(read_jsonl("corpora/argmine.jsonl"))  # doctest: +SKIP
>>> models = fit(train)                                        # doctest: +SKIP
"""

from __future__ import annotations

from argmine.attribution import SourceFinder
from argmine.cues import HedgeTagger
from argmine.document import Document
from argmine.features import pair_rows, unit_rows
from argmine.learned import (
    LINK_THRESHOLDS,
    LearnedAttributionTagger,
    LearnedHedgeTagger,
    LearnedLinker,
    LearnedRoleClassifier,
    as_matrix,
    boundary_estimator,
    boundary_rows,
    cue_estimator,
    cue_rows,
    link_candidates,
    link_estimator,
    role_estimator,
    source_candidates,
    type_estimator,
    type_rows,
)
from argmine.pipeline import Pipeline

COMPONENTS = ("roles", "cues", "attribution", "links")
FORMAT = 1


def rule_layers(gold: Document) -> Document:
    """The rule pipeline's cues and attributions over the gold units (roles, links untouched)."""
    from argmine.attribution import AttributionTagger

    doc = Document(text=gold.text, id=gold.id, meta=dict(gold.meta))
    for u in gold.units:
        doc.add_unit(u.start, u.end, u.role)
    HedgeTagger()(doc)
    AttributionTagger()(doc)
    return doc


def _role_data(golds, layers):
    rows, y = [], []
    for g, d in zip(golds, layers):
        rows += unit_rows(d)
        y += [u.role for u in g.units]
    return as_matrix(rows), y


def _cue_data(golds, layers):
    rows, y = [], []
    for g, d in zip(golds, layers):
        rows += cue_rows(d, d.cues)
        for c in d.cues:
            y.append(int(any(gc.is_hedge == c.is_hedge and gc.span.start < c.span.end and c.span.start < gc.span.end for gc in g.cues)))
    return rows, y


def _boundary_data(golds, layers):
    rows, y = [], []
    for g, d in zip(golds, layers):
        finder = SourceFinder(d.normalized)
        for a in d.attributions:
            gold = [ga for ga in g.attributions if ga.source.start < a.source.end and a.source.start < ga.source.end]
            if not gold:
                continue
            ut, cands, rule = source_candidates(d, finder, a)
            spans = [(ut.starts[i], ut.ends[j - 1]) for i, j in cands]
            target = (gold[0].source.start, gold[0].source.end)
            # the rule keeps a glued cue's letter outside the source: compare ends (or starts) only
            forward = a.source.start >= a.cue.start
            labels = [int((e == target[1]) if forward else (s == target[0])) for s, e in spans]
            if not any(labels):
                continue
            rows += boundary_rows(a, ut, cands, rule)
            y += labels
    return rows, y


def _type_data(golds):
    rows, y = [], []
    for g in golds:
        finder = SourceFinder(g.normalized)
        for a in g.attributions:
            toks = finder.tokens(*g.normalized.normalized_span(a.source.start, a.source.end))
            if toks:
                rows += type_rows(finder, toks)
                y.append(a.source_type)
    return as_matrix(rows), y


def _link_data(golds):
    rows, y = [], []
    for g in golds:
        pairs = link_candidates(g)
        gold = {(lk.from_, lk.to) for lk in g.links}
        rows += pair_rows(g, pairs)
        y += [int((a.id, b.id) in gold) for a, b in pairs]
    return rows, y


def fit(golds: list[Document], use: tuple[str, ...] = COMPONENTS) -> dict:
    """Fit every learned component on gold documents; ``use`` names the ones the pipeline uses."""
    layers = [rule_layers(g) for g in golds]
    models: dict = {"format": FORMAT, "use": list(use), "documents": len(golds)}
    X, y = _role_data(golds, layers)
    models["roles"] = role_estimator().fit(X, y)
    rows, y = _cue_data(golds, layers)
    models["cues"] = cue_estimator().fit(rows, y) if len(set(y)) > 1 else None
    rows, y = _boundary_data(golds, layers)
    models["boundary"] = boundary_estimator().fit(rows, y) if len(set(y)) > 1 else None
    X, y = _type_data(golds)
    models["types"] = type_estimator().fit(X, y) if len(set(y)) > 1 else None
    rows, y = _link_data(golds)
    models["links"] = link_estimator().fit(rows, y) if len(set(y)) > 1 else None
    models["link_threshold"] = dict(LINK_THRESHOLDS)
    return models


def pipeline(models: dict, segmenter: str = "rule") -> Pipeline:
    """The default pipeline with the learned stages named in ``models["use"]``."""
    p = Pipeline.default(segmenter)
    use = set(models.get("use", COMPONENTS))
    if "cues" in use and models.get("cues") is not None:
        p = p.replace("cues", LearnedHedgeTagger(models["cues"]))
    if "attribution" in use:
        p = p.replace("attribution", LearnedAttributionTagger(models.get("boundary"), models.get("types")))
    if "roles" in use and models.get("roles") is not None:
        p = p.replace("roles", LearnedRoleClassifier(models["roles"]))
    if "links" in use and models.get("links") is not None:
        p = p.replace("links", LearnedLinker(models["links"], models.get("link_threshold", 0.5)))
    return p


# -- the trained model on disk ----------------------------------------------------------

MODEL_FILE = "model.skops"
FAST_FILE = "fast.npz"  # the same parameters for numpy-only inference (argmine.fastlinear)


def train_and_save(corpus: str, out_dir: str, folds: int = 5, log=print) -> dict:
    """Cross-validate on the training split, fit on all of it, save the model and its card."""
    import json
    from pathlib import Path

    from argmine import fastlinear, modelio
    from argmine.corpus import read_jsonl, split
    from argmine.evaluate import choose, cross_validate, score_all
    from argmine.ioutil import atomic_write

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
    modelio.save(models, out / MODEL_FILE)
    fastlinear.export(models, out / FAST_FILE)
    modelio.write_manifest(out, models)
    report = {"cv_folds": folds, "cross_validation": cv, "use": use, "test": score_all(train, test, models)}
    atomic_write(out / "evaluation.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    atomic_write(out / "README.md", model_card(out.name, corpus, train, test, report, out / MODEL_FILE))
    log(f"saved {out / MODEL_FILE} ({(out / MODEL_FILE).stat().st_size / 1e6:.2f} MB), {FAST_FILE}, {modelio.MANIFEST} and its card")
    return report


def model_card(name: str, corpus: str, train, test, report: dict, path) -> str:
    from argmine.evaluate import markdown

    size = path.stat().st_size / 1e6
    units = sum(len(d.units) for d in train)
    return f"""# Model card: `{name}`

**What it is.** The learned components of argmine, in one `skops` file (`{path.name}`, {size:.2f} MB, deflated;
`skops.io.get_untrusted_types` is empty). They are plain scikit-learn `Pipeline`s:
- `roles`: logistic regression over word 1-2-grams and character 2-4-grams (TF-IDF) of the
  camel-tools-normalised unit, plus structure and cue features (point title, heading, list context,
  position, hedges, attributions, the rule classifier's cue weights);
- `cues`: logistic regression that keeps or drops each hedge or booster candidate of the lexicon,
  from the cue and the three words on each side;
- `boundary`: logistic regression that re-ranks the possible ends (or starts) of each source phrase found
  by the attribution rules; `types`: logistic regression over the phrase's words and source-word features;
- `links`: logistic regression over (evidence or claim, claim or motive) pairs: distance, paragraph,
  section and point title, word overlap, roles.

**Used by the default pipeline:** {', '.join(report['use']) or 'none'}. These learned components beat
the rules in document-grouped cross-validation on the training split. The other components stay rules.

**Data.** `{corpus}`: {len(train)} training documents ({units} units). The test split is
{len(test)} documents, fixed in `corpora/splits.json` and never seen in training. See `corpora/DATASHEET.md`.

**Rebuild.** `make models` (deterministic: the same corpus gives the same bytes). `fast.npz` holds the same
fitted parameters as plain arrays for numpy-only inference (`argmine.fastlinear`); `argmine.load()` uses it,
so that annotating does not import scikit-learn. `manifest.json` gives the SHA-256 and size of both files, the
scheme version and labels, and each component's classes and vocabulary sizes; loading refuses a file that
does not match it.

## Scores

{markdown(report)}
## Limits
- The corpus is small, and 70 of its 71 documents were written for the project by AI sessions (see the
  datasheet), so these figures will overstate the scores on real news.
- Source boundaries are only re-ranked around what the rules find: a source the rules miss stays missed.
- Links are scored with gold units but predicted roles, so role errors reach the links.
"""
