"""Word lists live in ``argmine/lexicons/*.tsv``, not in Python, each with a header that says what it is
for, each read by some module; the loader names the file and line of a malformed row."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from argmine.text.lexicon import HERE, LexiconError, read_rows, rows, words
from argmine.text.normalize import normalize

PACKAGE = Path(__file__).resolve().parent.parent / "argmine"
LEXICONS = sorted(HERE.glob("*.tsv"))
WORD = re.compile(r"[\u0621-\u064a\u064b-\u0652\u0640]*[\u0621-\u064a][\u064b-\u0652\u0640]*[\u0621-\u064a]")  # two letters or more
ALTERNATION = re.compile(WORD.pattern + r"\s*\|\s*" + WORD.pattern)  # "طلب|طلبت": words as regex alternatives
AFFIX_TESTS = {"startswith", "endswith", "removeprefix", "removesuffix"}  # word.startswith(("ال", "وال")): morphology


def _arabic_word(node: ast.expr) -> bool:
    """A string constant (or ``normalize("...")`` of one) that holds an Arabic word, not a lone letter or mark."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        node = node.args[0]
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(WORD.search(node.value))


def word_lists(source: str) -> list[tuple[int, str]]:
    """``(line, what)`` for each list of two or more Arabic words written in Python: a set, tuple, list or
    dict keys, a ``"...".split()`` string, or a regex alternation of whole words. Docstrings do not count,
    nor the affixes of ``str.startswith`` and the like, nor dicts keyed by code (labels of a page)."""
    tree = ast.parse(source)
    docstrings, affixes = set(), set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in AFFIX_TESTS:
            affixes.update(id(a) for a in node.args)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)) and id(node) not in affixes:
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split" and isinstance(node.func.value, ast.Constant):
            text = node.func.value.value
            items = [ast.Constant(w) for w in text.split()] if isinstance(text, str) else []
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if ALTERNATION.search(node.value):
                found.append((node.lineno, f"alternation {node.value[:40]!r}"))
            continue
        else:
            continue
        words_in = [item for item in items if _arabic_word(item)]
        if len(words_in) >= 2:
            kind = "split string" if isinstance(node, ast.Call) else type(node).__name__.lower()
            found.append((node.lineno, f"{kind} of {len(words_in)} Arabic words"))
    return found


def test_no_word_list_is_written_in_python():
    found = [f"{p.relative_to(PACKAGE.parent)}:{line}: {what}" for p in sorted(PACKAGE.rglob("*.py"))
             for line, what in word_lists(p.read_text(encoding="utf-8"))]  # fmt: skip
    assert not found, "word lists belong in argmine/lexicons/*.tsv:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "code",
    [
        'STOP = frozenset(normalize(w) for w in "إن أن أنه".split())',
        'SAID = frozenset(normalize(w) for w in ("إن", "أن"))',
        'ORDINALS = "أولا|ثانيا|ثالثا"',
        'FIXED = {("المعترف", "بها")}',
        'def f(word):\n    return word in ("وهو", "وهي")',
        "MAP = {'قال': 1, 'أكد': 2}",
    ],
)
def test_the_word_list_scan_finds_each_kind_of_list(code):
    assert word_lists(code)


def test_the_word_list_scan_leaves_affixes_letters_docstrings_and_patterns():
    code = '''def f(word):
    """Words such as ("قال", "أكد") in a docstring."""
    return word.startswith(("ال", "وال")) or word[:1] in ("و", "ف") or re.match(r"است\\w\\wا\\w|عدم", word)
LABELS = {"role.claim": "ادعاء", "role.evidence": "دليل"}
'''
    assert word_lists(code) == []


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
