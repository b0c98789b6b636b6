"""Saving and loading models with ``skops.io``: safe, deterministic, checked.

``skops`` names the arrays inside its zip after ``id()`` of the objects, so two
saves of the same model differ. ``save`` renames them in order of appearance and
writes the zip with fixed timestamps, so that the same model gives the same bytes
(``make models`` rebuilds the shipped model identically; DictVectorizer vocabularies are
put in index order first). ``load`` refuses any
type that skops does not trust, and names a truncated or corrupted file.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from argmine.ioutil import atomic_write

_ID_FILE = re.compile(r'"(\d+)\.npy"')
_ID_KEY = re.compile(r'"__id__": (\d+)')
# TfidfVectorizer keeps id(stop_words) to skip a consistency check; any value is safe
_STOP_WORDS_ID = re.compile(r'("_stop_words_id": \{[^{}]*?"content": )"\d+"')
_EPOCH = (1980, 1, 1, 0, 0, 0)


class ModelError(ValueError):
    """A model file that cannot be loaded safely."""


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
    """Load a skops file; refuse unknown types and name a damaged file."""
    import skops.io as sio

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ModelError(f"{path}: cannot read the model ({e.strerror})") from None
    try:
        untrusted = sio.get_untrusted_types(data=data)
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, EOFError, ValueError) as e:
        raise ModelError(f"{path}: not a valid skops model file, truncated or corrupted ({e})") from None
    if untrusted:
        raise ModelError(f"{path}: refusing to load a model with unexpected types: {', '.join(untrusted)}")
    try:
        return sio.loads(data, trusted=[])
    except Exception as e:  # skops raises many kinds on damaged members
        raise ModelError(f"{path}: the model file is damaged ({type(e).__name__}: {e})") from None
