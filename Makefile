# Set-up and everyday commands. Everything runs from the project's virtual
# environment, created from the pinned requirements on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: docs test lint check serve fuzz screenshots browser bench clean

# Debian's Chromium for the browser tests; Playwright drives it, never downloads a browser.
CHROMIUM ?= /usr/bin/chromium

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || \
	  $(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## docs: generate the reference pages from the embedded sample and build the site into site/
docs: $(STAMP)
	$(BIN)/python -m generator build $(if $(REPO),--repo $(REPO))
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m generator links site
	@echo "site built in site/ (open site/index.html, or run: make serve)"

## serve: live preview at http://127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/python -m generator build $(if $(REPO),--repo $(REPO))
	$(BIN)/mkdocs serve

## check: fail if the committed pages are stale
check: $(STAMP)
	$(BIN)/python -m generator check $(if $(REPO),--repo $(REPO))

lint: $(STAMP)
	$(BIN)/ruff check generator tests scripts
	$(BIN)/mypy

## browser: install Debian's chromium if it is missing (apt-get; sudo when not root)
browser: $(CHROMIUM)
$(CHROMIUM):
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

## test: lint, type-check and run the whole test suite, browser tests included
test: $(STAMP) browser lint
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q

## screenshots: build the site and save screenshots of key pages into screenshots/ for a person to look at
screenshots: $(STAMP) browser
	CHROMIUM=$(CHROMIUM) SCREENSHOTS=$(CURDIR)/screenshots $(BIN)/python -m pytest -q tests/test_browser.py -k screenshots
	@echo "screenshots in screenshots/"

## fuzz: the property-based tests with many more examples
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_properties.py tests/test_versions.py

## bench: the generator against the floor on synthetic checkouts of 200, 2,000 and 20,000 releases
bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(if $(SIZES),--sizes $(SIZES))

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
