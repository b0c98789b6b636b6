"""Attribution (ANNOTATION.md §4): reporting cue -> source phrase -> content, chains, types, ids.

Rules, in order, for each unit:
1. reporting cues from ``lexicons/reporting.tsv`` (verbs in their inflections,
   prepositions such as ``وفقاً لـ``، ``بحسب``, relatives such as ``ما نشرته``, and ``قوله``);
2. the source phrase: after a preposition or relative cue; after a verb (verb-subject
   order) or, failing that, before it (subject-verb order). The phrase runs word by word
   until a boundary (punctuation, ``إن/أن``, time words, ``عن``, another cue...), and must
   contain a source word (``lexicons/source_words.tsv``) or a gazetteer name;
3. chains: ``X نقلت عن Y قوله`` and ``X ... نقلاً عن Y`` give Y ``via`` X; coordinated
   sources (``لبيان قيادات مدينة جاسم، وتقارير إعلامية محلية``) share the cue;
4. the type and anonymity from the phrase's words, the canonical id from the gazetteer,
   or from an earlier mention of the same source in the document, or from the phrase itself.

>>> from argmine import annotate
>>> doc = annotate("وقال المتحدث باسم وزارة الداخلية الليبية إن الوضع مستقر.")
>>> a = doc.attributions[0]
>>> a.cue.text, a.source.text, a.source_type, a.content.text
('قال', 'المتحدث باسم وزارة الداخلية الليبية', 'government', 'الوضع مستقر')
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import itemgetter

from argmine.document import Attribution, Document, Span
from argmine.text.lexicon import HERE, Lexicon, longest_first, make_entry, ordered, read_tsv, rows, words
from argmine.text.normalize import normalize
from argmine.text.tokens import TOKEN, Tokens

NP_PREFIXES = ("", *ordered("source_prefixes"))  # no clitic, or one of these
CLITIC_PREFIXES = ordered("clitic_prefixes")  # dropped to look a word up: "والحكومة"
ARTICLE_PREFIXES = ordered("article_prefixes")  # dropped to make a key: "الأمم"
MAX_NP = 12
WORDS = 1 << 16  # distinct words remembered by the per-word caches

STOP = words("stop_words")
GENERIC_WRAPPERS = words("generic_wrappers")
ANONYMITY_WORDS = rows("anonymity_clause", 2)  # (word, slot), in order of preference


def _slot(slot: str, before: str = "") -> str:
    """The words of one slot of the anonymity clause, normalised, as a regex alternation."""
    return "|".join(before + normalize(w) for w, s in ANONYMITY_WORDS if s == slot)


ANONYMITY_VERBS = _slot("verb")
ANONYMITY = re.compile(
    r"(?:" + ANONYMITY_VERBS + r")(?:" + _slot("condition", " ") + r")? "
    r"(?:عدم )?(?:" + _slot("disclose") + r")(?: عن)? (?:" + _slot("identity") + r")"
)
ANONYMITY_OPENERS = frozenset(ANONYMITY_VERBS.split("|"))
TYPE_WORDS = rows("type_words", 2)  # (word, list)
OFFICIAL = frozenset(normalize(w) for w, kind in TYPE_WORDS if kind == "official")
NATIONAL = frozenset(normalize(w) for w, kind in TYPE_WORDS if kind == "national")
INTERNATIONAL = frozenset(normalize(w) for w, kind in TYPE_WORDS if kind == "international")
# heads that name UN or international bodies, but national ones too
NATIONAL_OR_INTERNATIONAL = frozenset(normalize(w) for w, kind in TYPE_WORDS if kind == "either")
ISSUED = words("issued_by")
# after "في", a word that says where or when the source spoke, not who it is:
# "وكشف ديوان المحاسبة في تقريره السنوي"، "وأعلنت الحكومة في العاشر من"
FRAMES = words("frame_words")
FRAME_PREPOSITIONS = words("frame_prepositions")  # "في تقريره": where or when, not who
PRONOUN_SUFFIXES = ordered("pronoun_suffixes")  # of a frame word: "تقريره"
# after "من", a word that says where the source is from: "وجهاء من مديريات ريف تعز"، "قارئ من أسيوط"
PLACES = words("place_words")
# the verbal nouns that open an object in verb-subject-object order (normalised, without the article):
# تفعيل (تشكيل، تعليق)، افتعال (اكتشاف)، استفعال (استئناف)، and عدم: "أعلنت حكومة ولاية شمال دارفور تشكيل لجنة";
# not إفعال, which looks like the plural أفعال (أعمال، أطفال) once normalised
MASDAR = re.compile(r"ت\w\wي[^\Wه]|ا\wت\wا\w|است\w\wا\w|عدم")
# data words that, alone and definite, name no source: "وتشير التقديرات إلى أن"
UNOWNED = words("unowned_data")
# word pairs inside a fixed phrase that the rules below would otherwise split: "المعترف بها دولياً"
FIXED = frozenset((a, normalize(b)) for a, b in rows("fixed_pairs", 2))
SAME = words("same_words")  # "المنظمة ذاتها"
# words that end a source phrase wherever they come, though (unlike STOP) one may follow a cue: "وتصر جمعية المصارف على أن"
ENDERS = words("phrase_enders")
LINKING = words("linking_words")
TO_ME = words("addressee_pronouns")
ASIDE_PRONOUNS = words("aside_pronouns")  # "، وهو ...": an aside, not an apposition
NOT_CUE_STARTS = words("not_cue_starts")  # cue words too common to end a source phrase
SAYING = words("saying_nouns")  # "نقلت عن مصدر قوله"
# verbs accepted with a proper name as source (قال محمد علي ...), without a source word
STRONG_VERBS = words("strong_verbs")


@dataclass(slots=True)
class Toks:
    """The tokens of a unit, or of a phrase in it, as parallel lists: normalised bounds, strings, and
    whether each is a word (not punctuation); ``toks[i:j]`` holds tokens ``i`` to ``j - 1``.

    Plain lists of ints, strings and bools, not an object per token: Python's garbage collector
    tracks such an object, and walks it again at every collection while its unit is at work. With
    an object per token, the collector cost a tenth of the time on a long document.

    >>> from argmine.text.normalize import Normalized
    >>> toks = SourceFinder(Normalized.of("قال الوزير: نعم")).tokens(0, 15)
    >>> toks.texts, toks.words, toks[1:3].starts
    (['قال', 'الوزير', ':', 'نعم'], [True, True, False, True], [4, 10])
    """

    starts: list[int]
    ends: list[int]
    texts: list[str]
    words: list[bool]

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, k: slice) -> Toks:
        return Toks(self.starts[k], self.ends[k], self.texts[k], self.words[k])

    def start_first_at(self, start: int, norm: str) -> None:
        """Make the first token start at ``start``, inside it (``norm``: the text the tokens are of)."""
        self.starts[0] = start
        self.texts[0] = norm[start : self.ends[0]]
        self.words[0] = self.texts[0][0].isalnum()


def _strip_clitics(word: str) -> list[str]:
    """The word and its readings without clitics and article, longest first."""
    out = [word]
    for p in CLITIC_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            out.append(word[len(p) :])
    return out


def inflect(phrase: str, kind: str) -> list[str]:
    """Inflected forms of a reporting verb phrase (only its first word inflects).

    >>> inflect("نقل عن", "verb")
    ['نقل عن', 'نقلت عن', 'نقلوا عن']
    """
    first, _, rest = phrase.partition(" ")
    rest = " " + rest if rest else ""
    if kind == "verb":
        if first.endswith("ى"):  # نفى نفت نفوا; normalised, نفى reads like the masdar نفي, but a source must follow
            stem = first[:-1]
            forms = [first, stem + "ت", stem + "وا"]
        elif first.endswith("ا"):  # دعا -> دعت دعوا
            stem = first[:-1]
            forms = [first, stem + "ت", stem + "وا"]
        else:
            forms = [first, first + "ت", first + "وا"]  # no dual: قالا is rare, نقلا عن is a preposition
    elif kind == "impf":
        stem = first[1:]
        t = "ت" + stem
        plural = first[:-1] + "ون" if first.endswith("ي") else first + "ون"  # ينفي -> ينفون
        forms = [first, t, plural]
    else:
        forms = [first]
    seen = []
    for f in forms:
        if f + rest not in seen:
            seen.append(f + rest)
    return seen


@lru_cache(maxsize=1)
def reporting_lexicon() -> Lexicon:
    entries = []
    for _, cols in read_tsv(HERE / "reporting.tsv", 2):
        phrase, kind = cols[0], cols[1]
        glued = phrase.endswith("+")
        base = phrase.rstrip("+")
        for form in inflect(base, kind):
            entries.append(make_entry(form + ("+" if glued else ""), (kind, normalize(base))))
    return Lexicon(entries)


@lru_cache(maxsize=1)
def source_words() -> Lexicon:
    entries = [make_entry(cols[0], tuple(cols[1:])) for _, cols in read_tsv(HERE / "source_words.tsv", 4)]
    return Lexicon(entries, prefixes=NP_PREFIXES)


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, str, bool]]:
    """Normalised name (article-less forms too) -> (source_type, canonical, anonymous)."""
    out = {}
    for _, cols in read_tsv(HERE / "sources.tsv", 3):
        out[_key(normalize(cols[0]))] = (cols[1], cols[2], len(cols) > 3 and cols[3] == "anon")
    return out


@lru_cache(maxsize=1)
def gazetteer_heads() -> frozenset[str]:
    """The first word of every gazetteer key."""
    return frozenset(k.split(" ")[0] for k in gazetteer())


def _key(norm_phrase: str) -> str:
    """A phrase key that ignores clitics, the article and punctuation."""
    words = [w for w in TOKEN.findall(norm_phrase) if w[0].isalnum()]
    return " ".join(_bare(w) for w in words)


@lru_cache(maxsize=WORDS)  # pure functions of a word, called for every token
def _bare(word: str) -> str:
    for p in ARTICLE_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            return word[len(p) :]
    return word


@lru_cache(maxsize=1)
def _source_word_index() -> dict[str, tuple[str, ...]]:
    return {_bare(e.phrase): e.fields for e in source_words().entries if " " not in e.phrase}


@lru_cache(maxsize=WORDS)  # a source phrase comes again and again: "وزارة الداخلية"
def _multi_word_sources(phrase: str) -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    """The source words of more than one word in a normalised phrase: ``(start, clitic, fields)`` of each match."""
    return tuple((m.start, m.prefix, m.fields) for m in source_words().find(phrase) if " " in m.entry.phrase)


@lru_cache(maxsize=WORDS)
def word_info(word: str) -> tuple[str, ...] | None:
    """The ``(type, kind, anonymous)`` of a single normalised word, clitics allowed."""
    index = _source_word_index()
    for w in _strip_clitics(word):
        if w in index:
            return index[w]
        if _bare(w) in index:
            return index[_bare(w)]
    return None


@lru_cache(maxsize=WORDS)
def _is_frame(word: str) -> bool:
    """``word``, its article and a possessive pronoun aside, is in ``FRAMES``: "تقريره"، "العاشر"."""
    word = word.removeprefix("ال")
    for suffix in PRONOUN_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and (stem in FRAMES or (stem.endswith("ت") and stem[:-1] + "ه" in FRAMES)):
            return True  # "تقريره"، "نشرته" (a ta marbuta before the pronoun)
    return word in FRAMES


@lru_cache(maxsize=WORDS)
def _is_stop(word: str) -> bool:
    return word in STOP or (word[:1] in ("و", "ف") and word[1:] in STOP)


class SourceFinder:
    """Finds source phrases, types and canonical ids in one document."""

    def __init__(self, normalized, tokens: Tokens | None = None):
        self.normalized = normalized
        self.norm = normalized.text
        self.layer = tokens if tokens is not None else Tokens.of(self.norm)  # the document's, if given
        self.units: dict[str, object] = {}  # what later stages keep about a unit, by id
        self._unit_tokens: dict[tuple[int, int], Toks] = {}

    @cached_property
    def reporting_matches(self) -> list:
        """The reporting lexicon's matches in the document, in text order (a longer one wins an
        overlap), found once for every stage that reads them."""
        return longest_first(reporting_lexicon().find(self.norm))

    @cached_property
    def tanween_reach(self) -> tuple[list[int], list[int]]:
        """For each tanween fatha, in order, the normalised characters a token must reach to take it
        in its original span: ``(last one at or before it, first one it can end at)`` (a token's span
        runs on over the diacritics and tatweel after its last character)."""
        import numpy as np

        p = np.array([m.start() for m in re.finditer("\u064b", self.normalized.original)], dtype=np.int64)
        index = self.normalized.index
        if index is None:
            return p.tolist(), p.tolist()
        marks = self.normalized._marks()  # diacritics and tatweel
        run_start = []  # where each tanween's run of marks starts
        for q in p.tolist():
            while q > 0 and marks[q - 1]:
                q -= 1
            run_start.append(q)
        run_start = np.array(run_start, dtype=np.int64)
        dtype = index.dtype
        return (index.searchsorted(p.astype(dtype), side="right") - 1).tolist(), index.searchsorted((run_start - 1).astype(dtype)).tolist()

    def accusative(self, toks: Toks, k: int) -> bool:
        """``toks[k]`` is an indefinite accusative (tanween fatha in the original: ``برنامجاً``): an
        object, not a source.

        The same as looking for tanween in the token's original span, found by bisection."""
        last, first = self.tanween_reach
        at = bisect.bisect_left(last, toks.starts[k])
        return at < len(last) and first[at] <= toks.ends[k] - 1

    def tokens(self, start: int, end: int) -> Toks:
        """The tokens of the normalised span ``[start, end)``, read from the document's token layer
        (a token that the span cuts: the piece inside)."""
        starts, ends = self.layer.bounds(start, end)
        norm = self.norm
        strings = [norm[s:e] for s, e in zip(starts, ends)]
        return Toks(starts, ends, strings, list(map(str.isalnum, map(itemgetter(0), strings))))

    def unit_tokens(self, start: int, end: int) -> Toks:
        """``tokens(start, end)`` of a unit, made once for every stage that reads them (not to be changed:
        a phrase is a slice, ``toks[i:j]``, a copy)."""
        key = (start, end)
        toks = self._unit_tokens.get(key)
        if toks is None:
            toks = self._unit_tokens[key] = self.tokens(start, end)
        return toks

    def forward(self, toks: Toks, i: int) -> int:
        """Index after the last token of a source phrase starting at ``toks[i]`` (``i`` if none)."""
        j = i
        head = word_info(toks.texts[i]) if i < len(toks) else None
        person = bool(head and (head[1] == "generic" or head[0] == "expert"))
        while j < len(toks) and j - i < MAX_NP:
            word = toks.texts[j]
            if word in ('"', "(") and j > i:
                # a quoted or bracketed name: قناة "المسيرة"، منظمة الأمم المتحدة للطفولة "يونيسف"
                closer = '"' if word == '"' else ")"
                close = next((k for k in range(j + 1, min(j + 6, len(toks))) if toks.texts[k] == closer), None)
                if close is not None and close > j + 1 and all(toks.words[j + 1 : close]):
                    j = close + 1
                    continue
                break
            if not toks.words[j] or word.isdigit():
                break
            if j > i:
                anonymity = self._anonymity(toks, j)
                if anonymity:
                    return anonymity
                if self._ends_before(toks, i, j, person):
                    break
            if j == i and ((_is_stop(word) and word_info(word) is None) or self.accusative(toks, j)):
                return i  # a subject has no tanween fath ("أعلنت مراراً"); "وشدد بيان الوزارة": a statement speaks
            j += 1
        return self._extend(toks, i, j)

    def _ends_before(self, toks: Toks, i: int, j: int, person: bool) -> bool:
        """Whether the source phrase ``toks[i:j]`` ends before ``toks[j]``."""
        prev, word = toks.texts[j - 1], toks.texts[j]
        if (prev, word) in FIXED:
            return False  # "الحكومة المعترف بها دولياً": this pronoun and this tanween end no subject
        if _is_stop(word) or _is_cue_start(word) or self.accusative(toks, j):
            return True
        if word == "من":
            # "حذّر X من أن"; but "مصادر من داخل الحزب", "شهود عيان من حي الدرجة الأولى"
            nxt = toks.texts[j + 1] if j + 1 < len(toks) else ""
            return not ((person and j == i + 1) or _bare(nxt) in PLACES)
        if word == "عن":
            return prev not in ISSUED  # "بيان صادر عن الأمانة العامة"
        if word in ENDERS:
            return True
        if word in FRAME_PREPOSITIONS:
            nxt = toks.texts[j + 1] if j + 1 < len(toks) else ""
            return not nxt or _is_stop(nxt) or not (toks.words[j + 1] or nxt == '"') or _is_frame(nxt)
        info = word_info(word)
        if word.startswith("ال") and info and info[1] == "head" and not person and not prev.startswith(("ال", "وال", "ل")):
            # "اتهمت حكومة ولاية بونتلاند الحكومة الفيدرالية": the object starts; but the noun after
            # a word with ل completes it: "مفوضية الأمم المتحدة لشؤون اللاجئين"
            if prev not in LINKING and word_info(prev) is None and j - 1 > i:
                return True
        if word[0] == "ل" and word not in LINKING:
            rest = word_info(word[1:]) if len(word) > 3 else None
            if rest and rest[0] == "media":
                return True  # "لوكالة": the addressee, not the source
        if word in SAME:
            return False  # "المنظمة ذاتها"
        if word.endswith(("ه", "ها", "هم", "هما")) and info is None and self._made_by(toks, i, j):
            return False  # "حصيلة جمعتها وكالة فرانس برس": the figures and who made them
        if word.endswith(("ها", "هم", "هما")) and info is None:
            return True  # a verb or noun with a pronoun: the phrase is over
        if word[0] in "وف" and info and info[1] != "modifier" and word_info(word[1:]):
            # a coordinated source of another kind starts ("سكان في المنطقة وصفحات إخبارية محلية");
            # one of the same kind is part of this one ("صحف ومواقع إخبارية"، "شيوخ ووجهاء")
            head = word_info(toks.texts[i])
            return not head or head[0] != info[0]
        if j - 1 > i and info is None and prev not in LINKING and MASDAR.fullmatch(word) and not word.startswith("ال"):
            return True  # the object starts
        if prev.startswith(("ال", "وال")) and not word.startswith(("ال", "وال", "ل")) and info is None and word not in LINKING:
            # after a definite word, an indefinite one is a name only if what was said follows soon:
            # "قال المتحدث الرسمي محمد علي إن" but "أعلنت القوات المسلحة إحباط عشرات المحاولات"
            ahead = toks.texts[j + 1 : j + 5]
            return not any(w in COMPLEMENTISERS or w in (":", "،") for w in ahead)
        return False

    @staticmethod
    def _made_by(toks: Toks, i: int, j: int) -> bool:
        """``toks[j]`` is a verb with an object pronoun (جمعتها، أصدره) after a document word that
        heads the phrase, and a source comes next: "بيانات جمعتها شركات"، "بيان أصدره البرنامج"."""
        head = word_info(toks.texts[i])
        if not head or head[1] != "generic" or j + 1 >= len(toks):
            return False
        nxt = toks.texts[j + 1]
        return nxt == '"' or word_info(nxt) is not None or _bare(nxt) in gazetteer_heads()

    def _anonymity(self, toks: Toks, j: int) -> int | None:
        """The end of a clause at ``toks[j]`` (after an optional comma) that says the source is anonymous."""
        k = j + 1 if toks.texts[j] == "،" else j
        if k >= len(toks) or toks.texts[k] not in ANONYMITY_OPENERS:
            return None  # the clause opens with one of its verbs, a whole token
        m = ANONYMITY.match(" ".join(toks.texts[k : k + 7]))
        return k + len(m.group(0).split()) if m else None

    def _extend(self, toks: Toks, i: int, j: int) -> int:
        """Drop a dangling preposition; take in an anonymity clause or an apposition naming the office."""
        while j > i + 1 and toks.texts[j - 1] in LINKING:
            j -= 1
        if j <= i or j >= len(toks):
            return j
        anonymity = self._anonymity(toks, j)
        if anonymity:
            return anonymity
        nxt = toks.texts[j + 1] if j + 1 < len(toks) else ""
        if toks.texts[j] == "،" and nxt not in ASIDE_PRONOUNS and nxt not in LINKING and nxt not in ENDERS and not _is_stop(nxt) and not _is_cue_start(nxt):
            # "قال أبو سامر، تاجر الأقمشة في سوق الحميدية، إن": the apposition between two commas
            close = _comma_after(toks, j, 12)
            if (
                close is not None
                and close + 1 < len(toks)
                and toks.texts[close + 1] in COMPLEMENTISERS
                and all(toks.words[j + 1 : close])
            ):
                return close
        return j

    def backward(self, toks: Toks, k: int) -> int:
        """Index of the first token of a source phrase ending just before ``toks[k]``."""
        if k > 0 and toks.texts[k - 1] == "قد":
            k -= 1  # "وكانت الجماعة قد أعلنت"
        j = k
        while j > 0 and k - j < MAX_NP:
            word = toks.texts[j - 1]
            if word == '"':  # a quoted name: وكالة "ستاندرد آند بورز" قد أعلنت
                opening = next((p for p in range(j - 2, max(-1, j - 8), -1) if toks.texts[p] == '"'), None)
                if opening is not None and opening < j - 2 and all(toks.words[p] and not _is_stop(toks.texts[p]) for p in range(opening + 1, j - 1)):
                    j = opening
                    continue
                break
            if not toks.words[j - 1] or word.isdigit() or _is_stop(word) or _is_cue_start(word) or self.accusative(toks, j - 1):
                break  # an accusative (اتفاقاً) is no part of a subject
            j -= 1
            if word[0] in "وف" and word_info(word[1:]) and not word_info(word):
                break  # "والحكومة أعلنت": the conjunction opens the phrase
        return j

    def is_source(self, toks: Toks, strong_verb: bool = False) -> bool:
        """A phrase names a source if its head is a source word, or it holds a gazetteer name."""
        if not toks or (len(toks) == 1 and toks.texts[0].startswith("ال") and _bare(toks.texts[0]) in UNOWNED):
            return False  # "وتشير التقديرات إلى": figures nobody is named for
        head = word_info(toks.texts[0])
        if (head and head[1] in ("head", "generic")) or self.gazetteer_entry(toks):
            return True
        phrase = self.norm[toks.starts[0] : toks.ends[-1]]
        if any(start == 0 or (start <= 4 and prefix) for start, prefix, _ in _multi_word_sources(phrase)):
            return True
        # a proper name after a strong reporting verb: "قال محمد الأمين"
        return strong_verb and 2 <= len(toks) <= 4 and not toks.texts[0].startswith("ال")

    def gazetteer_entry(self, toks: Toks) -> tuple[str, str, bool] | None:
        """The gazetteer's ``(type, canonical, anonymous)`` of a phrase, if it names one."""
        return _gazetteer_entry(tuple(toks.texts))

    def describe(self, toks: Toks) -> tuple[str, bool]:
        """``(source_type, anonymous)`` of a source phrase."""
        hit = self.gazetteer_entry(toks)
        if hit:
            return hit[0], hit[2]
        infos = [word_info(w) for w in toks.texts]
        bare = {_bare(w) for w in toks.texts}
        anonymous = bool(infos[0] and infos[0][2] == "1")
        phrase = self.norm[toks.starts[0] : toks.ends[-1]]
        multi = [fields for _, _, fields in _multi_word_sources(phrase)]
        stype = multi[0][0] if multi else None
        anonymous = anonymous or bool(multi and multi[0][2] == "1")
        if stype is None:
            stype = self._first_type(infos)
        # a non-state armed actor named anywhere in the phrase decides: "المتحدث العسكري باسم جماعة الحوثي"
        if stype != "armed_group" and any(i and i[0] == "armed_group" and i[1] == "head" for i in infos):
            stype = "armed_group"
        if stype == "media":
            if bare & OFFICIAL:
                stype = "government"  # "وسائل الإعلام الرسمية"، "وكالة السودان للأنباء"
            elif '"' in phrase or bare & NATIONAL or any(i and i[0] == "media_local" for i in infos):
                stype = "media_local"  # a named national outlet: قناة "ليبيا الأحرار"
        if stype == "ngo_monitor" and _bare(toks.texts[0]) in NATIONAL_OR_INTERNATIONAL and not bare & INTERNATIONAL:
            stype = "government"  # "المفوضية الوطنية العليا للانتخابات"، "مكتب النائب العام"
        return stype, anonymous

    @staticmethod
    def _first_type(infos) -> str:
        generic_type = None
        for info in infos:
            if not info:
                continue
            if info[1] == "generic":
                generic_type = generic_type or info[0]
                continue
            # a locality word alone makes media local; elsewhere it is a place, not a type
            if info[0] == "media_local" and info[1] == "modifier":
                continue
            return info[0]
        return generic_type or "other"


