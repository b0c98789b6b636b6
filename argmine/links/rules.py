"""Evidence -> claim links (ANNOTATION.md §5) by document structure.

Each evidence unit, and each claim that is not a head itself, supports the head
of its section: the point title it falls under, or else the nearest claim or
motive before it in the same paragraph, or else the thesis (the document's first
claim).

>>> from argmine import annotate
>>> doc = annotate("1- تحركات منظمة: استهدفت الفصائل المحلية عدة مقرات.")
>>> [(lk.from_, lk.to) for lk in doc.links]
[('u2', 'u1')]
"""

from __future__ import annotations

from argmine.document import Document, Link
from argmine.roles.rules import is_heading, is_point_title

HEADS = ("claim", "motive")


class StructureLinker:
    """Pipeline stage: links by sections, point titles and paragraphs."""

    name = "links"

    def __call__(self, doc: Document) -> None:
        thesis = next((u for u in doc.units if u.role == "claim" and not is_point_title(u.text)), None)
        title = None  # the current point title
        para_head = None  # the nearest claim or motive in the current paragraph
        prev_end = 0
        for unit in doc.units:
            if "\n" in doc.text[prev_end : unit.start]:
                para_head = None
            prev_end = unit.end
            if unit.role == "other":
                if is_heading(doc, unit):
                    title = None
                continue
            if is_point_title(unit.text):
                title = unit if unit.role in HEADS else None
                para_head = None
                continue
            if unit.role in ("evidence", "claim") and unit is not thesis:
                target = title or para_head or thesis
                if target is not None and target is not unit:
                    doc.links.append(Link(unit.id, target.id, "support"))
            if unit.role in HEADS and title is None:
                para_head = unit
