"""The authoring markup: annotate a document in plain text, compile it to JSONL.

Nobody types offsets. A markup file (``.argm``) has ``@key: value`` header lines,
then one unit per line: a head (role, optional ``#name``, links ``>name`` for
support and ``x>name`` for attack, ``~`` for no space before the unit), `` | ``,
and the unit's text with inline tags ``{kind args|text}``. Consecutive unit
lines are joined by one space; each blank line between them is a line break.
See ``docs/markup.md``.

>>> doc = compile_markup('''@id: d1
...
... claim #t | {hedge strong|ربما} انتهت الحملة.
... evidence >t | {cue a|قال} {src a government syria-interior|الوزير} إنها انتهت.''')
>>> doc.text
'ربما انتهت الحملة. قال الوزير إنها انتهت.'
>>> doc.attributions[0].source.text, doc.links[0].to_dict()
('الوزير', {'from': 'u2', 'to': 'u1', 'relation': 'support'})
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from argmine.corpus.record import validated
from argmine.document import (
    ROLES,
    SOURCE_TYPES,
    Attribution,
    Cue,
    Document,
    Link,
)

META_KEYS = ("id", "title", "genre", "topic", "origin", "author", "annotator", "date", "region", "outlet", "url",
             "notes")
UNLABELLED = "?"  # the role of a unit nobody has labelled yet, in a skeleton
TAG_KINDS = ("hedge", "booster", "cue", "src", "content")
_NAME = re.compile(r"^[A-Za-z0-9_\-]+$")


class MarkupError(ValueError):
    """A fault in a markup file, named by file and line."""

    def __init__(self, message: str, path: str = "<markup>", line: int = 0):
        self.path, self.line = path, line
        super().__init__(f"{path}:{line}: {message}")


@dataclass
class _Tag:
    kind: str
    args: list[str]
    start: int  # offset in the document text
    end: int = -1
    line: int = 0


@dataclass
class _UnitLine:
    role: str
    name: str | None
    supports: list[str]
    attacks: list[str]
    line: int
    start: int = 0
    end: int = 0
    tags: list[_Tag] = field(default_factory=list)


def _parse_head(head: str, path: str, line: int) -> tuple[_UnitLine, bool]:
    tokens = head.split()
    if tokens and tokens[0] == UNLABELLED:
        raise MarkupError("unit not labelled yet: replace '?' with a role", path, line)
    if not tokens or tokens[0] not in ROLES:
        raise MarkupError(f"unit head must start with a role ({', '.join(ROLES)}), got {head.strip()!r}", path, line)
    unit = _UnitLine(tokens[0], None, [], [], line)
    glue = False
    for tok in tokens[1:]:
        if tok == "~":
            glue = True
        elif tok.startswith("#") and _NAME.match(tok[1:]):
            unit.name = tok[1:]
        elif tok.startswith("x>") and _NAME.match(tok[2:]):
            unit.attacks.append(tok[2:])
        elif tok.startswith(">") and _NAME.match(tok[1:]):
            unit.supports.append(tok[1:])
        else:
            raise MarkupError(f"unknown token {tok!r} in unit head", path, line)
    return unit, glue


def _parse_inline(body: str, base: int, path: str, line: int) -> tuple[str, list[_Tag]]:
    """Strip tags from ``body``; return its text and the tags with document offsets."""
    out: list[str] = []
    n = 0
    stack: list[_Tag] = []
    tags: list[_Tag] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(body[i + 1])
            n += 1
            i += 2
            continue
        if ch == "{":
            bar = body.find("|", i)
            if bar < 0:
                raise MarkupError(f"tag opened at column {i + 1} has no '|'", path, line)
            head = body[i + 1 : bar].split()
            if not head or head[0] not in TAG_KINDS:
                raise MarkupError(
                    f"unknown tag {body[i + 1 : bar]!r} at column {i + 1} (kinds: {', '.join(TAG_KINDS)})", path, line
                )
            stack.append(_Tag(head[0], head[1:], base + n, line=line))
            i = bar + 1
            continue
        if ch == "}":
            if not stack:
                raise MarkupError(f"'}}' at column {i + 1} closes no tag", path, line)
            tag = stack.pop()
            tag.end = base + n
            tags.append(tag)
            i += 1
            continue
        out.append(ch)
        n += 1
        i += 1
    if stack:
        raise MarkupError(f"tag {{{stack[-1].kind} ...| is never closed", path, line)
    return "".join(out), tags


def compile_markup(source: str, path: str = "<markup>", expected: str | None = None) -> Document:
    """Compile markup text to a ``Document`` with exact offsets.

    ``expected`` is the original text, for markup written over a text that exists elsewhere
    (a published article): the first place where the markup's text differs from it is an error.
    """
    meta: dict[str, str] = {}
    pieces: list[str] = []
    length = 0
    units: list[_UnitLine] = []
    pending_breaks = 0
    for lineno, raw in enumerate(source.split("\n"), 1):
        line = raw.rstrip("\r")
        if line.startswith("%"):
            continue
        if line.startswith("@") and not units:
            key, sep, value = line[1:].partition(":")
            key = key.strip()
            if not sep or key not in META_KEYS:
                raise MarkupError(f"bad header line {line!r} (keys: {', '.join(META_KEYS)})", path, lineno)
            meta[key] = value.strip()
            continue
        if not line.strip():
            if units:
                pending_breaks += 1
            continue
        head, bar, body = line.partition(" | ")
        if not bar:
            if line.rstrip().endswith(" |") or line.rstrip() == "|":
                head, body = line.rstrip()[:-1], ""
            else:
                raise MarkupError("unit line needs 'role ... | text'", path, lineno)
        unit, glue = _parse_head(head, path, lineno)
        if units:
            sep = "\n" * pending_breaks if pending_breaks else ("" if glue else " ")
            pieces.append(sep)
            length += len(sep)
        pending_breaks = 0
        text, tags = _parse_inline(body, length, path, lineno)
        if not text.strip():
            raise MarkupError("unit has no text", path, lineno)
        unit.start, unit.end, unit.tags = length, length + len(text), tags
        pieces.append(text)
        length += len(text)
        units.append(unit)
    if not units:
        raise MarkupError("no units", path, 1)
    if "id" not in meta:
        raise MarkupError("missing '@id:' header", path, 1)
    text = "".join(pieces)
    if expected is not None and text != expected:
        _differs(text, expected, units, path)
    doc = Document(text=text, id=meta.pop("id"), meta=meta)
    _build(doc, units, path)
    return doc


def _differs(text: str, expected: str, units: list[_UnitLine], path: str) -> None:
    i = next((k for k, (a, b) in enumerate(zip(text, expected)) if a != b), min(len(text), len(expected)))
    line = next((u.line for u in units if i <= u.end), units[-1].line)
    raise MarkupError(
        f"the text differs from the original at character {i}: the markup has {text[max(0, i - 20) : i + 20]!r}, "
        f"the original {expected[max(0, i - 20) : i + 20]!r} (only tags, heads and line layout may be added)",
        path,
        line,
    )


def _build(doc: Document, units: list[_UnitLine], path: str) -> None:
    names: dict[str, str] = {}
    for ul in units:
        unit = doc.add_unit(ul.start, ul.end, ul.role)
        if ul.name:
            if ul.name in names:
                raise MarkupError(f"unit name #{ul.name} used twice", path, ul.line)
            names[ul.name] = unit.id
    for ul, unit in zip(units, doc.units):
        for targets, relation in ((ul.supports, "support"), (ul.attacks, "attack")):
            for t in targets:
                if t not in names:
                    raise MarkupError(f"link to unknown unit #{t}", path, ul.line)
                doc.links.append(Link(unit.id, names[t], relation))
    _build_cues(doc, units, path)
    _build_attributions(doc, units, path)
    for u in doc.units:
        u.hedged = any(c.is_hedge for c in doc.cues_of(u.id))


def _build_cues(doc: Document, units: list[_UnitLine], path: str) -> None:
    for ul, unit in zip(units, doc.units):
        for tag in ul.tags:
            if tag.kind == "hedge":
                if tag.args not in (["strong"], ["medium"]):
                    raise MarkupError("hedge tag takes 'strong' or 'medium'", path, tag.line)
                doc.cues.append(Cue(unit.id, doc.span(tag.start, tag.end), tag.args[0]))
            elif tag.kind == "booster":
                if tag.args:
                    raise MarkupError("booster tag takes no arguments", path, tag.line)
                doc.cues.append(Cue(unit.id, doc.span(tag.start, tag.end), "booster"))
    doc.cues.sort(key=lambda c: (c.span.start, c.span.end))


def _build_attributions(doc: Document, units: list[_UnitLine], path: str) -> None:
    found: dict[str, dict] = {}
    for ul, unit in zip(units, doc.units):
        for tag in ul.tags:
            if tag.kind not in ("cue", "src", "content"):
                continue
            if not tag.args:
                raise MarkupError(f"{tag.kind} tag needs an attribution name", path, tag.line)
            names = tag.args[0].split(",") if tag.kind == "cue" else tag.args[:1]
            for name in names:
                rec = found.setdefault(name, {"unit": unit.id, "line": tag.line})
                if rec["unit"] != unit.id:
                    raise MarkupError(f"attribution {name!r} spans two units", path, tag.line)
                span = doc.span(tag.start, tag.end)
                if tag.kind == "src":
                    if "src" in rec:
                        raise MarkupError(f"attribution {name!r} has two sources", path, tag.line)
                    rec["src"], rec["src_args"] = span, tag.args[1:]
                elif tag.kind == "content":
                    if "content" in rec:
                        raise MarkupError(f"attribution {name!r} has two contents", path, tag.line)
                    rec["content"] = span
                else:
                    if "cue" in rec:
                        raise MarkupError(f"attribution {name!r} has two cues", path, tag.line)
                    rec["cue"] = span
                    rec["cue_args"] = tag.args[1:]
                    if tag.args[1:] and len(names) > 1:
                        raise MarkupError("a shared cue cannot continue an attribution", path, tag.line)
    # numbered in the order of their sources (a continuation's source is elsewhere: its cue counts)
    order = sorted(found, key=lambda n: (_first(found[n]), n))
    ids = {name: f"a{i}" for i, name in enumerate(order, 1)}
    built: dict[str, Attribution] = {}
    for name in order:
        rec = found[name]
        line = rec["line"]
        if "cue" not in rec:
            raise MarkupError(f"attribution {name!r} needs a cue tag", path, line)
        cont = _continued(name, rec, built, path)
        if cont is not None:
            attribution = Attribution(ids[name], rec["unit"], rec["cue"], cont.source, cont.source_type,
                                      cont.canonical, cont.anonymous, rec.get("content"), None, cont.id)  # fmt: skip
        else:
            attribution = _sourced(name, rec, ids, path)
        built[name] = attribution
        doc.attributions.append(attribution)


def _first(rec: dict) -> int:
    span = rec.get("src") or rec.get("cue") or rec.get("content")
    return span.start


def _continued(name: str, rec: dict, built: dict[str, Attribution], path: str) -> Attribution | None:
    """The attribution that ``{cue NAME cont=OTHER|...}`` continues, or None for an ordinary cue."""
    args = rec["cue_args"]
    if not args:
        return None
    if len(args) > 1 or not args[0].startswith("cont="):
        raise MarkupError(f"unknown cue option {' '.join(args)!r} (cont=NAME)", path, rec["line"])
    other = args[0][5:]
    if other not in built:
        raise MarkupError(f"cue {name!r} continues {other!r}, which is not an earlier attribution", path, rec["line"])
    if "src" in rec:
        raise MarkupError(f"attribution {name!r} continues {other!r}, so it takes no src tag", path, rec["line"])
    return built[other]


def _sourced(name: str, rec: dict, ids: dict[str, str], path: str) -> Attribution:
    line = rec["line"]
    if "src" not in rec:
        raise MarkupError(f"attribution {name!r} needs a src tag (or a cue with cont=NAME)", path, line)
    args = rec["src_args"]
    if len(args) < 2 or args[0] not in SOURCE_TYPES:
        raise MarkupError(f"src {name!r} needs 'TYPE CANONICAL' (types: {', '.join(SOURCE_TYPES)})", path, line)
    anonymous, via = False, None
    for extra in args[2:]:
        if extra == "anon":
            anonymous = True
        elif extra.startswith("via=") and extra[4:] in ids:
            via = ids[extra[4:]]
        else:
            raise MarkupError(f"unknown src option {extra!r} (anon, via=NAME)", path, line)
    return Attribution(id=ids[name], unit=rec["unit"], cue=rec["cue"], source=rec["src"], source_type=args[0],
                       canonical=args[1], anonymous=anonymous, content=rec.get("content"), via=via)  # fmt: skip


def read_markup(path: str | Path, texts: dict[str, str] | None = None) -> Document:
    """Compile one ``.argm`` file; errors name the file and line.

    ``texts`` maps document ids to original texts: a file whose id is there must spell it exactly.
    """
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise MarkupError(f"not UTF-8 (byte {e.start})", str(path), 0) from None
    m = re.search(r"^@id:(.*)$", source, re.M)
    expected = texts.get(m.group(1).strip()) if texts and m else None
    return validated(compile_markup(source, str(path), expected), str(path))


def file_name(doc_id: str) -> str:
    """The markup file name of a document (``argmine.ioutil.safe_name``: no folders, no colons).

    >>> file_name("ANTv2.1:AL-economy-433-20180413"), file_name("../x")
    ('ANTv2.1__AL-economy-433-20180413.argm', '_.._x.argm')
    """
    from argmine.ioutil import safe_name

    return safe_name(doc_id, ".argm")


def skeleton(text: str, doc_id: str, meta: dict | None = None) -> str:
    """Markup for ``text`` cut into units by the rule segmenter, every unit unlabelled (``?``).

    An annotator replaces each ``?`` with a role and adds the tags; the text itself stays.

    >>> print(skeleton("قال الوزير إن الهدنة صامدة. وأضاف أنها ستمدد.", "d1"), end="")
    @id: d1
    <BLANKLINE>
    ? | قال الوزير إن الهدنة صامدة.
    ? | وأضاف أنها ستمدد.
    """
    from argmine.segment.rules import segment

    doc = Document(text=text, id=doc_id, meta=dict(meta or {}))
    for s, e in _tiling(text, segment(text)):
        doc.add_unit(s, e, UNLABELLED)
    return to_markup(doc)


def _tiling(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge units whose gap the markup cannot say (anything but one space, nothing, or line breaks)."""
    out: list[list[int]] = []
    for s, e in bounds:
        if out and text[out[-1][1] : s] not in ("", " ") and set(text[out[-1][1] : s]) != {"\n"}:
            out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")


