"""The HTML view explains what it draws: legend, link badges, Arabic labels, the audit, in a real browser."""

import html
import json
import re
import shutil
import subprocess
import time
from html.parser import HTMLParser

import pytest

import argmine
from argmine.cli import main
from argmine.confidence.rules import ConfidenceScorer
from argmine.corpus.markup import compile_markup
from argmine.document import Attribution, Document, Link, Span, Unit
from argmine.export.html import to_html
from conftest import SEED_TEXT

# u1 (evidence, the minister) and u3 (evidence, an anonymous source relayed by a continuation) bear on u2
CHAIN = compile_markup(
    "@id: chain\n\nevidence | {cue a|قال} {src a government m|الوزير} إن البلدة سقطت.\n"
    "claim | و{cue c cont=a|أضاف} أن {content c|الهجوم فشل}.\n"
    "evidence | و{cue d cont=a|تابع} {content d|{cue e|نقلاً عن} {src e security s anon via=d|مصدر أمني}} أن القصف توقف.\n"
    "claim | ربما انتهت الحملة."
)
CHAIN.links = [Link("u1", "u2"), Link("u3", "u2"), Link("u3", "u4", "attack")]
ConfidenceScorer()(CHAIN)


class Elements(HTMLParser):
    """Each element of a page with its attributes, the ids of the elements around it, and its text."""

    VOID = {"br", "meta", "img", "input", "hr", "link"}

    def __init__(self, page: str):
        super().__init__()
        self.found: list[dict] = []
        self.stack: list[dict] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        el = self.handle_startendtag(tag, attrs)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):  # <path .../> has no end tag: recorded, not entered
        el = {"tag": tag, **dict(attrs), "within": [e.get("id") for e in self.stack if e.get("id")], "text": ""}
        self.found.append(el)
        for outer in self.stack:
            outer["text"] += " "  # cells and items stay apart in the text
        return el

    def handle_endtag(self, tag):
        while tag not in self.VOID and self.stack and self.stack.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        for el in self.stack:
            el["text"] += data

    def having(self, cls: str) -> list[dict]:
        return [e for e in self.found if cls in e.get("class", "").split()]

    def by_id(self, id_: str) -> dict:
        return next(e for e in self.found if e.get("id") == id_)


def expected_badges(doc: Document) -> dict[str, set]:
    """What each unit's badges must say, from the links: (direction, relation, the other units)."""
    want: dict[str, dict] = {u.id: {} for u in doc.units}
    for lk in doc.links:
        want[lk.from_].setdefault(("out", lk.relation), []).append(lk.to)
        want[lk.to].setdefault(("in", lk.relation), []).append(lk.from_)
    return {u: {(way, rel, tuple(others)) for (way, rel), others in d.items()} for u, d in want.items()}


def badge_links(page_text: str) -> dict[str, set]:
    """(direction, relation, ids) of each badge in the text, read from the markup."""
    found: dict[str, set] = {}
    text = page_text[page_text.index('id="text"') :]
    for unit in re.finditer(r'<span class="unit[^"]*" id="([^"]+)"', text):
        end = text.find('<span class="unit', unit.end())
        body = text[unit.end() : end if end > 0 else len(text)]
        for way_rel, inner in re.findall(r'<span class="badge (\w+ \w+)"[^>]*>(.*?)</span>', body):
            rel, way = way_rel.split()
            found.setdefault(unit.group(1), set()).add((way, rel, tuple(re.findall(r'href="#([^"]+)"', inner))))
    return found


def test_each_unit_shows_what_it_supports_and_what_supports_it():
    page = to_html(CHAIN)
    want = {u: b for u, b in expected_badges(CHAIN).items() if b}
    assert badge_links(page) == want
    assert want["u2"] == {("in", "support", ("u1", "u3"))}  # "supported by u1, u3"
    ids = {e["id"] for e in Elements(page).found if "id" in e}
    assert {h for b in want.values() for _, _, others in b for h in others} <= ids  # every badge jumps to a unit
    assert ">supported by <a" in page and ">attacks <a" in page and ">attacked by <a" in page


