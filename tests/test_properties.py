"""Invariants for arbitrary text: units tile it, spans are exact, JSON round-trips."""

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import argmine
from argmine.corpus.record import document_from_record, validate_record
from argmine.cues.rules import HedgeTagger
from argmine.document import Document
from argmine.segment.rules import segment
from argmine.text.normalize import Normalized
from conftest import ROOT, check_offsets

# Arabic-heavy text with the characters that break naive code: diacritics, tatweel,
# bidi and zero-width controls, curly and unbalanced quotes, punctuation, digits, Latin.
PIECES = [
    "قال", "وزارة", "الإعلام", "نقلت عن", "مصدر أمني", "قوله", "وفقاً ل", "بيان", "قيادات", "ربما", "يبدو أن",
    "قد يؤدي", "قد أعلنت", "يمكن القول", "إن", "أن", "بحسب", "مصادر", "محلية", "1-", "أولاً:", "دوافع", "تهدف إلى",
    "في تقريره", "من", "على", "مراراً", "أنقرة", "تشكيل", "المعترف بها دولياً", "لشؤون", "نفى",
    "\u064e", "\u0651", "\u0640", "\u200f", "\u200e", "\u202b", "\u200c", "\ufeff", "“", "”", "«", "»", '"', "(", ")",
    ".", "؟", "!", ":", "،", "؛", "-", "\n", " ", "  ", "\t", "١٢", "2022", "Reuters", "ﻻ", "ک", "ی", "\x00",
]
arabic_heavy = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
SEED_SENTENCES = [line for line in (ROOT / "samples" / "jasim-2022-10.txt").read_text(encoding="utf-8").split("\n") if line.strip()]
any_text = st.text(max_size=200)
# a bounded budget: the same number of examples in CI as here
SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])  # examples and seed: the profile in conftest.py


def check(text, model="default"):
    doc = argmine.annotate(text, model=model)  # no id: a stable one is given
    assert doc.text == text
    check_offsets(doc)
    record = doc.to_dict()
    assert validate_record(record) == []  # every id resolves, every enum is valid
    assert document_from_record(record).to_dict() == record
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record


@SETTINGS
@given(arabic_heavy)
def test_invariants_on_arabic_heavy_text(text):
    check(text)


@SETTINGS
@given(any_text)
def test_invariants_on_any_unicode(text):
    check(text)


@SETTINGS
@given(arabic_heavy)
def test_invariants_of_the_rules_alone(text):
    check(text, model=None)


@SETTINGS
@given(arabic_heavy)
def test_segmentation_tiles(text):
    spans = segment(text)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert not text[prev:s].strip() and text[s:e] == text[s:e].strip()
        prev = e
    assert not text[prev:].strip()


@SETTINGS
@given(arabic_heavy)
def test_cue_offsets_map_back(text):
    norm = Normalized.of(text)
    for start, end, strength in HedgeTagger().find(norm.text):
        s, e = norm.original_span(start, end)
        assert 0 <= s < e <= len(text)
        assert strength in ("strong", "medium", "booster")


@SETTINGS
@given(arabic_heavy)
@example("نقلت عنقال،")  # a comma ends the text just after a source
def test_attribution_spans_stay_in_their_unit(text):
    doc = argmine.annotate(text, model=None)
    ids = {a.id for a in doc.attributions}
    for a in doc.attributions:
        unit = doc.unit(a.unit)
        for span in (a.cue, a.source, a.content):
            if span is not None:
                assert unit.start <= span.start <= span.end <= unit.end
        assert a.via is None or (a.via in ids and a.via != a.id)


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_concatenation_does_not_break_offsets(a, b):
    check(a + "\n" + b)


# combining marks that normalisation keeps (Latin, and one above the BMP) as well as those it drops
with_marks = st.lists(st.sampled_from(PIECES + ["e\u0301", "\u0300", "\U0001d167", "\U0001f600"]), max_size=60).map("".join)


@SETTINGS
@given(with_marks, st.data())
def test_many_spans_map_back_like_one(text, data):
    """``original_spans`` (vectorised) agrees with ``original_span`` one span at a time."""
    n = Normalized.of(text)
    if not n.text:
        return
    pairs = data.draw(st.lists(st.tuples(st.integers(0, len(n.text) - 1), st.integers(1, len(n.text))), max_size=20))
    pairs = [(s, e) for s, e in pairs if s < e]
    starts, ends = n.original_spans([s for s, _ in pairs], [e for _, e in pairs])
    assert list(zip(starts, ends)) == [n.original_span(s, e) for s, e in pairs]


