"""Saving and loading models: ``skops.io`` files, their numpy export, and the manifest that ties them.

``skops`` names the arrays inside its zip after ``id()`` of the objects, so two
saves of the same model differ. ``save`` renames them in order of appearance and
writes the zip with fixed timestamps, so that the same model gives the same bytes
(``make models`` rebuilds the shipped model identically; DictVectorizer vocabularies are
put in index order first). ``load`` refuses any
type that skops does not trust, and names a truncated or corrupted file.

``argmine train`` writes ``manifest.json`` beside ``model.skops`` and ``fast.npz``: the SHA-256
and size of each, the scheme version and label sets, and each component's classes and vocabulary
sizes. ``load_model`` reads a model directory only with its manifest: a truncated, damaged or
stale file, coefficients that do not fit the vocabulary, NaN or infinite weights, or a class
label outside the scheme is refused with one line naming the file and what is wrong.

A role model is fitted on features that include the shipped word vectors (``argmine/roles/vectors.npz``):
the manifest records their SHA-256 and size (``vectors``), and ``load_model`` refuses the model
when the vectors beside the code are not those (rebuilt, damaged or missing).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from argmine.document import ROLES, SOURCE_TYPES, STRENGTHS
from argmine.ioutil import atomic_write
from argmine.learn.errors import CLASSES, LINEAR, RULES_ALONE, ModelError, check_labels  # noqa: F401 (modelio.ModelError)

_ID_FILE = re.compile(r'"(\d+)\.npy"')
_ID_KEY = re.compile(r'"__id__": (\d+)')
# TfidfVectorizer keeps id(stop_words) to skip a consistency check; any value is safe
_STOP_WORDS_ID = re.compile(r'("_stop_words_id": \{[^{}]*?"content": )"\d+"')
_EPOCH = (1980, 1, 1, 0, 0, 0)

SCHEME_VERSION = 2  # docs/scheme.md
MODEL_FILE = "model.skops"
FAST_FILE = "fast.npz"  # the same parameters for numpy-only inference (argmine.learn.fastlinear)
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1

_PACKAGE = Path(__file__).resolve().parent.parent  # the argmine package
# an installed wheel holds the shipped files inside the package; a checkout of the repository at its root
SHIPPED_ROOTS = (_PACKAGE, _PACKAGE.parent) if (_PACKAGE.parent / "pyproject.toml").is_file() else (_PACKAGE,)


def shipped(relative: str) -> Path:
    """A file or folder shipped with argmine (``models/default``, ``corpora/splits.json``).

    An installed wheel holds it inside the package (``argmine/models/default``), a checkout of
    the repository at its root. The first that exists; if none does, the last place looked.

    >>> shipped("corpora/splits.json").name
    'splits.json'
    """
    for root in SHIPPED_ROOTS:
        if (root / relative).exists():
            return root / relative
    return SHIPPED_ROOTS[-1] / relative


def canonical_bytes(raw: bytes) -> bytes:
    """The same skops archive with stable member names and timestamps."""
    zin = zipfile.ZipFile(io.BytesIO(raw))
    schema = zin.read("schema.json").decode("utf-8")
    names: dict[str, str] = {}
    for m in _ID_FILE.finditer(schema):
        names.setdefault(m.group(1), f"{len(names)}")
    schema = _ID_FILE.sub(lambda m: f'"{names[m.group(1)]}.npy"', schema)
    schema = _STOP_WORDS_ID.sub(r'\1"0"', schema)
    ids: dict[str, str] = {}  # object ids, used by skops to share references
    schema = _ID_KEY.sub(lambda m: f'"__id__": {ids.setdefault(m.group(1), str(len(ids) + 1))}', schema)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        members = {"schema.json": schema.encode("utf-8")}
        for name in zin.namelist():
            if name != "schema.json":
                key = name[:-4] if name.endswith(".npy") else name
                members[f"{names.get(key, key)}.npy" if name.endswith(".npy") else name] = zin.read(name)
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, members[name])
    return out.getvalue()


def _sort_vocabularies(obj) -> None:
    """Put every fitted ``DictVectorizer.vocabulary_`` in index order.

    It is kept in the order features were first seen in the rows. That order means nothing, and
    the same features listed in another order must give the same file.
    """
    if isinstance(obj, dict):
        for value in obj.values():
            _sort_vocabularies(value)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            _sort_vocabularies(value)
    elif hasattr(obj, "steps"):  # Pipeline
        _sort_vocabularies([step for _, step in obj.steps])
    elif hasattr(obj, "transformers_"):  # fitted ColumnTransformer
        _sort_vocabularies([t for _, t, _ in obj.transformers_])
    elif isinstance(getattr(obj, "vocabulary_", None), dict) and hasattr(obj, "feature_names_"):  # DictVectorizer
        obj.vocabulary_ = dict(sorted(obj.vocabulary_.items(), key=lambda kv: kv[1]))


def save(obj, path: str | Path) -> None:
    """Save ``obj`` (estimators in plain dicts and lists) with skops, deflated and deterministic."""
    import skops.io as sio

    _sort_vocabularies(obj)
    atomic_write(path, canonical_bytes(sio.dumps(obj, compression=zipfile.ZIP_DEFLATED)))


def load(path: str | Path):
    """Load a skops file: refuse unknown types, name a damaged file, check the models in it,
    and check it against ``manifest.json`` when one is beside it."""
    return checked(path, _load_skops)


def _load_skops(path: Path):
    import skops.io as sio

    try:
        data = path.read_bytes()
    except OSError as e:
        raise ModelError(f"{path}: cannot read the model ({e.strerror})") from None
    try:
        untrusted = sio.get_untrusted_types(data=data)
    except (zipfile.BadZipFile, zlib.error, KeyError, json.JSONDecodeError, EOFError, ValueError) as e:
        raise ModelError(f"{path}: not a valid skops model file, truncated or corrupted ({e})") from None
    if untrusted:
        raise ModelError(f"{path}: refusing to load a model with unexpected types: {', '.join(untrusted)}")
    try:
        return sio.loads(data, trusted=[])
    except Exception as e:  # skops raises many kinds on damaged members
        raise ModelError(f"{path}: the model file is damaged ({type(e).__name__}: {e})") from None


def checked(path: str | Path, parse) -> dict:
    """``parse(path)``, the models checked (``check_models``) and, when ``manifest.json`` is beside
    the file, checked against it: first what they are (a stale file), then the file's bytes."""
    path = Path(path)
    manifest = Manifest.beside(path)
    try:
        models = parse(path)
    except ModelError:
        if manifest is not None:
            manifest.check_file(path)  # "truncated: N bytes of M" says more than a parse error
        raise
    check_models(models, path)
    if manifest is not None:
        manifest.check_models(models, path)
        manifest.check_file(path)
    return models


