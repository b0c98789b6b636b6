"""Comparing two annotations of the same texts: the figures of evaluation and of agreement.

Units are matched by their exact offsets; the other layers are compared on matched
units, or by span.

>>> from argmine.corpus.markup import compile_markup
>>> gold = compile_markup("@id: d\\nclaim | {hedge strong|ربما} انتهت.\\nevidence | قال الوزير ذلك.")
>>> cohen_kappa(["claim", "evidence"], ["claim", "claim"])
0.0
>>> role_scores([gold], [gold])["macro_f1"]
1.0
"""

from __future__ import annotations

from collections import Counter

from argmine.document import ROLES, Document


def cohen_kappa(a: list, b: list) -> float:
    """Cohen's kappa of two labelings of the same items."""
    from sklearn.metrics import cohen_kappa_score

    if not a:
        return float("nan")
    if len(set(a) | set(b)) == 1:
        return 1.0
    return float(cohen_kappa_score(a, b))


def prf(y_true: list, y_pred: list) -> dict:
    """Precision, recall and F1 of the positive class, and its support, from aligned 0/1 (or bool) labels.

    >>> prf([1, 1, 1, 0], [1, 0, 1, 1])
    {'precision': 0.6667, 'recall': 0.6667, 'f1': 0.6667, 'support': 3}
    """
    from sklearn.metrics import precision_recall_fscore_support

    if not y_true:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    y_true, y_pred = [int(t) for t in y_true], [int(q) for q in y_pred]
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", pos_label=1, zero_division=0.0)
    return {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4), "support": sum(y_true)}


def aligned(gold: set, pred: set) -> tuple[list[int], list[int]]:
    """Labels over the union of two sets of keys (spans, links): 1 where a key is in ``gold``, or in ``pred``.

    >>> aligned({(0, 4), (5, 9)}, {(0, 4), (5, 8)})
    ([1, 0, 1], [1, 1, 0])
    """
    keys = sorted(gold | pred)
    return [int(k in gold) for k in keys], [int(k in pred) for k in keys]


def _counted(matched: int, gold: int, pred: int) -> tuple[list[int], list[int]]:
    """Aligned labels of ``matched`` pairs, and of the ``gold`` and ``pred`` items left unmatched."""
    return [1] * matched + [1] * (gold - matched) + [0] * (pred - matched), [1] * matched + [0] * (gold - matched) + [1] * (pred - matched)


def matched_units(gold: Document, pred: Document) -> list[tuple]:
    """Pairs of units with the same offsets."""
    by_span = {(u.start, u.end): u for u in pred.units}
    return [(g, by_span[(g.start, g.end)]) for g in gold.units if (g.start, g.end) in by_span]


def segmentation_scores(golds: list[Document], preds: list[Document]) -> dict:
    """Unit boundary F1 (a unit counts when both its ends match)."""
    y_true, y_pred = [], []
    for g, p in zip(golds, preds):
        t, q = aligned({(u.start, u.end) for u in g.units}, {(u.start, u.end) for u in p.units})
        y_true += t
        y_pred += q
    return prf(y_true, y_pred)


# Lenient role accuracy counts a claim read as a motive, or a motive read as a claim, as right: both are
# the heads that evidence supports (scheme §5) and both get a confidence (§6); what separates them (is the
# proposition an actor's aim or a judgement?) is the distinction annotators and models blur most.
LENIENT = {"motive": "claim"}