@lru_cache(maxsize=WORDS)  # a source phrase comes again and again: "وزارة الداخلية"
def _gazetteer_entry(texts: tuple[str, ...]) -> tuple[str, str, bool] | None:
    gaz, heads = gazetteer(), gazetteer_heads()
    words = [_bare(w) for w in texts if w[0].isalnum()]  # as the keys are: no quotes (a token is a word if it starts as one)
    # skip wrappers such as بيان، المتحدث باسم, and a source word before a name: صحيفة "فايننشال تايمز"
    starts = [0] if words else []
    while starts and len(starts) < len(words) and words[len(starts) - 1] in GENERIC_WRAPPERS:
        starts.append(len(starts))
    if len(words) > len(starts) and word_info(words[len(starts) - 1]):
        starts.append(len(starts))
    for s in starts:
        if words[s] not in heads:
            continue  # no name starts with this word
        for e in range(len(words), s, -1):
            hit = gaz.get(" ".join(words[s:e]))
            if hit:
                return hit
    return None


@lru_cache(maxsize=1)
def _cue_starts() -> frozenset[str]:
    return frozenset(e.phrase.split(" ")[0] for e in reporting_lexicon().entries if e.fields[0] != "noun") - NOT_CUE_STARTS


@lru_cache(maxsize=WORDS)
def _is_cue_start(word: str) -> bool:
    starts = _cue_starts()
    return word in starts or (word[:1] in ("و", "ف") and word[1:] in starts)