def load_fast(path: str | Path) -> dict:
    """The models dict, with ``FastLinear`` components, from an ``.npz`` written by ``fastlinear.export``.

    A damaged or unsafe file, or a stale one (it does not match the ``manifest.json`` beside it),
    raises ``ModelError`` naming it.
    """
    from argmine.learn import fastlinear

    return checked(path, fastlinear.parse)


def load_model(path: str | Path) -> dict:
    """The models of a directory written by ``argmine train``, every file checked against its manifest.

    ``path`` is the directory, or its ``model.skops`` or ``fast.npz``. A directory or its
    ``model.skops`` is read from ``fast.npz`` when the manifest lists it (numpy alone, no scikit-learn).
    """

    path = Path(path)
    if not path.exists():
        raise ModelError(f"{path}: no such model")
    directory = path if path.is_dir() else path.parent
    if not (directory / MANIFEST).is_file():
        raise ModelError(f"{path}: no {MANIFEST} beside it, so its files cannot be checked: give a model directory written by 'argmine train'")
    manifest = Manifest.read(directory / MANIFEST)
    if path.is_dir() or path.name == MODEL_FILE:
        path = directory / (FAST_FILE if FAST_FILE in manifest.files else MODEL_FILE)
    models = (load_fast if path.suffix == ".npz" else load)(path)  # checked against the manifest
    for name in manifest.files:  # the other files too: a model is all of them
        manifest.check_file(directory / name)
    manifest.check_vectors()
    return models


# -- what a model holds, and the checks that need no manifest ---------------------------


@dataclass(frozen=True)
class Component:
    """The parameters of one linear component, as ``check_component`` checks them."""

    name: str
    classes: list[str]
    sizes: list[int]  # features of each block
    coef: object  # classes (1 for two) x features
    intercept: object
    idfs: list  # one per block: the idf weights of a TF-IDF block, else None