def test_arabic_labels():
    ar, en = to_html(CHAIN, lang="ar"), to_html(CHAIN)
    assert '<html lang="ar" dir="rtl">' in ar and '<html lang="en" dir="ltr">' in en
    assert 'id="text" lang="ar" dir="rtl"' in en  # the text reads right to left either way
    assert ">تدعمه <a" in ar and ">يعارض <a" in ar and "supported by" not in ar
    assert 'title="u2: ادعاء"' in ar and 'title="u2: claim"' in en
    assert ">أمن · مجهول · عبر <a" in ar and ">security · anon · via <a" in en  # the relayed anonymous source's chip
    with pytest.raises(ValueError, match="lang: expected one of en, ar, got 'fr'"):
        to_html(CHAIN, lang="fr")


def test_legend_explains_every_colour_and_mark_on_the_page():
    doc = argmine.annotate(SEED_TEXT.read_text(encoding="utf-8"), "jasim-2022-10", model=None)
    page = to_html(doc)
    start = page.index('id="legend"')
    legend, rest = page[start : page.index("</section>", start)], page[page.index('id="text"') :]
    chip_colours = set(re.findall(r'class="chip type-[^"]*" id="attr-[^"]*" dir="ltr" style="(background:#\w+)"', rest))
    assert len(chip_colours) >= 4 and all(c in legend for c in chip_colours)
    unit_colours = set(re.findall(r'class="unit [^"]*"[^>]*style="(background:#\w+;border-color:#\w+)"', rest))
    assert len(unit_colours) == 4 and all(c in legend for c in unit_colours)
    marks = set(re.findall(r'<mark class="([^"]+)"', rest)) | set(re.findall(r'<span class="(cue|source)"', rest))
    assert {"hedge strong", "hedge medium", "cue", "source"} <= marks
    assert all(f'class="{m}"' in legend for m in marks | {"booster"})
    for rel in ("support", "attack"):
        assert f'class="arrow-{rel}"' in legend and f'class="badge {rel} in"' in legend and f'class="badge {rel} out"' in legend
    assert "anonymous source" in legend and "relayed by" in legend and "continuation" in legend


def test_audit_lists_sources_chain_continuation_support_flags_and_factors():
    page = Elements(to_html(CHAIN))
    card = page.by_id("audit-u2")
    text = " ".join(card["text"].split())
    assert "supported by" not in text and "u1 (evidence) · supports" in text and "u3 (evidence) · supports" in text
    assert "own الوزير m government no - a1: الوزير" in text  # its own source continues a1
    assert "مصدر أمني s security yes a3: الوزير -" in text  # anonymous, relayed via u3's continuation a3
    assert "party only" in text and "single source" not in text and "unattributed" not in text  # sources m and s
    for f in CHAIN.unit("u2").confidence.factors:
        assert f"{f.name} {f.weight:+.2f} {f.detail}" in text
    assert "unattributed" in page.by_id("audit-u4")["text"]  # its only link attacks it


def test_meta_values_of_any_type_are_shown_escaped():
    doc = argmine.annotate("ربما انهارت الهدنة.", "d", model=None)
    doc.meta = {"title": 2024, "tags": ["<b>", None], 7: {"x": "<script>alert(1)</script>"}, "url": None}
    page = to_html(doc)
    assert "<title>2024</title>" in page and "<script>" not in page and "&lt;script&gt;" in page
    doc.meta = {"title": {"ar": "عنوان"}}
    assert "<title>{&#x27;ar&#x27;: &#x27;عنوان&#x27;}</title>" in to_html(doc)


def synthetic(n: int) -> Document:
    """n small units: every other one a claim supported by the one before, all quoting one minister."""
    sentence = "قال الوزير إن البلدة سقطت. "
    text = sentence * n
    doc = Document(text, "big")
    w = len(sentence)
    for i in range(n):
        s = i * w
        doc.units.append(Unit(f"u{i + 1}", Span(s, s + w - 1, text[s : s + w - 1]), role="claim" if i % 2 else "evidence"))
        doc.attributions.append(
            Attribution(f"a{i + 1}", f"u{i + 1}", Span(s, s + 3, "قال"), Span(s + 4, s + 10, "الوزير"), "government", "minister")
        )
        if i % 2:
            doc.links.append(Link(f"u{i}", f"u{i + 1}"))
    ConfidenceScorer()(doc)
    return doc


def test_rendering_time_is_linear_in_units_and_links():
    small, big = synthetic(1875), synthetic(30_000)
    to_html(small)  # warm up
    t_small = min(_timed(small) for _ in range(3))
    t_big = min(_timed(big) for _ in range(2))
    assert t_big < 40 * t_small, (t_small, t_big)  # 16 times the units: about 20 times the time alone; quadratic would be 256


