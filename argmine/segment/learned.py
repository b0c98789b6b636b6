"""A stanza sentence splitter trained offline on the corpus' unit boundaries.

``train_segmenter`` writes the corpus as stanza training data (plain text and
CoNLL-U, turned into character labels by stanza's own ``prepare_tokenizer_data``),
then trains stanza's tokenizer on the CPU. ``StanzaSegmenter`` is a pipeline stage
that loads it (``argmine.annotate(text, segmenter="stanza")``). Stanza has no Arabic
model on this machine and downloads nothing here: ``download_method=None`` and an
empty ``resources.json``.

The model file is stanza's own format (a torch state file), loaded by stanza.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from argmine.document import Document
from argmine.learn.modelio import shipped

MODEL_NAME = "ar_argmine_tokenizer.pt"
DEFAULT_DIR = shipped("models/segmenter")
TOKEN = re.compile(r"\w+|[^\w\s]")


def _conllu(docs: list[Document]) -> tuple[str, str]:
    """Plain text (documents as paragraphs) and CoNLL-U (units as sentences, tokens as words)."""
    texts, sents = [], []
    for d in docs:
        # a paragraph break (blank line) separates documents; inside one, line breaks are whitespace
        texts.append(re.sub(r"\n\s*\n", "\n", d.text))
        for u in d.units:
            words = TOKEN.findall(u.text)
            if not words:
                continue
            lines = [f"# text = {' '.join(words)}"]
            lines += [f"{i}\t{w}\t_\t_\t_\t_\t{i - 1}\t_\t_\t_" for i, w in enumerate(words, 1)]
            sents.append("\n".join(lines))
    return "\n\n".join(texts) + "\n", "\n\n".join(sents) + "\n\n"


def write_training_data(docs: list[Document], out: Path, name: str) -> dict:
    """``NAME.txt``, ``NAME.conllu`` and ``NAME.toklabels`` in ``out``."""
    from stanza.utils.datasets import prepare_tokenizer_data

    out.mkdir(parents=True, exist_ok=True)
    text, conllu = _conllu(docs)
    paths = {k: out / f"{name}.{k}" for k in ("txt", "conllu", "toklabels", "json")}
    paths["txt"].write_text(text, encoding="utf-8")
    paths["conllu"].write_text(conllu, encoding="utf-8")
    prepare_tokenizer_data.main(
        [str(paths["txt"]), str(paths["conllu"]), "-o", str(paths["toklabels"]), "-m", str(paths["json"])]
    )
    return paths


def train_segmenter(train: list[Document], dev: list[Document], out_dir: str | Path = DEFAULT_DIR, steps: int = 1500, seed: int = 1234, log=print) -> Path:
    """Train stanza's tokenizer on the unit boundaries of ``train``; returns the model's path."""
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        tr = write_training_data(train, tmp, "train")
        dv = write_training_data(dev, tmp, "dev")
        cmd = [
            sys.executable, "-m", "stanza.models.tokenizer", "--mode", "train", "--lang", "ar", "--shorthand", "ar_argmine",
            "--txt_file", str(tr["txt"]), "--label_file", str(tr["toklabels"]), "--mwt_json_file", str(tr["json"]),
            "--dev_txt_file", str(dv["txt"]), "--dev_label_file", str(dv["toklabels"]),
            "--dev_conll_gold", str(dv["conllu"]), "--conll_file", str(tmp / "dev.pred.conllu"),
            "--save_dir", str(tmp / "model"), "--save_name", MODEL_NAME,
            "--steps", str(steps), "--seed", str(seed), "--eval_steps", "250", "--batch_size", "32",
        ]  # fmt: skip
        log("training the stanza segmenter: " + " ".join(cmd[2:6]) + f" ... --steps {steps}")
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"stanza tokenizer training failed:\n{done.stderr[-3000:]}")
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp / "model" / MODEL_NAME, out_dir / MODEL_NAME)
    (out_dir / "resources.json").write_text("{}\n", encoding="utf-8")
    return out_dir / MODEL_NAME


class StanzaSegmenter:
    """Pipeline stage: units from a trained stanza tokenizer, made to tile the text."""

    name = "segment"

    def __init__(self, model_dir: str | Path = DEFAULT_DIR):
        self.model_dir = Path(model_dir)
        self._nlp = None

    def nlp(self):
        if self._nlp is None:
            model = self.model_dir / MODEL_NAME
            if not model.exists():
                raise FileNotFoundError(f"{model}: no stanza segmenter; build it with `argmine train-segmenter`")
            import logging

            import stanza

            logging.getLogger("stanza").setLevel(logging.ERROR)
            self._nlp = stanza.Pipeline(
                lang="ar", dir=str(self.model_dir), processors="tokenize", tokenize_model_path=str(model),
                download_method=None, allow_unknown_language=True, use_gpu=False, logging_level="ERROR",
            )  # fmt: skip
        return self._nlp

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sentence offsets from stanza, adjusted so that only whitespace lies between them."""
        if not text.strip():
            return []
        raw = []
        for sent in self.nlp()(text).sentences:
            if sent.tokens:
                raw.append((sent.tokens[0].start_char, sent.tokens[-1].end_char))
        return tile(text, raw)

    def __call__(self, doc: Document) -> None:
        for s, e in self.spans(doc.text):
            doc.add_unit(s, e)


def tile(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Make sorted spans cover every non-space character, without overlap or edge spaces.

    >>> tile("أ. ب ج.", [(0, 2), (5, 7)])  # the stray "ب" joins the sentence before it
    [(0, 4), (5, 7)]
    """
    out: list[list[int]] = []
    pos = 0
    for s, e in sorted(spans):
        s, e = max(s, pos), max(min(e, len(text)), pos)
        if s >= e:
            continue
        if text[pos:s].strip():
            if out:
                out[-1][1] = s  # stray characters join the sentence before them
            else:
                s = pos
        out.append([s, e])
        pos = e
    if text[pos:].strip():
        if out:
            out[-1][1] = len(text)
        else:
            out.append([0, len(text)])
    result = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            result.append((s, e))
    return result