def component(name: str, est) -> Component:
    """The parameters of a fitted scikit-learn pipeline or a ``fastlinear.FastLinear``."""
    if hasattr(est, "sizes"):  # FastLinear
        return Component(name, [str(c) for c in est.classes_], list(est.sizes), est.coef, est.intercept, list(est.idfs))
    from argmine.learn.fastlinear import _blocks

    try:
        blocks, clf = _blocks(est)
        sizes = [_vocabulary_size(t) for _, _, t in blocks]
        idfs = [t.idf_ if kind == "TfidfVectorizer" else None for kind, _, t in blocks]
        return Component(name, [str(c) for c in clf.classes_], sizes, clf.coef_, clf.intercept_, idfs)
    except (AttributeError, TypeError, ValueError, IndexError) as e:
        raise ModelError(f"{name}: not a fitted pipeline of feature blocks and a linear classifier ({e})") from None


def _vocabulary_size(t) -> int:
    """The number of features of a fitted vectorizer, whose vocabulary must index them 0..n-1."""
    kind = type(t).__name__
    if kind not in ("TfidfVectorizer", "DictVectorizer"):
        raise ValueError(f"unexpected feature block {kind}")
    vocabulary = t.vocabulary_
    if sorted(vocabulary.values()) != list(range(len(vocabulary))):
        raise ValueError(f"the {kind} vocabulary does not number its features 0..{len(vocabulary) - 1}")
    if kind == "DictVectorizer" and len(t.feature_names_) != len(vocabulary):
        raise ValueError(f"{len(t.feature_names_)} feature names for {len(vocabulary)} features")
    return len(vocabulary)


def check_component(c: Component) -> None:
    """Refuse class labels outside the scheme, coefficients that do not fit the vocabulary, and
    NaN or infinite weights; raises ``ModelError`` (without the file, which the caller adds)."""
    import numpy as np

    check_labels(c.name, c.classes)
    if len(set(c.classes)) != len(c.classes) or len(c.classes) < 2:
        raise ModelError(f"{c.name}: classes {c.classes} are not two or more distinct labels")
    rows = 1 if len(c.classes) == 2 else len(c.classes)
    coef, intercept = np.asarray(c.coef), np.asarray(c.intercept)
    if coef.shape != (rows, sum(c.sizes)) or intercept.shape != (rows,):
        raise ModelError(
            f"{c.name}: coefficients of shape {coef.shape} and intercepts of shape {intercept.shape} do not fit "
            f"{len(c.classes)} classes and {sum(c.sizes)} features ({' + '.join(map(str, c.sizes))})"
        )
    for i, (idf, size) in enumerate(zip(c.idfs, c.sizes)):
        if idf is not None and np.shape(idf) != (size,):
            raise ModelError(f"{c.name}: block {i}: {np.size(idf)} idf weights for {size} features")
    arrays = [("coefficients", coef), ("intercepts", intercept)] + [(f"idf weights of block {i}", np.asarray(x)) for i, x in enumerate(c.idfs) if x is not None]
    for what, x in arrays:
        if x.dtype.kind not in "fiu" or not np.isfinite(x).all():
            raise ModelError(f"{c.name}: NaN, infinite or non-numeric {what}")


def components(models: dict) -> list[Component]:
    """The parameters of every learned linear component in ``models``."""
    return [component(name, models[name]) for name in LINEAR if models.get(name) is not None]


def crf_weights(models: dict):
    """The attribution CRF of ``models`` as ``CRFWeights`` (``None`` for none), checked: from
    ``fast.npz`` it is one already, from ``model.skops`` a dict of plain arrays; raises ``ModelError``."""
    from argmine.attribution.sequence import CRFWeights, check_settings

    crf = models.get("crf")
    if crf is None:
        return None
    if not isinstance(crf, CRFWeights):
        if not (isinstance(crf, dict) and set(crf) == {"labels", "attributes", "state", "transition"}):
            raise ModelError("crf: not the arrays of a CRF (labels, attributes, state, transition)")
        crf = CRFWeights.from_arrays(crf)
    check_settings(models.get("crf_settings"))
    return crf


