"""Word vectors learned from unlabeled real Arabic news, for the role model's mean-vector feature.

``vectors.npz`` (beside this module; built by ``make vectors``, ``scripts/build_vectors.py``) holds
plain arrays: ``words`` (the vocabulary, most frequent first), ``vectors`` (int8, words x dims) and
``scale`` (float32, one per word). A word's vector is its int8 row times its scale. The file is read
with numpy alone, once, when a role row is first made; a damaged file raises ``ModelError``.

>>> v = word_vectors()
>>> m = v.means([["قال", "الوزير", "xyz"], ["xyz"]])
>>> m.shape == (2, v.dims), np.linalg.norm(m, axis=1).round(6).tolist()
(True, [1.0, 0.0])
"""

from __future__ import annotations

import hashlib
import itertools
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from argmine.learn.errors import ModelError

VECTORS = Path(__file__).resolve().parent / "vectors.npz"


@dataclass
class WordVectors:
    """A vocabulary and its float32 vectors (one row per word)."""

    words: list[str]
    matrix: np.ndarray  # words x dims, float32
    sha256: str = ""  # of the file they were read from
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self):
        self.index = {w: i for i, w in enumerate(self.words)}

    @property
    def dims(self) -> int:
        return self.matrix.shape[1]

    def means(self, units: list[list[str]]) -> np.ndarray:
        """For each unit, given as its tokens (those of ``Document.tokens``: normalised, digits folded),
        the mean vector of its known tokens scaled to length 1; a row of zeros when none is known.

        >>> v = WordVectors(["قال", "ان"], np.array([[3.0, 0.0], [0.0, 1.0]], dtype=np.float32))
        >>> v.means([["قال", "ان", "x"], ["x"]]).round(4).tolist()
        [[0.9487, 0.3162], [0.0, 0.0]]
        """
        lengths = np.fromiter(map(len, units), dtype=np.int64, count=len(units))
        tokens = itertools.chain.from_iterable(units)
        ids = np.fromiter(map(self.index.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=int(lengths.sum()))
        rows = np.repeat(np.arange(len(units)), lengths)
        ids, rows = ids[ids >= 0], rows[ids >= 0]
        out = np.zeros((len(units), self.dims))
        if len(ids):
            starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))  # each unit's first known token
            total = np.add.reduceat(self.matrix[ids], starts, axis=0, dtype=np.float64)  # the mean's direction is the sum's
            norms = np.linalg.norm(total, axis=1, keepdims=True)
            out[rows[starts]] = total / np.where(norms > 0, norms, 1.0)
        return out


def read(path: str | Path) -> WordVectors:
    """The word vectors of a file written by ``scripts/build_vectors.py``; a missing, truncated or
    damaged file, or arrays of the wrong kind or shape, raise ``ModelError`` naming it."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        with np.load(path, allow_pickle=False) as data:
            words, q, scale = data["words"], data["vectors"], data["scale"]
    except (OSError, ValueError, KeyError, EOFError, zlib.error, zipfile.BadZipFile) as e:
        raise ModelError(f"{path}: not a readable word vectors file, missing, truncated or corrupted ({type(e).__name__}: {e})") from None
    n = len(words) if words.ndim == 1 else -1
    if words.dtype.kind != "U" or n < 1 or q.dtype != np.int8 or q.ndim != 2 or q.shape[0] != n or q.shape[1] < 1:
        raise ModelError(f"{path}: not word vectors: words {words.dtype} {words.shape}, vectors {q.dtype} {q.shape} (want unicode words and int8 words x dims)")
    if scale.dtype != np.float32 or scale.shape != (n,) or not (np.isfinite(scale).all() and (scale > 0).all()):
        raise ModelError(f"{path}: the scales are not {n} finite positive float32 numbers")
    listed = words.tolist()
    if len(set(listed)) != n or not all(listed):
        raise ModelError(f"{path}: the vocabulary has empty or repeated words")
    return WordVectors(listed, q.astype(np.float32) * scale[:, None], hashlib.sha256(raw).hexdigest())


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """The shipped word vectors (``vectors.npz``), read once."""
    return read(VECTORS)
