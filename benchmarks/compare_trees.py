"""Speed of two argmine source trees, measured in one run on the same machine.

    .venv/bin/python benchmarks/compare_trees.py --old /work/old --new .

Each tree runs in fresh subprocesses with ``PYTHONPATH`` set to it, so that its ``argmine`` is the
one imported. For each tree:

- ``long``: the best of 3 runs of annotating one 1 MB document, the texts of ``corpora/argmine.jsonl``
  (``benchmarks/throughput.py``'s ``corpus_text``) repeated;
- ``many``: seconds per document over the texts of ``corpora/real.jsonl`` annotated one by one
  with ``argmine.annotate`` (after one warm-up document), best of 3;
- ``startup``: a new process that imports argmine and annotates a 2 KB document, less a bare
  ``python -c pass`` (median of 5 each).

Times are CPU seconds of the process (``time.process_time``, and the children's user and system
time for ``startup``), not wall time: this machine is shared, and other work there slows the wall
clock of a run by a third at times. The trees take turns (old, new, old, new...), so that a slow
spell falls on both; ``--rounds`` repeats the turns and keeps the best.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
MB = 1 << 20

LONG = """
import json, sys, time
from pathlib import Path
lines = (Path(sys.argv[1]) / "corpora" / "argmine.jsonl").read_text(encoding="utf-8").splitlines()
text = "\\n\\n".join(json.loads(line)["text"] for line in lines if line.strip())
text = (text + "\\n\\n") * (MB // len(text) + 1)
import argmine
argmine.annotate(text[:5000])  # load the models
best = float("inf")
for _ in range(3):
    t = time.process_time()
    argmine.annotate(text, doc_id="bench")
    best = min(best, time.process_time() - t)
print(best)
""".replace("MB", str(MB))

MANY = """
import json, sys, time
from pathlib import Path
lines = (Path(sys.argv[1]) / "corpora" / "real.jsonl").read_text(encoding="utf-8").splitlines()
texts = [json.loads(line)["text"] for line in lines if line.strip()]
import argmine
argmine.annotate(texts[0])  # load the models
best = float("inf")
for _ in range(3):
    t = time.process_time()
    for text in texts:
        argmine.annotate(text)
    best = min(best, (time.process_time() - t) / len(texts))
print(best)
"""

STARTUP = """
import json, sys
from pathlib import Path
line = (Path(sys.argv[1]) / "corpora" / "argmine.jsonl").read_text(encoding="utf-8").splitlines()[0]
text = (json.loads(line)["text"] * 10)[:2048]
import argmine
argmine.annotate(text)
"""


def run(tree: Path, code: str) -> float:
    """The figure the child prints, ``code`` run with ``tree`` on ``PYTHONPATH``."""
    env = _env(tree)
    out = subprocess.run([PY, "-c", code, str(ROOT)], env=env, cwd=tree, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def cpu(tree: Path, code: str) -> float:
    """CPU seconds (user and system) of a new process running ``code``, ``tree`` on ``PYTHONPATH``."""
    env = _env(tree)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([PY, "-c", code, str(ROOT)], env=env, cwd=tree, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _env(tree: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(tree), "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, type=Path, help="the source tree to compare with")
    parser.add_argument("--new", required=True, type=Path, help="the source tree under test")
    parser.add_argument("--rounds", type=int, default=1, help="turns each tree takes at long and many (best kept)")
    args = parser.parse_args()
    trees = {"old": args.old.resolve(), "new": args.new.resolve()}
    figures: dict[str, dict[str, float]] = {name: {} for name in trees}
    for _ in range(args.rounds):
        for key, code in (("long", LONG), ("many", MANY)):
            for name, tree in trees.items():
                figures[name][key] = min(figures[name].get(key, float("inf")), run(tree, code))
    for name in trees:
        figures[name]["startup"] = []
    bare = []
    for _ in range(5):
        bare.append(cpu(args.new, "pass"))
        for name, tree in trees.items():
            figures[name]["startup"].append(cpu(tree, STARTUP))
    for name in trees:
        figures[name]["startup"] = statistics.median(figures[name]["startup"]) - statistics.median(bare)
    print(f"{'':8}{'long (s, 1 MB)':>16}{'many (ms/doc)':>16}{'startup (s)':>14}")
    for name, tree in trees.items():
        f = figures[name]
        print(f"{name:8}{f['long']:16.3f}{f['many'] * 1000:16.2f}{f['startup']:14.3f}   {tree}")
    o, n = figures["old"], figures["new"]
    print(f"{'new/old':8}{n['long'] / o['long']:16.3f}{n['many'] / o['many']:16.3f}{n['startup'] / o['startup']:14.3f}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