def _timed(doc: Document) -> float:
    """CPU seconds, not wall: the tests share the machine with other work."""
    start = time.process_time()
    to_html(doc)
    return time.process_time() - start


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=640,2400"]  # fmt: skip
# Injected into a copy of the page (the page itself has no script): what the browser laid out, as JSON in the DOM.
PROBE = """<script>
const all = s => [...document.querySelectorAll(s)];
const bg = e => getComputedStyle(e).backgroundColor;
const probe = {
  units: all('#text .unit').map(u => ({id: u.id, badges: all('#' + u.id + ' > .badge').map(b => ({
    cls: b.className, to: [...b.querySelectorAll('a')].map(a => a.getAttribute('href').slice(1))}))})),
  labels: all('.chip, .badge, .conf, .flag').map(e => ({text: e.textContent, lines: e.getClientRects().length,
    ws: getComputedStyle(e).whiteSpace})),
  broken: all('a[href^="#"]').map(a => a.getAttribute('href')).filter(h => !document.getElementById(h.slice(1))),
  legend: {chips: all('#legend .chip').map(bg), swatches: all('#legend .swatch').map(e => getComputedStyle(e).borderBottomColor),
    marks: all('#legend mark, #legend .cue, #legend .source').map(e => e.className),
    arrows: all('#legend svg').map(e => e.getAttribute('class'))},
  text: {chips: all('#text .chip').map(bg), units: all('#text .unit').map(e => getComputedStyle(e).borderBottomColor)},
  cards: all('#audit .claim-card').map(c => ({id: c.id, factors: c.querySelectorAll('table')[1]
    ? c.querySelectorAll('table')[1].rows.length - 1 : 0, flags: [...c.querySelectorAll('h3 .flag')].map(f => f.textContent)})),
};
const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(probe);
document.body.appendChild(pre);
</script>"""


def browse(page, tmp_path):
    """Lay out the page in headless Chromium: a screenshot, and the probe's findings."""
    probed = page.with_name(page.stem + "-probe.html")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    base = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*base, "--dump-dom", probed.as_uri()], capture_output=True, timeout=120).stdout.decode()
    shot = page.with_suffix(".png")
    subprocess.run([*base, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return json.loads(html.unescape(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S).group(1)))


def test_both_pages_render_in_headless_chromium(tmp_path):
    assert CHROMIUM, "Chromium is installed by `make chromium` (Debian package chromium)"
    doc = argmine.annotate(SEED_TEXT.read_text(encoding="utf-8"), "jasim-2022-10")
    pages = {"annotate": tmp_path / "annotate.html", "audit": tmp_path / "audit.html", "arabic": tmp_path / "arabic.html"}
    assert main(["annotate", str(SEED_TEXT), "--format", "html", "-o", str(pages["annotate"])]) == 0
    assert main(["audit", str(SEED_TEXT), "--format", "html", "-o", str(pages["audit"])]) == 0
    pages["arabic"].write_text(to_html(doc, lang="ar"), encoding="utf-8")
    want = expected_badges(doc)
    for name, page in pages.items():
        found = browse(page, tmp_path)
        assert [u["id"] for u in found["units"]] == [u.id for u in doc.units], name
        for u in found["units"]:  # every unit has its badges, each naming the linked units
            got = {("out" if "out" in b["cls"].split() else "in", b["cls"].split()[1], tuple(b["to"])) for b in u["badges"]}
            assert got == want[u["id"]], (name, u["id"])
        assert not found["broken"], name  # every in-page link has its target
        assert len(found["labels"]) > 60
        wrapped = [x["text"] for x in found["labels"] if x["lines"] != 1 or x["ws"] != "nowrap"]
        assert not wrapped, (name, wrapped)  # no chip, badge or flag broken across lines
        legend, text = found["legend"], found["text"]
        assert set(text["chips"]) <= set(legend["chips"]) and set(text["units"]) <= set(legend["swatches"]), name
        assert {"hedge strong", "hedge medium", "booster", "cue", "source"} <= set(legend["marks"])
        assert {"arrow-support", "arrow-attack"} <= set(legend["arrows"])
        cards = {c["id"]: c for c in found["cards"]}
        claims = [u for u in doc.units if u.role in ("claim", "motive")]
        assert set(cards) == {f"audit-{u.id}" for u in claims}, name
        for u in claims:
            assert cards[f"audit-{u.id}"]["factors"] == len(u.confidence.factors), (name, u.id)
