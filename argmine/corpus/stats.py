"""Corpus statistics as a table: documents, units and labels, by split."""

from __future__ import annotations

from collections import Counter

from argmine.document import Document

LABELS = ("claim", "evidence", "motive", "hedge", "other")


def stats_table(docs: list[Document], test: set[str] | None = None) -> str:
    """A markdown table of label counts per document, with totals (for the datasheet)."""
    test = test or set()
    head = "| id | origin | genre | topic | split | units | claim | evidence | motive | other | hedged | attributions | links |"
    rows = [head, "|" + " --- |" * 13]
    total = Counter()
    for d in docs:
        c = Counter(u.role for u in d.units)
        c.update(units=len(d.units), hedged=sum(u.hedged for u in d.units), attributions=len(d.attributions), links=len(d.links))
        total.update(c)
        rows.append(
            f"| {d.id} | {d.meta.get('origin', '')} | {d.meta.get('genre', '')} | {d.meta.get('topic', '')} | "
            f"{'test' if d.id in test else 'train'} | {c['units']} | {c['claim']} | {c['evidence']} | {c['motive']} | "
            f"{c['other']} | {c['hedged']} | {c['attributions']} | {c['links']} |"
        )
    rows.append(
        f"| **total ({len(docs)})** | | | | | {total['units']} | {total['claim']} | {total['evidence']} | {total['motive']} | "
        f"{total['other']} | {total['hedged']} | {total['attributions']} | {total['links']} |"
    )
    return "\n".join(rows)
