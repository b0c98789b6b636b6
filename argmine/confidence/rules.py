"""Analytic confidence for claims and motives (ANNOTATION.md §6), explained by factors.

The score is the sum of its factors' weights, starting from a base, clipped to [0, 1]:
the factors list every term, so ``sum(f.weight for f in c.factors) == c.score``.

- ``base``: the author's unsupported word (0.5);
- ``strong_hedge`` / ``medium_hedge``: the strongest hedge in the unit (-0.25 / -0.12);
- ``booster``: +0.08;
- ``source:<canonical>``: each independent source among the unit's own attributions and
  those of its supporting evidence, in order of weight, with diminishing returns (the k-th
  counts 0.6^k of its value); a named, independent source is worth 0.16, an anonymous one
  0.4 of that, a party to the events (government, security, armed group) 0.6 of that;
- ``unsourced_evidence``: supporting evidence without a source (+0.03 each, at most +0.09);
- ``attacked``: -0.1 for each unit that attacks it;
- ``unsupported_cap``: an unattributed claim with no support stays below ``high``.

>>> from argmine import annotate
>>> doc = annotate("ربما انهارت الهدنة.")
>>> c = doc.units[0].confidence
>>> c.level, [f.name for f in c.factors]
('low', ['base', 'strong_hedge'])
"""

from __future__ import annotations

from argmine.document import Attribution, Confidence, Document, Factor, Unit

BASE = 0.5
HEDGE = {"strong": -0.25, "medium": -0.12}
BOOSTER = 0.08
NAMED_SOURCE = 0.16
ANONYMOUS_SHARE = 0.4
PARTY_SHARE = 0.6
DECAY = 0.6
UNSOURCED = 0.03
UNSOURCED_MAX = 3
ATTACK = -0.1
UNSUPPORTED_MAX = 0.65
PARTIES = ("government", "security", "armed_group")


def level(score: float) -> str:
    """``low`` < 0.4 <= ``moderate`` < 0.7 <= ``high``."""
    return "low" if score < 0.4 else "moderate" if score < 0.7 else "high"


def source_value(a: Attribution) -> tuple[float, str]:
    value, why = NAMED_SOURCE, "named"
    if a.anonymous:
        value, why = value * ANONYMOUS_SHARE, "anonymous"
    if a.source_type in PARTIES:
        value, why = value * PARTY_SHARE, why + ", party to the events"
    return value, why


def _finish(factors: list[Factor]) -> Confidence:
    raw = sum(f.weight for f in factors)
    score = min(1.0, max(0.0, raw))
    if score != raw:
        factors.append(Factor("clip", round(score - raw, 6), "kept within [0, 1]"))
    score = round(sum(f.weight for f in factors), 6)
    return Confidence(score, level(score), factors)


def unit_confidence(doc: Document, unit: Unit) -> Confidence:
    factors = [Factor("base", BASE, "the author's word")]
    cues = doc.cues_of(unit.id)
    strengths = [c.strength for c in cues]
    hedge = "strong" if "strong" in strengths else "medium" if "medium" in strengths else None
    if hedge:
        cue = next(c.text for c in cues if c.strength == hedge)
        factors.append(Factor(f"{hedge}_hedge", HEDGE[hedge], cue))
    if "booster" in strengths:
        cue = next(c.text for c in cues if c.strength == "booster")
        factors.append(Factor("booster", BOOSTER, cue))
    incoming = doc.links_to(unit.id)
    supporters = [lk.from_ for lk in incoming if lk.relation == "support"]
    attackers = [lk.from_ for lk in incoming if lk.relation == "attack"]
    sources: dict[str, tuple[float, str]] = {}
    unsourced = 0
    own = doc.attributions_of(unit.id)
    for uid in [unit.id] + supporters:
        attrs = own if uid == unit.id else doc.attributions_of(uid)
        if not attrs and uid != unit.id:
            unsourced += 1
        for a in attrs:
            value, why = source_value(a)
            if value > sources.get(a.canonical, (0, ""))[0]:
                sources[a.canonical] = (value, why)
    for k, (canonical, (value, why)) in enumerate(sorted(sources.items(), key=lambda kv: (-kv[1][0], kv[0]))):
        factors.append(Factor(f"source:{canonical}", round(value * DECAY**k, 6), why))
    if unsourced:
        n = min(unsourced, UNSOURCED_MAX)
        factors.append(Factor("unsourced_evidence", round(UNSOURCED * n, 6), f"{unsourced} supporting unit(s) without a source"))
    if attackers:
        factors.append(Factor("attacked", ATTACK * len(attackers), f"{len(attackers)} attacking unit(s)"))
    total = sum(f.weight for f in factors)
    if not supporters and not own and total > UNSUPPORTED_MAX:
        factors.append(Factor("unsupported_cap", round(UNSUPPORTED_MAX - total, 6), "unattributed and unsupported"))
    return _finish(factors)


def document_confidence(doc: Document) -> Confidence:
    scored = [u for u in doc.units if u.confidence is not None]
    if not scored:
        return Confidence(0.0, "low", [Factor("no_claims", 0.0, "no claim or motive to assess")])
    mean = sum(u.confidence.score for u in scored) / len(scored)
    factors = [Factor("mean_claim_confidence", round(mean, 6), f"mean over {len(scored)} claims and motives")]
    return _finish(factors)


class ConfidenceScorer:
    """Pipeline stage: confidence for each claim and motive, and for the document."""

    name = "confidence"

    def __call__(self, doc: Document) -> None:
        for unit in doc.units:
            unit.confidence = unit_confidence(doc, unit) if unit.role in ("claim", "motive") else None
        doc.confidence = document_confidence(doc)
