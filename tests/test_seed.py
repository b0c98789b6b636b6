"""The seed document comes out of annotate right (issue 2, item 8)."""

from conftest import check_offsets


def units_with(doc, needle):
    return [u for u in doc.units if needle in u.text]


def test_seed_text_is_the_shared_seed(seed_text):
    from conftest import ROOT

    shared = ROOT.parent / "shared" / "seeds" / "000_101100dc65b1ce43.txt"
    if shared.exists():
        assert shared.read_text(encoding="utf-8") == seed_text


def test_offsets_exact_on_the_seed_defects(seed_doc):
    check_offsets(seed_doc)
    for defect in ("إلىاستباق", "المدينة،خاصة", "”الفيلق", "جاسمظلت", "سيطرةفصائل"):
        assert any(defect in u.text for u in seed_doc.units), defect


def test_segmentation_matches_gold(seed_doc, seed_gold):
    assert [(u.start, u.end) for u in seed_doc.units] == [(u.start, u.end) for u in seed_gold.units]


def test_ministry_relays_anonymous_security_source(seed_doc):
    ministry = [a for a in seed_doc.attributions if a.source.text == "وزارة الإعلام السورية"]
    assert len(ministry) == 1
    ministry = ministry[0]
    assert ministry.source_type == "government"
    assert ministry.cue.text == "نقلت عن"
    relayed = [a for a in seed_doc.attributions if a.via == ministry.id]
    assert len(relayed) == 1
    security = relayed[0]
    assert security.source.text == "مصدر أمني"
    assert security.source_type == "security"
    assert security.anonymous
    assert security.cue.text == "قوله"
    assert security.content.text.startswith("“الجهات المختصة")
    assert security.unit == ministry.unit


def test_jasim_leadership_on_three_units_with_one_id(seed_doc):
    leadership = [a for a in seed_doc.attributions if a.source_type == "local_leadership"]
    assert len({a.unit for a in leadership}) == 3
    assert len({a.canonical for a in leadership}) == 1
    assert {a.source.text for a in leadership} == {"قيادات مدينة جاسم", "بيان قيادات مدينة جاسم"}
    for a in leadership:
        assert "جاسم" in a.source.text


def test_local_media(seed_doc):
    local = [a for a in seed_doc.attributions if a.source_type == "media_local"]
    assert {a.source.text for a in local} == {"تقارير إعلامية محلية", "وسائل إعلام محلية"}
    assert len({a.canonical for a in local}) == 1
    # the coordinated source shares the cue of the leadership statement
    coordinated = next(a for a in local if a.source.text == "تقارير إعلامية محلية")
    statement = next(a for a in seed_doc.attributions if a.unit == coordinated.unit and a.source_type == "local_leadership")
    assert coordinated.cue == statement.cue


def test_hedges_on_exactly_three_units(seed_doc):
    hedged = [u for u in seed_doc.units if u.hedged]
    assert len(hedged) == 3
    assert [c.text for c in seed_doc.cues if c.is_hedge] == ["يبدو أن", "ربما", "ربما"]
    assert hedged[0].text.startswith("ويبدو أن")
    assert "وربما" in hedged[1].text
    assert hedged[2].text.startswith("ربما")
    assert not [c for c in seed_doc.cues if c.strength == "booster"]


def test_headings_and_transition_are_other(seed_doc):
    others = [u.text for u in seed_doc.units if u.role == "other"]
    for heading in ("أبعاد رئيسية", "دوافع متعددة", "تكريس السيطرة"):
        assert heading in others
    transition = units_with(seed_doc, "على النحو التالي:")
    assert len(transition) == 1 and transition[0].role == "other"


def test_point_titles_take_the_role_of_their_list(seed_doc):
    titles = [u for u in seed_doc.units if u.text[:2] in ("1-", "2-", "3-", "4-")]
    assert [u.role for u in titles] == ["claim", "claim", "claim", "motive", "motive", "motive", "motive"]


def test_roles_agree_with_gold(seed_doc, seed_gold):
    agree = sum(p.role == g.role for p, g in zip(seed_doc.units, seed_gold.units))
    assert agree / len(seed_gold.units) >= 0.9


def test_evidence_links_to_section_heads(seed_doc):
    title = next(u for u in seed_doc.units if u.text.startswith("3- تكبيد"))
    supporters = {lk.from_ for lk in seed_doc.links if lk.to == title.id}
    evidence_after = [u.id for u in seed_doc.units[seed_doc.units.index(title) + 1 :][:3]]
    assert set(evidence_after) <= supporters


def test_confidence_on_claims_and_motives(seed_doc):
    for u in seed_doc.units:
        if u.role in ("claim", "motive"):
            assert u.confidence is not None
            assert abs(sum(f.weight for f in u.confidence.factors) - u.confidence.score) < 1e-6
        else:
            assert u.confidence is None
    hedged_claim = next(u for u in seed_doc.units if u.hedged and u.role == "claim")
    assert any(f.name == "strong_hedge" for f in hedged_claim.confidence.factors)
    assert seed_doc.confidence is not None


def test_json_round_trip(seed_doc):
    from argmine.corpus.record import document_from_record

    d = seed_doc.to_dict()
    assert document_from_record(d).to_dict() == d
