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
