"""The exports mean what they say (issue 13, items 6 and 7): AIF as AIFdb writes it and as
arguebuf reads it, CoNLL-U that the UD validator passes, brat with its configuration, all in
linear time; content spans that stay within their clause; every valid record exports."""

import gc
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_export import V2

import argmine
from argmine.corpus.jsonl import read_jsonl
from argmine.corpus.record import document_from_record, validate_record
from argmine.document import Attribution, Cue, Document, Link, Unit
from argmine.export.aif import from_aif, to_aif, to_dot
from argmine.export.brat import from_brat, read_brat, to_brat, write_brat
from argmine.export.conllu import from_conllu, to_conllu
from conftest import ROOT, SEED_TEXT


@pytest.fixture(scope="module")
def docs():
    """The compiled corpus (with the seed), the v2 continuations, and the rules' reading of the seed."""
    corpus = read_jsonl(ROOT / "corpora" / "argmine.jsonl")
    return corpus + [V2, argmine.annotate(SEED_TEXT.read_text(encoding="utf-8"), "predicted", model=None)]


# -- AIF ---------------------------------------------------------------------------------------


class Aif:
    """An AIF graph with its nodes by id and its edges both ways."""

    def __init__(self, graph: dict):
        self.graph = graph
        self.nodes = {n["nodeID"]: n for n in graph["nodes"]}
        self.into: dict[str, list[str]] = {}
        self.out: dict[str, list[str]] = {}
        for e in graph["edges"]:
            self.out.setdefault(e["fromID"], []).append(e["toID"])
            self.into.setdefault(e["toID"], []).append(e["fromID"])

    def of_type(self, kind: str) -> list[dict]:
        return [n for n in self.graph["nodes"] if n["type"] == kind]

    def anchored(self, locution: str) -> list[str]:
        """The nodes that ``locution`` anchors through a YA node other than ``Reporting``."""
        return [t for ya in self.out.get(locution, []) if self.nodes[ya]["type"] == "YA" and self.nodes[ya]["text"] != "Reporting"
                for t in self.out[ya]]  # fmt: skip


def test_aif_has_a_locution_for_every_unit_and_transitions_in_order(docs):
    for d in docs:
        g = Aif(to_aif(d))
        speakers = {loc["nodeID"]: loc["personID"] for loc in g.graph["locutions"]}
        assert set(speakers) == {n["nodeID"] for n in g.of_type("L")}
        authors = []
        for u in d.units:
            said = [lid for ya in g.into[u.id] for lid in g.into.get(ya, []) if speakers.get(lid) == "author"]
            assert len(said) == 1, (d.id, u.id)
            ya = g.nodes[g.out[said[0]][0]]
            assert ya["type"] == "YA" and ya["text"] == ("Default Illocuting" if u.role == "other" else "Asserting")
            authors.append(said[0])
        transitions = g.of_type("TA")
        assert len(transitions) == max(0, len(d.units) - 1)
        for ta in transitions:  # each from one author's locution to the next
            (before,), after = g.into[ta["nodeID"]], [x for x in g.out[ta["nodeID"]] if g.nodes[x]["type"] == "L"]
            assert authors.index(after[0]) == authors.index(before) + 1


def test_aif_sources_assert_what_they_said_not_the_authors_sentence(docs):
    for d in docs:
        g = Aif(to_aif(d))
        for a in d.attributions:
            lid = f"L-{a.id}"
            assert next(loc["personID"] for loc in g.graph["locutions"] if loc["nodeID"] == lid) == a.canonical
            (proposition,) = g.anchored(lid)
            if a.content is not None:
                assert proposition != a.unit and g.nodes[proposition]["type"] == "I"
                assert g.nodes[proposition]["text"] == a.content.text
            else:
                assert proposition == a.unit
            reporters = [x for x in g.into[lid] if g.nodes[x]["text"] == "Reporting"]
            assert [g.into[r] for r in reporters] == [[f"L-{a.via}" if a.via else f"L-{a.unit}"]]


def test_aif_support_and_attack_are_anchored_in_transitions(docs):
    seen = set()
    for d in docs:
        g = Aif(to_aif(d))
        schemes = [n for n in g.graph["nodes"] if n["type"] in ("RA", "CA")]
        assert len(schemes) == len(d.links)
        for lk, s in zip(d.links, schemes):
            sid = s["nodeID"]
            assert s["type"] == ("RA" if lk.relation == "support" else "CA")
            premises = [x for x in g.into[sid] if g.nodes[x]["type"] == "I"]
            anchors = [x for x in g.into[sid] if g.nodes[x]["type"] == "YA"]
            assert premises == [lk.from_] and g.out[sid] == [lk.to]
            assert len(anchors) == 1 and g.nodes[anchors[0]]["text"] == ("Arguing" if lk.relation == "support" else "Disagreeing")
            (transition,) = g.into[anchors[0]]
            seen.add(g.nodes[transition]["type"])
            later = max(d.units.index(d.unit(lk.from_)), d.units.index(d.unit(lk.to)))
            assert f"L-{d.units[later].id}" in g.out[transition]  # the transition into the later locution
    assert seen == {"TA"}


