import os
from pathlib import Path

import pytest
from hypothesis import settings

# The suite's property tests draw the same examples on every run, so CI is not a lottery;
# `make fuzz` draws fresh, many more, to look for new failures.
settings.register_profile("suite", max_examples=150, derandomize=True, deadline=None)
settings.register_profile("fuzz", max_examples=3000, derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "samples" / "jasim-2022-10.txt"
SEED_MARKUP = ROOT / "corpora" / "src" / "000_jasim-2022-10.argm"
CORPUS_SRC = ROOT / "corpora" / "src"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session", params=["default", None], ids=["learned", "rules"])
def seed_doc(request, seed_text):
    """The seed annotated by the default (learned) pipeline and by the rules alone."""
    import argmine

    return argmine.annotate(seed_text, "jasim-2022-10", model=request.param)


@pytest.fixture(scope="session")
def seed_gold():
    from argmine.corpus.markup import read_markup

    return read_markup(SEED_MARKUP)


def check_offsets(doc) -> None:
    """Every span's text equals the text at its offsets; units tile the text."""
    text = doc.text
    prev = 0
    for u in doc.units:
        assert text[u.start : u.end] == u.text
        assert u.start < u.end
        assert text[prev : u.start].strip() == "", (prev, u.start)
        prev = u.end
    assert text[prev:].strip() == ""
    for c in doc.cues:
        assert text[c.span.start : c.span.end] == c.text
    for a in doc.attributions:
        for span in (a.cue, a.source, a.content):
            if span is not None:
                assert text[span.start : span.end] == span.text

SHARED = ROOT.parent / "shared"
POOL = SHARED / "realtext" / "pool.jsonl"
GET_TEXTS = (
    "needs the real-text pool at ../shared/realtext/pool.jsonl; on a machine without it, "
    "run 'argmine corpus fetch' and pass the file it writes with --texts (docs/corpus.md)"
)


def needs_shared(path: Path, how: str) -> Path:
    """``path`` under ../shared. Where it is missing the test is skipped, saying ``how`` to get it; CI
    sets ARGMINE_REQUIRE_SHARED=1 (it always has ../shared), and there a missing file fails the test."""
    if not path.is_file():
        if os.environ.get("ARGMINE_REQUIRE_SHARED"):
            pytest.fail(f"ARGMINE_REQUIRE_SHARED is set and {path} is missing: {how}")
        pytest.skip(how)
    return path


@pytest.fixture(scope="session")
def pool_path() -> Path:
    """The real-text pool; the tests that need it say how to get it where it is missing."""
    return needs_shared(POOL, GET_TEXTS)
