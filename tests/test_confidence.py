"""The required behaviour of ANNOTATION.md §6, on documents written in markup."""

import argmine
from argmine.confidence.rules import ConfidenceScorer, level
from argmine.corpus.markup import compile_markup

UN = "evidence >t | {cue un|قال} {src un ngo_monitor un-ocha|مكتب الأمم المتحدة} إن الهجمات تراجعت."
AMNESTY = "evidence >t | {cue am|أكدت} {src am ngo_monitor amnesty|منظمة العفو الدولية} أن الهجمات تراجعت."
REUTERS = "evidence >t | {cue r|ذكرت} {src r media reuters|وكالة رويترز} أن الهجمات تراجعت."
ANON = "evidence >t | {cue s|قالت} {src s other local-sources anon|مصادر محلية} إن الهجمات تراجعت."
ARMY = "evidence >t | {cue s|قال} {src s security syrian-army|الجيش السوري} إن الهجمات تراجعت."
UNSOURCED = "evidence >t | وتراجعت الهجمات في الريف."


def confidence(claim_text, *lines):
    doc = compile_markup("\n".join(["@id: d", f"claim #t | {claim_text}", *lines]))
    ConfidenceScorer()(doc)
    return doc.units[0].confidence


def test_levels():
    assert (level(0.39), level(0.4), level(0.69), level(0.7)) == ("low", "moderate", "moderate", "high")


def test_strong_hedge_lowers_more_than_medium():
    plain = confidence("تراجع نفوذ التنظيم.", UN)
    medium = confidence("{hedge medium|يبدو أن} نفوذ التنظيم تراجع.", UN)
    strong = confidence("{hedge strong|ربما} تراجع نفوذ التنظيم.", UN)
    assert strong.score < medium.score < plain.score


def test_booster_raises():
    plain = confidence("نفوذ التنظيم تراجع.", UN)
    boosted = confidence("{booster|من المؤكد} أن نفوذ التنظيم تراجع.", UN)
    assert boosted.score > plain.score
    assert any(f.name == "booster" for f in boosted.factors)


def test_unsupported_unattributed_claim_stays_below_high():
    c = confidence("{booster|من المؤكد} أن الحملة نجحت {booster|بلا شك}.")
    assert c.level != "high" and c.score < 0.7


def test_independent_named_sources_raise_with_diminishing_returns():
    one, two, three = confidence("تراجع.", UN), confidence("تراجع.", UN, AMNESTY), confidence("تراجع.", UN, AMNESTY, REUTERS)
    assert one.score < two.score < three.score
    assert (three.score - two.score) < (two.score - one.score)


def test_anonymous_and_party_sources_add_less_than_named_independent():
    named, anonymous, party = confidence("تراجع.", UN), confidence("تراجع.", ANON), confidence("تراجع.", ARMY)
    assert anonymous.score < named.score
    assert party.score < named.score


def test_the_same_source_twice_counts_once():
    once = confidence("تراجع.", UN)
    twice = confidence("تراجع.", UN, UN.replace("un", "un2").replace("un2-ocha", "un-ocha"))
    assert len([f for f in twice.factors if f.name.startswith("source:")]) == 1
    assert twice.score == once.score


def test_unsourced_evidence_adds_a_little():
    bare = confidence("{hedge strong|ربما} تراجع.")
    supported = confidence("{hedge strong|ربما} تراجع.", UNSOURCED)
    assert 0 < supported.score - bare.score < 0.05


def test_attack_lowers():
    plain = confidence("تراجع.", UN)
    attacked = confidence("تراجع.", UN, "evidence x>t | غير أن الهجمات تضاعفت.")
    assert attacked.score < plain.score


def test_factors_explain_the_score():
    c = confidence("{hedge medium|يبدو أن} نفوذه تراجع.", UN, AMNESTY, ANON, UNSOURCED)
    assert abs(sum(f.weight for f in c.factors) - c.score) < 1e-6
    assert 0 <= c.score <= 1


def test_annotate_scores_claims_and_document():
    doc = argmine.annotate("ربما تراجع نفوذ التنظيم. من المؤكد أن الحملة نجحت.")
    d = doc.confidence.to_dict()
    assert set(d) == {"score", "level", "factors"}
    assert d["level"] == level(d["score"])


def own(source_tag: str):
    """The confidence of a claim held by the source of ``source_tag`` (scheme v2: its own attribution)."""
    doc = compile_markup(f"@id: d\nclaim | و{{cue a|يرى}} {source_tag} أن الحملة نجحت.")
    ConfidenceScorer()(doc)
    return doc.units[0].confidence


def test_a_claims_own_source_counts_anonymous_or_party_less_than_named_independent():
    named = own("{src a expert harchaoui|الباحث جلال حرشاوي}")
    anonymous = own("{src a expert analysts anon|محللون}")
    party = own("{src a security army|الجيش}")
    assert anonymous.score < named.score and party.score < named.score
    assert [f.name for f in named.factors if f.name.startswith("source:")] == ["source:harchaoui"]


def test_a_continued_claim_counts_its_speaker():
    doc = compile_markup(
        "@id: d\nevidence | {cue a|قال} {src a expert harchaoui|الباحث جلال حرشاوي} إن القتال توقف.\n"
        "claim | و{cue b cont=a|أضاف} أن الحملة نجحت."
    )
    ConfidenceScorer()(doc)
    assert "source:harchaoui" in [f.name for f in doc.units[1].confidence.factors]