def test_aif_loads_with_arguebuf(docs):
    import arguebuf
    from arguebuf.model.scheme import Attack, Support

    for d in [docs[0], V2, docs[-1]]:
        graph = json.loads(json.dumps(to_aif(d), ensure_ascii=False))
        loaded = arguebuf.load.dict(graph)
        assert set(loaded.atom_nodes) == {n["nodeID"] for n in graph["nodes"] if n["type"] == "I"}
        assert {u.id for u in d.units} <= set(loaded.atom_nodes)
        assert loaded.atom_nodes[d.units[0].id].plain_text == d.units[0].text
        schemes = list(loaded.scheme_nodes.values())
        assert len(schemes) == len(d.links)
        for lk, s in zip(d.links, schemes):
            assert isinstance(s.scheme, Support if lk.relation == "support" else Attack)
            assert {n.id for n in loaded.incoming_nodes(s)} == {lk.from_}
            assert {n.id for n in loaded.outgoing_nodes(s)} == {lk.to}


def test_aif_round_trip_keeps_continuations():
    graph = json.loads(json.dumps(to_aif(V2), ensure_ascii=False))
    back = from_aif(graph)
    assert back.to_dict() == V2.to_dict()
    assert len([a for a in back.attributions if a.continues]) == 2


# -- CoNLL-U -----------------------------------------------------------------------------------


def ud_validate(path: Path) -> subprocess.CompletedProcess:
    """The UD validator (``udtools``, which stanza installs) at level 1."""
    run = "import sys; from udtools.cli import main; sys.argv[0] = 'udvalidate'; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", run, "--lang", "ar", "--level", "1", str(path)], capture_output=True, text=True)


