import copy

import pytest

import argmine
from argmine.corpus.record import RecordError, document_from_record, validate_record


@pytest.fixture(scope="module")
def record():
    return argmine.annotate("قال وزير الخارجية إن الوفد غادر. ربما انتهت المفاوضات.", "d1").to_dict()


def fields(record):
    return [p.field for p in validate_record(record)]


def test_valid_record_has_no_problem(record):
    assert validate_record(record) == []


@pytest.mark.parametrize("key", ["id", "text", "units", "cues", "attributions", "links"])
def test_missing_top_level_field(record, key):
    r = copy.deepcopy(record)
    del r[key]
    assert key in fields(r)


def test_span_text_mismatch_names_the_field(record):
    r = copy.deepcopy(record)
    r["attributions"][0]["source"]["text"] = "وزير الداخلية"
    problems = validate_record(r)
    assert [p.field for p in problems] == ["attributions[0].source.text"]
    assert "differs" in problems[0].message


def test_offsets_out_of_range(record):
    r = copy.deepcopy(record)
    r["cues"][0]["end"] = 10_000
    assert "cues[0].start" in fields(r)


def test_wrong_types(record):
    r = copy.deepcopy(record)
    r["units"][0]["start"] = "0"
    r["units"][1]["hedged"] = "yes"
    r["attributions"][0]["anonymous"] = 1
    got = fields(r)
    assert "units[0].start" in got and "units[1].hedged" in got and "attributions[0].anonymous" in got


def test_bool_is_not_an_int(record):
    r = copy.deepcopy(record)
    r["units"][0]["start"] = True
    assert "units[0].start" in fields(r)


def test_dangling_ids(record):
    r = copy.deepcopy(record)
    r["cues"][0]["unit"] = "u99"
    r["attributions"][0]["via"] = "a42"
    r["links"] = [{"from": "u1", "to": "u77", "relation": "support"}]
    got = fields(r)
    assert {"cues[0].unit", "attributions[0].via", "links[0].to"} <= set(got)


def test_link_roles(record):
    r = copy.deepcopy(record)
    r["units"][0]["role"] = "motive"
    r["units"][1]["role"] = "evidence"
    r["links"] = [{"from": "u1", "to": "u2", "relation": "support"}]
    assert {"links[0].from", "links[0].to"} <= set(fields(r))


def test_enum_values(record):
    r = copy.deepcopy(record)
    r["units"][0]["role"] = "thesis"
    r["cues"][0]["strength"] = "weak"
    r["attributions"][0]["source_type"] = "ministry"
    r["links"] = [{"from": "u1", "to": "u2", "relation": "supports"}]
    assert {"units[0].role", "cues[0].strength", "attributions[0].source_type", "links[0].relation"} <= set(fields(r))


def test_hedged_must_agree_with_cues(record):
    r = copy.deepcopy(record)
    hedged = next(u for u in r["units"] if u["hedged"])
    hedged["hedged"] = False
    assert any(f.endswith(".hedged") for f in fields(r))


def test_overlapping_units(record):
    r = copy.deepcopy(record)
    r["units"][1]["start"] = r["units"][0]["start"]
    r["units"][1].pop("text")
    assert "units[1].start" in fields(r)


def test_from_dict_raises_with_every_problem(record):
    r = copy.deepcopy(record)
    r["units"][1]["role"] = "x"
    r["attributions"][0]["source_type"] = "y"
    with pytest.raises(RecordError) as info:
        document_from_record(r)
    assert {"units[1].role", "attributions[0].source_type"} <= {p.field for p in info.value.problems}
    assert "units[1].role" in str(info.value)


def test_unit_text_is_optional_but_checked_when_present(record):
    r = copy.deepcopy(record)
    r["units"][0].pop("text")
    assert validate_record(r) == []
    r["units"][1]["text"] = "نص آخر"
    assert "units[1].text" in fields(r)


def test_not_an_object():
    assert [p.field for p in validate_record([1, 2])] == ["(record)"]


def _continued_record():
    from argmine.corpus.markup import compile_markup

    return compile_markup(
        "@id: d\nevidence | {cue a|قال} {src a security army|الجيش} إن البلدة سقطت.\n"
        "claim #c | و{cue b cont=a|أضاف} أن الهجوم فشل.\nevidence >c | وقتل عشرة."
    ).to_dict()


def test_continuation_must_agree_with_what_it_continues():
    record = _continued_record()
    assert validate_record(record) == []
    record["attributions"][1]["canonical"] = "police"
    assert [str(p) for p in validate_record(record)] == ["attributions[1].canonical: differs from the attribution it continues (a1)"]
    record = _continued_record()
    record["attributions"][1]["continues"] = "a9"
    assert "unknown or own attribution 'a9'" in str(validate_record(record)[0])


def test_one_support_target_per_unit():
    record = _continued_record()
    record["links"].append({"from": "u3", "to": "u2", "relation": "support"})
    assert [p.field for p in validate_record(record)] == ["links[1]"]
    record["links"][1]["relation"] = "attack"
    assert validate_record(record) == []


def test_changes_counts_each_kind():
    from argmine.corpus.markup import compile_markup
    from argmine.evaluation.metrics import changes

    before = compile_markup("@id: d\nclaim #c | ربما الهجوم فشل.\nevidence >c | {cue a|قال} {src a security army|الجيش} إن البلدة سقطت.\nevidence | وأضاف أن عشرة قتلوا.")
    after = compile_markup("@id: d\nclaim #c | {hedge strong|ربما} الهجوم فشل.\nclaim | {cue a|قال} {src a government army|الجيش} إن البلدة سقطت.\nevidence >c | و{cue b cont=a|أضاف} أن عشرة قتلوا.")
    assert dict(changes(before, after)) == {
        "role evidence -> claim": 1, "hedged added": 1, "cue added": 1, "source type changed": 1,
        "continuation added": 1, "link removed": 1, "link added": 1,
    }
