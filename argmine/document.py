"""The document model: a text that is never rewritten, and layers of spans over it.

Every annotation points into ``Document.text`` with Python ``str`` offsets
(start inclusive, end exclusive) and stores the text it covers, so that
``doc.text[s.start:s.end] == s.text`` can always be checked.

>>> doc = Document(text="قال الوزير إن الوضع مستقر.", id="d1")
>>> doc.span(0, 3).text
'قال'
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("claim", "evidence", "motive", "other")
STRENGTHS = ("strong", "medium", "booster")
HEDGE_STRENGTHS = ("strong", "medium")
SOURCE_TYPES = (
    "government",
    "security",
    "armed_group",
    "local_leadership",
    "media_local",
    "media",
    "ngo_monitor",
    "expert",
    "other",
)
RELATIONS = ("support", "attack")
LEVELS = ("low", "moderate", "high")
GENRES = ("analysis", "news", "opinion")
ORIGINS = ("project-authored", "seed", "external")


class SpanError(ValueError):
    """A span whose offsets or text do not fit the document it points into."""


@dataclass(frozen=True)
class Span:
    """A stretch of the original text: ``text == doc.text[start:end]``.

    >>> Span(0, 4, "ربما")
    Span(start=0, end=4, text='ربما')
    """

    start: int
    end: int
    text: str

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Factor:
    """One named contribution to a confidence score, e.g. ``strong_hedge`` -0.25."""

    name: str
    weight: float
    detail: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "weight": self.weight, "detail": self.detail}


@dataclass
class Confidence:
    """Analytic confidence in [0, 1], its level and the factors that explain it."""

    score: float
    level: str
    factors: list[Factor] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "level": self.level,
            "factors": [f.to_dict() for f in self.factors],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Confidence:
        return cls(
            score=d["score"],
            level=d["level"],
            factors=[Factor(f["name"], f["weight"], f.get("detail", "")) for f in d["factors"]],
        )


@dataclass
class Unit:
    """A sentence, heading or point title, with its role and hedging.

    >>> u = Unit("u1", Span(0, 11, "أبعاد رئيسية"[:11]), role="other")
    >>> u.role
    'other'
    """

    id: str
    span: Span
    role: str = "other"
    hedged: bool = False
    confidence: Confidence | None = None

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def text(self) -> str:
        return self.span.text

    def to_dict(self) -> dict:
        d = {"id": self.id, **self.span.to_dict(), "role": self.role, "hedged": self.hedged}
        if self.confidence is not None:
            d["confidence"] = self.confidence.to_dict()
        return d


@dataclass
class Cue:
    """A hedge or booster cue inside a unit: ``ربما`` (strong), ``من المؤكد`` (booster)."""

    unit: str
    span: Span
    strength: str

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def is_hedge(self) -> bool:
        return self.strength in HEDGE_STRENGTHS

    def to_dict(self) -> dict:
        return {"unit": self.unit, **self.span.to_dict(), "strength": self.strength}


@dataclass
class Attribution:
    """Who a unit's content comes from.

    In ``نقلت وزارة الإعلام عن مصدر أمني قوله`` there are two: the ministry, and
    the anonymous security source whose ``via`` is the ministry's record. A continuation
    (``وأضاف أن ...``) has its own cue, the source span of the attribution it ``continues``
    (in an earlier unit), and that attribution's type, canonical id and anonymity.
    """

    id: str
    unit: str
    cue: Span
    source: Span
    source_type: str
    canonical: str
    anonymous: bool = False
    content: Span | None = None
    via: str | None = None
    continues: str | None = None

    def to_dict(self) -> dict:
        d = {
            "id": self.id,
            "unit": self.unit,
            "cue": self.cue.to_dict(),
            "source": self.source.to_dict(),
            "content": self.content.to_dict() if self.content else None,
            "source_type": self.source_type,
            "canonical": self.canonical,
            "anonymous": self.anonymous,
            "via": self.via,
        }
        if self.continues is not None:
            d["continues"] = self.continues
        return d


@dataclass
class Link:
    """An argumentative relation: evidence (or a sub-claim) supports or attacks a claim."""

    from_: str
    to: str
    relation: str = "support"
    score: float | None = None

    def to_dict(self) -> dict:
        return {"from": self.from_, "to": self.to, "relation": self.relation}


@dataclass
class Document:
    """An original text and its annotation layers.

    >>> doc = Document(text="ربما انتهت الحملة.")
    >>> doc.add_unit(0, len(doc.text), role="claim").text
    'ربما انتهت الحملة.'
    """

    text: str
    id: str | None = None
    lang: str = "ar"
    meta: dict = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    confidence: Confidence | None = None
    _normalized: object = field(default=None, init=False, repr=False, compare=False)
    _tokens: object = field(default=None, init=False, repr=False, compare=False)
    _indexes: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def normalized(self):
        """The normalised text with its offset map (``argmine.text.Normalized``), computed once."""
        if self._normalized is None:
            from argmine.text.normalize import Normalized

            self._normalized = Normalized.of(self.text)
        return self._normalized

    @property
    def tokens(self):
        """The tokens of the normalised text (``argmine.text.tokens.Tokens``), found once for all stages.

        >>> Document("قال الوزير: أُعلِنَ").tokens.strings
        ['قال', 'الوزير', ':', 'اعلن']
        """
        if self._tokens is None:
            from argmine.text.tokens import Tokens

            self._tokens = Tokens.of(self.normalized.text)
        return self._tokens

    def normalized_text(self, start: int, end: int) -> str:
        """``normalize(self.text[start:end])``, sliced from the normalised text, without normalising again.

        >>> Document("قال الوزير: أُعلِنَ الاتفاق").normalized_text(12, 27)
        'اعلن الاتفاق'
        """
        s, e = self.normalized.normalized_span(start, end)
        return self.normalized.text[s:e]

    def normalized_texts(self, starts: list[int], ends: list[int]) -> list[str]:
        """``normalized_text`` of many spans (their bounds are found all at once).

        >>> Document("قال الوزير: أُعلِنَ الاتفاق").normalized_texts([0, 12], [3, 27])
        ['قال', 'اعلن الاتفاق']
        """
        return list(self._normalized_slices(starts, ends))

    def normalized_units(self):
        """``normalized_text`` of each unit in turn (their bounds are found all at once).

        >>> doc = Document("أُعلِنَ الاتفاق. قالَ")
        >>> _ = doc.add_unit(0, 16), doc.add_unit(17, 21)
        >>> list(doc.normalized_units())
        ['اعلن الاتفاق.', 'قال']
        """
        return self._normalized_slices([u.start for u in self.units], [u.end for u in self.units])

    def _normalized_slices(self, starts: list[int], ends: list[int]):
        text = self.normalized.text
        return (text[s:e] for s, e in zip(*self.normalized.normalized_spans(starts, ends)))

    # -- spans ------------------------------------------------------------
    def span(self, start: int, end: int) -> Span:
        """A span of this document's text; raises ``SpanError`` if out of range."""
        if not (0 <= start <= end <= len(self.text)):
            raise SpanError(f"span [{start}, {end}) is outside the text (length {len(self.text)})")
        return Span(start, end, self.text[start:end])

    def add_unit(self, start: int, end: int, role: str = "other") -> Unit:
        unit = Unit(f"u{len(self.units) + 1}", self.span(start, end), role=role)
        self.units.append(unit)
        return unit

    # -- look-ups ----------------------------------------------------------
    def _remembered(self, key, items: list, make):
        """``make()``, remembered under ``key`` until the list ``items`` is replaced or grows."""
        cache = self._indexes.get(key)
        if cache is None or cache[0] is not items or cache[1] != len(items):
            cache = (items, len(items), make())
            self._indexes[key] = cache
        return cache[2]

    def _by(self, name: str, key) -> dict:
        """An index of the list ``name`` by ``key``."""
        items = getattr(self, name)

        def group() -> dict:
            grouped: dict = {}
            for item in items:
                grouped.setdefault(key(item), []).append(item)
            return grouped

        return self._remembered((name, key), items, group)

    def derived(self, name: str, make):
        """``make(self)``, remembered while the units stay the same: facts about the units that
        several stages use, such as which of them start a paragraph."""
        return self._remembered(("derived", name), self.units, lambda: make(self))

    def unit(self, unit_id: str) -> Unit:
        # by id, the first unit of each (one dict entry per unit, no list: a long text has many)
        found = self._remembered("unit ids", self.units, lambda: {u.id: u for u in reversed(self.units)}).get(unit_id)
        if found is None:
            raise KeyError(unit_id)
        return found

    def units_at(self, offsets: list[int]) -> list[Unit | None]:
        """``unit_at`` of many offsets, found all at once.

        >>> doc = Document("قال. ربما")
        >>> _ = doc.add_unit(0, 4), doc.add_unit(5, 9)
        >>> [u.id if u else None for u in doc.units_at([0, 4, 7])]
        ['u1', None, 'u2']
        """
        import numpy as np

        ends = np.array([u.end for u in self.units], dtype=np.int64)
        found = ends.searchsorted(np.asarray(offsets, dtype=np.int64), side="right").tolist()  # the first unit ending after
        units = self.units
        return [units[k] if k < len(units) and units[k].start <= offset else None for k, offset in zip(found, offsets)]

    def unit_at(self, offset: int) -> Unit | None:
        """The unit that covers character ``offset``, if any."""
        lo, hi = 0, len(self.units)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.units[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.units) and self.units[lo].start <= offset:
            return self.units[lo]
        return None

    @property
    def claims(self) -> list[Unit]:
        return [u for u in self.units if u.role == "claim"]

    @property
    def evidence(self) -> list[Unit]:
        return [u for u in self.units if u.role == "evidence"]

    @property
    def motives(self) -> list[Unit]:
        return [u for u in self.units if u.role == "motive"]

    def cues_of(self, unit_id: str) -> list[Cue]:
        return list(self._by("cues", _unit_of).get(unit_id, ()))

    def attributions_of(self, unit_id: str) -> list[Attribution]:
        return list(self._by("attributions", _unit_of).get(unit_id, ()))

    def links_to(self, unit_id: str) -> list[Link]:
        return list(self._by("links", _link_to).get(unit_id, ()))

    def label(self, unit: Unit) -> str:
        """The four-way label of ANNOTATION.md §3: ``hedge`` if hedged, else the role."""
        return "hedge" if unit.hedged and unit.role != "other" else unit.role

    # -- serialisation -----------------------------------------------------
    def header(self, text: bool = True) -> dict:
        """What the exports keep of a document besides its layers: id, lang, meta, confidence (and text)."""
        head = {"id": self.id, "lang": self.lang, "meta": self.meta,
                "confidence": self.confidence.to_dict() if self.confidence else None}  # fmt: skip
        if text:
            head["text"] = self.text
        return head

    @classmethod
    def from_header(cls, head: dict, text: str | None = None) -> Document:
        """An empty document from ``header()`` (``text`` given where the header does not hold it)."""
        doc = cls(text=head["text"] if text is None else text, id=head.get("id"), lang=head.get("lang", "ar"),
                  meta=head.get("meta", {}))  # fmt: skip
        if head.get("confidence"):
            doc.confidence = Confidence.from_dict(head["confidence"])
        return doc

    def to_dict(self) -> dict:
        """The JSONL record of ANNOTATION.md §7 (plus predicted confidence)."""
        d = {
            "id": self.id,
            "lang": self.lang,
            "text": self.text,
            "meta": dict(self.meta),
            "units": [u.to_dict() for u in self.units],
            "cues": [c.to_dict() for c in self.cues],
            "attributions": [a.to_dict() for a in self.attributions],
            "links": [lk.to_dict() for lk in self.links],
        }
        if self.confidence is not None:
            d["confidence"] = self.confidence.to_dict()
        return d

    def drop_caches(self) -> Document:
        """Forget the normalised text, tokens and indexes the stages computed (they come back on demand).

        What a batch of annotated documents then keeps, or sends between processes, is its layers alone.

        >>> doc = Document("قال الوزير")
        >>> doc.tokens.strings, doc.drop_caches()._tokens
        (['قال', 'الوزير'], None)
        """
        self._normalized = self._tokens = None
        self._indexes = {}
        return self


def _unit_of(item) -> str:
    return item.unit


def _link_to(lk: Link) -> str:
    return lk.to
