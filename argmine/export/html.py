"""A self-contained HTML view of an annotated document, in the manner of displaCy.

Right to left, no network, no script: the units are coloured by role, hedges and
boosters are highlighted, each source carries a chip with its type, and the
evidence → claim structure is drawn as an inline SVG diagram.

>>> import argmine
>>> page = to_html(argmine.annotate("ربما انهارت الهدنة.", "d"))
>>> '<html lang="ar" dir="rtl">' in page and "role-claim" in page
True
"""

from __future__ import annotations

from html import escape

from argmine.audit import audit
from argmine.document import Document

ROLE_COLOURS = {"claim": "#dbeafe", "evidence": "#dcfce7", "motive": "#fef3c7", "other": "#f3f4f6"}
ROLE_BORDERS = {"claim": "#2563eb", "evidence": "#16a34a", "motive": "#d97706", "other": "#9ca3af"}
ROLE_NAMES = {"claim": "ادعاء", "evidence": "دليل", "motive": "دافع", "other": "أخرى"}
TYPE_COLOURS = {
    "government": "#7c3aed", "security": "#b91c1c", "armed_group": "#9a3412", "local_leadership": "#0f766e",
    "media_local": "#0369a1", "media": "#1d4ed8", "ngo_monitor": "#15803d", "expert": "#a16207", "other": "#4b5563",
}  # fmt: skip

CSS = """
body { font-family: "Noto Naskh Arabic", "Amiri", "Arial", sans-serif; margin: 2rem auto; max-width: 62rem;
       line-height: 2.3; color: #111827; background: #fff; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.legend span { margin-inline-end: .8rem; padding: .1rem .5rem; border-radius: .3rem; }
.text { font-size: 1.15rem; }
.unit { padding: .15rem .2rem; border-bottom: 3px solid; border-radius: .2rem; }
.unit sub { font-size: .6rem; color: #374151; font-family: monospace; }
mark.hedge { background: #fca5a5; border-radius: .2rem; padding: 0 .1rem; }
mark.hedge.medium { background: #fed7aa; }
mark.booster { background: #bbf7d0; outline: 1px dashed #15803d; }
.source { text-decoration: underline; text-decoration-thickness: 2px; }
.chip { font-size: .65rem; color: #fff; border-radius: .6rem; padding: .05rem .35rem; margin-inline-start: .15rem;
        vertical-align: super; font-family: sans-serif; white-space: nowrap; }
.cue { font-weight: bold; }
.conf { font-size: .7rem; font-family: sans-serif; color: #1f2937; background: #e5e7eb; border-radius: .3rem;
        padding: 0 .3rem; margin-inline-start: .2rem; }
.flags { color: #b91c1c; font-size: .8rem; font-family: sans-serif; }
table { border-collapse: collapse; font-size: .9rem; } td, th { border: 1px solid #d1d5db; padding: .2rem .5rem; }
svg text { font-family: "Noto Naskh Arabic", "Arial", sans-serif; }
"""


def _inline(doc: Document, unit) -> str:
    """The unit's text with cue, hedge and source tags, nested properly (crossing tags are reopened)."""
    tags: list[tuple[int, int, str, str]] = []  # (start, end, opening, closing)
    inserts: dict[int, str] = {}  # html placed at an offset, after the tags that close there
    for c in doc.cues_of(unit.id):
        cls = "booster" if c.strength == "booster" else f"hedge {c.strength}"
        tags.append((c.span.start, c.span.end, f'<mark class="{cls}" title="{c.strength}">', "</mark>"))
    for a in doc.attributions_of(unit.id):
        tags.append((a.cue.start, a.cue.end, '<span class="cue">', "</span>"))
        # a continuation's source was named in an earlier unit: its chip names it after the cue
        at = a.cue.end if a.continues else a.source.end
        if not a.continues:
            title = escape(f"{a.id}: {a.canonical}")
            tags.append((a.source.start, a.source.end, f'<span class="source" title="{title}">', "</span>"))
        inserts[at] = inserts.get(at, "") + (
            f'<span class="chip" style="background:{TYPE_COLOURS.get(a.source_type, "#4b5563")}">'
            f"{escape(a.source_type)}{' · anon' if a.anonymous else ''}{' · via ' + a.via if a.via else ''}"
            f"{' · ' + escape(a.source.text) if a.continues else ''}</span>"
        )
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
        starting = sorted((i for i, t in enumerate(tags) if t[0] == b and t[1] > b), key=lambda i: -tags[i][1])
        for i in reversed(reopen):
            out.append(tags[i][2])
            stack.append(i)
        for i in starting:
            out.append(tags[i][2])
            stack.append(i)
    out.append(_text(doc.text[pos : unit.end]))
    out.extend(tags[i][3] for i in reversed(stack))
    return "".join(out)


def _text(s: str) -> str:
    return escape(s).replace("\n", "<br>\n")


