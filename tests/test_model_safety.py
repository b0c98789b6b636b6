"""Models load safely: every file is checked against the manifest, and a missing model is an error."""

import hashlib
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import argmine
from argmine.document import ROLES, SOURCE_TYPES, STRENGTHS
from argmine.learn import fastlinear, modelio
from argmine.learn.modelio import ModelError
from conftest import ROOT, SEED_TEXT

SHIPPED = ROOT / "models" / "default"


@pytest.fixture
def model_dir(tmp_path):
    """A copy of the shipped model directory, to damage."""
    return shutil.copytree(SHIPPED, tmp_path / "model")


def rehash(directory):
    """Make the manifest list the files as they are now: only the checks of their content can refuse them."""
    path = directory / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for name, entry in manifest["files"].items():
        data = (directory / name).read_bytes()
        entry.update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    path.write_text(json.dumps(manifest), encoding="utf-8")


def rewrite_npz(path, change):
    """Rewrite ``fast.npz`` with ``change(arrays)`` applied."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    change(arrays)
    np.savez(path, **arrays)


def flip_byte(path, at=0.5):
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0xFF
    path.write_bytes(bytes(data))


def test_shipped_manifest_describes_the_shipped_files():
    manifest = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"model.skops", "fast.npz"}
    for name, entry in manifest["files"].items():
        data = (SHIPPED / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert manifest["scheme_version"] == 2
    assert manifest["labels"] == {"roles": list(ROLES), "source_types": list(SOURCE_TYPES), "strengths": list(STRENGTHS)}
    models = modelio.load(SHIPPED / "model.skops")
    for name in ("roles", "types"):
        features, classifier = models[name].steps[0][1], models[name].steps[-1][1]
        vocabulary = [len(t.get_feature_names_out()) for _, t, _ in features.transformers_]
        assert manifest["components"][name] == {"classes": list(classifier.classes_), "vocabulary": vocabulary}
        assert classifier.coef_.shape[1] == sum(vocabulary)
    assert manifest["components"]["links"] == {"classes": ["0", "1"], "vocabulary": [len(models["links"].steps[0][1].feature_names_)]}
    assert manifest["use"] == models["use"]
    assert manifest["components"]["crf"] == {"classes": list(models["crf"]["labels"]), "vocabulary": [len(models["crf"]["attributes"])]}


def test_the_intact_model_loads_from_a_directory_or_either_file(model_dir):
    for path in (model_dir, model_dir / "model.skops", model_dir / "fast.npz"):
        models = modelio.load_model(path)
        assert type(models["roles"]).__name__ == "FastLinear"
    doc = argmine.load(str(model_dir))("ربما سعت الحكومة إلى كسب الوقت قبل الانتخابات، وفقاً لمصادر دبلوماسية.")
    assert doc.units[0].hedged and doc.attributions[0].source.text == "مصادر دبلوماسية"


@pytest.mark.parametrize("name", ["model.skops", "fast.npz"])
def test_a_truncated_file_is_named(model_dir, name):
    path = model_dir / name
    size = path.stat().st_size
    path.write_bytes(path.read_bytes()[: size // 2])
    with pytest.raises(ModelError, match=rf"{name}: truncated: {size // 2} bytes, manifest.json says {size}"):
        argmine.load(str(model_dir))


@pytest.mark.parametrize("name", ["model.skops", "fast.npz"])
def test_a_damaged_file_of_the_same_size_is_named(model_dir, name):
    flip_byte(model_dir / name)
    with pytest.raises(ModelError, match=rf"{name}: damaged or changed since 'argmine train' wrote manifest.json"):
        argmine.load(str(model_dir))


def test_a_stale_fast_export_is_refused(model_dir):
    """A fast.npz from another training (one feature fewer) that is sound on its own."""

    def drop_last_feature(a):
        a["roles.2.names"] = a["roles.2.names"][:-1]
        a["roles.coef"] = a["roles.coef"][:, :-1]

    words, chars, feats = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))["components"]["roles"]["vocabulary"]
    rewrite_npz(model_dir / "fast.npz", drop_last_feature)
    listed, found = rf"\[{words}, {chars}, {feats}\]", rf"\[{words}, {chars}, {feats - 1}\]"
    with pytest.raises(ModelError, match=rf"fast.npz: stale: .*component roles: manifest.json lists .*{listed} features, this file .*{found}"):
        argmine.load(str(model_dir))
    alone = modelio.load_fast(shutil.copy(model_dir / "fast.npz", model_dir.parent / "alone.npz"))  # sound on its own
    assert alone["roles"].sizes == [words, chars, feats - 1]


def test_coefficients_that_do_not_fit_the_vocabulary_are_refused(model_dir):
    words, chars, feats = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))["components"]["roles"]["vocabulary"]
    n = words + chars + feats
    rewrite_npz(model_dir / "fast.npz", lambda a: a.update({"roles.coef": a["roles.coef"][:, :-1]}))
    rehash(model_dir)
    with pytest.raises(ModelError, match=rf"fast.npz: roles: coefficients of shape \(4, {n - 1}\) .* do not fit 4 classes and {n} features \({words} \+ {chars} \+ {feats}\)"):
        argmine.load(str(model_dir))


@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_nan_or_infinite_weights_are_refused(model_dir, value):
    def poison(a):
        a["types.coef"] = a["types.coef"].copy()
        a["types.coef"][2, 5] = value

    rewrite_npz(model_dir / "fast.npz", poison)
    rehash(model_dir)
    with pytest.raises(ModelError, match="fast.npz: types: NaN, infinite or non-numeric coefficients"):
        argmine.load(str(model_dir))


def test_a_class_label_outside_the_scheme_is_refused(model_dir):
    def pwn(a):
        a["types.classes"] = np.array(["pwned", *a["types.classes"][1:]])

    rewrite_npz(model_dir / "fast.npz", pwn)
    rehash(model_dir)
    with pytest.raises(ModelError, match="fast.npz: types: class label 'pwned' is not in the scheme"):
        argmine.load(str(model_dir))


def test_load_annotates_attributions_with_the_crf(model_dir):
    from argmine.attribution.sequence import CRFWeights, SequenceAttributionTagger

    models = modelio.load_model(model_dir)
    assert isinstance(models["crf"], CRFWeights) and "attribution" in models["use"]
    for pipeline in (argmine.load(str(model_dir)), argmine.load("default")):
        (stage,) = [s for s in pipeline.stages if s.name == "attribution"]
        assert isinstance(stage, SequenceAttributionTagger)
        assert stage.weights_.state.shape == (len(models["crf"].attributes), len(models["crf"].labels))
        assert stage.type_scorer_ is not None  # the source-type classifier beside it


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda a: a["crf.state"].__setitem__((3, 1), np.nan), "NaN, infinite or non-numeric state weights"),
        (lambda a: a["crf.transition"].__setitem__((0, 0), np.inf), "NaN, infinite or non-numeric transitions"),
        (lambda a: a.update({"crf.state": a["crf.state"][:-1]}), r"state weights of shape \(\d+, 3\) and transitions .* do not fit"),
        (lambda a: a.update({"crf.labels": np.array(["O", "B-S", "pwned"])}), "class label 'pwned' is not in the scheme"),
        (lambda a: a.update({"crf.attributes": np.append(a["crf.attributes"][:-1], a["crf.attributes"][0])}), "an attribute name is listed twice"),
        (lambda a: a.update({"crf.state": a["crf.state"].astype(str)}), "NaN, infinite or non-numeric state weights"),
    ],
    ids=["nan", "inf", "shape", "label", "duplicate", "strings"],
)
def test_a_damaged_crf_array_is_refused(model_dir, change, problem):
    def damage(a):
        a["crf.state"], a["crf.transition"] = a["crf.state"].copy(), a["crf.transition"].copy()
        change(a)

    rewrite_npz(model_dir / "fast.npz", damage)
    rehash(model_dir)  # the manifest lists the damaged file: its content is what must refuse it
    with pytest.raises(ModelError, match=f"fast.npz: crf: {problem}"):
        argmine.load(str(model_dir))


def test_the_skops_crf_is_checked_too(tmp_path):
    models = modelio.load(SHIPPED / "model.skops")
    models["crf"]["state"][0, 0] = np.nan
    modelio.save(models, tmp_path / "nan.skops")
    with pytest.raises(ModelError, match="nan.skops: crf: NaN, infinite or non-numeric state weights"):
        modelio.load(tmp_path / "nan.skops")
    models = modelio.load(SHIPPED / "model.skops")
    models["crf_settings"]["mode"] = "pwned"
    modelio.save(models, tmp_path / "mode.skops")
    with pytest.raises(ModelError, match="mode.skops: crf_settings: .* is not mode"):
        modelio.load(tmp_path / "mode.skops")


def test_the_skops_models_are_checked_too(tmp_path):
    models = modelio.load(SHIPPED / "model.skops")
    models["types"].steps[-1][1].classes_[0] = "pwned"
    modelio.save(models, tmp_path / "pwned.skops")
    with pytest.raises(ModelError, match="pwned.skops: types: class label 'pwned' is not in the scheme"):
        modelio.load(tmp_path / "pwned.skops")
    models = modelio.load(SHIPPED / "model.skops")
    models["links"].steps[-1][1].coef_[0, 3] = np.nan
    modelio.save(models, tmp_path / "nan.skops")
    with pytest.raises(ModelError, match="nan.skops: links: NaN, infinite or non-numeric coefficients"):
        modelio.load(tmp_path / "nan.skops")


def test_unknown_types_are_refused_even_with_a_matching_manifest(model_dir):
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    sio.dump({"roles": FunctionTransformer(func=print)}, model_dir / "model.skops")
    manifest = json.loads((model_dir / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]["fast.npz"]  # so that model.skops is the file read
    (model_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    rehash(model_dir)
    with pytest.raises(ModelError, match="model.skops: refusing to load a model with unexpected types: builtins.print"):
        argmine.load(str(model_dir))


def test_a_model_without_its_manifest_is_refused(model_dir):
    (model_dir / "manifest.json").unlink()
    with pytest.raises(ModelError, match="no manifest.json beside it"):
        argmine.load(str(model_dir))


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda m: m["files"]["fast.npz"].update(sha256="abc"), "files.fast.npz.sha256: expected 64 lower-case hex digits"),
        (lambda m: m.update(scheme_version=1), "scheme_version, labels: the model is trained for scheme v1"),
        (lambda m: m["labels"]["source_types"].append("pwned"), "scheme_version, labels"),
        (lambda m: m.pop("components"), "components: missing"),
        (lambda m: m["files"].update({"../evil.py": {"sha256": "0" * 64, "size": 1}}), "files.../evil.py: not a model file"),
    ],
)
def test_a_bad_manifest_names_its_field(model_dir, change, problem):
    path = model_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match=f"manifest.json: {problem}"):
        argmine.load(str(model_dir))


def test_a_manifest_that_is_not_json_is_named(model_dir):
    (model_dir / "manifest.json").write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match="manifest.json: not a readable manifest"):
        argmine.load(str(model_dir))


def test_a_written_manifest_lets_the_model_load(tmp_path):
    """What ``argmine train`` saves: the files, then the manifest; the fast file is read back."""
    models = modelio.load(SHIPPED / "model.skops")
    modelio.save(models, tmp_path / "model.skops")
    fastlinear.export(models, tmp_path / "fast.npz")
    modelio.write_manifest(tmp_path, models)
    written = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert written["files"]["fast.npz"]["sha256"] == hashlib.sha256((tmp_path / "fast.npz").read_bytes()).hexdigest()
    assert type(modelio.load_model(tmp_path)["links"]).__name__ == "FastLinear"
    models["roles"].steps[-1][1].intercept_[0] = np.inf
    with pytest.raises(ModelError, match="roles: NaN, infinite or non-numeric intercepts"):
        modelio.write_manifest(tmp_path, models)


# -- no silent fallback to the rules ---------------------------------------------------------


def test_argmine_model_naming_a_missing_path_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("ARGMINE_MODEL", str(tmp_path / "nowhere"))
    with pytest.raises(ModelError, match=r"ARGMINE_MODEL=.*nowhere: no such model; unset ARGMINE_MODEL .*; load\(None\)"):
        argmine.load()
    assert [s.name for s in argmine.load(None).stages][2] == "attribution"


def test_argmine_model_naming_a_broken_model_is_an_error(monkeypatch, model_dir):
    flip_byte(model_dir / "model.skops", 0.9)
    monkeypatch.setenv("ARGMINE_MODEL", str(model_dir))
    with pytest.raises(ModelError, match=r"model.skops: damaged .*; load\(None\), or 'argmine annotate --rules', gives the rules alone"):
        argmine.load("default")


def test_a_missing_shipped_model_is_an_error(monkeypatch, tmp_path):
    monkeypatch.delenv("ARGMINE_MODEL", raising=False)
    monkeypatch.setattr(modelio, "SHIPPED_ROOTS", (tmp_path,))
    with pytest.raises(ModelError, match=r"the shipped model is missing: reinstall argmine, or set ARGMINE_MODEL .*load\(None\)"):
        argmine.load()
    doc = argmine.load(None)("ربما انتهت الحملة.")
    assert doc.units[0].hedged


def test_the_command_names_a_missing_model_and_the_way_out(tmp_path):
    env = {**os.environ, "ARGMINE_MODEL": str(tmp_path / "nowhere")}
    cmd = [sys.executable, "-m", "argmine.cli", "annotate", str(SEED_TEXT), "--format", "jsonl"]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and "nowhere: no such model" in p.stderr and "--rules" in p.stderr
    p = subprocess.run([*cmd, "--rules"], capture_output=True, text=True, env=env)
    assert p.returncode == 0 and json.loads(p.stdout)["units"]
