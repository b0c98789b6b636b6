"""Many short documents through the batch API, on one and two cores, and memory on two hard texts.

    .venv/bin/python benchmarks/batch.py             # print the table (make benchmark-batch)
    .venv/bin/python benchmarks/batch.py --rounds 5  # more rounds, for a busy machine

The texts are published news paragraphs: the training articles of ``corpora/real.jsonl`` (never
the real test split) cut at line breaks into pieces of 1 to 3 KB of UTF-8, kept in memory only.
Each round runs every contender once, in turn, so that a slow spell on this shared machine falls
on all of them; each figure is the best round. Wall time is what a user waits; CPU time (this
process, and the worker processes: ``RUSAGE_CHILDREN`` for ``annotate_many``, each Dask worker's
``time.process_time``) is what the work costs, and gives the ratios that hold when other jobs
share the cores. From CPU times, the two-process speed-up on an idle machine lies between two
bounds: the parent's CPU plus half the workers' (the texts are dealt out in small chunks, so the
two workers get about half each; the parent's share is counted as if it never overlapped them) is
the longest the run can take, and all the CPU time over two cores the shortest. Every path's
records are checked against ``argmine.annotate``.

Peak memory (``VmHWM``) is read in a fresh process that annotates one text: a 1 MB line of words
with no punctuation, and ``"قال "`` repeated 200,000 times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpora" / "real.jsonl"
MIN_BYTES, MAX_BYTES = 1000, 3000


def training_texts() -> list[str]:
    """The texts of the published training articles (the real test split is left out unread)."""
    from argmine.corpus.splits import test_ids

    held_out = test_ids()
    texts = []
    for line in REAL.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if record["id"] not in held_out:
                texts.append(record["text"])
    return texts


def paragraphs(texts: list[str]) -> list[str]:
    """Consecutive lines of each text joined until they make 1 to 3 KB; a longer line is left out.

    >>> [len(p.encode()) for p in paragraphs(["ا" * 400 + "\\n" + "ب" * 300, "ج" * 2000])]
    [1401]
    """
    out = []
    for text in texts:
        piece = ""
        for line in (x for x in text.split("\n") if x.strip()):
            joined = f"{piece}\n{line}" if piece else line
            if len(joined.encode()) <= MAX_BYTES:
                piece = joined
                continue
            if len(piece.encode()) >= MIN_BYTES:
                out.append(piece)
            piece = line if len(line.encode()) <= MAX_BYTES else ""
        if len(piece.encode()) >= MIN_BYTES:
            out.append(piece)
    return out


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measured(fn):
    """``fn()``'s result, wall seconds, this process's CPU seconds and its reaped children's CPU seconds."""
    w, c, k = time.perf_counter(), time.process_time(), children_cpu()
    result = fn()
    return result, time.perf_counter() - w, time.process_time() - c, children_cpu() - k


def warm(texts: list[str]) -> None:
    """Annotate ``texts`` in this process (on a Dask worker, through ``client.run``), results dropped."""
    from argmine.batch import annotate_many

    annotate_many(texts, n_jobs=1)


def worker_cpu(client) -> dict:
    return client.run(time.process_time)


PEAK_CODE = """
import sys
import argmine
argmine.annotate("قال الوزير")
kind = sys.argv[1]
text = "قال " * 200_000 if kind == "qal" else sys.stdin.read()
def hwm():
    return next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM")) / 1024
before = hwm()
doc = argmine.annotate(text)
print(len(text), len(doc.units), before, hwm())
"""


