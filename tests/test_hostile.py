"""Hostile input: nothing crashes, offsets stay exact, errors name what and where."""

import json
import subprocess
import sys
import time

import pytest

import argmine
from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.record import validate_record
from conftest import ROOT, SEED_TEXT, check_offsets

SEED = SEED_TEXT.read_text(encoding="utf-8")
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"


def sprinkle(text: str, marks: str) -> str:
    return "".join(ch + (marks[i % len(marks)] if ch.isalpha() else "") for i, ch in enumerate(text))


HOSTILE = {
    "empty": "",
    "whitespace": " \n\t\u00a0\u2003\n\n",
    "no arabic": "The ministry said on Monday that 12 people were killed. Reuters could not verify it!",
    "arabic latin persian urdu": "قال وزير الخارجية إن OPEC+ سيجتمع. وزیر امور خارجه گفت که نشست برگزار می‌شود. وزیر خارجہ نے کہا کہ اجلاس ہوگا۔ ربما ينتهي.",
    "diacritics everywhere": sprinkle(SEED[:3000], DIACRITICS),
    "tatweel everywhere": SEED[:3000].replace("ا", "ـاـ").replace("ل", "لـــ"),
    "bidi and zero width": "\u202bقال\u200f المتحدث\u200c باسم\u200d الجيش\u2066 إن\u2069 العملية\ufeff انتهت.\u202c\u200e",
    "nul bytes": "قال\x00 الوزير إن\x00 الوضع مستقر.\x00\x00",
    "unbalanced quotes": "قال “المصدر إن «العملية انتهت. ثم (غادر الوفد. ”وعاد“ ] [ » } {",
    "arabic-indic digits": "قُتل ١٢ شخصاً في ٣ قرى يوم ٢٠٢٤/٠٥/٠١، وفقاً لمصادر طبية. وارتفع التضخم إلى ٣٫٥٪.",
    "only punctuation": "... ؟؟ !! ، ؛ : - – — « » “ ”",
    "surrogate-free astral": "قال الوزير 😀 إن 𝐀𝐁𝐂 مستقر.",
    "crlf": "عنوان\r\nقال الوزير إن الوضع مستقر.\r\n\r\nربما.",
}


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("model", ["default", None], ids=["learned", "rules"])
def test_hostile_text(name, model):
    text = HOSTILE[name]
    doc = argmine.annotate(text, "h", model=model)
    assert doc.text == text
    check_offsets(doc)
    record = doc.to_dict()
    assert validate_record(record) == []
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record


def test_a_long_line_without_punctuation():
    line = " ".join(["كلمة", "قال", "الوزير", "ربما", "وفقاً", "لمصادر"] * 7000)[:200_000]
    start = time.perf_counter()
    doc = argmine.annotate(line, "long")
    assert time.perf_counter() - start < 60
    check_offsets(doc)
    assert len(doc.units) == 1


def test_many_sentences_inside_an_unclosed_quote_stay_linear():
    text = "«" + " ".join(["انتهت العملية."] * 20000)
    start = time.perf_counter()
    doc = argmine.annotate(text, "q", model=None)
    assert time.perf_counter() - start < 30
    check_offsets(doc)


def test_ten_megabytes():
    base = "\n\n".join(d.text for d in read_jsonl(ROOT / "corpora" / "argmine.jsonl"))
    text = ((base + "\n\n") * (10_500_000 // len(base) + 1))[:10_485_760]
    doc = argmine.annotate(text, "big", model=None)
    assert doc.units[-1].end <= len(text)
    check_offsets(doc)


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "argmine.cli", *args], input=stdin, capture_output=True, cwd=ROOT)


def test_invalid_utf8_file_names_file_and_byte(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes("قال الوزير\nإن".encode() + b"\xd8" + " الوضع".encode())
    p = run("annotate", str(bad))
    assert p.returncode == 1
    message = p.stderr.decode()
    assert f"{bad}:2:" in message and "byte 24" in message and "Traceback" not in message
    p = run("annotate", "-", stdin=b"\xff\xfe\x00")
    assert p.returncode == 1 and "<stdin>:1: not valid UTF-8 at byte 0" in p.stderr.decode()


def test_lone_surrogate_is_refused_by_name_and_offset():
    with pytest.raises(ValueError, match=r"lone surrogate U\+D800 at offset 3"):
        argmine.annotate("قال\ud800 الوزير.")


def test_cli_on_hostile_files(tmp_path):
    for k, text in enumerate(HOSTILE.values()):
        (tmp_path / f"{k:02d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    p = run("annotate", str(tmp_path), "--format", "jsonl", "-o", str(out))
    assert p.returncode == 0, p.stderr.decode()
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in records] == list(HOSTILE.values())


def test_exit_codes_are_documented_and_kept(tmp_path):
    assert "0 ok, 1 bad input" in (ROOT / "argmine" / "cli.py").read_text(encoding="utf-8")
    assert run("--help").returncode == 0
    assert run("nonsense").returncode == 2
    assert run("annotate", "--format", "pdf", str(SEED_TEXT)).returncode == 2
    assert run("validate", str(tmp_path / "missing.jsonl")).returncode == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    p = run("validate", str(bad))
    assert p.returncode == 1 and f"{bad}:1: id: expected str, got int" in p.stdout.decode()
    model = tmp_path / "model.skops"
    model.write_bytes(b"PK\x03\x04 not really a zip")
    p = run("evaluate", str(model), str(ROOT / "corpora" / "argmine.jsonl"))
    assert p.returncode == 1 and "model.skops" in p.stderr.decode() and "Traceback" not in p.stderr.decode()


def test_damaged_fast_model_is_named(tmp_path):
    from argmine.learn.modelio import ModelError

    fast = ROOT / "models" / "default" / "fast.npz"
    broken = tmp_path / "fast.npz"
    broken.write_bytes(fast.read_bytes()[: fast.stat().st_size // 2])
    with pytest.raises(ModelError, match="fast.npz"):
        argmine.load(str(broken))


def test_byte_identical_json_across_runs():
    outs = [run("annotate", str(SEED_TEXT), "--format", "jsonl").stdout for _ in range(2)]
    assert outs[0] == outs[1] and len(outs[0]) > 10_000