def _slug(tokens: list[str]) -> str:
    """A canonical id made of a source phrase's tokens (normalised): its words, transliterated.

    >>> _slug(["وزارة", "الداخلية", "الليبية"])
    'wzarp-daxlyp-lybyp'
    """
    from camel_tools.utils.charmap import CharMapper

    mapper = _mapper(CharMapper)
    words = [_bare(w) for w in tokens if w[0].isalnum()]
    words = [w for w in words if w not in GENERIC_WRAPPERS] or words
    latin = mapper(" ".join(words))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", latin).strip("-").lower()
    return slug or "source"


@lru_cache(maxsize=1)
def _mapper(cls):
    return cls.builtin_mapper("ar2safebw")


@dataclass
class _Found:
    cue: tuple[int, int]
    source: tuple[int, int]
    toks: Toks
    content: tuple[int, int] | None = None
    via: int | None = None  # index into the unit's list


class AttributionTagger:
    """Pipeline stage: adds attributions to each unit, with chains and canonical ids."""

    name = "attribution"

    def __call__(self, doc: Document) -> None:
        for _ in self.tag_units(doc, SourceFinder(doc.normalized, doc.tokens), typed=True):
            pass  # each unit's attributions are added to ``doc`` as it goes

    def tag_units(self, doc: Document, finder: SourceFinder, typed: bool):
        """Add the attributions of each unit, then yield ``(unit, its tokens)``; ``typed``: also give
        their types and canonical ids (the learned tagger does that itself, once it has moved boundaries)."""
        norm = doc.normalized
        canon = _Canonicaliser(finder)
        cues = finder.reporting_matches  # in text order
        by_unit: dict[str, tuple[int, int]] = {}  # each unit's cues: cues[first:last] (tuples of ints: no list per unit)
        starts, _ = norm.original_spans([m.start for m in cues], [m.end for m in cues])
        for k, unit in enumerate(doc.units_at(starts)):
            if unit is not None:
                by_unit[unit.id] = (by_unit.get(unit.id, (k,))[0], k + 1)
        n = 0
        cued = [u for u in doc.units if u.id in by_unit]
        for unit, ns, ne in zip(cued, *norm.normalized_spans([u.start for u in cued], [u.end for u in cued])):
            first, last = by_unit[unit.id]
            toks, found = self._unit(finder, (ns, ne), cues[first:last])
            ids = []
            for f in found:
                n += 1
                ids.append(f"a{n}")
                if typed:
                    canonical, stype, anonymous = canon(f.toks, *finder.describe(f.toks))
                else:
                    canonical, stype, anonymous = "", "other", False
                doc.attributions.append(
                    Attribution(
                        id=ids[-1],
                        unit=unit.id,
                        cue=_span(doc, norm, f.cue),
                        source=_span(doc, norm, f.source),
                        source_type=stype,
                        canonical=canonical,
                        anonymous=anonymous,
                        content=_span(doc, norm, f.content) if f.content else None,
                        via=ids[f.via] if f.via is not None else None,
                    )
                )
            if found:
                yield unit, toks

    def _unit(self, finder: SourceFinder, bounds: tuple[int, int], matches) -> tuple[Toks, list[_Found]]:
        """The tokens of a unit (``bounds``: normalised) and the attributions its reporting ``matches`` introduce."""
        ns, ne = bounds
        toks = finder.unit_tokens(ns, ne)
        tok_starts, tok_ends = toks.starts, toks.ends
        found: list[_Found] = []
        used: set[int] = set()
        for m in matches:
            kind = m.fields[0]
            word_start = m.start - len(m.prefix)  # "وقال": the token starts at the clitic
            ci = bisect.bisect_left(tok_starts, word_start)
            if ci == len(toks) or tok_starts[ci] != word_start:
                continue  # the cue does not start a token
            # index of the first token after the cue (a glued cue ends inside a token)
            last = bisect.bisect_left(tok_ends, m.end)
            after = last + 1 if last < len(toks) and tok_ends[last] == m.end else bisect.bisect_left(tok_starts, m.end)
            if m.entry.glued:
                after = bisect.bisect_right(tok_ends, m.end)  # the token the cue is glued to
            if kind == "noun":
                continue  # handled inside chains
            groups = self._sources(finder, toks, m, kind, ci, after, used)
            if not groups:
                continue
            first = len(found)
            for src_i, src_j in groups:
                phrase = toks[src_i:src_j]
                first_word = phrase.texts[0]
                if m.entry.glued and phrase.starts[0] < m.end:
                    phrase.start_first_at(m.end, finder.norm)  # "لبيان": after the cue "ل"
                elif src_i != after and first_word[0] == "و" and word_info(first_word[1:]):
                    phrase.start_first_at(phrase.starts[0] + 1, finder.norm)  # "والحكومة": after the conjunction
                found.append(_Found((m.start, m.end), (phrase.starts[0], phrase.ends[-1]), phrase))
                used.update(range(src_i, src_j))
            self._content(toks, found, first, m, ci, after, kind, ne)
            if m.entry.fields[1] == normalize("نقلاً عن") and first > 0 and found[first - 1].source[1] <= m.start:
                for f in found[first:]:
                    f.via = first - 1
            self._relayed(finder, toks, found, first, m, ci, after, used, ne)
        _keep_contents_in_clauses(toks, found)
        return toks, found

    def _sources(self, finder, toks, m, kind, ci, after, used) -> list[tuple[int, int]]:
        base = m.entry.fields[1]
        strong = base.split(" ")[0] in STRONG_VERBS
        if kind in ("prep", "rel"):
            j = finder.forward(toks, after)
            cands = [(after, j)] if j > after and finder.is_source(toks[after:j]) else []
        else:
            cands = []
            relaying = base.endswith(" عن")
            if after < len(toks) and toks.texts[after] in TO_ME:
                after += 1  # "وقال لي أحد أعضاء الوفد"
            # "وكانت اللجنة قد أكدت وجود ...": a subject before "قد" comes first
            subject_first = ci > 1 and toks.texts[ci - 1] == "قد" and toks.words[ci - 2] and not _is_stop(toks.texts[ci - 2])
            if subject_first:
                cands = self._before(finder, toks, ci, used)
            if not relaying and not cands:
                j = finder.forward(toks, after)
                if j > after and finder.is_source(toks[after:j], strong):
                    cands = [(after, j)]
                elif j > after and self._said_next(toks, j):
                    # "وأضاف الصبري أن ...": a name (and its apposition), then what was said
                    name = next((k for k in range(after, j) if toks.texts[k] == "،"), j) - after
                    cands = [(after, j)] if name <= 5 else []
            if not cands and not subject_first:
                cands = self._before(finder, toks, ci, used)
        if not cands:
            return []
        # coordinated sources: "X، وY" or "X وY"
        i, j = cands[-1]
        while j < len(toks):
            k = j + 1 if toks.texts[j] == "،" else j
            if k < len(toks) and toks.texts[k][0] == "و" and word_info(toks.texts[k][1:]):
                end = finder.forward(toks, k)
                if end > k and finder.is_source(toks[k:end]):
                    cands.append((k, end))
                    j = end
                    continue
            break
        return cands

    @staticmethod
    def _before(finder, toks: Toks, ci: int, used: set[int]) -> list[tuple[int, int]]:
        """The source phrase before the verb at ``toks[ci]`` (and a "قد" before it), if any."""
        end = ci - 1 if ci > 0 and toks.texts[ci - 1] == "قد" else ci
        i = finder.backward(toks, ci)
        # the longest phrase before the verb whose first word can head a source
        i = next((p for p in range(i, end) if finder.is_source(toks[p:end])), end)
        return [(i, end)] if i < end and not used.intersection(range(i, end)) else []

    @staticmethod
    def _said_next(toks: Toks, j: int) -> bool:
        """What was said starts at ``toks[j]``, perhaps after "من" or an aside between commas:
        "وحذّر فهمي من أن"، "وأضاف الزنتاني، في اتصال هاتفي، أن"."""
        if j < len(toks) and toks.texts[j] == "من":
            j += 1
        elif j + 1 < len(toks) and toks.texts[j] == "،" and toks.texts[j + 1] not in SAID:  # an aside opens
            close = _comma_after(toks, j, 10)
            j = close + 1 if close is not None else len(toks)
        elif j < len(toks) and toks.texts[j] == "،":  # an apposition closes
            j += 1
        return j < len(toks) and (toks.texts[j] in SAID or toks.texts[j] in ':"')

    def _content(self, toks, found, first, m, ci, after, kind, unit_end) -> None:
        last_src = found[-1].source[1]
        j = _first_at(toks, last_src)
        content = _content_after(toks, j, unit_end)
        if content is None and kind in ("prep",) and ci > 0:
            content = _content_before(toks, ci)
        for f in found[first:]:
            f.content = content

    def _relayed(self, finder, toks, found, first, m, ci, after, used, unit_end) -> None:
        """``X نقلت عن Y قوله ...`` and ``نقلت X عن Y``: add Y with ``via`` X."""
        base = m.entry.fields[1]
        if m.fields[0] not in ("verb", "impf") or not base.startswith(normalize("نقل")):
            return
        relaying = base.endswith(" عن")
        k = after if relaying else next((i for i in range(after, min(len(toks), after + MAX_NP + 2)) if toks.texts[i] == "عن"), None)
        if k is None:
            return
        if not relaying:
            k += 1  # past "عن": "نقلت وكالة رويترز عن شهود"
        j = finder.forward(toks, k)
        if j <= k or not finder.is_source(toks[k:j]):
            return
        cue = (toks.starts[k - 1], toks.ends[k - 1]) if not relaying else (m.start, m.end)
        if j < len(toks) and toks.texts[j] in SAYING:
            cue = (toks.starts[j], toks.ends[j])
            rest = j + 1
        else:
            rest = j
        content = _content_after(toks, rest, unit_end)
        relayer = first if len(found) > first else None
        if relayer is not None and content:
            found[relayer].content = (toks.starts[k], content[1])
        found.append(_Found(cue, (toks.starts[k], toks.ends[j - 1]), toks[k:j], content, relayer))
        used.update(range(k, j))