def check_models(models, path: str | Path) -> None:
    """Refuse a models dict that the pipeline could not use safely; the error names ``path``."""
    import math

    if not isinstance(models, dict):
        raise ModelError(f"{path}: not an argmine model (a {type(models).__name__}, not a dict of components)")
    try:
        for c in components(models):
            check_component(c)
        crf_weights(models)
    except ModelError as e:
        raise ModelError(f"{path}: {e}") from None
    use = models.get("use", [])
    if not (isinstance(use, list) and all(isinstance(u, str) for u in use)):
        raise ModelError(f"{path}: use: {use!r} is not a list of component names")
    threshold = models.get("link_threshold", 0.5)
    values = threshold.values() if isinstance(threshold, dict) else [threshold]
    if not all(isinstance(v, (int, float)) and math.isfinite(v) and 0 <= v <= 1 for v in values):
        raise ModelError(f"{path}: link_threshold: {threshold!r} is not a probability (or one per role)")


def summary(models: dict) -> dict:
    """What the manifest records of ``models``: their ``use`` and each component's classes and vocabulary sizes."""
    comps = {c.name: {"classes": c.classes, "vocabulary": c.sizes} for c in components(models)}
    crf = crf_weights(models)
    if crf is not None:  # its labels, and its number of attributes
        comps["crf"] = {"classes": list(crf.labels), "vocabulary": [len(crf.attributes)]}
    return {"use": list(models.get("use", [])), "components": comps}


# -- the manifest -----------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def labels() -> dict[str, list[str]]:
    """The scheme's label sets that a model is trained for."""
    return {"roles": list(ROLES), "source_types": list(SOURCE_TYPES), "strengths": list(STRENGTHS)}


@dataclass(frozen=True)
class Manifest:
    """``manifest.json`` of a model directory: its files, scheme, labels and components."""

    path: Path
    files: dict[str, tuple[str, int]]  # name -> (sha256, size in bytes)
    summary: dict  # see ``summary``
    vectors: dict | None = None  # sha256 and size of the word vectors the role model was fitted on

    @classmethod
    def beside(cls, path: Path) -> Manifest | None:
        """The manifest of the directory holding the model file ``path``, if there is one; it must list the file."""
        if not (path.parent / MANIFEST).is_file():
            return None
        manifest = cls.read(path.parent / MANIFEST)
        if path.name not in manifest.files:
            raise ModelError(f"{path}: not listed in {manifest.path} (files: {', '.join(manifest.files)})")
        return manifest

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """Read and check ``manifest.json``; a problem names its field."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ModelError(f"{path}: not a readable manifest ({e})") from None
        try:
            files = _fields(data, path)
        except (KeyError, TypeError) as e:
            raise ModelError(f"{path}: {e.args[0]}") from None
        vectors = data.get("vectors")
        if vectors is not None and not (isinstance(vectors, dict) and set(vectors) == {"sha256", "size"}):
            raise ModelError(f"{path}: vectors: expected an object with sha256 and size")
        return cls(path, files, {"use": data["use"], "components": data["components"]}, vectors)

    def check_vectors(self) -> None:
        """Refuse a model whose role features would read other word vectors than those it was fitted on."""
        from argmine.roles.vectors import VECTORS

        if self.vectors is not None and _vectors_entry() != self.vectors:
            raise ModelError(
                f"{VECTORS}: not the word vectors the model of {self.path.parent} was fitted on ({self.path.name} "
                f"lists another SHA-256 or size): damaged or rebuilt since; retrain the model ('make models')"
            )

    def check_file(self, path: Path) -> None:
        """Refuse a missing, truncated or damaged file: its size and SHA-256 must be the manifest's."""
        sha256, size = self.files[path.name]
        if not path.is_file():
            raise ModelError(f"{path}: missing ({self.path.name} lists it)")
        actual = path.stat().st_size
        if actual < size:
            raise ModelError(f"{path}: truncated: {actual} bytes, {self.path.name} says {size}")
        if actual != size or _sha256(path) != sha256:
            raise ModelError(f"{path}: damaged or changed since 'argmine train' wrote {self.path.name}: its SHA-256 is not the one listed")

    def check_models(self, models: dict, path: Path) -> None:
        """Refuse models that are not the ones the manifest describes (a stale ``fast.npz`` or ``model.skops``)."""
        found = summary(models)
        for name, want in self.summary["components"].items():
            got = found["components"].get(name)
            if got != want:
                what = "lacks it" if got is None else f"has classes {got['classes']} and {got['vocabulary']} features"
                raise ModelError(
                    f"{path}: stale: does not match the other files of its model: component {name}: "
                    f"{self.path.name} lists classes {want['classes']} and {want['vocabulary']} features, this file {what}"
                )
        extra = set(found["components"]) - set(self.summary["components"])
        if extra or found["use"] != self.summary["use"]:
            raise ModelError(f"{path}: stale: its components ({', '.join(sorted(found['components']))}; used: {', '.join(found['use'])}) are not the ones {self.path.name} lists")


