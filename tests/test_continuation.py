"""Continuations (scheme v2): a reporting word with no subject carries on the earlier speaker."""

import argmine
from conftest import check_offsets


def annotate(text):
    doc = argmine.annotate(text, "c")
    check_offsets(doc)
    return doc


def test_wa_adafa_carries_on_the_speaker_of_the_sentence_before():
    doc = annotate("وقال المتحدث باسم الجيش إن البلدة سقطت.\nوأضاف أن القصف توقف مساء الأحد.")
    first, cont = doc.attributions
    assert (cont.unit, cont.cue.text, cont.continues) == ("u2", "أضاف", first.id)
    assert cont.source == first.source and cont.source.text == "المتحدث باسم الجيش"
    assert (cont.source_type, cont.canonical, cont.anonymous) == (first.source_type, first.canonical, first.anonymous)
    assert cont.content.text == "القصف توقف مساء الأحد"
    assert doc.to_dict()["attributions"][1]["continues"] == first.id


def test_a_named_subject_is_no_continuation():
    doc = annotate("وقال المتحدث باسم الجيش إن البلدة سقطت.\nوأضاف وزير الدفاع أن القصف توقف.")
    assert not [a for a in doc.attributions if a.continues]


def test_the_speaker_is_the_subject_of_a_verb_not_a_source_after_bihasab():
    doc = annotate("وقال وزير الخارجية إن المفاوضات انتهت، بحسب وكالة رويترز.\nوأضاف أن الوفد غادر.")
    cont = next(a for a in doc.attributions if a.continues)
    assert cont.source.text == "وزير الخارجية"


def test_a_participle_after_a_comma_continues_too():
    doc = annotate('وقال مصدر أمني إن البلدة سقطت.\nوشدد على ضرورة الحل، مضيفاً أن "الوقت ينفد".')
    cont = next(a for a in doc.attributions if a.continues)
    assert cont.cue.text == "مضيفاً" and cont.anonymous and cont.source.text == "مصدر أمني"


def test_a_speaker_named_long_before_is_not_carried_on():
    doc = annotate("وقال وزير الخارجية إن المفاوضات انتهت.\nوانسحب الوفد.\nوعاد السفير.\nوتوقف القصف.\nوأضاف أن الوفد غادر.")
    assert not [a for a in doc.attributions if a.continues]


def test_continuations_chain_and_keep_ids_in_text_order():
    doc = annotate("وقال وزير الخارجية إن المفاوضات انتهت.\nوأضاف أن الوفد غادر.\nوتابع: \"لن نعود\".")
    ids = [a.id for a in doc.attributions]
    assert ids == ["a1", "a2", "a3"]
    assert [a.continues for a in doc.attributions] == [None, "a1", "a2"]
    assert [a.unit for a in doc.attributions] == ["u1", "u2", "u3"]


def test_a_phrase_may_come_between_the_reporting_word_and_what_was_said():
    doc = annotate("وقالت وزارة الصحة إن المستشفى أغلق.\nوأضافت في بيان لاحق أن الأطباء غادروا.\nوقالت لكنها لم تقدم دليلاً.")
    cont = [a for a in doc.attributions if a.continues]
    assert [(a.unit, a.cue.text, a.source.text) for a in cont] == [("u2", "أضافت", "وزارة الصحة")]
    assert cont[0].content.text == "الأطباء غادروا"


def test_plural_and_opinion_verbs_continue_the_speaker():
    doc = annotate("وقال محللون إن الاتفاق هش.\nلكنهم يرون أن الطرفين سيلتزمان به.")
    cont = next(a for a in doc.attributions if a.continues)
    assert (cont.cue.text, cont.source.text) == ("يرون", "محللون")