SAID = frozenset(normalize(w) for w, kind in rows("complementisers", 2) if kind in ("said", "said-it"))  # what was said starts
SAID_IT = frozenset(normalize(w) for w, kind in rows("complementisers", 2) if kind == "said-it")  # إنه، أنه
COMPLEMENTISERS = SAID | frozenset(normalize(w) for w, kind in rows("complementisers", 2) if kind == "about")  # or what it was about


def _comma_after(toks: Toks, j: int, within: int) -> int | None:
    """Index of the first comma after ``toks[j]`` and before ``toks[j + within]``, if any."""
    return next((c for c in range(j + 1, min(j + within, len(toks))) if toks.texts[c] == "،"), None)


def _first_at(toks: Toks, offset: int) -> int:
    """Index of the first token starting at or after ``offset``."""
    lo, hi = 0, len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks.starts[mid] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _content_after(toks: Toks, j: int, unit_end: int) -> tuple[int, int] | None:
    """The content after a source: after إن/أن/بأن, a colon, or ``حول``/``بشأن``; to the unit's end."""
    while j < len(toks) and toks.texts[j] in ("،", ":"):
        j += 1
    if j >= len(toks):
        return None
    complementisers = COMPLEMENTISERS
    if toks.texts[j] not in complementisers and toks.texts[j - 1] != ":":
        # a time or place phrase may come first: "ما نشرته وسائل إعلام محلية خلال شهر يوليو، حول ..."
        ahead = next((k for k in range(j, min(j + 8, len(toks))) if toks.texts[k] in complementisers), None)
        if ahead is not None and all(w or x == "،" for w, x in zip(toks.words[j:ahead], toks.texts[j:ahead])):
            j = ahead
    word = toks.texts[j]
    if word in complementisers or toks.texts[j - 1] == ":" or word in '"':
        start = j + 1 if word in complementisers else j
        if word in SAID_IT:
            start = j + 1
        end = len(toks)
        while end > start and not toks.words[end - 1] and toks.texts[end - 1] not in '"':
            end -= 1
        if end > start:
            return toks.starts[start], toks.ends[end - 1]
    return None


