# Set-up and everyday commands. Everything runs from the project's virtual
# environment, created from the pinned requirements on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: docs test lint check validate serve fuzz screenshots browser bench clean pep440

# The embedded sample's pages are committed, built for the day below so the tree stays clean;
# a real checkout's (REPO=...) for today unless TODAY= says otherwise.
SAMPLE_TODAY := 2026-11-23
TODAY ?= $(if $(REPO),,$(SAMPLE_TODAY))
GENERATE = $(BIN)/python -m generator $(1) $(if $(REPO),--repo $(REPO)) $(if $(CONFIG),--config $(CONFIG)) \
	$(if $(TODAY),--today $(TODAY))

# Debian's Chromium for the browser tests; Playwright drives it, never downloads a browser.
CHROMIUM ?= /usr/bin/chromium

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## docs: write the reference pages (REPO=checkout, default the embedded sample) and build the site into site/;
##       with DOCS=folder, only write the pages into folder/reference/
docs: $(STAMP)
ifdef DOCS
	$(call GENERATE,build) --docs $(DOCS)
	@echo "pages written to $(DOCS)/reference/; build that site with its own builder"
else
	$(call GENERATE,build)
	$(BIN)/mkdocs build --strict  # not --quiet: it hides the warnings --strict fails on
	$(BIN)/python -m generator links site
	@echo "site built in site/: serve it (make serve, or python -m http.server -d site), not from the file system"
endif

## serve: live preview at http://127.0.0.1:8000
serve: $(STAMP)
	$(call GENERATE,build)
	$(BIN)/mkdocs serve

## check: fail with a diff if the pages in docs/ (or DOCS=) are stale
check: $(STAMP)
	$(call GENERATE,check) $(if $(DOCS),--docs $(DOCS))

## validate: every disagreement and suspicious fact in the data (REPO=checkout)
validate: $(STAMP)
	$(BIN)/python -m generator validate $(if $(REPO),--repo $(REPO)) $(if $(CONFIG),--config $(CONFIG))

lint: $(STAMP)
	$(BIN)/ruff check generator tests scripts
	$(BIN)/mypy

## browser: install Debian's chromium if it is missing (apt-get; sudo when not root)
browser: $(CHROMIUM)
$(CHROMIUM):
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

## test: lint, type-check, build the Docusaurus proof site and run the whole test suite, browser tests included
test: $(STAMP) browser lint docusaurus
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q

## screenshots: build the site and save screenshots of key pages, on a laptop (1400x1000) and a phone
##              (390x844), into screenshots/ for a person to look at
screenshots: $(STAMP) browser
	CHROMIUM=$(CHROMIUM) SCREENSHOTS=$(CURDIR)/screenshots $(BIN)/python -m pytest -q tests/browser tests/docusaurus/test_today.py -k screenshots
	@echo "screenshots in screenshots/"

## fuzz: the property-based tests with many more examples
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_properties.py tests/test_versions.py

## bench: the generator's performance targets against the floor on synthetic checkouts of 200 and 2,000 releases
##        (SIZES=200,2000), and mkdocs build at 200 and 500 releases
bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(if $(SIZES),--sizes $(SIZES))

## docusaurus: write the Docusaurus pages (REPO=checkout, default the embedded sample) into sites/docusaurus/
##             and build that site into sites/docusaurus/build as Astronomer's docs repository would build them
##             (broken links and anchors fail it); npm ci from the committed lockfile when it changed.
##             With DOCS=folder, only write the pages into that docs repository
DOCUSAURUS      := sites/docusaurus
DOCUSAURUS_NODE := $(DOCUSAURUS)/node_modules/.installed
# The path the site is served under (its baseUrl, /docs/ as in the docs repository), from its config:
# every absolute link of the build starts with it.
DOCUSAURUS_BASE_URL = cd $(DOCUSAURUS) && node -p "require('./docusaurus.config.js').baseUrl"
.PHONY: docusaurus mdx
$(DOCUSAURUS_NODE): $(DOCUSAURUS)/package.json $(DOCUSAURUS)/package-lock.json
	cd $(DOCUSAURUS) && npm ci --no-audit --no-fund
	touch $@

ifdef DOCS
docusaurus: $(STAMP)
	$(call GENERATE,build) --target docusaurus --docs $(DOCS)
	@echo "pages written to $(DOCS); build that site with its own builder"
else
docusaurus: $(STAMP) $(DOCUSAURUS_NODE)
	$(call GENERATE,build) --target docusaurus --docs $(DOCUSAURUS)/docs
	cd $(DOCUSAURUS) && rm -rf node_modules/.cache .docusaurus && npx docusaurus build
	$(BIN)/python -m generator links $(DOCUSAURUS)/build --base-url "$$($(DOCUSAURUS_BASE_URL))"
	@echo "site built in $(DOCUSAURUS)/build, served under $$($(DOCUSAURUS_BASE_URL)) (serve it: cd $(DOCUSAURUS) && npx docusaurus serve)"
endif

## pep440: install js/pep440 from its lockfile (npm ci) and bundle @renovatebot/pep440 for the browser into
##         generator/pages/assets/pep440.js (committed: building the pages needs no npm)
pep440:
	cd js/pep440 && npm ci --no-audit --no-fund
	cd js/pep440 && node build.mjs

## mdx: write the Docusaurus pages and compile each as MDX 3, in seconds (no Docusaurus build)
mdx: $(STAMP) $(DOCUSAURUS_NODE)
	$(call GENERATE,build) --target docusaurus --docs $(DOCUSAURUS)/docs
	node $(DOCUSAURUS)/scripts/check-mdx.mjs $(DOCUSAURUS)/docs

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
