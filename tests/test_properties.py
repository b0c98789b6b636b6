"""Invariants for arbitrary text: units tile it, spans are exact, JSON round-trips."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmine
from argmine.document import Document
from argmine.record import validate_record
from conftest import check_offsets

# Arabic-heavy text with the characters that break naive code: diacritics, tatweel,
# bidi and zero-width controls, curly and unbalanced quotes, punctuation, digits, Latin.
PIECES = [
    "قال", "وزارة", "الإعلام", "نقلت عن", "مصدر أمني", "قوله", "وفقاً ل", "بيان", "قيادات", "ربما", "يبدو أن",
    "قد يؤدي", "قد أعلنت", "يمكن القول", "إن", "أن", "بحسب", "مصادر", "محلية", "1-", "أولاً:", "دوافع", "تهدف إلى",
    "\u064e", "\u0651", "\u0640", "\u200f", "\u200e", "\u202b", "\u200c", "\ufeff", "“", "”", "«", "»", '"', "(", ")",
    ".", "؟", "!", ":", "،", "؛", "-", "\n", " ", "  ", "\t", "١٢", "2022", "Reuters", "ﻻ", "ک", "ی", "\x00",
]
arabic_heavy = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
any_text = st.text(max_size=200)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text):
    doc = argmine.annotate(text, "h")
    assert doc.text == text
    check_offsets(doc)
    record = doc.to_dict()
    assert validate_record(record) == []
    assert Document.from_dict(record).to_dict() == record


@SETTINGS
@given(arabic_heavy)
def test_invariants_on_arabic_heavy_text(text):
    check(text)


@SETTINGS
@given(any_text)
def test_invariants_on_any_unicode(text):
    check(text)


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_concatenation_does_not_break_offsets(a, b):
    check(a + "\n" + b)
