"""Every reader (JSONL, markup, brat, AIF, CoNLL-U, datasets) ends in the same record validation: one
fault written into each format comes back as a ``RecordError`` naming where it was read from."""

from __future__ import annotations

import json

import pytest

import argmine
from argmine.corpus.record import RecordError
from argmine.document import Link

TEXT = "قال الوزير إن الوضع مستقر. وربما تنتهي الحملة قريباً."


@pytest.fixture
def bad_doc():
    doc = argmine.annotate(TEXT, "d1")
    # the readers are under test, not the model: the link every format must carry is set here
    doc.units[0].role, doc.units[1].role = "evidence", "claim"
    doc.links = [Link("u1", "u2")]
    assert doc.attributions[0].source_type == "government"
    return doc


def _spoil(path, old="government", new="pwned"):
    """Spoil the file: by default, make its source type one the scheme does not have."""
    return lambda: path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _jsonl(doc, tmp_path):
    from argmine.corpus.jsonl import read_jsonl

    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
    return lambda: read_jsonl(path), str(path), _spoil(path)


def _markup(doc, tmp_path):
    from argmine.corpus.markup import read_markup, to_markup

    path = tmp_path / "d1.argm"
    path.write_text(to_markup(doc), encoding="utf-8")
    return lambda: read_markup(path), str(path), _spoil(path, ">t2", ">t9")  # a link to no unit


def _brat(doc, tmp_path):
    from argmine.export.brat import read_brat, write_brat

    txt, ann = write_brat(doc, tmp_path)
    return lambda: read_brat(txt), str(ann), _spoil(ann)


def _aif(doc, tmp_path):
    from argmine.export.aif import read_aif, write_aif

    path = tmp_path / "d1.json"
    write_aif(doc, path)
    return lambda: read_aif(path), str(path), _spoil(path)


def _conllu(doc, tmp_path):
    from argmine.export.conllu import read_conllu, write_conllu

    path = tmp_path / "d1.conllu"
    write_conllu([doc], path)
    return lambda: read_conllu(path), str(path), _spoil(path)


def _dataset(doc, tmp_path):
    from argmine.corpus.datasets import from_dataset, to_dataset

    ds = [to_dataset([doc])]

    def spoil():  # a link to no unit
        ds[0] = ds[0].map(lambda row: {"links": [{**lk, "to": "u9"} for lk in row["links"]]})

    return lambda: from_dataset(ds[0]), "dataset document 'd1'", spoil


@pytest.mark.parametrize("fmt", [_jsonl, _markup, _brat, _aif, _conllu, _dataset], ids=lambda f: f.__name__[1:])
def test_every_reader_validates_the_record_and_names_where(fmt, bad_doc, tmp_path):
    read, where, spoil = fmt(bad_doc, tmp_path)
    spoil()
    with pytest.raises((RecordError, ValueError)) as caught:
        read()
    message = str(caught.value)
    assert where in message and ("pwned" in message or "9" in message), message


@pytest.mark.parametrize("fmt", [_jsonl, _markup, _brat, _aif, _conllu, _dataset], ids=lambda f: f.__name__[1:])
def test_every_reader_gives_back_a_sound_document(fmt, tmp_path):
    doc = argmine.annotate(TEXT, "d1")
    read, _, _ = fmt(doc, tmp_path)
    back = read()
    back = back[0] if isinstance(back, list) else back
    assert [(u.start, u.end, u.role) for u in back.units] == [(u.start, u.end, u.role) for u in doc.units]
    assert [(a.source.text, a.cue.text) for a in back.attributions] == [(a.source.text, a.cue.text) for a in doc.attributions]
