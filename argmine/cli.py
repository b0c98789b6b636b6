"""The ``argmine`` command.

Exit codes: 0 ok, 1 bad input (unreadable file, invalid record or markup), 2 usage.

    argmine annotate FILE... [--format table|json|jsonl|html|brat|conllu|aif|dot] [-o OUT]   ("-": standard input)
    argmine audit FILE... [--format table|markdown|json|html] [-o OUT]
    argmine compile SRC.argm... -o OUT.jsonl
    argmine validate PATH...
    argmine stats CORPUS.jsonl...
    argmine compare GOLD OTHER                  (JSONL files, .argm files or folders of them)
    argmine train CORPUS.jsonl... -o models/NAME [--splits SPLITS.json]
    argmine evaluate MODEL CORPUS.jsonl... [-o DIR] [--curve 0,10,...] [--splits SPLITS.json]
    argmine train-segmenter CORPUS.jsonl [-o models/segmenter]
    argmine markup CORPUS.jsonl -o DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


class InputError(Exception):
    """Bad input, reported as ``argmine: message`` with exit code 1."""


def read_text(name: str) -> str:
    """The text of a file (or standard input for ``-``), with a clear error for bad bytes."""
    if name == "-":
        data = sys.stdin.buffer.read()
        label = "<stdin>"
    else:
        path = Path(name)
        if path.is_dir():
            raise InputError(f"{name}: a folder, not a file")
        if not path.exists():  # a FIFO or a process substitution (/dev/fd/63) exists and is read
            raise InputError(f"{name}: no such file")
        data = path.read_bytes()
        label = name
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(f"{label}:{line}: not valid UTF-8 at byte {e.start} ({e.reason})") from None


def _doc_ids(names: list[str]) -> list[str]:
    """One id per input, from its file name; inputs with the same name get ``-2``, ``-3``... so that
    neither their records nor their output files collide.

    >>> _doc_ids(["a/x.txt", "b/x.txt", "-", "c/y.txt"])
    ['x', 'x-2', 'stdin', 'y']
    """
    ids: list[str] = []
    for name in names:
        base = "stdin" if name == "-" else Path(name).stem
        k, candidate = 1, base
        while candidate in ids:
            k += 1
            candidate = f"{base}-{k}"
        ids.append(candidate)
    return ids


FORMATS = ("table", "json", "jsonl", "html", "brat", "conllu", "aif", "dot")
PER_DOCUMENT = {"html": ".html", "aif": ".aif.json", "dot": ".dot", "conllu": ".conllu"}


def _expand(names: list[str]) -> list[str]:
    """File arguments, with each directory replaced by the ``.txt`` files in it, sorted."""
    out = []
    for name in names:
        path = Path(name)
        if name != "-" and path.is_dir():
            found = sorted(str(p) for p in path.glob("*.txt"))
            if not found:
                raise InputError(f"{name}: a folder with no .txt file")
            out += found
        else:
            out.append(name)
    return out


def annotate_files(args):
    """Annotate the files (on all cores when there are several), with a progress bar for long runs."""
    import argmine
    from argmine.batch import annotate_many

    files = _expand(args.files)
    model = None if args.rules else "default"
    texts = [read_text(f) for f in files]
    ids = _doc_ids(files)
    if getattr(args, "segmenter", "rule") != "rule" or len(files) == 1:
        return [argmine.annotate(t, i, segmenter=args.segmenter, model=model) for t, i in zip(texts, ids)]
    return annotate_many(texts, ids=ids, n_jobs=None, model=model, progress=len(files) >= 4)


def cmd_annotate(args) -> int:
    from argmine.corpus.jsonl import dumps

    docs = annotate_files(args)
    fmt = args.format
    if fmt == "table":
        _emit("\n".join(render_table(d) for d in docs), args.output)
    elif fmt == "json":
        payload = docs[0].to_dict() if len(docs) == 1 else [d.to_dict() for d in docs]
        _emit(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", args.output)
    elif fmt == "jsonl":
        _emit("".join(dumps(d) + "\n" for d in docs), args.output)
    else:
        export(docs, fmt, args.output, args.lang)
    return EXIT_OK


def export(docs, fmt: str, output: str | None, lang: str = "en") -> None:
    """brat, CoNLL-U, AIF, DOT or HTML: into the directory ``output``, or one file / standard output."""
    from argmine.ioutil import atomic_write, safe_name

    if fmt == "brat":
        from argmine.export.brat import write_brat

        if not output:
            raise InputError("--format brat needs -o DIR")
        for d in docs:
            write_brat(d, output, safe_name(d.id))
        return
    render = _renderer(fmt, lang)
    single = output and not Path(output).is_dir() and len(docs) == 1 and Path(output).suffix
    if output and not single:
        for d in docs:
            atomic_write(Path(output) / safe_name(d.id, PER_DOCUMENT[fmt]), render(d))
    else:
        _emit("".join(render(d) for d in docs), output)


def _renderer(fmt: str, lang: str = "en"):
    if fmt == "html":
        from argmine.export.html import to_html

        return lambda d: to_html(d, lang=lang)
    if fmt == "conllu":
        from argmine.export.conllu import to_conllu

        return lambda d: to_conllu([d])
    if fmt == "aif":
        from argmine.export.aif import to_aif

        return lambda d: json.dumps(to_aif(d), ensure_ascii=False, indent=1) + "\n"
    from argmine.export.aif import to_dot

    return to_dot


def cmd_audit(args) -> int:
    from argmine.audit import audit, to_markdown, to_table

    args.segmenter = "rule"
    docs = annotate_files(args)
    if args.format == "html":
        export(docs, "html", args.output, args.lang)
        return EXIT_OK
    reports = [audit(d) for d in docs]
    if args.format == "json":
        out = json.dumps(reports[0] if len(reports) == 1 else reports, ensure_ascii=False, indent=1) + "\n"
    elif args.format == "markdown":
        out = "\n".join(to_markdown(r) for r in reports)
    else:
        out = "\n".join(to_table(r) for r in reports)
    _emit(out, args.output)
    return EXIT_OK


def _emit(out: str, output: str | None) -> None:
    if output:
        from argmine.ioutil import atomic_write

        atomic_write(output, out)  # "-" and /dev/stdout are standard output
    else:
        sys.stdout.write(out)


def render_table(doc) -> str:
    """A plain-text table: unit, role, hedge cues, sources, confidence."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{doc.id or 'document'}: {len(doc.units)} units", show_lines=False)
    for col in ("unit", "role", "hedge", "sources", "confidence", "text"):
        table.add_column(col, overflow="fold")
    for u in doc.units:
        hedges = "، ".join(f"{c.text} ({c.strength})" for c in doc.cues_of(u.id))
        sources = "; ".join(
            f"{a.source.text} [{a.source_type}{', anon' if a.anonymous else ''}{', via ' + a.via if a.via else ''}]"
            for a in doc.attributions_of(u.id)
        )
        conf = f"{u.confidence.score:.2f} {u.confidence.level}" if u.confidence else ""
        text = u.text if len(u.text) <= 70 else u.text[:67] + "..."
        table.add_row(*(Text(cell) for cell in (u.id, u.role, hedges, sources, conf, text)))
    console = Console(width=160, record=True, force_terminal=False, color_system=None)
    with console.capture() as cap:
        console.print(table)
        if doc.confidence:
            console.print(f"document confidence: {doc.confidence.score:.2f} ({doc.confidence.level})")
    return cap.get()