def to_markup(doc: Document) -> str:
    """Write a document as markup; ``compile_markup(to_markup(d))`` rebuilds ``d``.

    Raises ``ValueError`` where the text between two units is not one space, nothing,
    or line breaks, or where spans cross each other.
    """
    lines = [f"@id: {doc.id}"]
    lines += [f"@{k}: {v}" for k, v in doc.meta.items() if k in META_KEYS and k != "id"]
    lines.append("")
    names = {u.id: f"t{i}" for i, u in enumerate(doc.units, 1)}
    targets = {lk.to for lk in doc.links}
    outgoing: dict[str, list] = {}
    for lk in doc.links:
        outgoing.setdefault(lk.from_, []).append(lk)
    prev_end = None
    for u in doc.units:
        glue = False
        if prev_end is not None:
            gap = doc.text[prev_end : u.start]
            if gap == "":
                glue = True
            elif set(gap) == {"\n"}:
                lines += [""] * len(gap)
            elif gap != " ":
                raise ValueError(f"unit {u.id}: the markup cannot say the separator {gap!r}")
        head = [u.role]
        if u.id in targets:
            head.append("#" + names[u.id])
        for lk in outgoing.get(u.id, ()):
            head.append((">" if lk.relation == "support" else "x>") + names[lk.to])
        if glue:
            head.append("~")
        lines.append(" ".join(head) + " | " + _inline(doc, u))
        prev_end = u.end
    return "\n".join(lines) + "\n"