def _keep_contents_in_clauses(toks: Toks, found: list[_Found]) -> None:
    """Keep each content inside its own reporting clause, so that a unit of many clauses gets
    contents of linear total length: a content after its cue ends where the next clause of the unit
    opens, and a content before its cue (``...، وفقاً لـ X``) starts after the previous clause.
    A clause opens after punctuation or a conjunction (``وقال``، ``، قال``، ``ثم أكد``), not after
    ``إن``/``أن``: a clause reported inside the content (``قال إن الرئيس أكد أن``) stays in it, and so
    do the clauses of its chain (``via``) and the sources that share its cue.

    >>> from argmine import annotate
    >>> doc = annotate("وقال الوزير إن الوضع مستقر وقال المتحدث إن الجيش انسحب.", model=None)
    >>> [a.content.text for a in doc.attributions]
    ['الوضع مستقر', 'الجيش انسحب']
    """
    if len(found) < 2:
        return
    tok_starts = toks.starts
    relayed: dict[int, set[int]] = {}
    for k, f in enumerate(found):
        if f.via is not None:
            relayed.setdefault(f.via, set()).add(k)
    opening = [(start, k) for k, f in enumerate(found) if (start := _clause_start(toks, tok_starts, f)) is not None]
    opening.sort()
    starts = [s for s, _ in opening]
    ends = sorted((max(f.cue[1], f.source[1]), k) for k, f in enumerate(found))
    for k, f in enumerate(found):
        if f.content is None:
            continue
        own = relayed.get(k, set()) | ({f.via} if f.via is not None else set())  # its chain
        cs, ce = f.content
        if cs >= f.cue[0]:  # after its cue: up to the next clause that opens
            i = bisect.bisect_right(starts, cs)
            while i < len(opening) and starts[i] < ce and (opening[i][1] in own or found[opening[i][1]].cue == f.cue):
                i += 1
            if i < len(opening) and starts[i] < ce:
                f.content = _trimmed(toks, tok_starts, cs, starts[i])
        else:  # before its cue: from the end of the previous clause
            i = bisect.bisect_left(ends, (ce + 1,)) - 1
            while i >= 0 and ends[i][0] > cs and (ends[i][1] in own or found[ends[i][1]].cue == f.cue):
                i -= 1
            if i >= 0 and ends[i][0] > cs:
                f.content = _trimmed(toks, tok_starts, ends[i][0], ce, skip_opening=True)


