"""A self-contained HTML view of an annotated document that explains everything it draws.

No network, no script. A legend explains every colour and mark: the unit roles, the hedge,
booster and reporting-cue marks, the chip of each source type and the link badges and arrows.
Each unit carries badges naming the units it supports or attacks and those that support or
attack it, each a link that jumps to that unit. The evidence → claim structure is drawn as an
inline SVG diagram, and an audit follows: for each claim, its sources (type, anonymity, the
chain that relays them, continuations), its supporting units with their sources, its flags and
the factors of its confidence.

Labels (roles, source types, flags, headings) are English by default, the scheme's own names,
on a left-to-right page; ``lang="ar"`` gives Arabic labels on a right-to-left page. The
document's text is right to left either way.

>>> import argmine
>>> page = to_html(argmine.annotate("ربما انهارت الهدنة.", "d"), lang="ar")
>>> '<html lang="ar" dir="rtl">' in page and "role-claim" in page and "ادعاء" in page
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path

from argmine.audit import UNATTRIBUTED, audit
from argmine.document import ROLES, SOURCE_TYPES, Attribution, Document, Unit
from argmine.text.lexicon import read_rows

ROLE_COLOURS = {"claim": "#dbeafe", "evidence": "#dcfce7", "motive": "#fef3c7", "other": "#f3f4f6"}
ROLE_BORDERS = {"claim": "#2563eb", "evidence": "#16a34a", "motive": "#d97706", "other": "#9ca3af"}
TYPE_COLOURS = {
    "government": "#7c3aed", "security": "#b91c1c", "armed_group": "#9a3412", "local_leadership": "#0f766e",
    "media_local": "#0369a1", "media": "#1d4ed8", "ngo_monitor": "#15803d", "expert": "#a16207", "other": "#4b5563",
}  # fmt: skip
RELATION_COLOURS = {"support": "#6b7280", "attack": "#b91c1c"}
DEFAULT_COLOUR = "#4b5563"

LANGUAGES = ("en", "ar")


@cache
def labels() -> dict[str, dict[str, str]]:
    """The page's labels by language, from ``labels.tsv`` beside this module (one row a key).

    >>> labels()["ar"]["role.claim"], labels()["en"]["sep"]
    ('ادعاء', ', ')
    """
    found = {lang: {} for lang in LANGUAGES}
    table = read_rows(Path(__file__).with_name("labels.tsv"), 1 + len(LANGUAGES))
    for key, *texts in table[1:]:  # the first row names the columns
        for lang, text in zip(LANGUAGES, texts):
            found[lang][key] = text + " " if key == "sep" else text
    return found

CSS = """
body { font-family: "Noto Naskh Arabic", "Amiri", "Arial", sans-serif; margin: 2rem auto; max-width: 62rem;
       padding: 0 1rem; line-height: 2.3; color: #111827; background: #fff; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; margin-top: 2rem; } h3 { font-size: 1rem; margin: .3rem 0; }
.legend { border: 1px solid #d1d5db; border-radius: .4rem; padding: .3rem .8rem; line-height: 2.4; }
.legend h2 { margin: 0; }
.legend-row { margin: .2rem 0; }
.legend-head { font-weight: bold; margin-inline-end: .6rem; font-size: .9rem; }
.legend-item { margin-inline-end: 1rem; display: inline-block; line-height: 1.8; font-size: .9rem; }
.swatch { padding: .1rem .5rem; border-bottom: 3px solid; border-radius: .3rem; white-space: nowrap; }
.text { font-size: 1.15rem; }
.unit { padding: .15rem .2rem; border-bottom: 3px solid; border-radius: .2rem; }
.uid { font-size: .65rem; color: #374151; font-family: monospace; vertical-align: sub; white-space: nowrap; }
mark.hedge { background: #fca5a5; border-radius: .2rem; padding: 0 .1rem; }
mark.hedge.medium { background: #fed7aa; }
mark.booster { background: #bbf7d0; outline: 1px dashed #15803d; }
.source { text-decoration: underline; text-decoration-thickness: 2px; }
.cue { font-weight: bold; }
.chip, .badge, .conf, .flag { white-space: nowrap; unicode-bidi: isolate; font-family: "Noto Sans", "Arial", sans-serif;
        border-radius: .6rem; padding: .05rem .4rem; margin-inline-start: .2rem; line-height: 1.4; }
.chip { font-size: .65rem; color: #fff; vertical-align: super; }
.chip a { color: #fff; }
.conf { font-size: .7rem; color: #1f2937; background: #e5e7eb; }
.badge { font-size: .7rem; border: 1px solid; background: #fff; margin-inline-start: .3rem; }
.badge a { unicode-bidi: isolate; color: inherit; font-family: monospace; }
.badge.support { color: #374151; border-color: #6b7280; }
.badge.attack { color: #b91c1c; border-color: #b91c1c; }
.badge.in { border-style: dashed; }
.flag { font-size: .75rem; color: #fff; background: #b91c1c; }
.claim-card { border: 1px solid #d1d5db; border-inline-start: 5px solid; border-radius: .3rem; padding: .3rem .8rem;
              margin: .8rem 0; line-height: 1.8; }
.claim-card .quote { font-size: 1rem; }
.claim-card p { margin: .2rem 0; }
.claim-card h4 { font-size: .9rem; margin: .5rem 0 .1rem; }
.claim-card ul { margin: 0; padding-inline-start: 1.2rem; }
.why { color: #4b5563; font-size: .85rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .3rem 0; }
td, th { border: 1px solid #d1d5db; padding: .1rem .5rem; text-align: start; vertical-align: top; }
.meta { font-size: .85rem; color: #374151; line-height: 1.6; }
.meta dt { display: inline; font-weight: bold; } .meta dd { display: inline; margin: 0 .4rem 0 .2rem; overflow-wrap: anywhere; }
svg text { font-family: "Noto Naskh Arabic", "Arial", sans-serif; }
.diagram svg { max-width: 100%; height: auto; }
td { overflow-wrap: anywhere; }
"""


@dataclass
class View:
    """What rendering needs besides the document: labels, and the indexes built once per page."""

    doc: Document
    labels: dict[str, str]
    attributions: dict[str, Attribution] = field(default_factory=dict)
    outgoing: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # unit -> relation -> targets
    incoming: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # unit -> relation -> sources

    @classmethod
    def of(cls, doc: Document, lang: str) -> View:
        """Index the attributions by id and the links by both ends, once (the page stays linear)."""
        if lang not in LANGUAGES:
            raise ValueError(f"lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
        view = cls(doc, labels()[lang], {a.id: a for a in doc.attributions})
        for lk in doc.links:
            view.outgoing.setdefault(lk.from_, {}).setdefault(lk.relation, []).append(lk.to)
            view.incoming.setdefault(lk.to, {}).setdefault(lk.relation, []).append(lk.from_)
        return view

    def t(self, key: str) -> str:
        """The label of ``key`` (e.g. ``role.claim``), or the key's last part if it has none."""
        return self.labels.get(key, key.rsplit(".", 1)[-1])


def to_html(doc: Document, lang: str = "en") -> str:
    """The whole page; ``lang="ar"`` for Arabic labels (``"en"``, the default, for English).

    >>> import argmine
    >>> page = to_html(argmine.annotate("قال الوزير إن البلدة سقطت.", "d"))
    >>> 'id="legend"' in page and "government" in page
    True
    """
    return _page(View.of(doc, lang))


def _page(view: View) -> str:
    doc = view.doc
    report = audit(doc)
    title = escape(str((doc.meta.get("title") if isinstance(doc.meta, dict) else None) or doc.id or "argmine"))
    page_lang = "ar" if view.t("dir") == "rtl" else "en"
    return f"""<!DOCTYPE html>
<html lang="{page_lang}" dir="{view.t('dir')}">
<head><meta charset="utf-8"><title>{title}</title><style>{CSS}</style></head>
<body>
<h1 dir="auto">{title}</h1>
{_meta(doc)}
{_summary(view, report)}
{legend(view)}
<div class="text" id="text" lang="ar" dir="rtl">{_text_view(view)}</div>
<h2>{view.t('diagram')}</h2>
<div class="diagram">{diagram(doc, view)}</div>
{audit_section(view, report)}
</body>
</html>
"""


def _meta(doc: Document) -> str:
    """The document's meta (source, date, ...) other than its title, each value escaped as a string."""
    meta = doc.meta if isinstance(doc.meta, dict) else {"meta": doc.meta}
    items = "".join(
        f"<dt>{escape(str(k))}</dt><dd dir=\"auto\">{escape(str(v))}</dd>" for k, v in meta.items() if k != "title"
    )
    return f'<dl class="meta">{items}</dl>' if items else ""


def _summary(view: View, report: dict) -> str:
    conf = view.doc.confidence
    d = report["diversity"]
    score = f"{conf.score:.2f} ({view.t('level.' + conf.level)})" if conf else "-"
    return (
        f"<p>{view.t('doc.conf')}: <strong>{escape(score)}</strong> · {view.t('doc.sources')}: {d['sources']} · "
        f"{view.t('doc.anonymous')}: {d['anonymous_sources']} · {view.t('doc.party')}: {d['party_sources']}</p>"
    )


def legend(view: View) -> str:
    """The legend: what each colour, mark, chip, badge and arrow of the page means.

    >>> page = legend(View.of(Document("ربما انهارت الهدنة."), "ar"))
    >>> "تحوّط قوي" in page and "حكومة" in page and "تدعمه" in page
    True
    """
    t = view.t
    roles = "".join(
        f'<span class="legend-item"><span class="swatch" style="background:{ROLE_COLOURS[r]};border-color:{ROLE_BORDERS[r]}">'
        f"{t('role.' + r)}</span></span>"
        for r in ROLES
    )
    marks = (
        f'<span class="legend-item"><mark class="hedge strong">{t("strong")}</mark></span>'
        f'<span class="legend-item"><mark class="hedge medium">{t("medium")}</mark></span>'
        f'<span class="legend-item"><mark class="booster">{t("booster")}</mark></span>'
        f'<span class="legend-item"><span class="cue">{t("cue")}</span></span>'
        f'<span class="legend-item"><span class="source">{t("source")}</span></span>'
        f'<span class="legend-item"><span class="uid">u1</span> {t("unit.id")}</span>'
        f'<span class="legend-item"><span class="conf">0.55 {t("level.moderate")}</span> {t("conf")}</span>'
    )
    chips = "".join(
        f'<span class="legend-item"><span class="chip type-{s}" style="background:{TYPE_COLOURS[s]}">{t("type." + s)}</span></span>'
        for s in SOURCE_TYPES
    )
    chips += (
        f'<span class="legend-item"><span class="chip" style="background:{DEFAULT_COLOUR}">{t("anon")}</span> {t("anon.why")}</span>'
        f'<span class="legend-item"><span class="chip" style="background:{DEFAULT_COLOUR}">{t("via")} a1</span> {t("via.why")}</span>'
        f'<span class="legend-item"><span class="chip" style="background:{DEFAULT_COLOUR}">{t("cont")}</span> {t("cont.why")}</span>'
    )
    links = "".join(
        f'<span class="legend-item"><span class="badge {rel} {way}">{t(way + "." + rel)} <a>u3</a></span></span>'
        for rel in ("support", "attack")
        for way in ("out", "in")
    )
    links += "".join(f'<span class="legend-item">{_arrow_sample(rel)} {t("arrow." + rel)}</span>' for rel in ("support", "attack"))
    rows = ((t("roles"), roles, "roles"), (t("marks"), marks, "marks"), (t("chips"), chips, "chips"), (t("links"), links, "links"))
    body = "".join(
        f'<div class="legend-row" id="legend-{key}"><span class="legend-head">{head}:</span> {items}</div>' for head, items, key in rows
    )
    return f'<section class="legend" id="legend"><h2>{t("legend")}</h2>{body}</section>'


def _arrow_sample(relation: str) -> str:
    dash = ' stroke-dasharray="5,4"' if relation == "attack" else ""
    colour = RELATION_COLOURS[relation]
    return (
        f'<svg width="46" height="12" class="arrow-{relation}" aria-hidden="true"><path d="M2,6 H38" '
        f'stroke="{colour}" stroke-width="1.5"{dash}/><path d="M36,2 L44,6 L36,10 z" fill="{colour}"/></svg>'
    )


def _text_view(view: View) -> str:
    """The text with each unit wrapped, in order; what lies between units is kept as it is."""
    doc = view.doc
    parts = []
    prev = 0
    for u in doc.units:
        parts.append(_text(doc.text[prev : u.start]))
        parts.append(_unit(view, u))
        prev = u.end
    parts.append(_text(doc.text[prev:]))
    return "".join(parts)


def _unit(view: View, u: Unit) -> str:
    """One unit: its marked-up text, its id, its confidence and its link badges."""
    t = view.t
    role = u.role if u.role in ROLE_COLOURS else "other"
    conf = ""
    if u.confidence:
        conf = f'<span class="conf" dir="{t("dir")}">{u.confidence.score:.2f} {escape(t("level." + u.confidence.level))}</span>'
    return (
        f'<span class="unit role-{role}" id="{escape(u.id)}" data-role="{escape(u.role)}" '
        f'style="background:{ROLE_COLOURS[role]};border-color:{ROLE_BORDERS[role]}" '
        f'title="{escape(u.id)}: {escape(t("role." + u.role))}">{_inline(view, u)}'
        f'<span class="uid">{escape(u.id)}</span>{conf}{badges(view, u.id)}</span>'
    )


def badges(view: View, unit_id: str) -> str:
    """The unit's link badges: "supports u3", "supported by u5, u7", each id a link to its unit.

    >>> import argmine
    >>> from argmine.document import Link
    >>> doc = argmine.annotate("قال الوزير إن البلدة سقطت. ربما انهارت الهدنة.", "d", model=None)
    >>> doc.links = [Link("u1", "u2")]
    >>> badges(View.of(doc, "ar"), "u2")
    '<span class="badge support in" dir="rtl">تدعمه <a href="#u1">u1</a></span>'
    """
    out = []
    for way, index in (("out", view.outgoing), ("in", view.incoming)):
        for relation, others in index.get(unit_id, {}).items():
            ids = view.t("sep").join(f'<a href="#{escape(o)}">{escape(o)}</a>' for o in others)
            out.append(f'<span class="badge {escape(relation)} {way}" dir="{view.t("dir")}">{view.t(way + "." + relation)} {ids}</span>')
    return "".join(out)


def _chip(view: View, a: Attribution) -> str:
    """The chip after a source: its type, and whether it is anonymous, relayed or a continuation."""
    t = view.t
    parts = [escape(t("type." + a.source_type))]
    if a.anonymous:
        parts.append(t("anon"))
    if a.via:
        parts.append(f'{t("via")} <a href="#attr-{escape(a.via)}">{escape(a.via)}</a>')
    if a.continues:
        parts.append(f"{t('cont')} {escape(a.source.text)}")
    title = f"{a.id}: {a.source.text} ({a.canonical})"
    return (
        f'<span class="chip type-{escape(a.source_type)}" id="attr-{escape(a.id)}" dir="{t("dir")}" '
        f'style="background:{TYPE_COLOURS.get(a.source_type, DEFAULT_COLOUR)}" title="{escape(title)}">'
        + " · ".join(parts)
        + "</span>"
    )


def _inline(view: View, unit: Unit) -> str:
    """The unit's text with cue, hedge and source tags, nested properly (crossing tags are reopened)."""
    doc = view.doc
    tags: list[tuple[int, int, str, str]] = []  # (start, end, opening, closing)
    inserts: dict[int, str] = {}  # html placed at an offset, after the tags that close there
    for c in doc.cues_of(unit.id):
        cls = "booster" if c.strength == "booster" else f"hedge {c.strength}"
        tags.append((c.span.start, c.span.end, f'<mark class="{escape(cls)}" title="{escape(view.t(c.strength))}">', "</mark>"))
    for a in doc.attributions_of(unit.id):
        tags.append((a.cue.start, a.cue.end, '<span class="cue">', "</span>"))
        # a continuation's source was named in an earlier unit: its chip names it after the cue
        at = a.cue.end if a.continues else a.source.end
        if not a.continues:
            title = escape(f"{a.id}: {a.canonical}")
            tags.append((a.source.start, a.source.end, f'<span class="source" title="{title}">', "</span>"))
        inserts[at] = inserts.get(at, "") + _chip(view, a)
    starting: dict[int, list[int]] = {}
    for i, (s, e, _, _) in enumerate(tags):
        if e > s:
            starting.setdefault(s, []).append(i)
    out: list[str] = []
    stack: list[int] = []
    pos = unit.start
    for b in sorted({x for s, e, _, _ in tags for x in (s, e)} | set(inserts)):
        out.append(_text(doc.text[pos:b]))
        pos = b
        closing = {i for i in stack if tags[i][1] == b}
        reopen = []
        while closing:
            i = stack.pop()
            out.append(tags[i][3])
            if i in closing:
                closing.discard(i)
            else:
                reopen.append(i)  # crossing: closed here to keep the nesting, opened again below
        out.append(inserts.get(b, ""))
        for i in reversed(reopen):
            out.append(tags[i][2])
            stack.append(i)
        for i in sorted(starting.get(b, ()), key=lambda i: -tags[i][1]):
            out.append(tags[i][2])
            stack.append(i)
    out.append(_text(doc.text[pos : unit.end]))
    out.extend(tags[i][3] for i in reversed(stack))
    return "".join(out)


def _text(s: str) -> str:
    return escape(s).replace("\n", "<br>\n")


def diagram(doc: Document, view: View | None = None) -> str:
    """The evidence → claim structure as an SVG: each head with its supporters, lines between.

    >>> from argmine.document import Link
    >>> doc = Document("قال الوزير إن البلدة سقطت. فالهجوم فشل.")
    >>> _ = doc.add_unit(0, 26, "evidence"), doc.add_unit(27, 39, "claim")
    >>> doc.links = [Link("u1", "u2")]
    >>> diagram(doc).count("<line ")
    1
    """
    view = view or View.of(doc, "en")
    rows = [(h, doc.links_to(h.id)) for h in doc.units if h.role in ("claim", "motive")]
    rows = [(h, sup) for h, sup in rows if sup]
    if not rows:
        return f"<p>{view.t('no.links')}</p>"
    box_h, gap, width = 30, 8, 900
    y = 10
    parts = []
    for h, sup in rows:
        block = max(len(sup), 1) * (box_h + gap)
        hy = y + block / 2 - box_h / 2
        parts.append(_box(width - 330, hy, 320, box_h, h, view))
        for k, lk in enumerate(sup):
            sy = y + k * (box_h + gap)
            parts.append(_box(10, sy, 320, box_h, doc.unit(lk.from_), view))
            colour = RELATION_COLOURS.get(lk.relation, DEFAULT_COLOUR)
            dash = ' stroke-dasharray="5,4"' if lk.relation == "attack" else ""
            parts.append(
                f'<line x1="330" y1="{sy + box_h / 2}" x2="{width - 330}" y2="{hy + box_h / 2}" stroke="{colour}" '
                f'stroke-width="1.5" marker-end="url(#arrow-{escape(lk.relation)})"{dash}/>'
            )
        y += block + 18
    markers = "".join(
        f'<marker id="arrow-{rel}" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
        f'<path d="M0,0 L8,4 L0,8 z" fill="{colour}"/></marker>'
        for rel, colour in RELATION_COLOURS.items()
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" viewBox="0 0 {width} {y}" role="img" '
        f'aria-label="evidence to claim links"><defs>{markers}</defs>' + "".join(parts) + "</svg>"
    )


def _box(x: float, y: float, w: float, h: float, unit: Unit, view: View) -> str:
    sources = view.doc.attributions_of(unit.id)
    chip = f" ({view.t('type.' + sources[0].source_type)})" if sources else ""
    budget = max(40 - len(chip), 8)
    label = unit.text if len(unit.text) <= budget else unit.text[: budget - 2] + "…"
    role = unit.role if unit.role in ROLE_COLOURS else "other"
    return (
        f'<g><title>{escape(unit.id)}: {escape(unit.text)}</title><a href="#{escape(unit.id)}">'
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5" fill="{ROLE_COLOURS[role]}" '
        f'stroke="{ROLE_BORDERS[role]}"/>'
        f'<text x="{x + w - 8}" y="{y + h / 2 + 5}" font-size="13" text-anchor="start" direction="rtl">'
        f"{escape(label)}{escape(chip)} · {escape(unit.id)}</text></a></g>"
    )


def audit_section(view: View, report: dict) -> str:
    """For each claim and motive: its sources, supporting units and their sources, flags and confidence factors.

    >>> import argmine
    >>> doc = argmine.annotate("ربما انهارت الهدنة.", model=None)
    >>> "unattributed (author's assessment)" in audit_section(View.of(doc, "en"), audit(doc))
    True
    """
    t = view.t
    cards = "".join(_claim_card(view, c) for c in report["claims"]) or f"<p>{t('no.claims')}</p>"
    return f'<section id="audit"><h2>{t("audit")}</h2>{cards}<h3>{t("all.sources")}</h3>{_sources_summary(view, report)}</section>'


def _claim_card(view: View, c: dict) -> str:
    t = view.t
    role = c["role"] if c["role"] in ROLE_BORDERS else "other"
    conf = c["confidence"]
    score = f'<span class="conf">{conf["score"]:.2f} {escape(t("level." + conf["level"]))}</span>' if conf else ""
    hedges = ""
    if c["hedges"]:
        marks = t("sep").join(f'<mark class="hedge {escape(h["strength"])}">{escape(h["text"])}</mark>' for h in c["hedges"])
        hedges = f'<p>{t("claim.hedges")}: <span lang="ar" dir="rtl">{marks}</span></p>'
    return (
        f'<article class="claim-card" id="audit-{escape(c["unit"])}" style="border-inline-start-color:{ROLE_BORDERS[role]}">'
        f'<h3><a href="#{escape(c["unit"])}">{escape(c["unit"])}</a> {escape(t("role." + c["role"]))} {score} {_flags(view, c["flags"])}</h3>'
        f'<p class="quote" lang="ar" dir="rtl">{escape(c["text"])}</p>{hedges}'
        f"<h4>{t('claim.sources')}</h4>{_sources_table(view, c)}"
        f"<h4>{t('claim.flags')}</h4>{_flag_list(view, c['flags'])}"
        f"<h4>{t('claim.factors')}</h4>{_factors_table(view, conf)}</article>"
    )


def _flags(view: View, flags: list[str]) -> str:
    return "".join(f'<span class="flag" title="{escape(view.t("why." + f))}">{escape(view.t("flag." + f))}</span>' for f in flags)


def _flag_list(view: View, flags: list[str]) -> str:
    if not flags:
        return f"<p>{view.t('no.flags')}</p>"
    items = "".join(
        f'<li><span class="flag">{escape(view.t("flag." + f))}</span> <span class="why">{escape(view.t("why." + f))}</span></li>'
        for f in flags
    )
    return f"<ul>{items}</ul>"


def _sources_table(view: View, c: dict) -> str:
    """Rows of the claim's own sources, then of each supporting (or attacking) unit's sources."""
    t = view.t
    head = "".join(f"<th>{t('col.' + k)}</th>" for k in ("from", "source", "type", "anonymous", "via", "cont"))
    rows = [_source_row(view, t("own"), s) for s in c["sources"]]
    for e in c["evidence"]:
        origin = f'<a href="#{escape(e["unit"])}">{escape(e["unit"])}</a> ({escape(t("role." + e["role"]))}) · {t("out." + e["relation"])}'
        rows += [_source_row(view, origin, s) for s in e["sources"]]
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _source_row(view: View, origin: str, s: dict | str) -> str:
    t = view.t
    if isinstance(s, str):  # the audit's "unattributed (author's assessment)"
        label = t("unattributed") if s == UNATTRIBUTED else escape(s)
        return f'<tr><td>{origin}</td><td colspan="5">{label}</td></tr>'
    type_ = s["type"]
    chip = f'<span class="chip" style="background:{TYPE_COLOURS.get(type_, DEFAULT_COLOUR)};vertical-align:baseline">{escape(t("type." + type_))}</span>'
    cont = s.get("continues")
    return (
        f'<tr><td>{origin}</td><td><span lang="ar" dir="rtl">{escape(s["source"])}</span> <code>{escape(s["canonical"])}</code></td>'
        f"<td>{chip}</td><td>{t('yes') if s['anonymous'] else t('no')}</td><td>{_via_chain(view, s['via'])}</td>"
        f"<td>{_attribution_ref(view, cont) if cont else '-'}</td></tr>"
    )


def _via_chain(view: View, via: str | None) -> str:
    """The chain of attributions that relay a source: ``a1: وزارة الإعلام ← a0: ...``."""
    links, seen = [], set()
    while via and via not in seen:
        seen.add(via)
        links.append(_attribution_ref(view, via))
        relay = view.attributions.get(via)
        via = relay.via if relay else None
    return " ← ".join(links) or "-"


def _attribution_ref(view: View, attribution_id: str) -> str:
    a = view.attributions.get(attribution_id)
    name = f': <span lang="ar" dir="rtl">{escape(a.source.text)}</span>' if a else ""
    return f'<a href="#attr-{escape(attribution_id)}">{escape(attribution_id)}</a>{name}'


def _factors_table(view: View, conf: dict | None) -> str:
    if not conf:
        return "<p>-</p>"
    t = view.t
    head = "".join(f"<th>{t('col.' + k)}</th>" for k in ("name", "weight", "detail"))
    rows = "".join(
        f'<tr><td><code>{escape(f["name"])}</code></td><td><span dir="ltr">{f["weight"]:+.2f}</span></td><td dir="auto">{escape(f["detail"])}</td></tr>'
        for f in conf["factors"]
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def _sources_summary(view: View, report: dict) -> str:
    """Every source with the claims and evidence resting on it."""
    t = view.t
    head = "".join(f"<th>{t('col.' + k)}</th>" for k in ("source", "canonical", "type", "anonymous", "claims", "evidence"))

    def refs(ids: list[str]) -> str:
        return t("sep").join(f'<a href="#{escape(i)}">{escape(i)}</a>' for i in ids) or "-"

    rows = "".join(
        f'<tr><td lang="ar" dir="rtl">{escape(" / ".join(s["names"]))}</td><td><code>{escape(s["canonical"])}</code></td>'
        f'<td>{escape(t("type." + s["type"]))}</td><td>{t("yes") if s["anonymous"] else t("no")}</td>'
        f'<td>{refs(s["claims"])}</td><td>{refs(s["evidence"])}</td></tr>'
        for s in report["sources"]
    )
    return f"<table><tr>{head}</tr>{rows}</table>"

