"""The role model's word vectors: the mean-vector feature of a unit, a damaged or stale file refused,
and annotating with them needs numpy alone."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

import argmine
from argmine.document import Document
from argmine.learn import modelio
from argmine.learn.linear import as_matrix
from argmine.learn.modelio import ModelError
from argmine.roles import vectors
from argmine.roles.features import iter_unit_rows, unit_rows, unit_vectors, vector_names
from conftest import ROOT

SHIPPED = ROOT / "models" / "default"


def shipped_rows():
    """The vocabulary and the float vectors of the shipped file, read without argmine's reader."""
    with np.load(vectors.VECTORS, allow_pickle=False) as z:
        return z["words"].tolist(), z["vectors"].astype(np.float64) * z["scale"].astype(np.float64)[:, None]


def test_the_feature_of_a_unit_is_the_mean_of_the_rows_of_its_known_words():
    words, rows = shipped_rows()
    index = {w: i for i, w in enumerate(words)}
    doc = Document(text="قال الوزير إن الحملة انتهت في 2022 xqzv.\nقال بورخيسفيلد.")
    doc.add_unit(0, 40)
    doc.add_unit(41, 56)
    (norm, feats), _ = unit_rows(doc)
    toks = norm.split(" ")
    known = [index[w] for w in toks if w in index]
    assert "xqzv" not in index and len(known) >= 5  # an unknown word, and known ones
    mean = rows[known].mean(axis=0)
    want = mean / np.linalg.norm(mean)
    got = np.array([feats[name] for name in vector_names(len(want))])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert not np.allclose(got, rows[known[0]] / np.linalg.norm(rows[known[0]]))  # not one word's vector


def test_a_unit_without_a_known_word_has_no_vector_features():
    doc = Document(text="xqzv zzqv")
    doc.add_unit(0, 9)
    ((_, feats),) = unit_rows(doc)
    assert not [k for k in feats if k.startswith("vec")]


def damaged(tmp_path, change):
    """A copy of the shipped vectors with ``change(arrays)`` applied, saved as a plain npz."""
    with np.load(vectors.VECTORS, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    change(arrays)
    path = tmp_path / "vectors.npz"
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: a.update(vectors=a["vectors"].astype(np.float32)), "not word vectors"),
        (lambda a: a.update(vectors=a["vectors"][:-1]), "not word vectors"),
        (lambda a: a.update(words=a["words"].astype(object)), "not a readable word vectors file"),  # a pickle
        (lambda a: a["scale"].__setitem__(3, np.nan), "scales are not"),
        (lambda a: a["words"].__setitem__(1, a["words"][0]), "repeated words"),
        (lambda a: a.pop("scale"), "not a readable word vectors file"),
    ],
)
def test_a_file_of_the_wrong_arrays_is_refused(tmp_path, change, message):
    path = damaged(tmp_path, change)
    with pytest.raises(ModelError, match=message) as e:
        vectors.read(path)
    assert str(path) in str(e.value)


@pytest.mark.parametrize("how", ["truncate", "flip"])
def test_a_truncated_or_corrupted_file_is_refused(tmp_path, how):
    data = bytearray(vectors.VECTORS.read_bytes())
    if how == "truncate":
        data = data[: len(data) // 2]
    else:
        data[len(data) // 2] ^= 0xFF  # inside the deflated vectors: the zip's CRC fails
    path = tmp_path / "vectors.npz"
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"vectors.npz: not a readable word vectors file"):
        vectors.read(path)


def test_the_model_refuses_word_vectors_other_than_those_it_was_fitted_on(tmp_path):
    manifest = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vectors"]["sha256"] == vectors.read(vectors.VECTORS).sha256
    model = shutil.copytree(SHIPPED, tmp_path / "model")
    manifest["vectors"]["sha256"] = "0" * 64
    (model / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match=r"vectors.npz: not the word vectors the model of .* was fitted on"):
        modelio.load_model(model)


def test_the_shipped_role_model_uses_the_vectors():
    roles = modelio.load_model(SHIPPED)["roles"]
    names = set(roles.index[-1])  # the dict block
    assert set(vector_names(vectors.word_vectors().dims)) <= names


def test_the_vectors_are_read_only_when_a_role_row_is_made():
    code = (
        "import argmine\nfrom argmine.roles import vectors\n"
        "argmine.load(None)('قال الوزير إن الحملة انتهت.')\nprint(vectors.word_vectors.cache_info().currsize)\n"
        "argmine.annotate('قال الوزير إن الحملة انتهت.')\nprint(vectors.word_vectors.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "1"]


def test_scoring_the_vectors_apart_gives_the_probabilities_of_the_rows_with_them(seed_text):
    roles = modelio.load_model(SHIPPED)["roles"]
    doc = argmine.annotate(seed_text)
    rows = list(iter_unit_rows(doc))
    dense = unit_vectors(rows)
    assert (np.linalg.norm(dense, axis=1) > 0).mean() > 0.9  # most units have known words
    apart = roles.predict_proba(as_matrix(rows), dense=(vector_names(dense.shape[1]), dense))
    together = roles.predict_proba(as_matrix(unit_rows(doc)))
    np.testing.assert_allclose(apart, together, rtol=0, atol=1e-12)
    without = roles.predict_proba(as_matrix(rows))
    assert np.abs(without - together).max() > 0.01  # the vectors count
