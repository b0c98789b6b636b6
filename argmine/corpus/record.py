"""Check a JSONL record against ANNOTATION.md and turn it into a ``Document``.

Every problem names the field it is in (``units[3].end``), so that readers can
report ``file:line: field: problem``.

>>> problems = validate_record({"id": "d", "text": "نص", "units": [], "cues": [],
...                             "attributions": [], "links": [], "meta": {"genre": "poem"}})
>>> [str(p) for p in problems]
["meta.genre: 'poem' is not one of analysis, news, opinion"]
"""

from __future__ import annotations

from dataclasses import dataclass

from argmine.document import (
    GENRES,
    LEVELS,
    ORIGINS,
    RELATIONS,
    ROLES,
    SOURCE_TYPES,
    STRENGTHS,
    Attribution,
    Confidence,
    Cue,
    Document,
    Link,
    Span,
    Unit,
)

REQUIRED = ("id", "text", "units", "cues", "attributions", "links")
STANDOFF_REQUIRED = ("id", "text_sha256", "source", "units", "cues", "attributions", "links")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class RecordError(ValueError):
    """A record that breaks the contract; ``problems`` lists every fault found."""

    def __init__(self, problems: list[Problem], where: str = ""):
        self.problems = problems
        self.where = where
        prefix = f"{where}: " if where else ""
        super().__init__("\n".join(prefix + str(p) for p in problems))