def _fields(data, path: Path) -> dict[str, tuple[str, int]]:
    """The files of a manifest's JSON ``data``, each field checked; raises ``KeyError`` or ``TypeError`` naming the field."""
    if not isinstance(data, dict):
        raise TypeError("expected a JSON object")
    for key in ("manifest", "scheme_version", "labels", "files", "use", "components"):
        if key not in data:
            raise KeyError(f"{key}: missing")
    if data["manifest"] != MANIFEST_FORMAT:
        raise TypeError(f"manifest: format {data['manifest']!r}, this argmine reads {MANIFEST_FORMAT}")
    if data["scheme_version"] != SCHEME_VERSION or data["labels"] != labels():
        raise TypeError(
            f"scheme_version, labels: the model is trained for scheme v{data['scheme_version']} and its labels, "
            f"this argmine reads v{SCHEME_VERSION}: retrain it with 'argmine train'"
        )
    files = {}
    if not isinstance(data["files"], dict) or not data["files"]:
        raise TypeError("files: expected an object naming the model's files")
    for name, entry in data["files"].items():
        if name not in (MODEL_FILE, FAST_FILE):
            raise TypeError(f"files.{name}: not a model file ({MODEL_FILE} or {FAST_FILE})")
        sha256, size = (entry.get("sha256"), entry.get("size")) if isinstance(entry, dict) else (None, None)
        if not (isinstance(sha256, str) and re.fullmatch(r"[0-9a-f]{64}", sha256)):
            raise TypeError(f"files.{name}.sha256: expected 64 lower-case hex digits")
        if not (isinstance(size, int) and not isinstance(size, bool) and size > 0):
            raise TypeError(f"files.{name}.size: expected a positive number of bytes")
        files[name] = (sha256, size)
    comps = data["components"]
    if not isinstance(comps, dict) or not set(comps) <= set(CLASSES):
        raise TypeError(f"components: expected an object with some of {', '.join(CLASSES)}")
    for name, entry in comps.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("classes"), list) and isinstance(entry.get("vocabulary"), list)):
            raise TypeError(f"components.{name}: expected classes and vocabulary lists")
    if not isinstance(data["use"], list):
        raise TypeError("use: expected a list")
    return files


def _vectors_entry() -> dict:
    """``{"sha256", "size"}`` of the shipped word vectors, as they are now."""
    from argmine.roles.vectors import VECTORS

    if not VECTORS.is_file():
        raise ModelError(f"{VECTORS}: missing: the role features need the word vectors ('make vectors' builds them)")
    return {"sha256": _sha256(VECTORS), "size": VECTORS.stat().st_size}


def write_manifest(directory: str | Path, models: dict) -> Path:
    """Write ``manifest.json`` for the files ``argmine train`` saved in ``directory`` from ``models``.

    The models are checked first, and ``fast.npz`` read back must describe the same components:
    a manifest is never written for files that disagree.
    """
    from argmine.learn import fastlinear

    directory = Path(directory)
    check_models(models, directory / MODEL_FILE)
    described = summary(models)
    files = {}
    for name in (MODEL_FILE, FAST_FILE):
        if (directory / name).is_file():
            files[name] = {"sha256": _sha256(directory / name), "size": (directory / name).stat().st_size}
    if FAST_FILE in files and summary(fastlinear.parse(directory / FAST_FILE)) != described:
        raise ModelError(f"{directory / FAST_FILE}: does not describe the same components as the models saved beside it")
    data = {"manifest": MANIFEST_FORMAT, "scheme_version": SCHEME_VERSION, "labels": labels(), "files": files, **described}
    if "roles" in described["components"]:  # fitted on the word vectors of the role features
        data["vectors"] = _vectors_entry()
    atomic_write(directory / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return directory / MANIFEST
