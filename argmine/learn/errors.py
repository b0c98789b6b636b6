"""The error a model file that cannot be loaded safely raises, and the labels each component may predict."""

from __future__ import annotations

from argmine.document import ROLES, SOURCE_TYPES

# the learned components, and the class labels each may predict (the CRF: its BIO tags)
CLASSES = {"roles": ROLES, "cues": ("0", "1"), "types": SOURCE_TYPES, "links": ("0", "1"),
           "crf": ("O", "B-S", "I-S", "B-C", "I-C", "B-T", "I-T")}  # fmt: skip
LINEAR = ("roles", "cues", "types", "links")  # the linear components; "crf" is the attribution CRF's labels
RULES_ALONE = "load(None), or 'argmine annotate --rules', gives the rules alone"


class ModelError(ValueError):
    """A model file that cannot be loaded safely."""


def check_labels(name: str, classes) -> None:
    """Refuse a component that predicts a label outside the scheme, as a source type ``pwned``.

    >>> check_labels("types", ["government", "جهة"])
    Traceback (most recent call last):
    argmine.learn.errors.ModelError: types: class label 'جهة' is not in the scheme (government, security, armed_group, local_leadership, media_local, media, ngo_monitor, expert, other)
    """
    allowed = CLASSES.get(name)
    if allowed is None:
        raise ModelError(f"{name}: not a learned component ({', '.join(CLASSES)})")
    bad = [str(label) for label in classes if str(label) not in allowed]
    if bad:
        raise ModelError(f"{name}: class label {bad[0]!r} is not in the scheme ({', '.join(allowed)})")