def _clause_start(toks: Toks, tok_starts: list[int], f: _Found) -> int | None:
    """Where the clause of ``f`` opens (its first token, cue or source, with its clitics: ``وقال``),
    or None if it opens none because it follows a word other than a conjunction, such as ``أن``
    (with or without a quote between)."""
    first = min(f.cue[0], f.source[0])
    k = bisect.bisect_right(tok_starts, first) - 1
    if k < 0 or toks.ends[k] <= first:
        return None
    if toks.starts[k] < first and toks.texts[k][: first - toks.starts[k]] in ("و", "ف"):
        return toks.starts[k]  # "وقال"، "فالمتحدث"
    p = k - 1
    while p >= 0 and toks.texts[p] == '"':
        p -= 1
    if p < 0 or toks.texts[p] in CLAUSE_MARKS:
        return toks.starts[p + 1]  # at the start, or after punctuation (and a quote): `، "قال`
    return toks.starts[k] if p == k - 1 and toks.texts[p] in CONJUNCTIONS else None


def _trimmed(toks: Toks, tok_starts: list[int], start: int, end: int, skip_opening: bool = False):
    """The tokens wholly inside ``[start, end)``, without punctuation at either end (nor, with
    ``skip_opening``, a conjunction or complementiser first); None if no word is left."""
    i = bisect.bisect_left(tok_starts, start)
    j = bisect.bisect_left(tok_starts, end)
    while j > i and toks.ends[j - 1] > end:
        j -= 1
    while j > i and not toks.words[j - 1] and toks.texts[j - 1] != '"':
        j -= 1
    while i < j and ((not toks.words[i] and toks.texts[i] != '"') or (skip_opening and _opens_content(toks.texts[i]))):
        i += 1
    if not any(toks.words[i:j]):
        return None
    return toks.starts[i], toks.ends[j - 1]