def role_scores(golds: list[Document], preds: list[Document]) -> dict:
    """Per-role P/R/F1, macro-F1, accuracy, lenient accuracy (``LENIENT``: claim and motive as one
    head), kappa and the confusion matrix, on matched units."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    y_true, y_pred = [], []
    for g, p in zip(golds, preds):
        for gu, pu in matched_units(g, p):
            y_true.append(gu.role)
            y_pred.append(pu.role)
    labels = list(ROLES)
    n = len(y_true)
    if n:
        ps, rs, fs, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None, zero_division=0.0)
        matrix = confusion_matrix(y_true, y_pred, labels=labels).tolist()
    else:
        ps = rs = fs = support = [0.0] * len(labels)
        matrix = [[0] * len(labels) for _ in labels]
    per = {
        role: {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4), "support": int(s)}
        for role, p, r, f, s in zip(labels, ps, rs, fs, support)
    }
    # macro-F1: over the labels that occur, the mean of their F1 as reported (to 4 places), as the published
    # figures are; f1_score(average="macro") averages before rounding and may differ in the 4th place
    present = [r for r in labels if r in set(y_true) | set(y_pred)]
    macro = sum(round(float(f), 4) for f in f1_score(y_true, y_pred, labels=present, average=None, zero_division=0.0)) / len(present) if present else 0.0
    return {
        "units": n,
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4) if n else 0.0,
        "lenient_accuracy": round(sum(LENIENT.get(t, t) == LENIENT.get(q, q) for t, q in zip(y_true, y_pred)) / n, 4) if n else 0.0,
        "macro_f1": round(macro, 4),
        "kappa": round(cohen_kappa(y_true, y_pred), 4),
        "per_role": per,
        "confusion": {t: dict(zip(labels, row)) for t, row in zip(labels, matrix)},
    }


def hedge_scores(golds: list[Document], preds: list[Document]) -> dict:
    """Unit-level ``hedged`` F1 and kappa, and cue span F1 (exact), on matched units."""
    y_true, y_pred = [], []
    cues_true, cues_pred = [], []
    for g, p in zip(golds, preds):
        for gu, pu in matched_units(g, p):
            y_true.append(gu.hedged)
            y_pred.append(pu.hedged)
            gc = {(c.span.start, c.span.end, c.strength) for c in g.cues_of(gu.id)}
            pc = {(c.span.start, c.span.end, c.strength) for c in p.cues_of(pu.id)}
            t, q = aligned(gc, pc)
            cues_true += t
            cues_pred += q
    return {"hedged": prf(y_true, y_pred), "kappa": round(cohen_kappa(y_true, y_pred), 4), "cues_exact": prf(cues_true, cues_pred)}


def _overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def attribution_scores(golds: list[Document], preds: list[Document]) -> dict:
    """Source span F1 (exact and overlap), type and anonymity accuracy on matched sources, and
    continuation F1.

    Sources are those of attributions that name their own (a continuation's source is the earlier
    one's); a continuation matches one with an overlapping cue and an overlapping source.
    """
    ex_tp = ov_tp = n_gold = n_pred = 0
    type_ok = anon_ok = matched = 0
    c_tp = c_gold = c_pred = 0
    for g, p in zip(golds, preds):
        g_own = [a for a in g.attributions if not a.continues]
        p_own = [a for a in p.attributions if not a.continues]
        n_gold += len(g_own)
        n_pred += len(p_own)
        exact = Counter((a.source.start, a.source.end) for a in p_own)
        used = set()
        for ga in g_own:
            key = (ga.source.start, ga.source.end)
            if exact[key] > 0:
                exact[key] -= 1
                ex_tp += 1
            pa = next((x for x in p_own if id(x) not in used and (x.source.start, x.source.end) == key), None)
            if pa is None:
                pa = next((x for x in p_own if id(x) not in used and _overlap(x.source, ga.source)), None)
            if pa is not None:
                used.add(id(pa))
                ov_tp += 1
                matched += 1
                type_ok += pa.source_type == ga.source_type
                anon_ok += pa.anonymous == ga.anonymous
        g_cont = [a for a in g.attributions if a.continues]
        p_cont = [a for a in p.attributions if a.continues]
        c_gold, c_pred = c_gold + len(g_cont), c_pred + len(p_cont)
        used = set()
        for ga in g_cont:
            pa = next((x for x in p_cont if id(x) not in used and _overlap(x.cue, ga.cue) and _overlap(x.source, ga.source)), None)
            if pa is not None:
                used.add(id(pa))
                c_tp += 1
    return {
        "source_exact": prf(*_counted(ex_tp, n_gold, n_pred)),
        "source_overlap": prf(*_counted(ov_tp, n_gold, n_pred)),
        "type_accuracy": round(type_ok / matched, 4) if matched else 0.0,
        "anonymous_accuracy": round(anon_ok / matched, 4) if matched else 0.0,
        "matched": matched,
        "continuations": prf(*_counted(c_tp, c_gold, c_pred)),
    }


def link_scores(golds: list[Document], preds: list[Document]) -> dict:
    """P/R/F1 of (from, to, relation) links, units identified by their offsets."""
    y_true, y_pred = [], []
    for g, p in zip(golds, preds):
        t, q = aligned(_link_keys(g), _link_keys(p))
        y_true += t
        y_pred += q
    return prf(y_true, y_pred)


def _link_keys(doc: Document) -> set[tuple]:
    spans = {u.id: (u.start, u.end) for u in doc.units}
    return {(spans[lk.from_], spans[lk.to], lk.relation) for lk in doc.links}


def compare(golds: list[Document], preds: list[Document]) -> dict:
    """All the figures at once."""
    return {
        "documents": len(golds),
        "segmentation": segmentation_scores(golds, preds),
        "roles": role_scores(golds, preds),
        "hedges": hedge_scores(golds, preds),
        "attribution": attribution_scores(golds, preds),
        "links": link_scores(golds, preds),
        "label_counts": dict(Counter(u.role for d in golds for u in d.units)),
    }


def changes(before: Document, after: Document) -> Counter:
    """What a revision changed, counted by kind: the figures of an adjudication or re-annotation.

    >>> from argmine.corpus.markup import compile_markup
    >>> a = compile_markup("@id: d\\nevidence | {cue a|قال} {src a government m|الوزير} إن الهجوم خطير.")
    >>> b = compile_markup("@id: d\\nclaim | {cue a|قال} {src a government m|الوزير} إن الهجوم خطير.")
    >>> dict(changes(a, b))
    {'role evidence -> claim': 1}
    """
    out: Counter = Counter()
    pairs = matched_units(before, after)
    out["units split or joined"] = len(after.units) - len(pairs)
    for b, a in pairs:
        if b.role != a.role:
            out[f"role {b.role} -> {a.role}"] += 1
        if b.hedged != a.hedged:
            out["hedged added" if a.hedged else "hedged removed"] += 1
    bc = {(c.span.start, c.span.end): c.strength for c in before.cues}
    ac = {(c.span.start, c.span.end): c.strength for c in after.cues}
    out["cue added"] += len(ac.keys() - bc.keys())
    out["cue removed"] += len(bc.keys() - ac.keys())
    out["cue strength changed"] += sum(bc[k] != ac[k] for k in bc.keys() & ac.keys())
    used: set = set()
    for x in after.attributions:
        y = next((y for y in before.attributions if id(y) not in used and _overlap(y.cue, x.cue)), None)
        if y is None:
            out["continuation added" if x.continues else "attribution added"] += 1
            continue
        used.add(id(y))
        if (y.source.start, y.source.end) != (x.source.start, x.source.end):
            out["source span changed"] += 1
        if y.source_type != x.source_type:
            out["source type changed"] += 1
        if y.anonymous != x.anonymous:
            out["anonymity changed"] += 1
        if bool(y.continues) != bool(x.continues):
            out["continuation added" if x.continues else "continuation removed"] += 1
    for y in before.attributions:
        if id(y) not in used:
            out["continuation removed" if y.continues else "attribution removed"] += 1
    bl, al = _link_targets(before), _link_targets(after)
    for key in al.keys() | bl.keys():
        gone, new = bl.get(key, set()) - al.get(key, set()), al.get(key, set()) - bl.get(key, set())
        moved = min(len(gone), len(new))
        out["link retargeted"] += moved
        out["link removed"] += len(gone) - moved
        out["link added"] += len(new) - moved
    return +out


def _link_targets(doc: Document) -> dict:
    """``(from span, relation) -> {to spans}``: a unit's links, its units named by their offsets."""
    spans = {u.id: (u.start, u.end) for u in doc.units}
    out: dict = {}
    for lk in doc.links:
        out.setdefault((spans[lk.from_], lk.relation), set()).add(spans[lk.to])
    return out


# the systems compared, and the headline figure of each learned component
SYSTEMS = ("baseline", "rules", "learned")


HEADLINE = {
    "roles": ("roles", "macro_f1"),
    "cues": ("hedges", "hedged", "f1"),
    "attribution": ("attribution", "source_exact", "f1"),
    "links": ("links", "f1"),
}


def headline(report: dict, component: str) -> float:
    return figure(report, component, HEADLINE)


# the figures of the report's tables and of the learning curve, each a path into a ``compare`` report
FIGURES = {
    "role macro-F1": ("roles", "macro_f1"),
    "role accuracy": ("roles", "accuracy"),
    "role lenient accuracy": ("roles", "lenient_accuracy"),
    "hedge F1": ("hedges", "hedged", "f1"),
    "cue F1": ("hedges", "cues_exact", "f1"),
    "source F1 exact": ("attribution", "source_exact", "f1"),
    "source P overlap": ("attribution", "source_overlap", "precision"),
    "source R overlap": ("attribution", "source_overlap", "recall"),
    "source type accuracy": ("attribution", "type_accuracy"),
    "continuation F1": ("attribution", "continuations", "f1"),
    "link P": ("links", "precision"),
    "link R": ("links", "recall"),
    "link F1": ("links", "f1"),
}


def figure(report: dict, name: str, paths: dict = FIGURES) -> float:
    """One figure of a ``compare`` report, by its name in ``paths``.

    >>> figure({"links": {"f1": 0.5}}, "link F1")
    0.5
    """
    value = report
    for key in paths[name]:
        value = value[key]
    return value


def figures(report: dict) -> dict[str, float]:
    """Every figure of ``FIGURES`` from a ``compare`` report."""
    return {name: figure(report, name) for name in FIGURES}
