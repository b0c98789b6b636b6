"""Draw the fixed real-text test split (run once, before any tuning on real text).

Within each outlet x genre stratum of the pool, the quarter (rounded up) of documents whose
sha256("argmine-real-test:" + id) sorts first goes to the test split. Writes the ids into
corpora/splits.json under "test_real".

    python scripts/draw_real_split.py ../shared/realtext/pool.jsonl corpora/splits.json
"""

import hashlib
import json
import math
import sys
from collections import defaultdict

from argmine.corpus.standoff import outlet

RULE = ("within each outlet x genre of the real pool, the quarter (rounded up) of documents whose "
        "sha256('argmine-real-test:' + id) sorts first; drawn before any tuning on real text")


def draw(rows: list[dict]) -> list[str]:
    strata = defaultdict(list)
    for r in rows:
        strata[(outlet(r["publisher"]), r["genre"])].append(r["id"])
    test = []
    for ids in strata.values():
        ids.sort(key=lambda i: hashlib.sha256(f"argmine-real-test:{i}".encode()).hexdigest())
        test += ids[: math.ceil(len(ids) / 4)]
    return sorted(test)


def main(pool: str, splits: str) -> None:
    rows = [json.loads(line) for line in open(pool, encoding="utf-8")]
    data = json.load(open(splits, encoding="utf-8"))
    data["rule_real"] = RULE
    data["test_real"] = draw(rows)
    with open(splits, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(data['test_real'])} real test documents", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