class _Checker:
    def __init__(self, record: dict, standoff: bool = False):
        self.r = record
        self.standoff = standoff
        self.problems: list[Problem] = []
        self.text = record.get("text") if isinstance(record.get("text"), str) else None

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message))

    def typed(self, obj: dict, key: str, types, where: str, required: bool = True) -> bool:
        if key not in obj:
            if required:
                self.add(f"{where}{key}", "missing")
            return False
        value = obj[key]
        if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            self.add(f"{where}{key}", f"expected {_names(types)}, got bool")
            return False
        if not isinstance(value, types):
            self.add(f"{where}{key}", f"expected {_names(types)}, got {type(value).__name__}")
            return False
        return True

    def enum(self, obj: dict, key: str, values, where: str, required: bool = True) -> None:
        if self.typed(obj, key, str, where, required) and obj[key] not in values:
            self.add(f"{where}{key}", f"{obj[key]!r} is not one of {', '.join(values)}")

    def span(self, obj, where: str, within: tuple[int, int] | None = None, text_required=True) -> bool:
        if not isinstance(obj, dict):
            self.add(where, f"expected a span object, got {type(obj).__name__}")
            return False
        ok = self.typed(obj, "start", int, where + ".") & self.typed(obj, "end", int, where + ".")
        if self.standoff:
            if "text" in obj:
                self.add(f"{where}.text", "a standoff record keeps no text")
            if ok and not 0 <= obj["start"] <= obj["end"]:
                self.add(f"{where}.start", f"[{obj['start']}, {obj['end']}) is not a span")
            return False
        has_text = self.typed(obj, "text", str, where + ".", required=text_required)
        if not ok or self.text is None:
            return False
        s, e = obj["start"], obj["end"]
        if not 0 <= s <= e <= len(self.text):
            self.add(f"{where}.start", f"[{s}, {e}) is outside the text (length {len(self.text)})")
            return False
        if has_text and self.text[s:e] != obj["text"]:
            self.add(f"{where}.text", f"{_short(obj['text'])} differs from the text at [{s}, {e}): {_short(self.text[s:e])}")
            return False
        if within and not (within[0] <= s and e <= within[1]):
            self.add(where, f"[{s}, {e}) is not inside its unit [{within[0]}, {within[1]})")
            return False
        return True

    def items(self, key: str) -> list:
        value = self.r.get(key)
        if not isinstance(value, list):
            return []
        bad = [i for i, x in enumerate(value) if not isinstance(x, dict)]
        for i in bad:
            self.add(f"{key}[{i}]", f"expected an object, got {type(value[i]).__name__}")
        return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)]

    def run(self) -> list[Problem]:
        r = self.r
        for key in STANDOFF_REQUIRED if self.standoff else REQUIRED:
            if key not in r:
                self.add(key, "missing")
        if self.standoff:
            if "text" in r:
                self.add("text", "a standoff record keeps no text")
            self._source()
        self.typed(r, "id", str, "", required=False)
        self.typed(r, "text", str, "", required=False)
        self.typed(r, "lang", str, "", required=False)
        for key in ("units", "cues", "attributions", "links"):
            self.typed(r, key, list, "", required=False)
        if self.typed(r, "meta", dict, "", required=False):
            self.enum(r["meta"], "genre", GENRES, "meta.", required=False)
            self.enum(r["meta"], "origin", ORIGINS, "meta.", required=False)
        units = self._units()
        hedge_units = self._cues(units)
        for uid, (_, _, hedged, i) in units.items():
            if hedged is not None and hedged != (uid in hedge_units):
                why = "no hedge cue in the unit" if hedged else "the unit has a hedge cue"
                self.add(f"units[{i}].hedged", f"{hedged} but {why}")
        self._attributions(units)
        self._links(units)
        if "confidence" in r:
            self._confidence(r["confidence"], "confidence")
        return self.problems

    def _source(self) -> None:
        sha = self.r.get("text_sha256")
        if sha is not None and not _is_sha256(sha):
            self.add("text_sha256", "expected 64 lowercase hex digits")
        if self.typed(self.r, "source", dict, "", required=False):
            for key in ("repo", "commit", "path"):
                self.typed(self.r["source"], key, str, "source.")
            lines = self.r["source"].get("removed_lines_sha256", [])
            if not isinstance(lines, list) or not all(_is_sha256(x) for x in lines):
                self.add("source.removed_lines_sha256", "expected a list of SHA-256 hex digests")
            if "removed_lines" in self.r["source"]:
                self.add("source.removed_lines", "a standoff record keeps no line of the text: give removed_lines_sha256")

    def _units(self) -> dict:
        units: dict[str, tuple] = {}
        last_end = 0
        for i, u in self.items("units"):
            w = f"units[{i}]"
            has_id = self.typed(u, "id", str, w + ".")
            ok = self.span(u, w, text_required=False)
            self.enum(u, "role", ROLES, w + ".")
            hedged = u["hedged"] if self.typed(u, "hedged", bool, w + ".") else None
            if "confidence" in u:
                self._confidence(u["confidence"], w + ".confidence")
            if not has_id:
                continue
            if u["id"] in units:
                self.add(f"{w}.id", f"duplicate unit id {u['id']!r}")
                continue
            if ok:
                if u["start"] < last_end:
                    self.add(f"{w}.start", f"unit starts at {u['start']}, before the previous unit ends ({last_end})")
                last_end = max(last_end, u["end"])
                units[u["id"]] = (u["start"], u["end"], hedged, i)
            else:
                units[u["id"]] = (None, None, hedged, i)
        return units

    def _unit_bounds(self, units: dict, obj: dict, where: str):
        if not self.typed(obj, "unit", str, where + "."):
            return None
        if obj["unit"] not in units:
            self.add(f"{where}.unit", f"unknown unit {obj['unit']!r}")
            return None
        s, e, _, _ = units[obj["unit"]]
        return (s, e) if s is not None else None

    def _cues(self, units: dict) -> set[str]:
        hedge_units = set()
        for i, c in self.items("cues"):
            w = f"cues[{i}]"
            bounds = self._unit_bounds(units, c, w)
            self.span(c, w, within=bounds)
            self.enum(c, "strength", STRENGTHS, w + ".")
            if c.get("strength") in ("strong", "medium") and c.get("unit") in units:
                hedge_units.add(c["unit"])
        return hedge_units

    def _attributions(self, units: dict) -> None:
        ids = {}
        for i, a in self.items("attributions"):
            if isinstance(a.get("id"), str):
                if a["id"] in ids:
                    self.add(f"attributions[{i}].id", f"duplicate attribution id {a['id']!r}")
                ids.setdefault(a["id"], i)
        for i, a in self.items("attributions"):
            w = f"attributions[{i}]"
            self.typed(a, "id", str, w + ".")
            bounds = self._unit_bounds(units, a, w)
            continues = self._continues(a, w, ids)
            for key in ("cue", "source"):
                if key not in a:
                    self.add(f"{w}.{key}", "missing")
                else:  # a continuation's source is the speaker's name in an earlier unit
                    self.span(a[key], f"{w}.{key}", within=None if key == "source" and continues else bounds)
            if a.get("content") is not None:
                self.span(a["content"], f"{w}.content", within=bounds)
            self.enum(a, "source_type", SOURCE_TYPES, w + ".")
            if self.typed(a, "canonical", str, w + ".") and not a["canonical"].strip():
                self.add(f"{w}.canonical", "empty")
            self.typed(a, "anonymous", bool, w + ".")
            via = a.get("via")
            if via is not None:
                if not isinstance(via, str):
                    self.add(f"{w}.via", f"expected str or null, got {type(via).__name__}")
                elif via not in ids:
                    self.add(f"{w}.via", f"unknown attribution {via!r}")
                elif via == a.get("id"):
                    self.add(f"{w}.via", "an attribution cannot relay itself")
        self._no_via_cycle(ids)

    def _no_via_cycle(self, ids: dict) -> None:
        """``via`` chains end: a1 -> a2 -> a1 names no first speaker."""
        records = self.r.get("attributions")
        records = records if isinstance(records, list) else []
        via = {a["id"]: a.get("via") for a in records if isinstance(a, dict) and isinstance(a.get("id"), str)}
        for start, i in ids.items():
            seen, node = {start}, via.get(start)
            while isinstance(node, str) and node in via:
                if node in seen:
                    if node == start and via[start] != start:
                        self.add(f"attributions[{i}].via", f"the via chain from {start!r} comes back to it")
                    break
                seen.add(node)
                node = via.get(node)

    def _continues(self, a: dict, w: str, ids: dict) -> dict | None:
        """The attribution that ``a`` continues (ANNOTATION.md §4, v2), checked; None if it continues none."""
        cont = a.get("continues")
        if cont is None:
            return None
        if not isinstance(cont, str):
            self.add(f"{w}.continues", f"expected str or null, got {type(cont).__name__}")
            return None
        if cont not in ids or cont == a.get("id"):
            self.add(f"{w}.continues", f"unknown or own attribution {cont!r}")
            return None
        other = self.r["attributions"][ids[cont]]
        if ids[cont] > ids.get(a.get("id"), len(self.r["attributions"])):
            self.add(f"{w}.continues", f"{cont!r} comes later; a continuation carries an earlier speaker")
        for key in ("source_type", "canonical", "anonymous", "source"):
            if a.get(key) != other.get(key):
                self.add(f"{w}.{key}", f"differs from the attribution it continues ({cont})")
        return other

    def _links(self, units: dict) -> None:
        roles = {u["id"]: u.get("role") for _, u in self.items("units") if isinstance(u.get("id"), str)}
        supported: dict = {}
        for i, lk in self.items("links"):
            w = f"links[{i}]"
            if lk.get("relation") == "support" and isinstance(lk.get("from"), str):
                if lk["from"] in supported:
                    self.add(w, f"unit {lk['from']} already supports {supported[lk['from']]!r}: one support target a unit")
                supported.setdefault(lk["from"], lk.get("to"))
            for key, allowed in (("from", ("evidence", "claim")), ("to", ("claim", "motive"))):
                if not self.typed(lk, key, str, w + "."):
                    continue
                if lk[key] not in units:
                    self.add(f"{w}.{key}", f"unknown unit {lk[key]!r}")
                elif roles.get(lk[key]) not in allowed:
                    self.add(f"{w}.{key}", f"unit {lk[key]} is {roles.get(lk[key])!r}, expected {' or '.join(allowed)}")
            if lk.get("from") is not None and lk.get("from") == lk.get("to"):
                self.add(w, "a unit cannot link to itself")
            self.enum(lk, "relation", RELATIONS, w + ".")

    def _confidence(self, c, where: str) -> None:
        if not isinstance(c, dict):
            self.add(where, f"expected an object, got {type(c).__name__}")
            return
        if self.typed(c, "score", (int, float), where + ".") and not 0 <= c["score"] <= 1:
            self.add(f"{where}.score", f"{c['score']} is outside [0, 1]")
        self.enum(c, "level", LEVELS, where + ".")
        if self.typed(c, "factors", list, where + "."):
            for j, f in enumerate(c["factors"]):
                fw = f"{where}.factors[{j}]"
                if not isinstance(f, dict):
                    self.add(fw, f"expected an object, got {type(f).__name__}")
                    continue
                self.typed(f, "name", str, fw + ".")
                self.typed(f, "weight", (int, float), fw + ".")
                self.typed(f, "detail", str, fw + ".", required=False)