def peak_memory(kind: str, stdin: str = "", timeout: float = 300.0) -> tuple[int, int | None, float, float, bool]:
    """Characters, units, peak MB after loading the model, peak MB after annotating, and whether it
    finished, in a fresh process. One that runs past ``timeout`` seconds is stopped, and its peak so far
    read from its ``/proc`` status (its units are then ``None``)."""
    child = subprocess.Popen([sys.executable, "-c", PEAK_CODE, kind], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    try:
        out, _ = child.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        status = Path(f"/proc/{child.pid}/status").read_text()
        peak = next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmHWM")) / 1024
        child.kill()
        child.communicate()
        n = len(stdin) if stdin else len("قال " * 200_000)
        return n, None, float("nan"), peak, False
    n, units, before, after = out.split()
    return int(n), int(units), float(before), float(after), True


def unpunctuated_line(texts: list[str], size: int = 1 << 20) -> str:
    """``size`` characters of the texts' words, separated by single spaces: one line, no punctuation."""
    words = " ".join(w for t in texts for w in re.findall(r"[^\W\d_]+", t))
    return ((words + " ") * (size // len(words) + 1))[:size]


def _annotate_json(item: tuple) -> str:
    """One ``(text, id, model)`` to its JSON record: what a worker sent back before issue 16."""
    import argmine

    text, doc_id, model = item
    return json.dumps(argmine._pipeline(model)(text, doc_id).to_dict(), ensure_ascii=False)


def many_before(texts: list[str], ids: list[str], n_jobs: int) -> list:
    """``annotate_many`` as it was before issue 16: JSON records out of the workers, parsed and checked."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from argmine.batch import _items
    from argmine.corpus.record import document_from_record

    items = _items(texts, ids, "default")
    if n_jobs == 1:
        records = [_annotate_json(x) for x in items]
    else:
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=mp.get_context("fork")) as pool:
            records = list(pool.map(_annotate_json, items, chunksize=max(1, len(items) // (n_jobs * 4))))
    return [document_from_record(json.loads(r)) for r in records]


def dask_before(texts: list[str], client, ids: list[str]) -> list:
    """``annotate_dask`` as it was before issue 16: one task a text, JSON records."""
    from argmine.batch import _items
    from argmine.corpus.record import document_from_record

    futures = client.map(_annotate_json, _items(texts, ids, "default"), pure=False)
    return [document_from_record(json.loads(r)) for r in client.gather(futures)]


def unbatched(texts: list[str], ids: list[str]) -> list:
    """``annotate_many(n_jobs=1)`` as it was before ``Pipeline.many``: each text through every stage in
    turn, each learned stage scoring one document at a time."""
    import argmine

    pipeline = argmine._pipeline("default")
    return [pipeline(t, i).drop_caches() for t, i in zip(texts, ids)]


SHORT = "قال الوزير إن الحملة ربما انتهت. وأضاف أن الوضع مستقر."  # two sentences: what every document pays


def fixed_cost(rounds: int, n: int = 500) -> tuple[float, float]:
    """CPU milliseconds a document of two sentences costs, batched (``annotate_many``) and one at a time
    (``unbatched``), best of ``rounds``."""
    from argmine.batch import annotate_many

    texts, ids = [SHORT] * n, [f"s{i}" for i in range(n)]
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for k, fn in enumerate((lambda: annotate_many(texts, ids=ids, n_jobs=1), lambda: unbatched(texts, ids))):
            _, _, own, _ = measured(fn)
            best[k] = min(best[k], own / n * 1000)
    return best[0], best[1]


def one_at_a_time(texts: list[str], ids: list[str]) -> list:
    """``annotate_many(n_jobs=2)``'s chunks through the same pool, each sent when the last is back: the
    same work and transfers, but never two annotating at once (what concurrency itself costs)."""
    import gc
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from argmine.batch import _annotate_chunk, _chunks, _items

    with ProcessPoolExecutor(max_workers=2, mp_context=mp.get_context("fork"), initializer=gc.freeze) as pool:
        return [d for chunk in _chunks(_items(texts, ids, "default"), 2) for d in pool.submit(_annotate_chunk, chunk).result()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds each memory run may take")
    parser.add_argument("--repeat", type=int, default=2, help="the paragraphs are annotated this many times over")
    args = parser.parse_args()

    from camel_tools.tokenizers.word import simple_word_tokenize
    from dask.distributed import Client, LocalCluster

    import argmine
    from argmine.batch import annotate_dask, annotate_many

    texts = training_texts()
    docs = paragraphs(texts) * args.repeat
    ids = [f"p{i}" for i in range(len(docs))]
    chars = sum(map(len, docs))
    kb = sum(len(d.encode()) for d in docs) / len(docs) / 1000
    expected = [argmine.annotate(t, i).to_dict() for t, i in zip(docs, ids)]  # also loads the model here

    runs: dict[str, list[tuple]] = {}

    def run(key: str, fn, check: bool = True) -> None:
        got, wall, own, workers = measured(fn)
        if check:
            assert [d.to_dict() for d in got] == expected, f"{key}: not the records of argmine.annotate"
        runs.setdefault(key, []).append((wall, own, workers))

    for _ in range(args.rounds):
        run("swt", lambda: [simple_word_tokenize(t) for t in docs], check=False)
        for n_jobs in (1, 2):
            run(f"many{n_jobs}", lambda n=n_jobs: annotate_many(docs, ids=ids, n_jobs=n))
            run(f"many{n_jobs}-before", lambda n=n_jobs: many_before(docs, ids, n))
        run("unbatched", lambda: unbatched(docs, ids))
        run("one-at-a-time", lambda: one_at_a_time(docs, ids))
        # a new cluster each round: annotate_many forks, and should not fork the cluster's threads
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=40) as cluster, Client(cluster) as client:  # fmt: skip
            # untimed, every worker annotates every text first: it loads the model and fills its per-word
            # caches with the words of all the texts, as the forked workers of annotate_many inherit them
            # from this process (one untimed pass through annotate_dask fills each worker's caches with the
            # words of its own chunks only: the next pass cost its workers 20-30% more CPU than later ones)
            client.run(warm, docs)
            for key, fn in (("dask", annotate_dask), ("dask-before", dask_before)):
                before = worker_cpu(client)
                run(key, lambda f=fn: f(docs, client, ids=ids))
                after = worker_cpu(client)
                wall, own, _ = runs[key][-1]
                runs[key][-1] = (wall, own, sum(after[w] - before[w] for w in after))

    best = {k: min(v, key=lambda r: r[0]) for k, v in runs.items()}  # the round with the best wall time
    cpu = {k: min(r[1] + r[2] for r in v) for k, v in runs.items()}  # all CPU seconds, best round
    est = {k: min(r[1] + r[2] / 2 for r in v) for k, v in runs.items()}  # CPU estimate of the idle wall time

    fixed = fixed_cost(args.rounds)
    line = unpunctuated_line(texts)
    peaks = [("1 MB line, no punctuation", peak_memory("line", line, args.timeout)),
             ('"قال " × 200,000', peak_memory("qal", timeout=args.timeout))]

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f} at the end of the run.")  # fmt: skip
    print(f"\n{len(docs):,} paragraphs ({len(docs) // args.repeat} distinct, each annotated {args.repeat} times), "
          f"{chars:,} characters, {kb:.1f} KB on average; best of {args.rounds} interleaved rounds.\n")  # fmt: skip
    print("| what | wall s | CPU s (this process + workers) | texts/s (wall) | texts/s (CPU) |")
    print("| --- | --- | --- | --- | --- |")
    names = {"swt": "camel-tools simple_word_tokenize", "many1": "annotate_many, n_jobs=1",
             "many2": "annotate_many, n_jobs=2 (fork)", "dask": "annotate_dask, LocalCluster 2 workers × 1 thread",
             "many1-before": "before: annotate_many, n_jobs=1 (JSON round trip)",
             "many2-before": "before: annotate_many, n_jobs=2 (JSON round trip)",
             "dask-before": "before: annotate_dask (one text a task, JSON)",
             "one-at-a-time": "n_jobs=2's chunks, one at a time through the same pool",
             "unbatched": "before: annotate_many, n_jobs=1, each stage one document at a time"}  # fmt: skip
    for key, name in names.items():
        wall, own, workers = best[key]
        print(f"| {name} | {wall:.2f} | {own:.2f} + {workers:.2f} | {len(docs) / wall:,.0f} | {len(docs) / cpu[key]:,.0f} |")
    print()
    print("| ratio | by wall time | by CPU time | goal |")
    print("| --- | --- | --- | --- |")
    print(f"| annotate_many n_jobs=1 / simple_word_tokenize (throughput) | {best['swt'][0] / best['many1'][0]:.2f} | "
          f"{cpu['swt'] / cpu['many1']:.2f} | ≥ 0.5 |")  # fmt: skip
    print(f"| annotate_many n_jobs=1, stages one document at a time / batched (cost) | {best['unbatched'][0] / best['many1'][0]:.2f} | "
          f"{cpu['unbatched'] / cpu['many1']:.2f} | |")  # fmt: skip
    print(f"| CPU ms a two-sentence text costs, batched / one at a time | {fixed[0]:.2f} / {fixed[1]:.2f} | | |")
    print(f"| n_jobs=2 speed-up over n_jobs=1 | {best['many1'][0] / best['many2'][0]:.2f} | "
          f"between {cpu['many1'] / est['many2']:.2f} and {2 * cpu['many1'] / cpu['many2']:.2f} | ≥ 1.7 |")  # fmt: skip
    print(f"| n_jobs=2 total CPU / n_jobs=1 CPU (what the processes cost) | | {cpu['many2'] / cpu['many1']:.2f} | |")
    print(f"| the same chunks one at a time / n_jobs=1 (the processes without concurrency) | | "
          f"{cpu['one-at-a-time'] / cpu['many1']:.2f} | |")  # fmt: skip
    for key in ("many1", "many2", "dask"):
        print(f"| {names[key]}: before / now (cost) | {best[key + '-before'][0] / best[key][0]:.2f} | "
              f"{cpu[key + '-before'] / cpu[key]:.2f} (total CPU) | |")  # fmt: skip
    print(f"| annotate_dask / annotate_many n_jobs=2 (cost) | {best['dask'][0] / best['many2'][0]:.2f} | "
          f"{cpu['dask'] / cpu['many2']:.2f} (total CPU); {est['dask'] / est['many2']:.2f} (this process + half the workers) "
          "| ≤ 1.15 |")  # fmt: skip
    print()
    print("| peak memory, fresh process, one text | characters | units | after loading (MB) | peak (MB) | goal |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, (n, units, before, after, done) in peaks:
        if done:
            print(f"| {name} | {n:,} | {units:,} | {before:.0f} | {after:.0f} | < 300 MB |")
        else:
            print(f"| {name} | {n:,} | (stopped after {args.timeout:.0f} s) | | ≥ {after:.0f} so far | < 300 MB |")

if __name__ == "__main__":
    main()