@SETTINGS
@given(arabic_heavy, st.data())
def test_normalized_text_of_a_span_is_the_span_normalised(text, data):
    """Slicing the document's normalised text gives what normalising the slice gives."""
    from argmine.text.normalize import normalize

    doc = Document(text=text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert doc.normalized_text(start, end) == normalize(text[start:end])


@SETTINGS
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=15),
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=15),
)
def test_spans_overlap_like_checking_every_span(spans, queries):
    from argmine.text.lexicon import Spans

    spans = [(s, s + n) for s, n in spans]
    index = Spans(spans)
    for s, n in queries:
        assert index.overlaps(s, s + n) == any(s < e and b < s + n for b, e in spans)


# role cues, and words that hold one ("بهدف", "وتهدف"), glued or spaced, to be cut anywhere
role_cue_text = st.lists(st.sampled_from(["تهدف إلى", "بهدف", "هدف", "و", "ال", "سعت", " ", " ", ".", "يسعى"]), max_size=30).map("".join)


@SETTINGS
@given(role_cue_text, st.lists(st.integers(0, 200), max_size=8))
def test_role_cues_matched_once_are_those_matched_per_unit(text, cuts):
    """Matching the role-cue lexicon over the whole text gives each unit what matching it alone gives,
    even for units cut in the middle of a word."""
    from argmine.roles.rules import RuleRoleClassifier
    from argmine.text.lexicon import longest_first

    doc = Document(text=text)
    bounds = sorted({0, len(text), *(c for c in cuts if c < len(text))})
    for start, end in zip(bounds, bounds[1:]):
        doc.add_unit(start, end)
    rules = RuleRoleClassifier()

    def key(matches):
        return [(m.start, m.end, m.entry.phrase, m.prefix) for m in matches]

    per_unit = [key(longest_first(rules.cues.find(doc.normalized_text(u.start, u.end)))) for u in doc.units]
    assert [key(ms) for ms in rules.unit_cues(doc)] == per_unit


@SETTINGS
@given(any_text)
def test_split_finds_the_tokens_of_the_word_pattern(text):
    """``fastlinear`` reads scikit-learn's ``token_pattern=r"\\S+"`` as ``str.split``."""
    import re

    assert text.split() == re.findall(r"\S+", text)


ROLES = [None, "claim", "evidence", "motive", "background"]


@SETTINGS
@given(st.lists(st.sampled_from(ROLES), max_size=60))
def test_link_candidates_are_the_heads_near_each_source_and_the_thesis(roles):
    """The numpy candidate pairs are, in the same order, those of the definition spelt out unit by unit."""
    from argmine.links.learned import LINK_AHEAD, LINK_BACK, link_candidates

    doc = Document(text="x" * len(roles), id="t")
    for k, role in enumerate(roles):
        doc.add_unit(k, k + 1).role = role
    heads = [k for k, r in enumerate(roles) if r in ("claim", "motive")]
    thesis = next((k for k in heads if roles[k] == "claim"), None)
    expected = []
    for i, r in enumerate(roles):
        if r in ("evidence", "claim"):
            near = [k for k in heads if i - LINK_BACK <= k <= i + LINK_AHEAD]
            if thesis is not None and thesis not in near:
                near = [thesis] + near
            expected += [(i, j) for j in near if j != i]
    index = {u.id: k for k, u in enumerate(doc.units)}
    assert [(index[a.id], index[b.id]) for a, b in link_candidates(doc)] == expected


@SETTINGS
@given(
    st.lists(st.sampled_from(PIECES + ["12", "ab1", "x1y22", "abc2022"]), max_size=40).map("".join),
    st.lists(st.integers(0, 160), max_size=8),
    st.data(),
)
def test_word_overlap_is_the_jaccard_of_the_long_tokens(text, cuts, data):
    """Link overlap, computed with numpy for many pairs, is |a & b| / |a | b| of each unit's tokens
    longer than three characters (digits folded), as sets; units may cut words and numbers."""
    import numpy as np

    from argmine.links.features import LinkContext, word_overlap
    from argmine.text.tokens import tokens_of

    doc = Document(text=text, id="t")
    edges = sorted({0, len(text), *(c for c in cuts if c < len(text))})
    for s, e in zip(edges, edges[1:]):
        if text[s:e].strip():  # units are never blank
            doc.add_unit(s, e)
    if not doc.units:
        return
    words = [{w for w in tokens_of(doc.normalized_text(u.start, u.end)) if len(w) > 3} for u in doc.units]
    n = len(doc.units)
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=20))
    i, j = np.array([a for a, _ in pairs], dtype=np.int64), np.array([b for _, b in pairs], dtype=np.int64)
    expected = [len(words[a] & words[b]) / (len(words[a] | words[b]) or 1) for a, b in pairs]
    assert word_overlap(LinkContext(doc), i, j).tolist() == expected


