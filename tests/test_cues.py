import pytest

import argmine
from argmine.cues.rules import HedgeTagger, is_imperfect
from argmine.text.normalize import normalize


def cues(text):
    return [(normalize(text)[s:e], strength) for s, e, strength in HedgeTagger().find(normalize(text))]


@pytest.mark.parametrize(
    "text, cue, strength",
    [
        ("وربما انتهت الحملة", "ربما", "strong"),
        ("فلعل الحكومة تراجعت", "لعل", "strong"),
        ("من المحتمل أن تتراجع الأسعار", "من المحتمل ان", "strong"),
        ("ليس من المستبعد أن يعود", "ليس من المستبعد", "strong"),
        ("من غير الواضح ما إذا كانت", "من غير الواضح", "strong"),
        ("ليس واضحاً من يقف وراء الهجوم", "ليس واضحا", "strong"),
        ("ويبدو أن الفصائل انسحبت", "يبدو ان", "medium"),
        ("تبدو الهدنة هشة", "تبدو", "medium"),
        ("لا يبدو أنه سيتراجع", "لا يبدو انه", "medium"),
        ("والظاهر أن الاتفاق انهار", "الظاهر ان", "medium"),
        ("على ما يبدو فإن", "علي ما يبدو", "medium"),
        ("يُعتقد أن الهجوم مدبر", "يعتقد ان", "medium"),
        ("من المرجح أن ترتفع", "من المرجح ان", "medium"),
        ("ويُرجَّح أن يعود", "يرجح ان", "medium"),
        ("على الأرجح سيعود", "علي الارجح", "medium"),
        ("من المتوقع أن يصل", "من المتوقع ان", "medium"),
        ("يُشاع أن الوزير استقال", "يشاع", "medium"),
        ("من المؤكد أن الحملة نجحت", "من المؤكد ان", "booster"),
        ("وهذا بلا شك خطأ", "بلا شك", "booster"),
        ("من الواضح أن الحكومة فشلت", "من الواضح ان", "booster"),
    ],
)
def test_lexicon_cues(text, cue, strength):
    assert (cue, strength) in cues(text)


def test_qad_with_imperfect_is_a_strong_hedge():
    assert cues("قد يؤدي القرار إلى التصعيد") == [("قد يؤدي", "strong")]
    assert cues("وقد تلجأ الحكومة إلى الاقتراض") == [("قد تلجا", "strong")]
    assert cues("قد لا يكون الاتفاق كافياً") == [("قد لا يكون", "strong")]


def test_qad_with_perfect_is_not_a_hedge():
    assert cues("وقد أعلنت الحكومة رفضها") == []
    assert cues("قد تراجعت الأسعار") == []
    assert cues("لقد نجحت الحملة") == []
    assert cues("وقد تم الاتفاق") == []


def test_framing_formulas_are_not_hedges():
    assert cues("يمكن القول إن الحملة نجحت") == []
    assert cues("يمكن تفسير الحملة في ضوء اعتبارات") == []
    assert cues("يمكن الوقوف على الأبعاد الرئيسية") == []


def test_booster_does_not_make_a_unit_hedged():
    doc = argmine.annotate("من المؤكد أن الحملة نجحت.")
    assert [c.strength for c in doc.cues] == ["booster"]
    assert not doc.units[0].hedged


def test_cue_inside_a_longer_word_is_not_matched():
    assert cues("الربماوي") == []


def test_cue_offsets_on_diacritised_text():
    text = "وَرُبَّمَا انتهت الحملة."
    doc = argmine.annotate(text)
    cue = doc.cues[0]
    assert text[cue.span.start : cue.span.end] == cue.text == "رُبَّمَا"


@pytest.mark.parametrize("word, expected", [("يؤدي", True), ("تلجا", True), ("نشهد", True), ("تم", False), ("تراجعت", False), ("نشرت", False), ("اعلنت", False)])
def test_is_imperfect(word, expected):
    assert is_imperfect(word) is expected
