"""Train word2vec on the unlabeled real news (normalised, tokenised as argmine does), cluster the
~50k most frequent words with MiniBatchKMeans; write clusters_{k}.tsv and vectors.npz (in the current folder).

The vectors are learned from ../shared/realtext/unlabeled.jsonl.gz; no text is written.
"""
import gzip
import json
import sys
import time

import numpy as np

from argmine.text.normalize import normalize
from argmine.text.tokens import tokens_of

t0 = time.time()
sents = []
with gzip.open("../shared/realtext/unlabeled.jsonl.gz", "rt", encoding="utf-8") as f:
    for line in f:
        text = json.loads(line)["text"]
        for para in text.split("\n"):
            toks = tokens_of(normalize(para))
            if len(toks) > 2:
                sents.append(toks)
ntok = sum(map(len, sents))
print(f"read {len(sents)} paragraphs, {ntok} tokens in {time.time()-t0:.0f}s", flush=True)

from gensim.models import Word2Vec  # noqa: E402 (gensim is not a dependency of argmine)

t1 = time.time()
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
m = Word2Vec(sents, vector_size=100, window=5, min_count=5, workers=1, epochs=epochs, seed=1)
print(f"word2vec: vocab {len(m.wv)} epochs {epochs} in {time.time()-t1:.0f}s", flush=True)
words = m.wv.index_to_key[:50000]  # sorted by frequency
V = np.asarray([m.wv[w] for w in words], dtype=np.float32)
np.savez_compressed("vectors.npz", words=np.array(words), vectors=V.astype(np.float16))
from sklearn.cluster import MiniBatchKMeans  # noqa: E402

Vn = V / np.linalg.norm(V, axis=1, keepdims=True)
for k in (256, 512):
    t2 = time.time()
    km = MiniBatchKMeans(n_clusters=k, random_state=0, batch_size=4096, n_init=3).fit(Vn)
    with open(f"clusters_{k}.tsv", "w", encoding="utf-8") as out:
        for w, c in zip(words, km.labels_):
            out.write(f"{w}\t{c}\n")
    print(f"kmeans k={k} in {time.time()-t2:.0f}s", flush=True)
print(f"total {time.time()-t0:.0f}s")
