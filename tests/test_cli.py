import json
import subprocess
import sys

from argmine.cli import main
from conftest import SEED_MARKUP, SEED_TEXT


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "argmine.cli", *args], input=stdin, capture_output=True)


def test_annotate_table(capsys):
    assert main(["annotate", str(SEED_TEXT)]) == 0
    out = capsys.readouterr().out
    assert "وزارة الإعلام السورية [government]" in out
    assert "يبدو أن (medium)" in out


def test_annotate_json_to_file(tmp_path):
    out = tmp_path / "seed.json"
    assert main(["annotate", str(SEED_TEXT), "--format", "json", "-o", str(out)]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["id"] == "jasim-2022-10" and record["text"] == SEED_TEXT.read_text(encoding="utf-8")


def test_annotate_stdin_jsonl():
    p = run("annotate", "-", "--format", "jsonl", stdin="ربما انتهت الحملة.".encode())
    assert p.returncode == 0
    record = json.loads(p.stdout)
    assert record["id"] == "stdin" and record["units"][0]["hedged"] is True


def test_exit_codes(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("قال\n".encode() + b"\xff")
    p = run("annotate", str(bad))
    assert p.returncode == 1
    assert f"{bad}:2: not valid UTF-8 at byte 7".encode() in p.stderr
    assert run("annotate", str(tmp_path / "missing.txt")).returncode == 1
    assert run("frobnicate").returncode == 2
    assert run("annotate").returncode == 2


def test_compile_validate_and_markup(tmp_path):
    out = tmp_path / "c.jsonl"
    assert main(["compile", str(SEED_MARKUP), "-o", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    assert main(["markup", str(out), "-o", str(tmp_path / "m")]) == 0
    assert (tmp_path / "m" / "jasim-2022-10.argm").read_text(encoding="utf-8").startswith("@id: jasim-2022-10")


def test_validate_reports_file_line_field(tmp_path, capsys):
    record = json.loads(json.dumps(__import__("argmine").annotate("قال الوزير إن الوضع مستقر.", "x").to_dict()))
    record["units"][0]["role"] = "thesis"
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert f"{path}:1: units[0].role: 'thesis' is not one of" in capsys.readouterr().out


def test_html_labels_in_arabic_from_the_command_line(tmp_path):
    out = tmp_path / "ar.html"
    assert main(["annotate", str(SEED_TEXT), "--format", "html", "--lang", "ar", "-o", str(out)]) == 0
    assert main(["annotate", str(SEED_TEXT), "--format", "html", "-o", str(tmp_path / "en.html")]) == 0
    assert "يدعم" in out.read_text(encoding="utf-8") and "يدعم" not in (tmp_path / "en.html").read_text(encoding="utf-8")


def test_evaluate_writes_only_where_told_and_shows_progress(tmp_path, capsys):
    from argmine.corpus.jsonl import read_jsonl
    from argmine.learn.experiment import cross_validate
    from conftest import ROOT

    card = ROOT / "models" / "default" / "evaluation.json"
    before = card.read_bytes()
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(line + "\n" for line in (ROOT / "corpora" / "argmine.jsonl").read_text(encoding="utf-8").splitlines()[:20]),
                      encoding="utf-8")  # fmt: skip
    assert main(["evaluate", str(ROOT / "models" / "default"), str(corpus), "--folds", "1"]) == 0
    assert card.read_bytes() == before and not list(tmp_path.glob("evaluation.*"))
    assert "Held-out test split" in capsys.readouterr().out
    assert main(["evaluate", str(ROOT / "models" / "default"), str(corpus), "--folds", "1", "-o", str(tmp_path / "ev")]) == 0
    assert sorted(p.name for p in (tmp_path / "ev").iterdir()) == ["evaluation.json", "evaluation.md"]
    capsys.readouterr()
    cross_validate(read_jsonl(corpus)[:6], 2, progress=True)
    assert "cross-validation folds" in capsys.readouterr().err
