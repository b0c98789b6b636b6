"""Features of the learned attribution parts: source phrases for the type classifier (the CRF's token
attributes are in ``argmine.attribution.sequence``)."""

from __future__ import annotations

from argmine.attribution.rules import SourceFinder, Toks, _bare, word_info


def type_rows(finder: SourceFinder, toks: Toks, described: tuple[str, bool] | None = None) -> list[tuple[str, dict]]:
    """Features of a source phrase for the type model; ``described``: ``finder.describe(toks)`` if known."""
    stype, anonymous = described or finder.describe(toks)
    words = [_bare(w) for w, is_word in zip(toks.texts, toks.words) if is_word]
    f = {"rule=" + stype: 1.0, "anonymous": float(anonymous), "head=" + (words[0] if words else ""): 1.0}
    for w in toks.texts:
        info = word_info(w)
        if info:
            f[f"word_type={info[0]}:{info[1]}"] = 1.0
    return [(" ".join(words), f)]
