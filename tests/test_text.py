from argmine.text.normalize import Normalized, normalize


def test_normalize_folds_alef_teh_maksura_diacritics_tatweel_quotes():
    assert normalize("إلـــى") == "الي"
    assert normalize("مدرسة") == "مدرسه"
    assert normalize("أُعلِنَ") == "اعلن"
    assert normalize("“داعش”") == '"داعش"'
    assert normalize("Reuters") == "reuters"


def test_offset_map_survives_deletions():
    original = "قالَ\u200f الوزيـــرُ"
    n = Normalized.of(original)
    assert n.text == "قال الوزير"
    s, e = n.original_span(4, 10)
    assert original[s:e] == "الوزيـــرُ"
    s, e = n.original_span(0, 3)
    assert original[s:e] == "قالَ"  # the diacritic of the last letter stays inside


def test_identity_map_when_nothing_is_dropped():
    n = Normalized.of("قال الوزير")
    assert n.index is None
    assert n.original_span(0, 3) == (0, 3)


def test_lam_alef_ligature_expands_with_offsets():
    original = "\ufefbشك"  # presentation-form lam-alef
    n = Normalized.of(original)
    assert n.text.startswith("لا")
    assert n.original_span(0, 2) == (0, 1)
