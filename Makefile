# Quick start: `make demo` and `make test` on a fresh machine (Python >= 3.11).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo replay test bench corpus clean

# The virtualenv, re-installed when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# pywb, which the replay tests run, in a virtualenv of its own: it pins old dependencies.
PYWB_VENV  := .venv-pywb
PYWB_STAMP := $(PYWB_VENV)/.installed
PYWB       := pywb==2.10.0

$(PYWB_STAMP):
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/pip install --quiet --upgrade pip
	$(PYWB_VENV)/bin/pip install --quiet '$(PYWB)'
	touch $(PYWB_STAMP)

## Serve the bundled demo news site on loopback, crawl it, say where the results are.
demo: $(STAMP)
	$(BIN)/newsarchive demo

## Replay the archive ($$ARCHIVE_DIR, else ./archive) in pywb at http://127.0.0.1:8080/archive/
replay: $(PYWB_STAMP)
	rm -rf .pywb && mkdir -p .pywb/collections/archive
	ln -s "$(abspath $(or $(ARCHIVE_DIR),archive))/warc" .pywb/collections/archive/archive
	ln -s "$(abspath $(or $(ARCHIVE_DIR),archive))/indexes" .pywb/collections/archive/indexes
	cd .pywb && ../$(PYWB_VENV)/bin/wayback -p 8080 -b 127.0.0.1

## Run the test suite.
test: $(STAMP) $(PYWB_STAMP)
	$(BIN)/pytest

## Speed of extraction against trafilatura on the development corpus.
bench: $(STAMP)
	$(BIN)/python benchmarks/extract.py ../shared/corpus

## Extraction accuracy on the development corpora that are beside the checkout, with the
## pages where the body collapses and trafilatura's does not.
CORPORA := $(foreach c,corpus corpus-web,$(if $(wildcard ../shared/$(c)/cases.jsonl),../shared/$(c)))

corpus: $(STAMP)
	$(if $(CORPORA),$(BIN)/python benchmarks/corpus.py $(CORPORA) --collapses,@echo "no corpus in ../shared")

clean:
	rm -rf $(VENV) $(PYWB_VENV) .pywb output archive .pytest_cache
