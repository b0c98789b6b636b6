"""Word lists live in ``argmine/lexicons/*.tsv``, each with a header that says what it is for, each read
by some module; the loader names the file and line of a malformed row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmine.text.lexicon import HERE, LexiconError, read_rows, rows, words
from argmine.text.normalize import normalize

PACKAGE = Path(__file__).resolve().parent.parent / "argmine"
LEXICONS = sorted(HERE.glob("*.tsv"))


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_every_lexicon_starts_with_a_header_of_two_lines_or_more(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    assert len(header) >= 2, f"{path.name}: a lexicon starts with a '#' header of two lines or more"
    assert "argmine." in "\n".join(header), f"{path.name}: the header names the module that reads the file"


def test_every_lexicon_is_read_by_some_module():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    # words("stop_words"), Lexicon.load("hedges", 2), HERE / "reporting.tsv" ...
    calls = re.findall(r"""(?:words|ordered|rows|load)\(\s*["']([a-z_]+)["']|["']([a-z_]+)\.tsv["']""", sources)
    named = {a or b for a, b in calls}
    orphans = [p.name for p in LEXICONS if p.stem not in named]
    assert LEXICONS and not orphans


def test_words_are_normalised_and_rows_keep_order_and_spelling():
    assert normalize("أيضاً") in words("clause_openers_after") and "أيضاً" not in words("clause_openers_after")
    ordinals = [w for (w,) in rows("ordinals")]
    assert ordinals[0] == "أولا" and "أولاً" in ordinals  # as written: the pattern runs on the original text
    assert all(len(row) == 2 for row in rows("fixed_pairs", 2))


def test_a_malformed_row_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("# pairs\n# for a test\nالمعترف\tبها\nدولياً\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"pairs\.tsv:4: expected 2 tab-separated column"):
        read_rows(path, 2)
    path.write_text("# words\n# for a test\nقال\nأكد\tيؤكد\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"pairs\.tsv:4: expected 1 tab-separated column\(s\), got 2"):
        read_rows(path)


def test_a_missing_lexicon_is_an_error_that_names_it():
    with pytest.raises(FileNotFoundError, match="no_such_list"):
        words("no_such_list")
