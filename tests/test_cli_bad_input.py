"""Every subcommand on bad input: one short line on standard error naming the file, exit 1 (2 for
usage), never a traceback; outputs written only to regular files, inside their folder."""

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest

from argmine.cli import main
from conftest import ROOT, SEED_TEXT

CORPUS = str(ROOT / "corpora" / "argmine.jsonl")
MODEL = str(ROOT / "models" / "default")


def record(**changes):
    """A valid corpus record (the first of the authored corpus), changed."""
    r = json.loads((ROOT / "corpora" / "argmine.jsonl").read_text(encoding="utf-8").splitlines()[1])
    r.update(changes)
    return r


def write(path, lines):
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines), encoding="utf-8")
    return str(path)


def via_cycle():
    r = record()
    a = r["attributions"]
    a[0]["via"], a[1]["via"] = a[1]["id"], a[0]["id"]
    return r


def bad_inputs(tmp):
    """``(name, argv, exit code, what the message must name)``."""
    missing = str(tmp / "missing.jsonl")
    folder = tmp / "folder"
    folder.mkdir()
    notjson = write(tmp / "notjson.jsonl", ["{not json"])
    deep = write(tmp / "deep.jsonl", ["[" * 100_000 + "]" * 100_000])
    digits = write(tmp / "digits.jsonl", ['{"id": "d", "text": "x", "units": [{"id": "u1", "start": ' + "9" * 5000 + ', "end": 1}]}'])
    cycle = write(tmp / "cycle.jsonl", [via_cycle()])
    surrogate = tmp / "surrogate.jsonl"
    surrogate.write_text(json.dumps(record(text="\ud800" + record()["text"][1:]), ensure_ascii=True) + "\n", encoding="utf-8")
    tab = record()
    tab["text"] = tab["text"][: tab["units"][0]["end"]] + "\t" + tab["text"][tab["units"][0]["end"] + 1 :]
    tabbed = write(tmp / "tab.jsonl", [tab])
    badmarkup = tmp / "bad.argm"
    badmarkup.write_text("@id: d\nthesis | نص\n", encoding="utf-8")
    binary = tmp / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    cases = [
        ("annotate: missing file", ["annotate", str(tmp / "missing.txt")], 1, "missing.txt"),
        ("annotate: a folder with no text", ["annotate", str(folder)], 1, "folder"),
        ("annotate: not UTF-8", ["annotate", str(binary)], 1, "binary.txt"),
        ("annotate: unknown format", ["annotate", "--format", "pdf", str(SEED_TEXT)], 2, ""),
        ("audit: missing file", ["audit", str(tmp / "missing.txt")], 1, "missing.txt"),
        ("compile: missing file", ["compile", str(tmp / "missing.argm"), "-o", str(tmp / "o.jsonl")], 1, "missing.argm"),
        ("compile: bad markup", ["compile", str(badmarkup), "-o", str(tmp / "o.jsonl")], 1, "bad.argm:2"),
        ("stats: missing file", ["stats", missing], 1, "missing.jsonl"),
        ("stats: not JSON", ["stats", notjson], 1, "notjson.jsonl:1"),
        ("stats: nested 100,000 deep", ["stats", deep], 1, "deep.jsonl:1"),
        ("stats: an offset of 5,000 digits", ["stats", digits], 1, "digits.jsonl:1"),
        ("train: missing corpus", ["train", missing, "-o", str(tmp / "m")], 1, "missing.jsonl"),
        ("evaluate: missing model", ["evaluate", str(tmp / "nomodel"), CORPUS], 1, "nomodel"),
        ("evaluate: missing corpus", ["evaluate", MODEL, missing], 1, "missing.jsonl"),
        ("compare: missing file", ["compare", missing, CORPUS], 1, "missing.jsonl"),
        ("markup: missing file", ["markup", missing, "-o", str(tmp / "m")], 1, "missing.jsonl"),
        ("markup: a record the markup cannot say", ["markup", tabbed, "-o", str(tmp / "m")], 1, "tab.jsonl"),
        ("markup: a via cycle", ["markup", cycle, "-o", str(tmp / "m")], 1, "cycle.jsonl:1"),
        ("markup: a lone surrogate", ["markup", str(surrogate), "-o", str(tmp / "m")], 1, "surrogate.jsonl:1"),
        ("corpus build: no texts", ["corpus", "build", CORPUS, "-o", str(tmp / "b.jsonl")], 1, "texts"),
        ("corpus fetch: nowhere to fetch from", ["corpus", "fetch", str(ROOT / "corpora" / "real" / "annotations.jsonl"),
                                                 "-o", str(tmp / "t.jsonl"), "--mirror", "http://127.0.0.1:9"], 1, "cannot fetch"),  # fmt: skip
        ("train-segmenter: missing corpus", ["train-segmenter", missing, "-o", str(tmp / "s")], 1, "missing.jsonl"),
    ]
    return cases


def test_every_subcommand_on_bad_input_says_one_line(tmp_path, capsys):
    from argmine.cli import build_parser

    cases = bad_inputs(tmp_path)
    commands = {c[1][0] for c in cases}
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    assert commands == set(subparsers.choices) - {"validate"}  # validate reports problems on stdout: below
    for name, argv, code, where in cases:
        assert main(argv) == code, name
        err = capsys.readouterr().err
        lines = err.strip().splitlines()
        if code == 1:
            assert len(lines) == 1 and where in lines[0] and len(lines[0]) < 600, (name, err[:300])
        assert "Traceback" not in err, name


