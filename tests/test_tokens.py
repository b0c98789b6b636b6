"""The token layer: one per document, shared by every stage, exact to the character."""

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from test_properties import PIECES, SETTINGS

import argmine
from argmine.document import Document
from argmine.text import tokens as tokens_module
from argmine.text.normalize import normalize
from argmine.text.tokens import TOKEN, Tokens, tokens_of

TEXT = """دوافع متعددة
1- تأمين المدينة: تهدف الحملة إلى تأمين المدينة قبل الانتخابات.
وقال المتحدث باسم وزارة الداخلية الليبية إن الوضع مستقر، وفقاً لمصادر محلية.
وأضاف أن 12 شخصاً قتلوا في 2022. ربما انتهت الحملة، ومن المؤكد أن الجيش انسحب."""


@pytest.mark.parametrize("model", [None, "default"])
def test_the_text_is_tokenised_once_per_document(model, monkeypatch):
    """Every stage (rules and learned: attribution, cue, role and link features) reads the one layer."""
    pipe = argmine.load(model)
    pipe(TEXT)  # first use: lazy imports
    made = []
    real = Tokens.of.__func__

    def counted(cls, text):
        made.append(text)
        return real(cls, text)

    monkeypatch.setattr(tokens_module.Tokens, "of", classmethod(counted))
    doc = pipe(TEXT)
    assert doc.attributions and doc.cues and doc.links
    assert made == [doc.normalized.text]
    assert doc.tokens is doc.tokens


# texts with characters that cut, join or hide tokens: marks (dropped or kept), tatweel, digits of
# several scripts, a character above the BMP, underscores, and spaces other than " "
with_marks = st.lists(st.sampled_from(PIECES + ["e\u0301", "\u0300", "\U0001d167", "\U0001f600", "𝟘", "٣", "x_9", "\u00a0", "\u2028"]), max_size=60).map("".join)


@SETTINGS
@given(st.one_of(with_marks, st.text(max_size=200)))
@example("قال 12 شخصا.")
def test_the_layer_is_the_token_pattern_and_maps_back_to_the_original(text):
    """The layer's tokens are those of ``TOKEN`` over the normalised text, and each points at the
    original characters it comes from: its span starts at the character of its first one, and
    normalising the span gives the token back, followed by nothing but the combining marks that
    normalisation keeps (a span runs on over the marks after its last letter)."""
    doc = Document(text=text)
    norm = doc.normalized
    layer = doc.tokens
    assert [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(norm.text)] == list(zip(layer.starts.tolist(), layer.ends.tolist(), layer.strings))
    assert layer.texts(0, len(norm.text), fold=True) == tokens_of(norm.text)
    if not len(layer):
        return
    starts, ends = norm.original_spans(layer.starts.tolist(), layer.ends.tolist())
    assert norm.normalized_spans(starts, starts)[0] == layer.starts.tolist()
    for s, e, token in zip(starts, ends, layer.strings):
        normalised = normalize(text[s:e])
        assert normalised.startswith(token), (s, e)
        assert all(unicodedata.category(ch) == "Mn" for ch in normalised[len(token) :]), (s, e)


@SETTINGS
@given(with_marks, st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=10))
def test_the_tokens_of_a_span_are_those_of_its_text(text, spans):
    """A span's tokens, read from the layer, are those of its text tokenised alone, even where it
    cuts a word or a number."""
    from argmine.attribution.rules import SourceFinder

    doc = Document(text=text)
    norm = doc.normalized.text
    finder = SourceFinder(doc.normalized, doc.tokens)
    for a, b in spans:
        s, e = min(a, b, len(norm)), min(max(a, b), len(norm))
        assert doc.tokens.texts(s, e) == TOKEN.findall(norm, s, e)
        assert doc.tokens.texts(s, e, fold=True) == tokens_of(norm[s:e])
        assert doc.tokens.bounds(s, e) == ([m.start() for m in TOKEN.finditer(norm, s, e)], [m.end() for m in TOKEN.finditer(norm, s, e)])
        toks = finder.tokens(s, e)
        assert list(zip(toks.starts, toks.ends, toks.texts, toks.words)) == [(m.start(), m.end(), m.group(), m.group()[0].isalnum()) for m in TOKEN.finditer(norm, s, e)]
    starts, ends = [min(a, b, len(norm)) for a, b in spans], [min(max(a, b), len(norm)) for a, b in spans]
    folds = [bool((a + b) % 2) for a, b in spans]
    expected = [tokens_of(norm[s:e]) if f else TOKEN.findall(norm, s, e) for s, e, f in zip(starts, ends, folds)]
    assert doc.tokens.texts_many(starts, ends, folds) == expected
    assert list(doc.tokens.iter_texts(starts, ends, folds, block=3)) == expected
    assert doc.tokens.texts_many(starts, ends) == [TOKEN.findall(norm, s, e) for s, e in zip(starts, ends)]
    assert doc.tokens.texts_many(ends, starts) == [[] for _ in spans]  # empty and reversed spans
