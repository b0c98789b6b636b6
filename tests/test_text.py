from argmine.text.normalize import Normalized, _camel_normalise, _table, normalize


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


def test_camel_tools_normalisation_spelled_out_as_camel_tools_has_it():
    # annotating does not import camel-tools for it (its character tables burden the garbage collector)
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar

    def camel(ch: str) -> str:
        return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(ch))))

    for cp in [*range(0x0600, 0x0900), *range(0xFB50, 0xFF00)]:
        assert _camel_normalise(chr(cp)) == camel(chr(cp)), hex(cp)
    assert _table()[0x0623] == "ا" and _table()[0x064E] == ""