def test_validate_finds_cycles_surrogates_and_keeps_messages_short(tmp_path, capsys):
    wrong = record()
    wrong["text"] = "ب" * 5_000_000
    wrong["units"][0]["start"], wrong["units"][0]["end"] = 0, 5_000_000
    wrong["units"][0]["text"] = "ا" * 5_000_000
    paths = {
        "cycle": write(tmp_path / "cycle.jsonl", [via_cycle()]),
        "big": write(tmp_path / "big.jsonl", [wrong]),
    }
    surrogate = tmp_path / "surrogate.jsonl"
    surrogate.write_text(json.dumps(record(text="\ud800" + record()["text"][1:]), ensure_ascii=True) + "\n", encoding="utf-8")
    assert main(["validate", paths["cycle"]]) == 1
    assert "via chain" in capsys.readouterr().out
    assert main(["validate", str(surrogate)]) == 1
    assert "lone surrogate U+D800" in capsys.readouterr().out
    assert main(["validate", paths["big"]]) == 1
    out = capsys.readouterr().out
    assert "units[0].text" in out and max(len(line) for line in out.splitlines()) < 600


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device", "folder", "under a file"])
def test_output_that_is_not_a_regular_file_is_refused(tmp_path, capsys, kind):
    target = tmp_path / "target"
    if kind == "symlink":
        (tmp_path / "elsewhere.json").write_text("keep", encoding="utf-8")
        target.symlink_to(tmp_path / "elsewhere.json")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":  # a device node of our own (as root, as in CI), so that a regression cannot destroy /dev/null
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            target = "/dev/null"
    elif kind == "folder":
        target.mkdir()
    else:
        (tmp_path / "file").write_text("x", encoding="utf-8")
        target = tmp_path / "file" / "out.json"
    assert main(["annotate", str(SEED_TEXT), "--format", "json", "-o", str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(target) in err[0]
    if kind == "symlink":
        assert (tmp_path / "elsewhere.json").read_text(encoding="utf-8") == "keep" and os.path.islink(target)
    if kind == "device":
        assert stat.S_ISCHR(os.stat(target).st_mode)
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_dash_and_dev_stdout_are_standard_output(capsys):
    for name in ("-", "/dev/stdout"):
        assert main(["annotate", str(SEED_TEXT), "--format", "jsonl", "-o", name]) == 0
        assert json.loads(capsys.readouterr().out)["id"] == "jasim-2022-10"


def test_a_fifo_is_read_as_input(tmp_path, capsys):
    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text("ربما انتهت الهدنة.", encoding="utf-8"))
    writer.start()
    assert main(["annotate", str(fifo), "--format", "jsonl"]) == 0
    writer.join()
    assert json.loads(capsys.readouterr().out)["text"] == "ربما انتهت الهدنة."


def test_inputs_with_the_same_name_do_not_collide(tmp_path):
    for folder, text in (("a", "قال الوزير إن الوضع مستقر."), ("b", "ربما انتهت الهدنة.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["annotate", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "--format", "html", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["x-2.html", "x.html"]
    jsonl = tmp_path / "all.jsonl"
    assert main(["annotate", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "--format", "jsonl", "-o", str(jsonl)]) == 0
    assert [json.loads(line)["id"] for line in jsonl.read_text(encoding="utf-8").splitlines()] == ["x", "x-2"]


@pytest.mark.parametrize("bad_id", ["../escaped", "/tmp/argmine-escaped", "a/../../escaped"])
def test_nothing_is_written_outside_the_output_folder(tmp_path, bad_id):
    corpus = write(tmp_path / "c.jsonl", [record(id=bad_id)])
    out = tmp_path / "deep" / "out"
    assert main(["markup", corpus, "-o", str(out)]) == 0
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix == ".argm"]
    assert len(written) == 1 and written[0].parent == out
    assert not os.path.exists("/tmp/argmine-escaped.argm")


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path):
    """A command killed while it writes leaves neither a half file nor a .tmp beside it."""
    big = tmp_path / "big.txt"
    big.write_text((SEED_TEXT.read_text(encoding="utf-8") + "\n") * 60, encoding="utf-8")
    out = tmp_path / "out.json"
    p = subprocess.Popen([sys.executable, "-m", "argmine.cli", "annotate", str(big), "--format", "json", "-o", str(out)],
                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    time.sleep(1.5)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert b"Traceback" not in err
    assert not [x for x in tmp_path.iterdir() if x.name.endswith(".tmp")]
    assert p.returncode != 0 or out.exists()


def test_every_option_has_help_and_there_is_a_version(capsys):
    from argmine.cli import build_parser

    def walk(parser):
        for action in parser._actions:
            if action.dest in ("help",):
                continue
            if getattr(action, "choices", None) and isinstance(action.choices, dict):
                for sub in action.choices.values():
                    yield from walk(sub)
            else:
                yield parser.prog, action

    missing = [f"{prog} {a.dest}" for prog, a in walk(build_parser()) if not a.help]
    assert missing == []
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("argmine ")



def test_the_brat_writer_stays_in_its_folder(tmp_path):
    import argmine
    from argmine.export.brat import read_brat, write_brat

    out = tmp_path / "out"
    txt, _ = write_brat(argmine.annotate("ربما انتهت الهدنة.", "../../escaped", model=None), out)
    assert txt.parent == out and not list(tmp_path.glob("escaped*")) and read_brat(txt).text == "ربما انتهت الهدنة."
