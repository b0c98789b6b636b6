import glob

import pytest

from argmine.corpus.markup import MarkupError, compile_markup, read_markup, to_markup
from argmine.corpus.record import validate_record
from conftest import CORPUS_SRC


def test_compile_joins_units_with_one_space_and_blank_lines_as_breaks():
    doc = compile_markup("@id: d\n\nother | عنوان\n\nclaim | جملة أولى.\nevidence ~ | جملة ثانية.")
    assert doc.text == "عنوان\nجملة أولى.جملة ثانية."
    assert [u.text for u in doc.units] == ["عنوان", "جملة أولى.", "جملة ثانية."]


def test_nested_tags_and_chain():
    doc = compile_markup(
        "@id: d\nevidence | {src m government min|الوزارة} {cue m|نقلت عن} {content m|{src s security sec anon via=m|مصدر} "
        "{cue s|قوله} إن {content s|الوضع هادئ}}."
    )
    m, s = doc.attributions
    assert (m.id, s.via, s.anonymous) == ("a1", "a1", True)
    assert s.content.text == "الوضع هادئ"
    assert m.content.text == "مصدر قوله إن الوضع هادئ"


def test_escapes():
    doc = compile_markup("@id: d\nother | قوس \\{ و \\} وشرطة \\\\")
    assert doc.text == "قوس { و } وشرطة \\"


@pytest.mark.parametrize(
    "source, line, message",
    [
        ("@id: d\nthesis | نص", 2, "role"),
        ("@id: d\nclaim | {hedge weak|ربما} نص", 2, "strong"),
        ("@id: d\nclaim | {hedge strong|ربما نص", 2, "never closed"),
        ("@id: d\nclaim | ربما} نص", 2, "closes no tag"),
        ("@id: d\nclaim | {cue a|قال} نص", 2, "src"),
        ("@id: d\nevidence >t | نص", 2, "unknown unit"),
        ("@id: d\nclaim | {src a ministry x|الوزارة} {cue a|قالت}", 2, "TYPE"),
        ("claim | نص", 1, "@id"),
        ("@id: d\n@colour: red\nclaim | نص", 2, "header"),
    ],
)
def test_errors_name_the_line(source, line, message):
    with pytest.raises(MarkupError) as info:
        compile_markup(source, "x.argm")
    assert info.value.line == line
    assert str(info.value).startswith(f"x.argm:{line}:")
    assert message in str(info.value)


CORPUS_FILES = sorted(glob.glob(str(CORPUS_SRC / "*.argm")))


def test_the_corpus_has_the_seed_and_seventy_documents():
    assert len(CORPUS_FILES) >= 61


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.rsplit("/", 1)[-1][:3])
def test_corpus_file_compiles_validates_and_round_trips(path):
    doc = read_markup(path)
    assert validate_record(doc.to_dict()) == []
    again = compile_markup(to_markup(doc))
    assert again.to_dict() == doc.to_dict()


def test_continuation_carries_the_earlier_speaker():
    doc = compile_markup(
        "@id: d\nevidence | {cue a|قال} {src a security army anon|مصدر عسكري} إن البلدة سقطت.\n"
        "claim | و{cue b cont=a|أضاف} أن {content b|الهجوم فشل}.\n"
        "claim | و{cue c cont=b|تابع} أن الجيش سيرد."
    )
    a, b, c = doc.attributions
    assert (b.continues, c.continues) == ("a1", "a2")
    assert b.source == a.source == c.source and b.unit == "u2" and c.unit == "u3"
    assert (c.source_type, c.canonical, c.anonymous) == ("security", "army", True)
    assert not validate_record(doc.to_dict())
    assert compile_markup(to_markup(doc)).to_dict() == doc.to_dict()


@pytest.mark.parametrize(
    "body, message",
    [
        ("claim | و{cue b cont=z|أضاف} أن الهجوم فشل.", "not an earlier attribution"),
        ("claim | و{cue b cont=a|أضاف} {src b other x|هو} أن الهجوم فشل.", "takes no src"),
        ("claim | و{cue b keep=a|أضاف} أن الهجوم فشل.", "unknown cue option"),
    ],
)
def test_continuation_errors(body, message):
    with pytest.raises(MarkupError, match=message):
        compile_markup("@id: d\nevidence | {cue a|قال} {src a security army|الجيش} إن البلدة سقطت.\n" + body)