def _pool(path: str | None) -> dict[str, dict]:
    from argmine.corpus.standoff import StandoffError, pool_rows

    if path is None:
        return {}
    try:
        return pool_rows(path)
    except StandoffError as e:
        raise InputError(str(e)) from None


def cmd_compile(args) -> int:
    from argmine.corpus.markup import MarkupError, read_markup
    from argmine.corpus.record import RecordError
    from argmine.corpus.standoff import pool_meta, source_of, to_standoff
    from argmine.ioutil import atomic_write

    pool = _pool(args.texts)
    texts = {i: row["text"] for i, row in pool.items()}
    docs, problems = [], []
    for f in args.files:
        if not Path(f).is_file():
            problems.append(f"{f}: no such file")
            continue
        try:
            doc = read_markup(f, texts)
        except (MarkupError, RecordError) as e:  # a record fault names the file
            problems.append(str(e))
            continue
        if args.standoff and doc.id not in pool:
            problems.append(f"{f}: document {doc.id}: not in the pool file, so it cannot be written as standoff")
        docs.append(doc)
    ids = [d.id for d in docs]
    problems += [f"duplicate document id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise InputError("\n".join(problems))
    records = [to_standoff(d, source_of(pool[d.id]), pool_meta(pool[d.id])) if args.standoff else d.to_dict() for d in docs]
    atomic_write(args.output, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    kind = "standoff records" if args.standoff else "documents"
    print(f"compiled {len(docs)} {kind} to {args.output}", file=sys.stderr)
    return EXIT_OK


def _texts(args, records: list[dict] | None = None) -> dict[str, str] | None:
    """``text_sha256 -> text`` from ``--texts`` (a pool file) or ``--checkout`` (a folder), if given."""
    from argmine.corpus.standoff import StandoffError, checkout_texts, pool_texts, read_standoff

    try:
        if getattr(args, "texts", None):
            return pool_texts(args.texts)
        if getattr(args, "checkout", None):
            if records is None:
                records = [r for f in _jsonl_files(args.files) for r in read_standoff(f, skip_full=True)]
            return checkout_texts(records, args.checkout)
    except StandoffError as e:
        raise InputError(str(e)) from None
    return None


def _jsonl_files(names: list[str]) -> list[str]:
    """File arguments, with each directory replaced by the ``.jsonl`` files under it, sorted."""
    out = []
    for name in names:
        path = Path(name)
        out += sorted(str(p) for p in path.rglob("*.jsonl")) if path.is_dir() else [name]
    return out


def cmd_validate(args) -> int:
    from argmine.corpus.jsonl import CorpusError, check_jsonl

    bad = False
    texts = _texts(args)
    for f in _jsonl_files(args.files):
        if not Path(f).is_file():
            print(f"argmine: {f}: no such file", file=sys.stderr)
            bad = True
            continue
        try:
            docs, messages = check_jsonl(f, texts, without_texts=texts is None)
        except CorpusError as e:
            docs, messages = [], e.messages
        for m in messages:
            print(m)
        bad |= bool(messages)
        if not messages:
            unjoined = _count_standoff(f) if texts is None else 0
            extra = f" and {unjoined} standoff records checked without their texts" if unjoined else ""
            print(f"{f}: ok, {len(docs)} documents{extra}")
    return EXIT_BAD_INPUT if bad else EXIT_OK


def _count_standoff(path: str) -> int:
    from argmine.corpus.record import is_standoff

    with open(path, encoding="utf-8") as f:
        return sum(is_standoff(json.loads(line)) for line in f if line.strip())


def cmd_corpus_skeleton(args) -> int:
    from argmine.corpus.markup import file_name, skeleton
    from argmine.corpus.standoff import pool_meta
    from argmine.ioutil import atomic_write

    pool = _pool(args.texts)
    ids = args.ids or sorted(pool)
    unknown = [i for i in ids if i not in pool]
    if unknown:
        raise InputError(f"{args.texts}: no document {unknown[0]!r}")
    for i in ids:
        row = pool[i]
        atomic_write(Path(args.output) / file_name(i), skeleton(row["text"], i, pool_meta(row)))
    print(f"wrote {len(ids)} skeletons to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_corpus_fetch(args) -> int:
    from argmine.corpus.standoff import StandoffError, fetch, read_standoff
    from argmine.ioutil import atomic_write

    try:
        records = [r for f in _jsonl_files(args.files) for r in read_standoff(f, skip_full=True)]
        texts = fetch(records, args.mirror)
    except StandoffError as e:
        raise InputError(str(e)) from None
    rows = {r["id"]: {"id": r["id"], "text_sha256": r["text_sha256"], "text": texts[r["text_sha256"]]} for r in records}
    atomic_write(args.output, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows.values()))
    print(f"fetched {len(rows)} texts to {args.output}; every hash checked", file=sys.stderr)
    return EXIT_OK


def cmd_corpus_build(args) -> int:
    from argmine.corpus.jsonl import read_jsonl, write_jsonl

    texts = _texts(args)
    if texts is None:
        raise InputError("the texts are needed: give --texts POOL.jsonl or --checkout DIR (or run 'argmine corpus fetch')")
    docs = [d for f in _jsonl_files(args.files) for d in read_jsonl(f, texts)]
    write_jsonl(docs, args.output)
    print(f"built {len(docs)} documents into {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args) -> int:
    from argmine.corpus.jsonl import read_jsonl
    from argmine.corpus.splits import test_ids
    from argmine.corpus.stats import stats_table

    texts = _texts(args)
    docs = [d for f in args.files for d in read_jsonl(f, texts)]
    print(stats_table(docs, test_ids()))
    return EXIT_OK


def load_docs(path: str, texts: dict[str, str] | None = None):
    """Documents from a JSONL file (standoff records joined with ``texts``), an ``.argm`` file,
    or a directory of ``.argm`` files."""
    from argmine.corpus.jsonl import read_jsonl
    from argmine.corpus.markup import read_markup

    p = Path(path)
    if p.is_dir():
        return [read_markup(f) for f in sorted(p.glob("*.argm"))]
    if p.suffix == ".argm":
        return [read_markup(p)]
    if not p.is_file():
        raise InputError(f"{path}: no such file or directory")
    return read_jsonl(p, texts)


def cmd_compare(args) -> int:
    from argmine.evaluation.metrics import compare

    texts = _texts(args)
    gold = {d.id: d for d in load_docs(args.gold, texts)}
    other = {d.id: d for d in load_docs(args.other, texts)}
    ids = [i for i in gold if i in other]
    if not ids:
        raise InputError("the two annotations share no document id")
    for i in ids:
        if gold[i].text != other[i].text:
            raise InputError(f"document {i!r}: the texts of the two annotations differ")
    print(json.dumps(compare([gold[i] for i in ids], [other[i] for i in ids]), ensure_ascii=False, indent=1))
    return EXIT_OK


def cmd_markup(args) -> int:
    from argmine.corpus.jsonl import read_jsonl
    from argmine.corpus.markup import file_name, to_markup
    from argmine.ioutil import atomic_write

    for doc in read_jsonl(args.file, _texts(args)):
        try:
            markup = to_markup(doc)
        except ValueError as e:
            raise InputError(f"{args.file}: document {doc.id}: {e}") from None
        atomic_write(Path(args.output) / file_name(doc.id), markup)
    return EXIT_OK


def cmd_train(args) -> int:
    from argmine.corpus.splits import SPLITS
    from argmine.learn.experiment import AUTHORED_WEIGHT, train_and_save

    weight = args.authored_weight or AUTHORED_WEIGHT
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    train_and_save(args.corpus, args.output, folds=args.folds, log=log, splits=args.splits or SPLITS, authored_weight=weight)
    return EXIT_OK


def cmd_evaluate(args) -> int:
    from argmine.corpus.jsonl import read_jsonl
    from argmine.corpus.splits import SPLITS, is_real, split
    from argmine.evaluation.report import markdown
    from argmine.ioutil import atomic_write
    from argmine.learn import modelio
    from argmine.learn.experiment import AUTHORED_WEIGHT, experiment, segmentation_report
    from argmine.learn.modelio import MODEL_FILE

    model_path = Path(args.model)
    models = modelio.load(model_path / MODEL_FILE if model_path.is_dir() else model_path)
    docs = [d for f in args.corpus for d in read_jsonl(f)]
    train, test = split(docs, args.splits or SPLITS)
    groups = {"test": [d for d in test if not is_real(d)], "test_real": [d for d in test if is_real(d)]}
    groups = {key: group for key, group in groups.items() if group}
    if not groups:
        raise InputError(f"{', '.join(args.corpus)}: no document of the test split ({args.splits or SPLITS})")
    weight = args.authored_weight or AUTHORED_WEIGHT
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    report, _ = experiment(train, groups, args.folds, models=models, log=log, variants=True, curve=args.curve, authored_weight=weight)
    report["segmentation"] = {"rule": segmentation_report(test)}
    from argmine.segment.learned import DEFAULT_DIR, MODEL_NAME

    if (DEFAULT_DIR / MODEL_NAME).exists():
        report["segmentation"]["stanza"] = segmentation_report(test, "stanza")
    md = markdown(report)
    print(md)
    if args.output:  # written only where told
        atomic_write(Path(args.output) / "evaluation.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n")
        atomic_write(Path(args.output) / "evaluation.md", md)
    return EXIT_OK


def cmd_train_segmenter(args) -> int:
    from argmine.corpus.jsonl import read_jsonl
    from argmine.corpus.splits import split
    from argmine.segment.learned import train_segmenter

    train, _ = split(read_jsonl(args.corpus))
    dev_size = max(1, len(train) // 10)
    path = train_segmenter(train[:-dev_size], train[-dev_size:], args.output, steps=args.steps, log=lambda m: print(m, file=sys.stderr))
    print(f"saved {path} ({path.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from argmine import __version__

    p = argparse.ArgumentParser(prog="argmine", description="Arabic argument mining: claims, evidence, motives, hedges, sources.")
    p.add_argument("--version", action="version", version=f"argmine {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    texts = "text files, folders of .txt files, or '-' for standard input"
    out = "write here instead of standard output ('-' is standard output)"
    a = sub.add_parser("annotate", help="annotate text files or folders of .txt files ('-' for standard input)")
    a.add_argument("files", nargs="+", help=texts)
    a.add_argument("--format", choices=FORMATS, default="table", help="the output format (default: table)")
    a.add_argument("--segmenter", choices=["rule", "stanza"], default="rule", help="how to cut units (default: rule)")
    a.add_argument("--rules", action="store_true", help="the rules alone, without the learned model")
    a.add_argument("--lang", choices=["en", "ar"], default="en", help="the language of the HTML page's labels (default: en)")
    a.add_argument("-o", "--output", help=out + "; a folder for per-document formats (brat, html, aif, dot, conllu)")
    a.set_defaults(func=cmd_annotate)
    u = sub.add_parser("audit", help="each claim's sources, support and flags ('-' for standard input)")
    u.add_argument("files", nargs="+", help=texts)
    u.add_argument("--format", choices=["table", "markdown", "json", "html"], default="table", help="the report format")
    u.add_argument("-o", "--output", help=out)
    u.add_argument("--rules", action="store_true", help="the rules alone, without the learned model")
    u.add_argument("--lang", choices=["en", "ar"], default="en", help="the language of the HTML page's labels (default: en)")
    u.set_defaults(func=cmd_audit)
    c = sub.add_parser("compile", help="compile .argm markup files to a JSONL corpus")
    c.add_argument("files", nargs="+", help=".argm markup files")
    c.add_argument("-o", "--output", required=True, help="the JSONL file to write")
    c.add_argument("--texts", help="a pool file: markup of its documents must spell their texts exactly")
    c.add_argument("--standoff", action="store_true", help="write standoff records (no text; needs --texts)")
    c.set_defaults(func=cmd_compile)
    v = sub.add_parser("validate", help="check JSONL corpora (files or folders) against the annotation contract")
    v.add_argument("files", nargs="+", help="JSONL files, or folders of them")
    _text_options(v)
    v.set_defaults(func=cmd_validate)
    cp = sub.add_parser("corpus", help="the real-text corpus: skeletons, texts and the joined corpus")
    csub = cp.add_subparsers(dest="corpus_command", required=True)
    sk = csub.add_parser("skeleton", help="unlabelled markup for documents of a pool file")
    sk.add_argument("ids", nargs="*", help="document ids (default: all)")
    sk.add_argument("--texts", required=True, help="the pool file")
    sk.add_argument("-o", "--output", required=True, help="a directory")
    sk.set_defaults(func=cmd_corpus_skeleton)
    fe = csub.add_parser("fetch", help="download the pinned source files of standoff records, rebuild and check the texts")
    fe.add_argument("files", nargs="*", default=["corpora/real"], help="standoff files or folders (default: corpora/real)")
    fe.add_argument("-o", "--output", default="corpora/real/texts.jsonl", help="the pool file to write (default: %(default)s)")
    fe.add_argument("--mirror", default="https://raw.githubusercontent.com", help="where the files are served")
    fe.set_defaults(func=cmd_corpus_fetch)
    bu = csub.add_parser("build", help="join standoff records with their texts into a full JSONL corpus")
    bu.add_argument("files", nargs="+", help="standoff (or full) JSONL files or folders")
    bu.add_argument("-o", "--output", required=True, help="the JSONL file to write")
    _text_options(bu)
    bu.set_defaults(func=cmd_corpus_build)
    s = sub.add_parser("stats", help="label counts per document of JSONL corpora, as a markdown table")
    s.add_argument("files", nargs="+", help="JSONL corpora")
    s.add_argument("--texts", help="a pool file holding the texts of standoff records")
    s.set_defaults(func=cmd_stats)
    k = sub.add_parser("compare", help="agreement of two annotations of the same documents (JSONL, .argm or a folder)")
    k.add_argument("gold", help="the reference annotation")
    k.add_argument("other", help="the annotation to compare with it")
    k.add_argument("--texts", help="a pool file holding the texts of standoff records")
    k.set_defaults(func=cmd_compare)
    t = sub.add_parser("train", help="train the learned components on JSONL corpora (their training split)")
    t.add_argument("corpus", nargs="+", help="JSONL corpora (e.g. corpora/argmine.jsonl corpora/real.jsonl)")
    t.add_argument("-o", "--output", required=True, help="a model directory, e.g. models/default")
    t.add_argument("--folds", type=int, default=5, help="cross-validation folds over the real training documents that choose the components (default: 5)")
    _authored_weight_option(t)
    _splits_option(t)
    t.set_defaults(func=cmd_train)
    e = sub.add_parser("evaluate", help="rules, learned and baseline side by side: cross-validation and test split")
    e.add_argument("model", help="a model directory or .skops file")
    e.add_argument("corpus", nargs="+", help="JSONL corpora (e.g. corpora/argmine.jsonl corpora/real.jsonl)")
    e.add_argument("--folds", type=int, default=5, help="cross-validation folds (1: test split only)")
    e.add_argument("--curve", type=_sizes, default=CURVE, metavar="N,N,...",
                   help="numbers of real training documents on the learning curve ('none': no curve; default: %(default)s)")  # fmt: skip
    _authored_weight_option(e, " in the fits beside the model (fit: authored, real, both), the cross-validation and the curve: the model's own")
    _splits_option(e)
    e.add_argument("-o", "--output", help="a folder to write evaluation.json and evaluation.md into (default: none, print only)")
    e.set_defaults(func=cmd_evaluate)
    g = sub.add_parser("train-segmenter", help="train a stanza sentence splitter on the corpus' unit boundaries")
    g.add_argument("corpus", help="a JSONL corpus")
    g.add_argument("-o", "--output", default="models/segmenter", help="the model directory (default: %(default)s)")
    g.add_argument("--steps", type=int, default=1500, help="training steps (default: %(default)s)")
    g.set_defaults(func=cmd_train_segmenter)
    m = sub.add_parser("markup", help="write a JSONL corpus back as .argm markup files")
    m.add_argument("file", help="a JSONL corpus")
    m.add_argument("-o", "--output", required=True, help="a directory")
    m.add_argument("--texts", help="a pool file holding the texts of standoff records")
    m.set_defaults(func=cmd_markup)
    return p


CURVE = "0,10,20,40,80,148"


def _sizes(value: str) -> tuple[int, ...]:
    """``"0,10,20"`` -> ``(0, 10, 20)``; ``"none"`` -> ``()``."""
    if value.strip().lower() == "none":
        return ()
    try:
        sizes = tuple(int(v) for v in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: numbers separated by commas, or 'none'") from None
    if any(n < 0 for n in sizes):
        raise argparse.ArgumentTypeError(f"{value!r}: negative size")
    return sizes


def _authored_weight_option(p, where: str = "") -> None:
    p.add_argument("--authored-weight", type=_whole, metavar="W",
                   help=f"how many times each authored training document counts against one published article{where} "
                        "(default: argmine.learn.experiment.AUTHORED_WEIGHT, chosen in docs/experiments/authored-weight.md)")  # fmt: skip


def _whole(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value}: a whole number, 1 or more")
    return int(value)


def _splits_option(p) -> None:
    p.add_argument("--splits", help="a train/test split file in the format of corpora/splits.json (default: that file)")


def _text_options(p) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--texts", help="a pool file (id, text) holding the texts of standoff records")
    g.add_argument("--checkout", help="a folder holding checkouts of the source repositories")


def main(argv: list[str] | None = None) -> int:
    from argmine.corpus.jsonl import CorpusError
    from argmine.corpus.markup import MarkupError
    from argmine.corpus.record import RecordError
    from argmine.corpus.standoff import StandoffError
    from argmine.learn.modelio import ModelError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code else EXIT_OK
    previous = _stop_on_sigterm()
    try:
        return args.func(args)
    except (InputError, CorpusError, MarkupError, ModelError, StandoffError, RecordError) as e:
        return _fail(str(e))
    except OSError as e:  # unreadable input, refused output (argmine.ioutil.OutputError), a full disk
        if isinstance(e, BrokenPipeError):
            return EXIT_OK
        where = f"{e.filename}: " if e.filename else ""
        return _fail(f"{where}{e.strerror or e}")
    except RecursionError:
        return _fail("the input is nested too deeply to read")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    finally:
        _restore_sigterm(previous)


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    """Print one short line on standard error: the first problem, and how many more there are."""
    lines = message.splitlines() or [""]
    first = lines[0] if len(lines[0]) <= MESSAGE_MAX else lines[0][: MESSAGE_MAX - 1] + "…"
    more = f" (and {len(lines) - 1} more lines of problems)" if len(lines) > 1 else ""
    print(f"argmine: {first}{more}", file=sys.stderr)
    return code


MESSAGE_MAX = 400


def _stop_on_sigterm():
    """SIGTERM ends the command like Ctrl-C does, so that no temporary output file survives it."""
    import signal

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        return None


def _restore_sigterm(previous) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