def _short(text: str, keep: int = 60) -> str:
    """``repr`` of a text, shortened in the middle: a message about a 50 MB line stays a line.

    >>> _short("ا" * 1000, 6)
    "'ااا…(994 more)…ااا'"
    """
    if len(text) <= keep:
        return repr(text)
    return repr(f"{text[: keep // 2]}…({len(text) - keep} more)…{text[-(keep // 2) :]}")


def _is_sha256(value) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _names(types) -> str:
    types = types if isinstance(types, tuple) else (types,)
    return " or ".join(t.__name__ for t in types)


def validate_record(record, standoff: bool = False) -> list[Problem]:
    """Every way ``record`` breaks ANNOTATION.md §7, as ``Problem(field, message)``.

    ``standoff=True`` checks a standoff record (no text, spans without text) as far as it
    can be checked without its text: join it with the text to check the rest.
    """
    if not isinstance(record, dict):
        return [Problem("(record)", f"expected a JSON object, got {type(record).__name__}")]
    return _Checker(record, standoff).run()


def is_standoff(record) -> bool:
    """A record without its text, to be joined with it (ANNOTATION.md §7, v2)."""
    return isinstance(record, dict) and "text" not in record and "text_sha256" in record


def _span(d: dict) -> Span:
    return Span(d["start"], d["end"], d["text"])


