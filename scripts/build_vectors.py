"""Build the word vectors of the role model (``argmine/roles/vectors.npz``) from unlabeled real news.

word2vec (gensim, CBOW, 100 dimensions) is trained on ../shared/realtext/unlabeled.jsonl.gz, each
paragraph normalised and tokenised as argmine does (``normalize``, ``tokens_of``); the ``WORDS`` most
frequent words are kept, each vector quantised to int8 with a scale of its own. The file holds plain
arrays (``np.load(..., allow_pickle=False)``): ``words`` (fixed-width unicode, most frequent first),
``vectors`` (int8, words x 100) and ``scale`` (float32, one per word; a vector is ``vectors * scale``).
No text but the vocabulary is written.

One worker, a fixed seed and a fixed ``PYTHONHASHSEED`` (gensim seeds each word's vector from its
hash; the script restarts itself with it set): the same input gives the same bytes.

    make vectors        # = PYTHONHASHSEED=0 python scripts/build_vectors.py
    python scripts/build_vectors.py --words 10000 -o argmine/roles/vectors.npz [--floats /tmp/v.npz]

``--floats`` also writes the unquantised float32 vectors of the 50,000 most frequent words (for the
experiments of docs/experiments/roles-on-real-text.md; not shipped).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from argmine.ioutil import atomic_write  # noqa: E402
from argmine.text.normalize import normalize  # noqa: E402
from argmine.text.tokens import tokens_of  # noqa: E402

UNLABELED = ROOT.parent / "shared" / "realtext" / "unlabeled.jsonl.gz"
WORDS = 10000
DIMS = 100
SEED = 1
HASHSEED = "0"


def paragraphs(path: Path) -> list[list[str]]:
    """The tokens of every paragraph of more than two tokens of the articles in ``path`` (JSON lines with a ``text``)."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            for para in json.loads(line)["text"].split("\n"):
                toks = tokens_of(normalize(para))
                if len(toks) > 2:
                    out.append(toks)
    return out


def train(sentences: list[list[str]], epochs: int = 5) -> tuple[list[str], np.ndarray]:
    """The vocabulary (most frequent first) and float32 vectors of a word2vec model of ``sentences``."""
    from gensim.models import Word2Vec  # not a dependency of argmine: `make vectors` installs it

    m = Word2Vec(sentences, vector_size=DIMS, window=5, min_count=5, workers=1, epochs=epochs, seed=SEED)
    words = list(m.wv.index_to_key)
    return words, np.asarray(m.wv.vectors, dtype=np.float32)


def quantised(words: list[str], vectors: np.ndarray, n: int, per_row: bool = True) -> dict[str, np.ndarray]:
    """The arrays of the shipped file: the ``n`` first words and their vectors as int8 times a scale
    (one per word, or one for all with ``per_row=False``, repeated so the file reads the same)."""
    v = np.asarray(vectors[:n], dtype=np.float32)
    top = np.abs(v).max(axis=1) if per_row else np.full(len(v), np.abs(v).max(), dtype=np.float32)
    scale = (np.maximum(top, 1e-12) / 127).astype(np.float32)
    q = np.clip(np.rint(v / scale[:, None]), -127, 127).astype(np.int8)
    return {"words": np.array(words[:n], dtype=str), "vectors": q, "scale": scale}


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` with fixed member order and timestamps, so the same arrays give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, arrays[name], allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, member.getvalue())
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, buffer.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, default=UNLABELED)
    ap.add_argument("--words", type=int, default=WORDS, help="vocabulary size (most frequent words)")
    ap.add_argument("--per-file-scale", action="store_true", help="one scale for all vectors (default: one per word)")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "argmine" / "roles" / "vectors.npz")
    ap.add_argument("--floats", type=Path, help="also write the float32 vectors of the 50,000 most frequent words here")
    args = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != HASHSEED:  # gensim's initial vectors depend on hash(): fix it
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": HASHSEED})
    t0 = time.time()
    sentences = paragraphs(args.input)
    print(f"{len(sentences)} paragraphs, {sum(map(len, sentences))} tokens in {time.time() - t0:.0f}s", file=sys.stderr)
    t1 = time.time()
    words, vectors = train(sentences)
    print(f"word2vec: {len(words)} words in {time.time() - t1:.0f}s", file=sys.stderr)
    if args.floats:
        write_npz(args.floats, {"words": np.array(words[:50000], dtype=str), "vectors": vectors[:50000]})
    write_npz(args.output, quantised(words, vectors, args.words, per_row=not args.per_file_scale))
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
