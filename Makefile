# Quick start: `make demo` and `make test` on a fresh machine (Python >= 3.11).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench corpus clean

# The virtualenv, re-installed when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## Serve the bundled demo news site on loopback, crawl it, say where the results are.
demo: $(STAMP)
	$(BIN)/newsarchive demo

## Run the test suite.
test: $(STAMP)
	$(BIN)/pytest

## Speed of extraction against trafilatura on the development corpus.
bench: $(STAMP)
	$(BIN)/python benchmarks/extract.py ../shared/corpus

## Extraction accuracy on the development corpus.
corpus: $(STAMP)
	$(BIN)/python benchmarks/corpus.py ../shared/corpus

clean:
	rm -rf $(VENV) output .pytest_cache
