# Set-up and everyday commands. Everything runs from the project's virtual
# environment, created from the pinned requirements on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: docs test lint check serve fuzz clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || \
	  $(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## docs: generate the reference pages from the embedded sample and build the site into site/
docs: $(STAMP)
	$(BIN)/python -m generator build $(if $(REPO),--repo $(REPO))
	$(BIN)/mkdocs build --strict --quiet
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

## test: lint, type-check and run the whole test suite
test: $(STAMP) lint
	$(BIN)/python -m pytest -q

## fuzz: the property-based tests with many more examples
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_properties.py tests/test_versions.py

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
