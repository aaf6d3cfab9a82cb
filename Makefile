# Two commands for a fresh machine: `make serve` and `make test`.
# Every target creates .venv from requirements.txt first if it is missing or stale.

VENV ?= .venv
PY := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
# Material's end-of-life banner is noise in every build log.
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: every date in the output comes from the last commit, not
# the clock, so two builds of one commit are byte-identical. Outside git, unset.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: help serve build test lint clean stale article bench weight lighthouse linkcheck-external

help:
	@echo "make serve   preview the site with live reload on http://127.0.0.1:8000"
	@echo "make build   build the site strictly into site/"
	@echo "make test    run every check CI runs (lint, then the tests)"
	@echo "make lint    Python style (ruff), Markdown lint (pymarkdown) and spelling (codespell)"
	@echo 'make article TITLE="How to ..." SECTION=billing   start a new article and add it to the nav'
	@echo "make stale   list articles whose 'reviewed' date is too old, oldest first"
	@echo "make linkcheck-external   check the external URLs the site links to (needs network)"
	@echo "make bench   build time, memory and search index for 200 to 5,000 synthetic articles, stock vs ours"
	@echo "make weight  what a reader downloads: an article's first load and the search index, gzipped"
	@echo "make lighthouse   Lighthouse scores of the FAQ page (mobile); needs npm and Chromium"

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Not strict: a page with a problem still previews, and the problem is printed
# (template errors also show in the page). `make build` and CI are strict.
# --dirty rebuilds only the file you saved: 1.0 s of CPU instead of 18 s on a 1,000-article site
# (benchmarks/serve_rebuild.py). Other pages keep their last build, so their titles may show as
# file names in the saved page's nav and lists until you restart; `make build` and CI check everything.
# `make serve SERVE_FLAGS=` rebuilds every page on each save.
SERVE_FLAGS ?= --dirty
serve: $(VENV)/.installed
	$(MKDOCS) serve --no-strict --livereload $(SERVE_FLAGS) --dev-addr 127.0.0.1:8000

# Built next to site/ and swapped in only on success: a failed or interrupted
# build leaves the previous site/ untouched.
build: $(VENV)/.installed
	$(PY) scripts/atomic_build.py --site-dir site

test: lint
	$(PY) -m pytest

# Each tool prints path:LINE:COL for every problem; configs: pyproject.toml
# (ruff), .pymarkdown.yml, .codespellrc + codespell-words.txt.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/lint_markdown.py
	$(VENV)/bin/codespell --config .codespellrc

# TITLE, SECTION (and optional DESCRIPTION, TAGS, SLUG) reach the script through the environment.
article: $(VENV)/.installed
	$(PY) scripts/new_article.py

stale: $(VENV)/.installed
	$(PY) scripts/stale.py

# Never part of a build: the build only records external URLs (with their
# file:line:col) in the links report; this asks each one, politely and cached.
linkcheck-external: $(VENV)/.installed
	HELPCENTER_LINKS_REPORT=.cache/links/report.json $(MKDOCS) build --quiet --site-dir .cache/links/site
	$(PY) scripts/linkcheck_external.py .cache/links/report.json

# Performance figures (benchmarks/, README "Performance"); they print numbers, they never fail a build.
bench: $(VENV)/.installed
	$(PY) benchmarks/scale.py $(BENCH_ARGS)

weight: $(VENV)/.installed
	$(PY) benchmarks/weight.py

lighthouse: $(VENV)/.installed
	$(PY) benchmarks/lighthouse.py

clean:
	rm -rf site .pytest_cache test-artifacts
