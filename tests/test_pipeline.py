"""The pipeline leaves the cyclic garbage collector alone, and its stages make no reference cycles."""

import gc

import pytest

from argmine.pipeline import Pipeline


@pytest.mark.parametrize("was_on", [True, False])
def test_the_collector_is_left_as_it_was(was_on):
    """No stage switches the collector: that would be process-wide, and other threads may rely on it."""
    seen = []

    class Probe:
        name = "probe"

        def __call__(self, doc):
            seen.append(gc.isenabled())

    (gc.enable if was_on else gc.disable)()
    try:
        doc = Pipeline([*Pipeline.default().stages, Probe()])("قال الوزير إن الحملة ربما انتهت.")
        assert doc.units and seen == [was_on] and gc.isenabled() == was_on
    finally:
        gc.enable()


@pytest.mark.parametrize("model", [None, "default"])
def test_the_stages_make_no_reference_cycles(model):
    """The stages leave no cycles behind: what they make is freed as soon as it is dropped, not when
    the collector next runs (a long text's tokens, in one case)."""
    import argmine
    from argmine.corpus.jsonl import read_jsonl
    from conftest import ROOT

    text = "\n\n".join(d.text for d in read_jsonl(ROOT / "corpora" / "argmine.jsonl")[:10])
    pipe = argmine.load(model)
    pipe(text)  # first use: lazy imports and caches may make cycles of their own
    gc.collect()
    gc.disable()
    try:
        doc = pipe(text)
        assert doc.attributions and doc.links
        assert gc.collect() == 0
    finally:
        gc.enable()
