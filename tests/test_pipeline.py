"""The pipeline switches the cyclic garbage collector off while it runs, and back as it was."""

import gc

import pytest

from argmine.pipeline import Pipeline


class Boom:
    name = "boom"

    def __call__(self, doc):
        assert not gc.isenabled()
        raise RuntimeError("stage failed")


@pytest.mark.parametrize("was_on", [True, False])
def test_collector_is_restored_after_annotating(was_on):
    pipe = Pipeline.default()
    (gc.enable if was_on else gc.disable)()
    try:
        doc = pipe("قال الوزير إن الحملة ربما انتهت.")
        assert doc.units and gc.isenabled() == was_on
        with pytest.raises(RuntimeError, match="stage failed"):
            Pipeline([*pipe.stages, Boom()])("نص.")
        assert gc.isenabled() == was_on
    finally:
        gc.enable()


@pytest.mark.parametrize("model", [None, "default"])
def test_the_stages_make_no_reference_cycles(model):
    """Switching the collector off is safe only if the stages leave no cycles behind: they would
    stay in memory until the collector runs again (a long text's tokens, in one case)."""
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
