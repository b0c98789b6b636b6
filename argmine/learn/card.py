"""The model card written beside a trained model."""

from __future__ import annotations

from pathlib import Path

from argmine.evaluation.report import markdown


def model_card(name: str, corpora: list[str], train, test, report: dict, path, splits=None) -> str:
    """The card of a model trained on the training split of ``corpora`` (``train``), ``test`` held out
    by the split file ``splits`` (by default ``corpora/splits.json``)."""
    from argmine.corpus.splits import SPLITS, is_real

    split_file = "corpora/splits.json" if splits is None or Path(splits) == Path(SPLITS) else str(splits)
    size = path.stat().st_size / 1e6
    units = sum(len(d.units) for d in train)
    real = sum(map(is_real, train))
    real_test = sum(map(is_real, test))
    cv = report.get("cross_validation", {})
    folded = (f"over the {cv['folded']} published training articles, the {cv['added']} authored training documents joining every "
              "fold's training set" if cv.get("added") else f"over the {cv.get('folded', len(train))} training documents")  # fmt: skip
    w = report.get("authored_weight", 1)
    weight = f", each authored document counting {w} times in training (docs/experiments/authored-weight.md)" if w != 1 else ""
    return f"""# Model card: `{name}`

**What it is.** The learned components of argmine, in one `skops` file (`{path.name}`, {size:.2f} MB, deflated;
`skops.io.get_untrusted_types` is empty). They are plain scikit-learn `Pipeline`s, and numpy arrays for the CRF:
- `roles`: logistic regression over word 1-2-grams and character 2-4-grams (TF-IDF) of the
  camel-tools-normalised unit, plus structure and cue features (point title, heading, list context,
  position, hedges, attributions, the rule classifier's cue weights);
- `cues`: logistic regression that keeps or drops each hedge or booster candidate of the lexicon,
  from the cue and the three words on each side;
- `crf`: a linear-chain CRF (python-crfsuite, kept as plain arrays: attribute weights per label and label
  transitions) that labels the sources (BIO) in the tokens of each unit with a reporting cue, stacked on the
  attribution rules (`argmine.attribution.sequence`); `types`: logistic regression over the source phrase's
  words and source-word features;
- `links`: logistic regression over (evidence or claim, claim or motive) pairs: distance, paragraph,
  section and point title, word overlap, roles.

**Used by the default pipeline:** {', '.join(report['use']) or 'none'}. These learned components beat
the rules in document-grouped cross-validation {folded}. The other components stay rules.

**Data.** {', '.join(f'`{c}`' for c in corpora)}: {len(train)} training documents ({len(train) - real} written for the
project, {real} published articles; {units} units), all of which the model is fitted on{weight}. The test split is {len(test)}
documents ({len(test) - real_test} authored, {real_test} published), fixed in `{split_file}` and never seen in
training; only its authored documents are scored below. The published test articles are scored by `argmine evaluate`
(`docs/evaluation.md`). See `corpora/DATASHEET.md`.

**Rebuild.** `make models` (deterministic: the same corpus gives the same bytes). `fast.npz` holds the same
fitted parameters as plain arrays for numpy-only inference (`argmine.learn.fastlinear`); `argmine.load()` uses it,
so that annotating does not import scikit-learn. `manifest.json` gives the SHA-256 and size of both files, the
scheme version and labels, and each component's classes and vocabulary sizes; loading refuses a file that
does not match it.

## Scores

{markdown(report)}
## Limits
- The corpus is small, and the authored documents were written for the project by AI sessions (see the
  datasheet): figures on them overstate the scores on real news; the published test articles are the ones to trust.
- The CRF only labels units where the reporting lexicon or the rules put a cue: a source whose cue is
  in no lexicon stays missed, as do most names the lexicons do not hold.
- Links are scored with gold units but predicted roles, so role errors reach the links.
"""