@SETTINGS
@given(st.lists(st.sampled_from(PIECES + ["ً", "اً", "e\u0301", "\u0301ً", "\u0640ً", "\u200fً", "ﻻً"]), max_size=60).map("".join))
def test_accusative_by_bisection_is_tanween_in_the_original_span(text):
    """``SourceFinder.accusative`` (precomputed, bisected) and ``accusatives`` (many tokens at once)
    agree with looking in each token's original span."""
    import numpy as np

    from argmine.attribution.rules import SourceFinder, accusatives

    norm = Normalized.of(text)
    finder = SourceFinder(norm)
    toks = finder.tokens(0, len(norm.text))
    expected = []
    for k in range(len(toks)):
        start, end = norm.original_span(toks.starts[k], toks.ends[k])
        expected.append("\u064b" in text[start:end])
        assert finder.accusative(toks, k) == expected[-1], k
    at = np.array([toks.starts, toks.ends], dtype=np.int64).reshape(2, -1)
    assert accusatives(finder.tanween_reach, at[0], at[1]).tolist() == expected


@SETTINGS
@given(arabic_heavy, st.lists(st.integers(-2, 250), max_size=20))
def test_units_at_many_offsets_is_unit_at_each(text, offsets):
    doc = Document(text=text, id="t")
    for s, e in segment(text):
        doc.add_unit(s, e)
    assert doc.units_at(offsets) == [doc.unit_at(k) for k in offsets]


@SETTINGS
@given(st.lists(st.sampled_from(["قد", "و", "ف", "ل", "ع", "لا", " ", "  ", "\n", "يؤدي", "قال", "،", "_", "1"]), max_size=40).map("".join))
@example("عقد قد يؤدي")  # a rejected "قد" whose next word is a "قد" that counts
@example("فوقد يؤدي، وقد لا يؤدي")
def test_qad_found_by_its_literal_is_the_lookbehind_pattern(text):
    """The "قد" + word scan gives the matches of the pattern it replaces, one regex with a lookbehind."""
    import re

    from argmine.cues.rules import qad_candidates

    pattern = re.compile(r"(?<![\w])([وف]?)(قد)\s+((?:لا\s+)?)(\w+)")
    expected = [(m.start(), m.start(2), m.end(), m.group(4)) for m in pattern.finditer(text)]
    assert list(qad_candidates(text)) == expected


@SETTINGS
@given(st.lists(st.sampled_from(PIECES + ["𝟘", "٣", "۴", "x9"]), max_size=40).map("".join), st.lists(st.tuples(st.integers(0, 120), st.integers(0, 120)), max_size=10))
def test_digits_of_many_spans_are_what_the_regex_finds(text, spans):
    import re

    from argmine.text.normalize import has_digits

    spans = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in spans]
    assert has_digits(text, [s for s, _ in spans], [e for _, e in spans]) == [re.search(r"\d", text[s:e]) is not None for s, e in spans]


# Spellings of the same text that a reader takes for one: the NFD form (أ as ا + U+0654), a Persian
# keyboard (ی ک), Persian and Arabic-Indic digits, presentation forms (ﻻ).
SPELLINGS = {
    "nfd": lambda t: __import__("unicodedata").normalize("NFD", t),
    "persian keyboard": lambda t: t.replace("ي", "ی").replace("ك", "ک").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
    "arabic-indic digits": lambda t: t.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
    "presentation forms": lambda t: t.replace("لا", "ﻻ"),
}


@SETTINGS
@given(st.lists(st.sampled_from(SEED_SENTENCES), min_size=1, max_size=6, unique=True), st.sampled_from(sorted(SPELLINGS)))
def test_other_spellings_of_a_text_get_the_same_labels(sentences, spelling):
    from argmine.text.normalize import normalize

    text = "\n".join(sentences)
    usual, other = argmine.annotate(text), argmine.annotate(SPELLINGS[spelling](text))
    check_offsets(other)

    def labels(doc):
        return (
            [(u.role, u.hedged) for u in doc.units],
            [(c.strength, normalize(c.text)) for c in doc.cues],
            [(a.source_type, a.anonymous, normalize(a.source.text), normalize(a.cue.text)) for a in doc.attributions],
            [(lk.from_, lk.to, lk.relation) for lk in doc.links],
        )

    assert labels(other) == labels(usual)
