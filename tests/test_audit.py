import json

import argmine
from argmine.audit import FLAGS, audit, to_markdown, to_table
from argmine.cli import main
from argmine.confidence.rules import ConfidenceScorer
from argmine.corpus.markup import compile_markup
from conftest import SEED_TEXT


def report_of(markup: str) -> dict:
    doc = compile_markup("@id: d\n" + markup)
    ConfidenceScorer()(doc)
    return audit(doc)


def flags(report, unit="u1"):
    return next(c["flags"] for c in report["claims"] if c["unit"] == unit)


def test_unattributed_claim_is_the_authors_assessment():
    r = report_of("claim #t | الحملة فشلت.")
    assert flags(r) == ["unattributed"]
    assert r["claims"][0]["sources"] == ["unattributed (author's assessment)"]
    assert r["flags"]["unattributed"] == ["u1"]


def test_single_anonymous_and_party_only():
    r = report_of(
        "claim #t | الحملة فشلت.\n"
        "evidence >t | {cue a|قال} {src a security army-source anon|مصدر عسكري} إن الهجوم فشل.\n"
        "evidence >t | {cue b|وأكد} {src b security army-source anon|المصدر} أن الخسائر كبيرة."
    )
    assert flags(r) == ["single_source", "anonymous_only", "party_only"]


def test_independent_named_sources_raise_no_flag():
    r = report_of(
        "claim #t | الحملة فشلت.\n"
        "evidence >t | {cue a|قال} {src a ngo_monitor un-ocha|مكتب الأمم المتحدة} إن الهجوم فشل.\n"
        "evidence >t | {cue b|ذكرت} {src b media reuters|وكالة رويترز} أن الخسائر كبيرة."
    )
    assert flags(r) == []
    assert {s["canonical"] for s in r["sources"]} == {"un-ocha", "reuters"}
    assert all(s["evidence"] and not s["claims"] for s in r["sources"])
    assert r["diversity"]["sources"] == 2 and r["diversity"]["type_entropy_bits"] == 1.0


def test_seed_audit():
    r = audit(argmine.annotate(SEED_TEXT.read_text(encoding="utf-8"), "jasim-2022-10"))
    assert set(r) == {"document", "confidence", "claims", "sources", "diversity", "flags"}
    assert set(r["flags"]) == set(FLAGS)
    leadership = next(s for s in r["sources"] if s["canonical"] == "jasim-leadership")
    assert len(leadership["evidence"]) == 3 and leadership["type"] == "local_leadership"
    ministry_claim = next(c for c in r["claims"] if any(not isinstance(s, str) and s["canonical"] == "syrian-information-ministry" for s in c["sources"]))
    assert "party_only" in ministry_claim["flags"]
    assert r["diversity"]["relayed_attributions"] == 1
    assert all(c["confidence"] for c in r["claims"])
    json.dumps(r, ensure_ascii=False)
    md = to_markdown(r)
    assert "## Sources" in md and "jasim-leadership" in md
    assert "unattributed" in to_table(r)


def test_audit_cli_formats(tmp_path, capsys):
    for fmt in ("table", "markdown", "json"):
        assert main(["audit", str(SEED_TEXT), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert '"diversity"' in out and "## Claims and motives" in out
    html = tmp_path / "audit.html"
    assert main(["audit", str(SEED_TEXT), "--format", "html", "-o", str(html)]) == 0
    assert 'dir="rtl"' in html.read_text(encoding="utf-8")