def validated(doc: Document, where: str = "") -> Document:
    """``doc`` rebuilt from its record, through the validation every reader uses; a fault raises
    ``RecordError`` naming ``where`` and the field. The exports' readers (brat, AIF, CoNLL-U) and the
    markup compiler end here, as JSONL, standoff and ``datasets`` records do in ``document_from_record``.

    >>> from argmine.document import Document, Link
    >>> doc = Document("قال الوزير إن الوضع مستقر.", "d")
    >>> doc.links.append(Link("u1", "u9"))
    >>> validated(doc, "d.ann")
    Traceback (most recent call last):
    argmine.corpus.record.RecordError: d.ann: links[0].from: unknown unit 'u1'
    d.ann: links[0].to: unknown unit 'u9'
    """
    return document_from_record(doc.to_dict(), where)


def document_from_record(record: dict, where: str = "") -> Document:
    """Build a ``Document`` from a valid record, or raise ``RecordError``."""
    problems = validate_record(record)
    if problems:
        raise RecordError(problems, where)
    text = record["text"]
    doc = Document(text=text, id=record["id"], lang=record.get("lang", "ar"), meta=dict(record.get("meta", {})))
    for u in record["units"]:
        conf = Confidence.from_dict(u["confidence"]) if "confidence" in u else None
        span = Span(u["start"], u["end"], text[u["start"] : u["end"]])
        doc.units.append(Unit(u["id"], span, u["role"], u["hedged"], conf))
    doc.cues = [Cue(c["unit"], _span(c), c["strength"]) for c in record["cues"]]
    doc.attributions = [
        Attribution(
            id=a["id"],
            unit=a["unit"],
            cue=_span(a["cue"]),
            source=_span(a["source"]),
            source_type=a["source_type"],
            canonical=a["canonical"],
            anonymous=a["anonymous"],
            content=_span(a["content"]) if a.get("content") else None,
            via=a.get("via"),
            continues=a.get("continues"),
        )
        for a in record["attributions"]
    ]
    doc.links = [Link(lk["from"], lk["to"], lk["relation"]) for lk in record["links"]]
    if "confidence" in record:
        doc.confidence = Confidence.from_dict(record["confidence"])
    return doc
