"""Standoff records of published texts: no word of them in the repository, joined back at build time."""

import http.server
import json
import re
import subprocess
import threading
from functools import partial

import pytest

from argmine.cli import main
from argmine.corpus.markup import compile_markup, skeleton
from argmine.corpus.record import document_from_record
from argmine.corpus.standoff import StandoffError, join, rebuild, sha256, to_standoff
from argmine.document import Document
from conftest import ROOT, SHARED, needs_shared

REMOVED = ["* نقلا عن الصحيفة"]
SOURCE = {"repo": "antcorpus/test.data", "commit": "0" * 40, "path": "Outlet/news/X-1.txt", "removed_lines_sha256": [sha256(REMOVED[0])]}
TEXT = "قال المتحدث باسم الوزارة إن الهدنة صامدة.\nوأضاف أنها ستمدد أسبوعاً."


def _doc() -> Document:
    return compile_markup(
        "@id: x1\n@origin: external\n\n"
        "evidence | {cue a|قال} {src a government ministry|المتحدث باسم الوزارة} إن {content a|الهدنة صامدة}.\n\n"
        "claim | و{cue b cont=a|أضاف} أنها {hedge medium|ستمدد} أسبوعاً."
        .replace("{hedge medium|ستمدد}", "ستمدد"),
        expected=TEXT,
    )


def test_standoff_record_keeps_no_text_and_joins_back():
    doc = _doc()
    record = to_standoff(doc, SOURCE)
    dumped = json.dumps(record, ensure_ascii=False)
    assert "text" not in record and "الهدنة" not in dumped and "المتحدث" not in dumped
    assert record["text_sha256"] == sha256(TEXT) and record["source"] == SOURCE
    full = join(record, TEXT)
    back = document_from_record(full)
    assert back.attributions[1].continues == "a1"
    assert back.attributions[1].source.text == "المتحدث باسم الوزارة"
    assert [u.text for u in back.units] == [u.text for u in doc.units]


def test_join_refuses_another_text_naming_the_document(tmp_path):
    from argmine.corpus.jsonl import CorpusError, read_jsonl

    record = to_standoff(_doc(), SOURCE)
    with pytest.raises(StandoffError, match="x1.*text_sha256"):
        join(record, TEXT + " ")
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="a.jsonl:1: document x1: its text is not available.*fetch"):
        read_jsonl(path, {})


def test_rebuild_follows_the_recipe():
    raw = "<DOC>\n<DOCNO>X-1</DOCNO>\n<TEXT>\n  قال   المتحدث باسم الوزارة إن الهدنة صامدة. \n\n* نقلا عن الصحيفة\nوأضاف أنها ستمدد أسبوعاً.\n</TEXT>\n</DOC>"
    assert rebuild(raw, SOURCE["removed_lines_sha256"]) == TEXT
    with pytest.raises(StandoffError, match="<TEXT>"):
        rebuild("<DOC></DOC>", [])


