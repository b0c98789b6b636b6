"""Exports and their importers: nothing is lost on the whole corpus."""

import json
import re
import shutil
import subprocess

import pytest

import argmine
from argmine.cli import main
from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.markup import compile_markup
from argmine.export.aif import from_aif, to_aif, to_dot
from argmine.export.brat import BratError, from_brat, read_brat, to_brat, write_brat
from argmine.export.conllu import from_conllu, to_conllu
from argmine.export.html import to_html
from argmine.ioutil import atomic_write
from conftest import ROOT, SEED_TEXT

# scheme v2: continuations (one of a continuation), two attributions on one source span, a chain
V2 = compile_markup(
    "@id: v2\n\nevidence | {cue a|قال} {src a government m|{src b government m|الوزير}} إن البلدة سقطت، "
    "{cue b|مشيراً} إلى {content b|أن الجيش انسحب}.\n"
    "claim | و{cue c cont=a|أضاف} أن {content c|الهجوم فشل}.\n"
    "evidence | و{cue d cont=c|تابع} {content d|{cue e|نقلاً عن} {src e security s anon via=d|مصدر أمني}} أن القصف توقف."
)


@pytest.fixture(scope="module")
def docs():
    corpus = read_jsonl(ROOT / "corpora" / "argmine.jsonl")
    predicted = argmine.annotate(SEED_TEXT.read_text(encoding="utf-8"), "predicted")
    return corpus + [V2, predicted, argmine.annotate("", "empty"), argmine.annotate("ربما.\n\nنعم", "tiny")]


def same(a, b):
    assert [d.to_dict() for d in a] == [d.to_dict() for d in b]


def test_brat_round_trip(docs, tmp_path):
    for d in docs:
        write_brat(d, tmp_path)
    same(docs, [read_brat(tmp_path / f"{d.id}.txt") for d in docs])


def test_brat_is_read_by_pybrat(docs, tmp_path):
    from pybrat.parser import BratParser

    for d in docs[:10]:
        write_brat(d, tmp_path)
    examples = {e.id: e for e in BratParser(error="raise").parse(tmp_path)}
    for d in docs[:10]:
        ex = examples[d.id]
        units = [e for e in ex.entities if e.type in ("claim", "evidence", "motive", "other")]
        assert len(units) == len(d.units)
        assert {(e.start, e.end) for e in units} == {(u.start, u.end) for u in d.units}
        assert len([r for r in ex.relations if r.type in ("support", "attack")]) == len(d.links)


def test_brat_mismatched_text_is_named():
    txt, ann = to_brat(argmine.annotate("ربما انهارت الهدنة.", "d"))
    with pytest.raises(BratError, match="x.ann:1: T1 text"):
        from_brat(txt.replace("ربما", "لعلّ"), ann, "x.ann")


def test_conllu_round_trip_through_stanza(docs):
    text = to_conllu(docs)
    assert "start_char=" in text and "Role=" in text and "# attribution = " in text
    same(docs, from_conllu(text))


def test_aif_round_trip_and_structure(docs):
    for d in docs:
        graph = json.loads(json.dumps(to_aif(d), ensure_ascii=False))
        assert from_aif(graph).to_dict() == d.to_dict()
    seed = to_aif(docs[0])
    kinds = {n["type"] for n in seed["nodes"]}
    assert {"I", "RA", "L", "YA"} <= kinds
    speakers = {p["participantID"] for p in seed["participants"]}
    assert {"syrian-information-ministry", "jasim-leadership", "author"} <= speakers
    assert any(n["text"] == "Reporting" for n in seed["nodes"])  # the relayed security source


def test_dot(docs):
    dot = to_dot(docs[0])
    assert dot.startswith('digraph "jasim-2022-10" {') and dot.rstrip().endswith("}")
    assert dot.count("[label=\"support\"]") == len([lk for lk in docs[0].links if lk.relation == "support"])
    if shutil.which("dot"):
        assert subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True).returncode == 0


def test_cli_exports_into_a_directory(tmp_path):
    for fmt, suffix in (("brat", ".ann"), ("conllu", ".conllu"), ("aif", ".aif.json"), ("dot", ".dot"), ("html", ".html")):
        out = tmp_path / fmt
        out.mkdir()
        assert main(["annotate", str(SEED_TEXT), "--format", fmt, "-o", str(out)]) == 0
        assert (out / f"jasim-2022-10{suffix}").stat().st_size > 1000


def test_atomic_write_leaves_no_half_written_file(tmp_path):
    target = tmp_path / "out.json"
    atomic_write(target, "old")

    class Boom(str):  # interrupted while the data is being written
        def encode(self, *_):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, Boom())
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


def test_html_view_renders_in_headless_chromium(tmp_path):
    assert CHROMIUM, "Chromium is installed by `make test` (Debian package chromium)"
    doc = argmine.annotate(SEED_TEXT.read_text(encoding="utf-8"), "jasim-2022-10")
    page = tmp_path / "seed.html"
    page.write_text(to_html(doc), encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    base = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, timeout=120).stdout.decode()
    assert 'dir="rtl"' in dom
    for u in doc.units:
        assert f'id="{u.id}"' in dom and f'data-role="{u.role}"' in dom
    assert dom.count("<line ") == len(doc.links)
    shot = tmp_path / "seed.png"
    subprocess.run([*base, "--window-size=1200,1600", f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000


def test_html_shows_a_continuation_without_repeating_the_earlier_unit():
    from argmine.export.html import to_html

    page = to_html(V2)
    text = page[page.index('id="text"') : page.index('class="diagram"')]  # the audit below names sources again
    text = re.sub(r"<[^>]*>", "", text)  # what is shown, not the tooltips
    assert text.count("الوزير") == V2.text.count("الوزير") + 2  # the text once, and a chip for each continuation
    assert page.count("إن البلدة سقطت") == 1