def test_conllu_passes_the_ud_validator_at_level_1(docs, tmp_path):
    out = tmp_path / "all.conllu"
    nasty = ["", "ربما.\n\nنعم", "وقال الوزير\tإن الوضع\rمستقر.\x85ربما\u2028انسحب", "\u064e قال \x00 الجيش\u200f إن _ | = ."]
    extra = [argmine.annotate(text, f"nasty id {k}|=", model=None) for k, text in enumerate(nasty)]
    out.write_text(to_conllu(docs + extra), encoding="utf-8")
    result = ud_validate(out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASSED" in result.stdout + result.stderr


def test_ud_validator_refuses_a_row_without_its_ten_columns(tmp_path):
    """The check above can fail: a row with a column missing is refused."""
    text = to_conllu([argmine.annotate("انهارت الهدنة.", "d", model=None)])
    out = tmp_path / "bad.conllu"
    out.write_text(text.replace("\t_\t_\t_\t_\t_\t_\t_\t", "\t_\t_\t_\t_\t_\t_\t", 1), encoding="utf-8")
    assert ud_validate(out).returncode != 0


def test_conllu_invents_no_tree_and_is_read_by_conllu_and_stanza(docs):
    import conllu
    from stanza.utils.conll import CoNLL

    text = to_conllu(docs[:5])
    rows = [line.split("\t") for line in text.split("\n") if line and not line.startswith("#")]
    assert rows and all(len(r) == 10 and r[2:9] == ["_"] * 7 for r in rows)  # no lemma, tag, head or relation
    sentences = conllu.parse(text)
    assert len(sentences) == sum(len(d.units) for d in docs[:5])
    assert all(token["head"] is None and token["deprel"] == "_" for s in sentences for token in s)
    forms = [token["form"] for s in sentences for token in s]
    stanza_doc = CoNLL.conll2doc(input_str=text)
    assert [w.text for s in stanza_doc.sentences for w in s.words] == forms
    assert all(w.head is None for s in stanza_doc.sentences for w in s.words)
    original = ""
    for s in sentences:  # every token points at its own characters
        original = json.loads(s.metadata["doc"])["text"] if "doc" in s.metadata else original
        for token in s:
            assert original[int(token["misc"]["start_char"]) : int(token["misc"]["end_char"])] == token["form"]


def test_conllu_keeps_a_word_with_its_diacritics():
    text = to_conllu([argmine.annotate("فقد قُتل ثلاثة مدنيين.", "d", model=None)])
    assert "\tقُتل\t" in text


def test_conllu_round_trip_keeps_continuations():
    assert [d.to_dict() for d in from_conllu(to_conllu([V2]))] == [V2.to_dict()]


# -- brat --------------------------------------------------------------------------------------


def conf_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        else:
            current.append(line)
    return sections


def test_brat_configuration_declares_every_type_used_and_notes_point_at_annotations(docs, tmp_path):
    for d in docs:
        write_brat(d, tmp_path)
    conf = conf_sections((tmp_path / "annotation.conf").read_text(encoding="utf-8"))
    entities = set(conf["entities"])
    relations = {}
    for line in conf["relations"]:
        kind, args = line.split("\t")
        relations[kind] = [set(a.split(":")[1].split("|")) for a in args.split(", ")]
    attributes = {line.split("\t")[0]: line for line in conf["attributes"]}
    labels = {line.split(" | ")[0] for line in conf_sections((tmp_path / "visual.conf").read_text(encoding="utf-8"))["labels"]}
    used = set()
    for ann in tmp_path.glob("*.ann"):
        ids, types, notes = set(), {}, []
        for line in ann.read_text(encoding="utf-8").split("\n"):
            if not line:
                continue
            key, body, *_ = line.split("\t")
            ids.add(key)
            kind = body.split(" ")[0]
            used.add(kind)
            if key[0] == "T":
                types[key] = kind
                assert kind in entities and kind in labels, (ann.name, line)
            elif key[0] == "R":
                a1, a2 = (arg.split(":")[1] for arg in body.split(" ")[1:])
                assert types[a1] in relations[kind][0] and types[a2] in relations[kind][1], (ann.name, line)
                assert kind in labels
            elif key[0] == "A":
                _, target, *value = body.split(" ")
                assert kind in attributes and types[target] in attributes[kind].split("Arg:")[1].split(",")[0]
                assert not value or value[0] in attributes[kind].split("Value:")[1].split("|")
            else:
                assert kind == "AnnotatorNotes"
                notes.append(body.split(" ")[1])
        assert notes and set(notes) <= ids, ann.name  # no note on an id that does not exist
    assert {"claim", "evidence", "Source", "Cue", "Content", "Cue_of", "Continues", "Via", "support", "Type"} <= used


TEXT_PIECES = st.sampled_from(
    ["وقال الوزير إن", "الوضع مستقر", "ربما", "يبدو أن", "نقلت وكالة الأنباء عن مصدر أمني قوله", "وأضاف أن", "وفقاً لبيان",
     "الجيش", "انسحب", "1-", "أبعاد رئيسية", "\"", "،", ".", ":", "؟"]
)  # fmt: skip
SEPARATORS = st.sampled_from([" ", "\t", "\r", "\n", "\r\n", "\n\n", " \t ", "\x0b", "\x85", "\u2028", "\u200f"])
TEXTS = st.lists(st.one_of(TEXT_PIECES, st.text(max_size=4)), max_size=14).flatmap(
    lambda pieces: st.lists(SEPARATORS, min_size=len(pieces), max_size=len(pieces)).map(
        lambda seps: "".join(p + s for p, s in zip(pieces, seps))
    )
)


@given(TEXTS)
def test_brat_round_trip_of_any_text(text):
    doc = argmine.annotate(text, "d", model=None)
    with tempfile.TemporaryDirectory() as folder:
        txt, _ = write_brat(doc, folder)
        assert txt.read_bytes() == text.encode("utf-8")
        assert read_brat(txt).to_dict() == doc.to_dict()


def test_brat_round_trip_keeps_tabs_and_carriage_returns(tmp_path):
    text = "وقال الوزير\tإن الوضع مستقر.\r\nربما\rانسحب الجيش.\r"
    doc = argmine.annotate(text, "d", model=None)
    assert doc.attributions and any("\t" in u.text for u in doc.units)
    write_brat(doc, tmp_path)
    assert all("\r" not in line for line in (tmp_path / "d.ann").read_bytes().decode("utf-8").split("\n"))
    assert read_brat(tmp_path / "d.txt").to_dict() == doc.to_dict()


# -- linear time ---------------------------------------------------------------------------------


def synthetic(units: int) -> Document:
    """``units`` small units: hedged claims, each supported by the next unit, a sourced statement."""
    pieces, spans, pos = [], [], 0
    for _ in range(units // 2):
        for s in ("ربما انهارت الهدنة.", "وقال الوزير إن الجيش انسحب."):
            spans.append((pos, pos + len(s)))
            pieces.append(s + " ")
            pos += len(s) + 1
    doc = Document("".join(pieces), id="synthetic")
    for i in range(units // 2):
        (cs, ce), (es, ee) = spans[2 * i], spans[2 * i + 1]
        claim, evidence = f"u{2 * i + 1}", f"u{2 * i + 2}"
        doc.units += [Unit(claim, doc.span(cs, ce), "claim", True), Unit(evidence, doc.span(es, ee), "evidence")]
        doc.cues.append(Cue(claim, doc.span(cs, cs + 4), "strong"))
        doc.attributions.append(Attribution(f"a{i + 1}", evidence, doc.span(es + 1, es + 4), doc.span(es + 5, es + 11),
                                            "government", "minister", content=doc.span(es + 15, ee - 1)))  # fmt: skip
        doc.links.append(Link(evidence, claim))
    return doc


def seconds(export, doc: Document, repeat: int) -> float:
    """The best of ``repeat`` runs, with the cyclic garbage collector off (its passes grow with the heap)."""
    gc.collect()
    gc.disable()
    try:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            export(doc)
            best = min(best, time.perf_counter() - start)
        return best
    finally:
        gc.enable()


def test_exports_take_time_linear_in_units_and_links():
    small, large = synthetic(30_000 // 16), synthetic(30_000)
    assert to_aif(small)["nodes"] and from_conllu(to_conllu([small]))[0].to_dict() == small.to_dict()
    from argmine.corpus.markup import to_markup

    exports = (("aif", to_aif), ("conllu", lambda d: to_conllu([d])), ("brat", to_brat), ("dot", to_dot), ("markup", to_markup))
    for name, export in exports:
        once, sixteen = seconds(export, small, 3), seconds(export, large, 2)
        assert sixteen < 40 * once, f"{name}: 16 times the units take {sixteen / once:.0f} times as long"


# -- content spans (item 7) -------------------------------------------------------------------------


def test_content_spans_stay_within_their_clause():
    text = "وقال الوزير إن الوضع مستقر وقال المتحدث إن الجيش انسحب من البلدة " * 500 + "."
    doc = argmine.annotate(text, "many")
    assert len(doc.attributions) == 1000
    record = json.dumps(doc.to_dict(), ensure_ascii=False)
    assert len(record) < 20 * len(text)  # it was quadratic: each content ran to the end of the unit
    assert [a.content.text for a in doc.attributions[:2]] == ["الوضع مستقر", "الجيش انسحب من البلدة"]
    for a in doc.attributions:
        assert "قال" not in a.content.text


def test_a_clause_reported_inside_a_content_stays_in_it():
    doc = argmine.annotate('وأكد المتحدث أن "الوزير قال إن الوضع مستقر"، وقال الجيش إن القصف توقف.', "nested", model=None)
    spokesman, minister, army = doc.attributions
    assert spokesman.content.text == '"الوزير قال إن الوضع مستقر"'
    assert minister.content.text == 'الوضع مستقر"' and army.content.text == "القصف توقف"


def test_a_content_before_its_cue_starts_after_the_previous_clause():
    doc = argmine.annotate("انسحب الجيش من البلدة، وفقاً لبيان الوزارة، وتوقف القصف، بحسب مصادر محلية.", "before", model=None)
    statement, local = doc.attributions
    assert statement.content.text == "انسحب الجيش من البلدة"
    assert local.cue.text == "بحسب" and local.content.text == "وتوقف القصف"  # not from the start of the unit


# -- every valid record exports ----------------------------------------------------------------------


def exports_and_comes_back(doc: Document) -> None:
    record = doc.to_dict()
    assert validate_record(record) == []
    doc = document_from_record(json.loads(json.dumps(record, ensure_ascii=False)))
    assert from_aif(json.loads(json.dumps(to_aif(doc), ensure_ascii=False))).to_dict() == record
    assert [d.to_dict() for d in from_conllu(to_conllu([doc]))] == [record]
    txt, ann = to_brat(doc)
    assert from_brat(txt, ann, header=doc.header(text=False)).to_dict() == record
    assert to_dot(doc).rstrip().endswith("}")


@given(TEXTS)
def test_every_valid_record_from_annotate_exports(text):
    exports_and_comes_back(argmine.annotate(text, "d", model=None))


def test_every_compiled_markup_record_exports(docs):
    for d in docs:
        exports_and_comes_back(d)
    assert any(a.continues for a in V2.attributions)


def test_dot_names_the_relaying_source_once_per_chain():
    dot = to_dot(V2)
    relayed = [a for a in V2.attributions if a.via]
    assert dot.count('label="via"') == len(relayed)
    assert re.search(r'"src:[^"]+" -> "src:[^"]+" \[style=dotted, label="via"\]', dot)