def diagram(doc: Document) -> str:
    """The evidence → claim structure as an SVG: each head with its supporters, lines between."""
    heads = [u for u in doc.units if u.role in ("claim", "motive")]
    rows = []
    for h in heads:
        sup = [lk for lk in doc.links if lk.to == h.id]
        if sup:
            rows.append((h, sup))
    if not rows:
        return "<p>لا توجد روابط بين الأدلة والادعاءات.</p>"
    box_h, gap, width = 30, 8, 900
    y = 10
    parts = []
    for h, sup in rows:
        block = max(len(sup), 1) * (box_h + gap)
        hy = y + block / 2 - box_h / 2
        parts.append(_box(width - 330, hy, 320, box_h, h, doc))
        for k, lk in enumerate(sup):
            sy = y + k * (box_h + gap)
            src = doc.unit(lk.from_)
            parts.append(_box(10, sy, 320, box_h, src, doc))
            colour = "#b91c1c" if lk.relation == "attack" else "#6b7280"
            dash = ' stroke-dasharray="5,4"' if lk.relation == "attack" else ""
            parts.append(
                f'<line x1="330" y1="{sy + box_h / 2}" x2="{width - 330}" y2="{hy + box_h / 2}" stroke="{colour}" '
                f'stroke-width="1.5" marker-end="url(#arrow)"{dash}/>'
            )
        y += block + 18
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" viewBox="0 0 {width} {y}" role="img" '
        'aria-label="evidence to claim links">'
        '<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#6b7280"/></marker></defs>' + "".join(parts) + "</svg>"
    )


def _box(x: float, y: float, w: float, h: float, unit, doc: Document) -> str:
    sources = doc.attributions_of(unit.id)
    chip = f" ({sources[0].source_type})" if sources else ""
    budget = 40 - len(chip)
    label = unit.text if len(unit.text) <= budget else unit.text[: budget - 2] + "…"
    return (
        f'<g><title>{escape(unit.id)}: {escape(unit.text)}</title>'
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5" fill="{ROLE_COLOURS[unit.role]}" '
        f'stroke="{ROLE_BORDERS[unit.role]}"/>'
        f'<text x="{x + w - 8}" y="{y + h / 2 + 5}" font-size="13" text-anchor="start" direction="rtl">'
        f"{escape(label)}{escape(chip)} · {escape(unit.id)}</text></g>"
    )


def to_html(doc: Document) -> str:
    """The whole page."""
    report = audit(doc)
    units = []
    prev = 0
    for u in doc.units:
        units.append(_text(doc.text[prev : u.start]))
        conf = f'<span class="conf">{u.confidence.score:.2f} {u.confidence.level}</span>' if u.confidence else ""
        units.append(
            f'<span class="unit role-{u.role}" id="{escape(u.id)}" data-role="{u.role}" '
            f'style="background:{ROLE_COLOURS[u.role]};border-color:{ROLE_BORDERS[u.role]}" '
            f'title="{escape(u.id)}: {u.role}">{_inline(doc, u)}<sub>{escape(u.id)}</sub>{conf}</span>'
        )
        prev = u.end
    units.append(_text(doc.text[prev:]))
    legend = "".join(
        f'<span style="background:{ROLE_COLOURS[r]};border-bottom:3px solid {ROLE_BORDERS[r]}">{ROLE_NAMES[r]} {r}</span>'
        for r in ROLE_COLOURS
    )
    legend += '<span><mark class="hedge strong">تحوّط قوي</mark></span><span><mark class="hedge medium">تحوّط متوسط</mark></span>'
    legend += '<span><mark class="booster">توكيد</mark></span>'
    flags = "".join(
        f"<tr><td>{escape(c['unit'])}</td><td>{escape(c['role'])}</td><td>{escape(', '.join(c['flags']) or '-')}</td>"
        f"<td>{c['confidence']['score']:.2f} {c['confidence']['level']}</td></tr>"
        for c in report["claims"]
        if c["confidence"]
    )
    conf = doc.confidence
    title = escape(doc.meta.get("title") or doc.id or "argmine")
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>{title}</title><style>{CSS}</style></head>
<body>
<h1>{title}</h1>
<p class="legend">{legend}</p>
<p>ثقة الوثيقة: <strong>{f"{conf.score:.2f} ({conf.level})" if conf else "-"}</strong> ·
مصادر: {report['diversity']['sources']} · مجهولة: {report['diversity']['anonymous_sources']} ·
أطراف في الأحداث: {report['diversity']['party_sources']}</p>
<div class="text" id="text">{"".join(units)}</div>
<h2>بنية الحجة: الأدلة والادعاءات</h2>
<div class="diagram">{diagram(doc)}</div>
<h2>التدقيق</h2>
<table><tr><th>الوحدة</th><th>الدور</th><th>تنبيهات</th><th>الثقة</th></tr>{flags}</table>
</body>
</html>
"""
