# Quick start: `make demo` and `make test` on a fresh machine (Python >= 3.11).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo serve replay test bench bench-crawl bench-web corpus clean

# The virtualenv, re-installed when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian packages the project needs beyond Python (each says why); installed
# once with apt-get (as root), only those missing.
SYSTEM_PACKAGES :=
# the Redis server the distributed-crawl tests start on loopback (tests/test_workers.py)
SYSTEM_PACKAGES += redis-server
# the browser tests (tests/test_browser.py) drive Debian's headless Chromium with Playwright
SYSTEM_PACKAGES += chromium
SYSTEM_STAMP    := $(VENV)/.system-packages

$(SYSTEM_STAMP): Makefile $(STAMP)
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	touch $@

# pywb, the replay engine of serve and of the replay tests, in a virtualenv of
# its own (it pins old dependencies), as pip users install it.
PYWB_VENV  := .venv-pywb
PYWB_STAMP := $(PYWB_VENV)/.installed

$(PYWB_STAMP): | $(STAMP)
	$(BIN)/newsarchive install-replay --into $(PYWB_VENV)
	touch $(PYWB_STAMP)

## Serve the bundled demo news site on loopback, crawl it, say where the results are.
demo: $(STAMP) $(PYWB_STAMP)
	$(BIN)/newsarchive demo

## Browse, search and replay the archive ($$ARCHIVE_DIR, else ./archive) in a web browser.
serve: $(STAMP) $(PYWB_STAMP)
	$(BIN)/newsarchive serve --archive-dir "$(or $(ARCHIVE_DIR),archive)"

## Replay the archive ($$ARCHIVE_DIR, else ./archive) in pywb at http://127.0.0.1:8080/archive/
replay: $(PYWB_STAMP)
	rm -rf .pywb && mkdir -p .pywb/collections/archive
	ln -s "$(abspath $(or $(ARCHIVE_DIR),archive))/warc" .pywb/collections/archive/archive
	ln -s "$(abspath $(or $(ARCHIVE_DIR),archive))/indexes" .pywb/collections/archive/indexes
	cd .pywb && ../$(PYWB_VENV)/bin/wayback -p 8080 -b 127.0.0.1

## Check the types, then run the test suite.
test: $(STAMP) $(SYSTEM_STAMP) $(PYWB_STAMP)
	$(BIN)/mypy newsarchive
	$(BIN)/pytest

## Speed of extraction against trafilatura on the development corpus.
bench: $(STAMP)
	$(BIN)/python benchmarks/extract.py ../shared/corpus

## The web UI's article list and search with 100,000 articles in the catalogue.
bench-web: $(STAMP)
	$(BIN)/python benchmarks/web.py

## Crawl speed and memory against bare Scrapy and Scrapy + trafilatura, pages served on loopback.
bench-crawl: $(STAMP)
	$(BIN)/python benchmarks/crawl.py ../shared/corpus ../shared/corpus-web

## Extraction accuracy on the development corpora that are beside the checkout, with the
## pages where the body collapses and trafilatura's does not.
CORPORA := $(foreach c,corpus corpus-web,$(if $(wildcard ../shared/$(c)/cases.jsonl),../shared/$(c)))

corpus: $(STAMP)
	$(if $(CORPORA),$(BIN)/python benchmarks/corpus.py $(CORPORA) --collapses,@echo "no corpus in ../shared")

clean:
	rm -rf $(VENV) $(PYWB_VENV) .pywb output archive .pytest_cache
