"""The model card written beside a trained model."""

from __future__ import annotations

from argmine.evaluation.report import markdown


def model_card(name: str, corpus: str, train, test, report: dict, path) -> str:

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
fitted parameters as plain arrays for numpy-only inference (`argmine.learn.fastlinear`); `argmine.load()` uses it,
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
