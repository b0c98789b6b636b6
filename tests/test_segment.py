from argmine.segment.rules import segment


def units(text):
    return [text[s:e] for s, e in segment(text)]


def test_sentences_and_headings():
    text = "أبعاد رئيسية\nشنت الفصائل حملة. وانخرطت في مواجهات؟ نعم!"
    assert units(text) == ["أبعاد رئيسية", "شنت الفصائل حملة.", "وانخرطت في مواجهات؟", "نعم!"]


def test_point_titles_with_various_markers():
    for marker in ("1-", "1.", "1)", "(1)", "أولاً:", "ثانياً -"):
        text = f"{marker} تحركات منظمة: استهدفت الفصائل مقرات."
        got = units(text)
        assert len(got) == 2, (marker, got)
        assert got[1] == "استهدفت الفصائل مقرات."


def test_no_split_at_comma_or_decimal_or_abbreviation():
    text = "ارتفع التضخم إلى 3.5 في المئة، وقال د. أحمد إن ذلك متوقع."
    assert units(text) == [text]


def test_quote_closed_on_the_line_is_not_split():
    text = "وقال: «انتهت العملية. وسنواصل» ثم غادر."
    assert units(text) == [text]


def test_closing_quote_after_the_stop_stays_with_the_sentence():
    text = "قال إن “العملية انتهت.” ثم غادر الوفد."
    assert units(text) == ["قال إن “العملية انتهت.”", "ثم غادر الوفد."]


def test_missing_space_after_a_full_stop_between_arabic_words():
    assert units("انتهت الحملة.وقال المصدر إنها نجحت.") == ["انتهت الحملة.", "وقال المصدر إنها نجحت."]


def test_unbalanced_quotes_do_not_swallow_the_text():
    text = "بمشاركة ”الفيلق الثامن. ثم انسحبت الفصائل."
    assert len(units(text)) == 2


def test_whitespace_only_and_empty():
    assert segment("") == []
    assert segment(" \n\t ") == []


def test_crlf_and_other_line_breaks():
    assert units("عنوان\r\nنص أول.\u2028نص ثان.") == ["عنوان", "نص أول.", "نص ثان."]
