"""Annotate every corpus text and the seed, and write the output as JSON Lines (for before/after checks).

    python scripts/behaviour_dump.py OUT.jsonl [--rules]
    python scripts/behaviour_dump.py --compare BEFORE.jsonl AFTER.jsonl

A refactoring that must not change behaviour dumps before and after, and compares. The dump is not a
golden test: it is made and compared by hand around one change, and kept out of the repository (the
published texts are in it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpora" / "argmine.jsonl", ROOT / "corpora" / "real.jsonl"]
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")) + sorted((ROOT / "samples").glob("*.txt"))


def texts():
    for path in SOURCES:
        if not path.exists():
            sys.exit(f"{path}: missing (make corpus)")
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            yield rec["id"], rec["text"]
    for path in SEEDS:
        yield path.stem, path.read_text(encoding="utf-8")


def dump(out: str, rules: bool) -> None:
    import argmine

    model = None if rules else "default"
    with open(out, "w", encoding="utf-8") as f:
        for doc_id, text in texts():
            doc = argmine.annotate(text, doc_id=doc_id, model=model)
            f.write(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")


def compare(before: str, after: str) -> int:
    a = Path(before).read_text(encoding="utf-8").splitlines()
    b = Path(after).read_text(encoding="utf-8").splitlines()
    if len(a) != len(b):
        print(f"{len(a)} documents before, {len(b)} after")
        return 1
    differ = [json.loads(x)["id"] for x, y in zip(a, b) if x != y]
    print(f"{len(a) - len(differ)} of {len(a)} documents identical")
    for doc_id in differ[:20]:
        print("differs:", doc_id)
    return 1 if differ else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("paths", nargs="+")
    p.add_argument("--rules", action="store_true", help="the rules alone, not the shipped model")
    p.add_argument("--compare", action="store_true", help="compare two dumps")
    args = p.parse_args()
    if args.compare:
        return compare(*args.paths)
    dump(args.paths[0], args.rules)
    return 0


if __name__ == "__main__":
    sys.exit(main())
