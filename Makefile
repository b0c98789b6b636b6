# The two commands of the README: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SAMPLE := samples/jasim-2022-10.txt
export HF_DATASETS_OFFLINE := 1
export HF_HUB_OFFLINE := 1

.PHONY: demo test fuzz lint corpus validate models vectors evaluate benchmark benchmark-batch tradeoffs clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, so that pip takes the local CPU build and not a CUDA one
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m compileall -q argmine  # an editable install compiles nothing: without this, every start compiles argmine
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/argmine annotate $(SAMPLE) --format table
	$(VENV)/bin/argmine annotate $(SAMPLE) --format json -o $(SAMPLE:.txt=.json)
	@echo "wrote $(SAMPLE:.txt=.json)"

# headless Chromium renders the HTML view in the tests (Debian's package; the tests run as root in CI)
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test: $(STAMP) chromium
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q argmine tests

fuzz: $(STAMP)  # the property tests with fresh random examples, 20 times as many
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/test_properties.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# The published articles' texts are not in the repository (corpora/DATASHEET.md): they come from a pool
# file (REALTEXTS), or from `argmine corpus fetch`, which writes corpora/real/texts.jsonl.
REALTEXTS ?= $(firstword $(wildcard ../shared/realtext/pool.jsonl corpora/real/texts.jsonl))
REALMARKUP := $(wildcard corpora/real/work/final/*.argm)

corpus: $(STAMP)
	$(VENV)/bin/argmine compile corpora/src/*.argm -o corpora/argmine.jsonl
	$(VENV)/bin/argmine validate corpora/argmine.jsonl
	@test -n "$(REALTEXTS)" || { echo "the published texts are missing: run '$(VENV)/bin/argmine corpus fetch' (network) or set REALTEXTS=POOL.jsonl"; exit 1; }
ifneq ($(REALMARKUP),)
	$(VENV)/bin/argmine compile $(REALMARKUP) --texts $(REALTEXTS) --standoff -o corpora/real/annotations.jsonl
endif
	$(VENV)/bin/argmine corpus build corpora/real/annotations.jsonl --texts $(REALTEXTS) -o corpora/real.jsonl
	$(VENV)/bin/argmine validate corpora --texts $(REALTEXTS)

# `argmine train` counts each authored document 5 times against one published article (its default,
# argmine.learn.experiment.AUTHORED_WEIGHT; docs/experiments/authored-weight.md); --authored-weight W changes it.
models: $(STAMP)
	@test -f corpora/real.jsonl || { echo "corpora/real.jsonl is missing: run 'make corpus' first"; exit 1; }
	$(VENV)/bin/argmine train corpora/argmine.jsonl corpora/real.jsonl -o models/default
	$(VENV)/bin/argmine train-segmenter corpora/argmine.jsonl -o models/segmenter

# The role model's word vectors (argmine/roles/vectors.npz), learned from unlabeled real news; the same
# bytes each time (scripts/build_vectors.py). gensim, pinned (its version changes the vectors), is
# installed for this target only; argmine does not depend on it. Retrain with `make models` after.
UNLABELED ?= ../shared/realtext/unlabeled.jsonl.gz
vectors: $(STAMP)
	$(PY) -c "import gensim; assert gensim.__version__ == '4.4.0'" 2>/dev/null || $(PY) -m pip install --quiet gensim==4.4.0
	PYTHONHASHSEED=0 $(PY) scripts/build_vectors.py --input $(UNLABELED) -o argmine/roles/vectors.npz

evaluate: corpus
	$(VENV)/bin/argmine evaluate models/default corpora/argmine.jsonl corpora/real.jsonl -o docs/evaluation
	$(PY) -m pip install --quiet matplotlib
	$(PY) benchmarks/evaluation_summary.py docs/evaluation/evaluation.json docs/evaluation.md

benchmark: $(STAMP)
	@test -f corpora/real.jsonl || { echo "corpora/real.jsonl is missing: run 'make corpus' first"; exit 1; }
	$(PY) -m compileall -q argmine  # start-up is measured with the bytecode a pip install writes
	$(PY) benchmarks/throughput.py --write docs/performance.md

# many 1-3 KB paragraphs of the published texts (corpora/real.jsonl) on one and two cores, and Dask;
# prints a table (docs/performance.md, "Many short documents")
benchmark-batch: $(STAMP)
	$(PY) benchmarks/batch.py

tradeoffs: $(STAMP)
	$(PY) benchmarks/tradeoffs.py

validate: $(STAMP)
	$(VENV)/bin/argmine validate corpora/argmine.jsonl

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