def _opens_content(word: str) -> bool:
    """A conjunction or complementiser that a content before its cue leaves out: "وإن ..."."""
    return word in OPENERS or word in SAID


OPENERS = words("clause_openers")
CLAUSE_MARKS = frozenset("،,;؛:.!?؟()-–—")  # after which a reporting clause opens
# and the words after which it opens: "ثم قال"، "بينما أكد"، "وبدوره قال"
CONJUNCTIONS = OPENERS | words("clause_openers_after")


def _content_before(toks: Toks, ci: int) -> tuple[int, int] | None:
    """The content of an attribution placed at the end: the unit's text before ``، وفقاً لـ``."""
    end = ci
    while end > 0 and not toks.words[end - 1]:
        end -= 1
    start = 0
    while start < end and toks.texts[start] in OPENERS:
        start += 1
    if end > start:
        return toks.starts[start], toks.ends[end - 1]
    return None


def accusatives(reach: tuple[list[int], list[int]], starts, ends):
    """``SourceFinder.accusative`` of many tokens at once (numpy arrays of their normalised bounds;
    ``reach``: the finder's ``tanween_reach``)."""
    import numpy as np

    last, first = (np.asarray(x, dtype=np.int64) for x in reach)
    k = last.searchsorted(starts)
    hit = k < len(last)
    hit[hit] = first[k[hit]] <= ends[hit] - 1
    return hit