def _inline(doc: Document, unit) -> str:
    opens: list[tuple[int, int, str]] = []  # (start, -end, opening text)
    for c in doc.cues_of(unit.id):
        tag = "booster" if c.strength == "booster" else f"hedge {c.strength}"
        opens.append((c.span.start, c.span.end, tag))
    cue_names: dict[tuple[int, int], list[str]] = {}
    for a in doc.attributions_of(unit.id):
        if a.continues:
            opens.append((a.cue.start, a.cue.end, f"cue {a.id} cont={a.continues}"))
            if a.content:
                opens.append((a.content.start, a.content.end, f"content {a.id}"))
            continue
        cue_names.setdefault((a.cue.start, a.cue.end), []).append(a.id)
        extra = (" anon" if a.anonymous else "") + (f" via={a.via}" if a.via else "")
        opens.append((a.source.start, a.source.end, f"src {a.id} {a.source_type} {a.canonical}{extra}"))
        if a.content:
            opens.append((a.content.start, a.content.end, f"content {a.id}"))
    for (s, e), ids in cue_names.items():
        opens.append((s, e, "cue " + ",".join(ids)))
    opens.sort(key=lambda t: (t[0], -t[1]))
    out: list[str] = []
    stack: list[int] = []
    pos = unit.start
    # at one offset, closings come before openings; the outermost opens first and closes last
    events = [(s, 1, -e, tag, e) for s, e, tag in opens] + [(e, 0, -s, None, s) for s, e, _ in opens]
    events.sort(key=lambda ev: (ev[0], ev[1], ev[2]))
    for off, is_open, _, tag, other in events:
        out.append(_escape(doc.text[pos:off]))
        pos = off
        if is_open:
            out.append("{" + tag + "|")
            stack.append(other)
        else:
            if not stack or stack[-1] != off:
                raise ValueError(f"unit {unit.id}: annotation spans cross at offset {off}")
            stack.pop()
            out.append("}")
    out.append(_escape(doc.text[pos : unit.end]))
    return "".join(out)


def _main(argv: list[str]) -> int:
    """``python -m argmine.markup [--texts POOL.jsonl] FILE...``: compile, validate and count each file.

    With ``--texts``, a file whose ``@id`` is in the pool must spell that text exactly.
    """
    from collections import Counter

    from argmine.corpus.record import RecordError

    texts = None
    if argv[:1] == ["--texts"]:
        import json

        with open(argv[1], encoding="utf-8") as f:
            texts = {r["id"]: r["text"] for r in map(json.loads, f)}
        argv = argv[2:]
    status = 0
    for path in argv:
        try:
            doc = read_markup(path, texts)
        except (MarkupError, RecordError) as e:
            print(e)
            status = 1
            continue
        roles = Counter(u.role for u in doc.units)
        print(
            f"{path}: ok {len(doc.units)} units ({', '.join(f'{r} {roles[r]}' for r in ROLES)}), "
            f"{sum(u.hedged for u in doc.units)} hedged, {len(doc.attributions)} attributions, "
            f"{len(doc.links)} links, {len(doc.text)} chars"
        )
    return status


if __name__ == "__main__":
    import sys

    sys.exit(_main(sys.argv[1:]))