def _trec(text: str, removed: list[str]) -> str:
    return "<DOC>\n<DOCNO>X</DOCNO>\n<TEXT>\n" + "\n".join(text.split("\n") + removed) + "\n</TEXT>\n</DOC>\n"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def mirror(tmp_path):
    """A loopback HTTP server serving a mirror of raw.githubusercontent.com's layout (never the internet)."""
    root = tmp_path / "mirror"
    handler = partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_corpus_fetch_rebuilds_and_checks_every_text(tmp_path, mirror, capsys):
    root, url = mirror
    record = to_standoff(_doc(), SOURCE)
    standoff = tmp_path / "annotations.jsonl"
    standoff.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    served = root / SOURCE["repo"] / SOURCE["commit"] / SOURCE["path"]
    served.parent.mkdir(parents=True)
    served.write_text(_trec(TEXT, REMOVED), encoding="utf-8")
    out = tmp_path / "texts.jsonl"
    assert main(["corpus", "fetch", str(standoff), "-o", str(out), "--mirror", url]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == TEXT
    built = tmp_path / "built.jsonl"
    assert main(["corpus", "build", str(standoff), "--texts", str(out), "-o", str(built)]) == 0
    assert json.loads(built.read_text(encoding="utf-8"))["text"] == TEXT

    capsys.readouterr()
    served.write_text(_trec(TEXT.replace("أسبوعاً", "شهراً"), []), encoding="utf-8")  # another version of the file
    assert main(["corpus", "fetch", str(standoff), "-o", str(out), "--mirror", url]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "document x1" in err[0] and "text_sha256" in err[0]
    served.unlink()
    assert main(["corpus", "fetch", str(standoff), "-o", str(out), "--mirror", url]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "document x1: cannot fetch" in err[0]


def test_build_from_a_checkout(tmp_path):
    record = to_standoff(_doc(), SOURCE)
    standoff = tmp_path / "a.jsonl"
    standoff.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    f = tmp_path / "checkouts" / "test.data" / SOURCE["path"]
    f.parent.mkdir(parents=True)
    f.write_text(_trec(TEXT, REMOVED), encoding="utf-8")
    out = tmp_path / "built.jsonl"
    assert main(["corpus", "build", str(standoff), "--checkout", str(tmp_path / "checkouts"), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["attributions"][1]["source"]["text"] == "المتحدث باسم الوزارة"


def test_validate_checks_standoff_without_texts_and_a_directory(tmp_path, capsys):
    record = to_standoff(_doc(), SOURCE)
    bad = dict(record, units=[dict(record["units"][0], text="x")] + record["units"][1:])
    (tmp_path / "ok.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 0
    assert "1 standoff records checked without their texts" in capsys.readouterr().out
    (tmp_path / "bad.jsonl").write_text(json.dumps(bad, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    assert "bad.jsonl:1: units[0].text: a standoff record keeps no text" in capsys.readouterr().out


def test_markup_must_spell_the_original_exactly():
    sk = skeleton(TEXT, "x1")
    assert sk.count("\n? | ") == 2
    with pytest.raises(ValueError, match="not labelled"):
        compile_markup(sk, "f.argm", TEXT)
    labelled = re.sub(r"(?m)^\? ", "other ", sk)
    assert compile_markup(labelled, "f.argm", TEXT).text == TEXT
    with pytest.raises(ValueError, match=r"f\.argm:5: the text differs from the original at character 43"):
        compile_markup(labelled.replace("وأضاف", "واضاف"), "f.argm", TEXT)


def test_no_sentence_of_the_pool_is_tracked(pool_path):
    """No run of 8 words of any pool text appears in any tracked file."""
    words = re.compile(r"\w+")

    def grams(text):
        w = words.findall(text)
        return {" ".join(w[i : i + 8]) for i in range(len(w) - 7)}

    pool = set()
    for line in pool_path.open(encoding="utf-8"):
        pool |= grams(json.loads(line)["text"])
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    leaks = []
    for name in filter(None, tracked.split("\0")):
        path = ROOT / name
        if path.is_file() and path.stat().st_size < 50_000_000:
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            if grams(text) & pool:
                leaks.append(name)
    assert not leaks


def test_the_scheme_in_the_repo_is_the_contract():
    contract = needs_shared(SHARED / "spec" / "ANNOTATION.md", "needs ../shared/spec/ANNOTATION.md to compare docs/scheme.md with")
    assert (ROOT / "docs" / "scheme.md").read_text(encoding="utf-8") == contract.read_text(encoding="utf-8")


def test_the_committed_real_corpus_joins_with_the_pool_and_is_whole(pool_path):
    """Every published article of the pool is annotated (units, roles, attributions, links), and its
    standoff record joins with its text into a valid document."""
    from argmine.corpus.jsonl import read_jsonl
    from argmine.corpus.standoff import pool_rows, pool_texts

    docs = read_jsonl(ROOT / "corpora" / "real" / "annotations.jsonl", pool_texts(pool_path))
    assert {d.id for d in docs} == set(pool_rows(pool_path))
    for d in docs:
        assert d.meta["origin"] == "external" and d.meta.get("annotator")
        assert d.units and d.units[0].start >= 0 and all(u.role in ("claim", "evidence", "motive", "other") for u in d.units)
        assert "".join("".join(u.text.split()) for u in d.units) == "".join(d.text.split())  # units cover the text
    assert sum(len(d.units) for d in docs) >= 3000
    assert sum(len(d.attributions) for d in docs) and sum(len(d.links) for d in docs)
    assert sum(bool(a.continues) for d in docs for a in d.attributions)


def test_a_missing_shared_file_skips_here_and_fails_where_ci_requires_it(tmp_path, monkeypatch):
    missing = tmp_path / "pool.jsonl"
    monkeypatch.delenv("ARGMINE_REQUIRE_SHARED", raising=False)
    with pytest.raises(pytest.skip.Exception, match="get it"):
        needs_shared(missing, "get it")
    monkeypatch.setenv("ARGMINE_REQUIRE_SHARED", "1")
    with pytest.raises(pytest.fail.Exception, match="pool.jsonl is missing: get it"):
        needs_shared(missing, "get it")
    missing.write_text("{}", encoding="utf-8")
    assert needs_shared(missing, "get it") == missing
