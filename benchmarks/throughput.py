"""Throughput, scaling, start-up and memory of argmine, measured in one run.

    .venv/bin/python benchmarks/throughput.py                 # print the figures
    .venv/bin/python benchmarks/throughput.py --write docs/performance.md

The text is the published training articles of ``corpora/real.jsonl`` (built by ``make corpus``;
never the real test split) concatenated, documents separated by a blank line, repeated until it is
at least 1 MB, annotated as one document on one core. The text stays in memory: it is never written
out. Start-up is a new process that imports argmine and annotates a 2 KB document, in CPU time, less
a bare interpreter's (issue 16, item 4).
Every time is the best of several runs (``REPEAT``), taken the same way for argmine and for
the tools it is compared with: this machine is shared, and single runs vary by a third.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
REPEAT = 3
SCALES = (1, 4, 16)
ROUNDS = 3


def corpus_text() -> str:
    """The published training articles, separated by a blank line."""
    path = ROOT / "corpora" / "real.jsonl"
    if not path.exists():
        sys.exit(f"{path}: missing (make corpus: the published articles joined with their annotations)")
    held_out = set(json.loads((ROOT / "corpora" / "splits.json").read_text(encoding="utf-8"))["test_real"])
    records = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return "\n\n".join(r["text"] for r in records if r["id"] not in held_out)


def cpu_seconds(code: str, repeat: int = 7) -> float:
    """The median CPU time of a new process running ``python -c code`` (children included)."""
    import resource
    import statistics

    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def timed(fn, *args, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - t)
    return best, result


def subprocess_seconds(code: str, repeat: int = 5) -> float:
    """The best wall time of ``python -c code`` reported by the child itself."""
    best = float("inf")
    for _ in range(repeat):
        out = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
        best = min(best, float(out.strip().splitlines()[-1]))
    return best


def stage_profile(pipeline, text: str) -> list[tuple[str, float]]:
    """Seconds spent in each pipeline stage on ``text``."""
    from argmine.document import Document

    best: dict[str, float] = {}
    for _ in range(REPEAT):
        doc = Document(text=text, id="bench")
        for stage in pipeline.stages:
            t = time.perf_counter()
            stage(doc)
            best[stage.name] = min(best.get(stage.name, float("inf")), time.perf_counter() - t)
    return list(best.items())


def stage_memory(pipeline, text: str) -> None:
    """Print each stage's resident memory before it, its peak (``VmHWM``, reset before the stage
    through ``/proc/self/clear_refs``) and after it, in MB (Linux only)."""
    from argmine.document import Document

    def mb(key: str) -> int:
        return int(next(line for line in open("/proc/self/status") if line.startswith(key)).split()[1]) // 1024

    doc = Document(text=text, id="bench")
    for stage in pipeline.stages:
        before = mb("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")
        stage(doc)
        print(f"{stage.name:14s} before {before} MB, peak {mb('VmHWM')} MB, after {mb('VmRSS')} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", help="write the figures into this markdown file")
    parser.add_argument("--stages", action="store_true", help="print only the seconds of each stage on the 1 MB text, and stop")
    parser.add_argument("--memory", type=float, metavar="MB",
                        help="print only each stage's peak resident memory on MB megabytes of the text, and stop")  # fmt: skip
    args = parser.parse_args()

    from camel_tools.tokenizers.word import simple_word_tokenize

    import argmine

    base = corpus_text()
    text = base
    while len(text) < 1_000_000:
        text += "\n\n" + base
    base = base[: base.index("\n\n", 250_000)]  # the scaling table's k = 1: about 250 KB
    if args.memory:
        size = int(args.memory * 1024 * 1024)
        learned = argmine.load("default")
        learned("تحميل.")
        stage_memory(learned, ((base + "\n\n") * (size // (len(base) + 2) + 1))[:size])
        return
    learned, rules = argmine.load("default"), argmine.load(None)
    # steady state: the first run fills the per-word caches (start-up is measured on its own, below)
    learned(text), rules(text)
    if args.stages:
        for name, seconds in stage_profile(learned, text):
            print(f"{name:14s} {seconds:.2f}")
        return

    from argmine.segment.learned import StanzaSegmenter

    stanza = StanzaSegmenter()
    stanza.spans("تحميل.")
    tools = {
        "argmine.annotate (default: rules + learned)": learned,
        "rules alone (argmine.load(None))": rules,
        "camel-tools simple_word_tokenize": simple_word_tokenize,
        "stanza segmenter (trained, models/segmenter; best of 2)": stanza.spans,
    }
    # rounds of every tool in turn, so that each sees the machine as the others do; the stanza
    # segmenter (about 12 s a run) runs in the first two rounds only
    best: dict[str, float] = {}
    for r in range(REPEAT):
        for name, fn in tools.items():
            if r < 2 or not name.startswith("stanza"):
                secs, out = timed(fn, text)
                best[name] = min(best.get(name, float("inf")), secs)
    units, spans = len(learned(text).units), stanza.spans(text)
    rows = list(best.items())
    t, t_rules, t_swt, t_stanza = best.values()

    # Rounds of 1x, 4x and 16x in turn, so that each size sees the machine as the others do. In a
    # round each size annotates the same amount of text (1x sixteen times, 4x four times, 16x once);
    # a size's time is its best round, divided by the times it ran.
    sizes, best_k = {k: "\n\n".join([base] * k) for k in SCALES}, {}
    for _ in range(ROUNDS):
        for k, big in sizes.items():
            runs = SCALES[-1] // k
            t_k, units_k = timed(lambda big=big, runs=runs: [len(learned(big).units) for _ in range(runs)])
            best_k[k] = min(best_k.get(k, (float("inf"), 0)), (t_k / runs, units_k[0]))
    scaling = [(k, len(sizes[k]), best_k[k][1], best_k[k][0]) for k in SCALES]

    import_s = subprocess_seconds("import time; t=time.perf_counter(); import argmine; print(time.perf_counter()-t)")
    bare_s = cpu_seconds("pass")
    startup_s = cpu_seconds("import argmine; argmine.annotate(open('samples/jasim-2022-10.txt').read()[:2048])") - bare_s
    ten_mb = 10 * 1024 * 1024
    mem_code = (
        "import json, argmine; "
        "held=set(json.load(open('corpora/splits.json'))['test_real']); "
        "base='\\n\\n'.join(r['text'] for r in map(json.loads, open('corpora/real.jsonl')) if r['id'] not in held); "
        f"text=(base+'\\n\\n')*({ten_mb}//(len(base)+2)+1); text=text[:{ten_mb}]; "
        "d=argmine.annotate(text); print(len(text), len(d.units)); "
        # VmHWM is this process' own peak; ru_maxrss would carry over the parent's across fork and exec
        "print(int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024)"
    )
    mem_out = subprocess.run([PY, "-c", mem_code], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    peak_mb = float(mem_out[-1])

    stages = stage_profile(learned, text)
    prof = cProfile.Profile()
    prof.enable()
    learned(text)
    prof.disable()
    stream = io.StringIO()
    pstats.Stats(prof, stream=stream).sort_stats("tottime").print_stats(12)
    top = [line for line in stream.getvalue().splitlines() if line.strip()][-13:]

    n = len(text)
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}; "
        f"one core for every figure except where it says otherwise.",
        "",
        f"### Throughput on {n:,} characters ({units:,} units), one document, one core, best of {REPEAT} interleaved rounds",
        "",
        "| what | seconds | characters/s | units/s | ratio to simple_word_tokenize |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, secs in rows:
        lines.append(f"| {name} | {secs:.2f} | {n / secs:,.0f} | {units / secs:,.0f} | {t_swt / secs:.2f} |")
    lines += [
        "",
        f"- default annotate / simple_word_tokenize: **{t_swt / t:.2f}** (goal ≥ 0.6); rules alone: {t_swt / t_rules:.2f}",
        f"- default annotate / stanza segmenter: **{t_stanza / t:.1f}×** faster (goal ≥ 10×); the stanza segmenter found {len(spans):,} units",
        "",
        f"### Scaling (default pipeline, the corpus repeated k times, one document; best of {ROUNDS} interleaved rounds)",
        "",
        "| k | characters | units | seconds | µs per unit | per-unit cost / k=1 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    per1 = scaling[0][3] / scaling[0][2]
    for k, chars, u, secs in scaling:
        lines.append(f"| {k} | {chars:,} | {u:,} | {secs:.2f} | {1e6 * secs / u:.0f} | {secs / u / per1:.3f} |")
    lines += [
        "",
        "### Start-up and memory",
        "",
        "| what | measured | goal |",
        "| --- | --- | --- |",
        f"| `python -c \"import argmine\"` (best of 5, inside the process) | {import_s:.3f} s | ≤ 0.5 s |",
        f"| a new process imports argmine and annotates 2 KB, model load included, less a bare interpreter's {bare_s:.3f} s "
        f"(CPU time, median of 7) | {startup_s:.3f} s | ≤ 0.3 s |",
        f"| peak resident memory annotating {int(mem_out[0]):,} characters ({int(mem_out[1]):,} units) | {peak_mb:,.0f} MB | ≤ 500 MB |",
        "",
        f"### Where the time goes (default pipeline, {n:,} characters, best of {REPEAT} per stage)",
        "",
        "| stage | seconds | share |",
        "| --- | --- | --- |",
    ]
    total = sum(s for _, s in stages)
    for name, secs in stages:
        lines.append(f"| {name} | {secs:.2f} | {100 * secs / total:.0f}% |")
    lines += ["", "Top functions by own time (cProfile):", "", "```", *top, "```"]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        path = Path(args.write)
        head = path.read_text(encoding="utf-8").split("<!-- figures -->")[0] if path.exists() else "# Performance\n\n"
        path.write_text(head + "<!-- figures -->\n" + report, encoding="utf-8")


if __name__ == "__main__":
    main()