def _span(doc: Document, norm, span: tuple[int, int]) -> Span:
    s, e = norm.original_span(*span)
    return doc.span(s, e)


LOOK_BACK = 200  # earlier mentions compared with a new one


class _Canonicaliser:
    """Canonical ids shared by every mention of a source in one document."""

    def __init__(self, finder: SourceFinder):
        self.finder = finder
        # (words, type, anonymous, id): the words as a tuple, which the garbage collector stops
        # tracking (a set it tracks, and walks at each collection, for every mention of a long text)
        self.seen: list[tuple[tuple[str, ...], str, bool, str]] = []
        self.by_word: dict[str, list[int]] = {}  # word -> indices into seen

    def __call__(self, toks: Toks, stype: str, anonymous: bool) -> tuple[str, str, bool]:
        """``(canonical, type, anonymous)``; a later, shorter mention takes the earlier one's."""
        hit = self.finder.gazetteer_entry(toks)
        all_words = {_bare(w) for w, is_word in zip(toks.texts, toks.words) if is_word}
        words = all_words - GENERIC_WRAPPERS
        # one definite word ("الوكالة", "المتحدث") points back at the last mention that holds it
        anaphor = len(all_words) == 1 and toks.texts[0].startswith(("ال", "وال"))
        lookup = words or (all_words if anaphor else set())
        canonical = hit[1] if hit else None
        if canonical is None and lookup:
            typed = word_info(toks.texts[0]) is not None
            # earlier mentions that hold one of the words (a subset must hold them all)
            # the most recent mentions first; a source is named again nearby, so a bounded look-back
            # keeps this linear on long texts
            for k in reversed(self.by_word.get(min(lookup), ())[-LOOK_BACK:]):
                seen_words, seen_type, seen_anon, seen_id = self.seen[k]
                # a bare name ("الصبري") or an anaphor takes the type of the mention it points at;
                # another typed one must agree
                if lookup.issubset(seen_words) and (seen_type == stype or not typed or anaphor):
                    canonical, stype, anonymous = seen_id, seen_type, seen_anon
                    break
        if canonical is None:
            canonical = _slug(toks.texts)
        for w in all_words:
            self.by_word.setdefault(w, []).append(len(self.seen))
        self.seen.append((tuple(all_words), stype, anonymous, canonical))
        return canonical, stype, anonymous
