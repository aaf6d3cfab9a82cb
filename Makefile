# Two commands for a fresh machine: `make serve` and `make test`.
# Every target creates .venv from requirements.lock first if it is missing or stale.

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

# The values writers give (SINCE, MATCH, BASE, FACT, FROM, TITLE, ...) reach the commands as arguments through
# the environment ("$$SINCE"), never pasted into the shell line; `override ... $$(value ...)` keeps them as
# typed, so make does not run a $$(...) inside them either.
$(foreach name,SINCE DAYS MATCH FEEDBACK_URL FEEDBACK_REPORT_DIR PORT SERVE_ADDR FEEDBACK_PORT SERVE_FLAGS BASE FACT FROM TO PAGE INSTEAD TITLE SECTION KIND DESCRIPTION TAGS SLUG,\
	$(if $(filter command line,$(origin $(name))),$(eval override $(name) := $$(value $(name)))$(eval export $(name))))

.PHONY: help serve build check test lint lock facts-table clean stale article move delete bench weight lighthouse \
	linkcheck-external feedback-report feedback-purge feedback-migrate feedback-service bench-feedback diff fact-usage

help:
	@echo "make serve   preview the site with live reload on http://127.0.0.1:8000 (PORT=8123: on another port)"
	@echo "make build   build the site strictly into site/"
	@echo "make check   the writers' check before a pull request: lint, spelling, the strict build, the content tests"
	@echo "make test    run every check CI runs (lint, then all the tests, with a browser and a database)"
	@echo "make lint    Python style (ruff), types (mypy --strict), Markdown lint (pymarkdown), spelling (codespell), the lock"
	@echo "make facts-table   show today's fact values in WRITING-REFERENCE.md's facts table (after a fact changed)"
	@echo "make lock    regenerate requirements.lock (every package, with hashes) after an edit to requirements.txt"
	@echo 'make article TITLE="How to ..." SECTION=billing [KIND=faq]   start a how-to (or FAQ) article, in the nav'
	@echo "make move FROM=docs/a/old.md TO=docs/b/new.md   move or rename a page: links, nav and a redirect follow"
	@echo "make delete PAGE=docs/a/old.md INSTEAD=docs/a/other.md   delete a page; links and its address go to INSTEAD"
	@echo "make stale   list articles whose 'reviewed' date is too old, oldest first, and those readers find unhelpful"
	@echo "make diff [BASE=ref]   what readers will see differently from BASE (default: where this branch left main)"
	@echo "make fact-usage [FACT=support.phone]   where each fact is used and the pages it reaches; unused facts"
	@echo "make feedback-report   readers' votes, reasons and comments per article, and searches that found nothing"
	@echo "                       (SINCE=2026-01-31, FEEDBACK_URL=https://... for a deployed service)"
	@echo "make feedback-purge    delete comments and search queries now (DAYS=N, or MATCH=text for one reader's)"
	@echo "make linkcheck-external   check the external URLs the site links to (needs network)"
	@echo "make bench   build time, memory and search index for 200 to 5,000 synthetic articles, stock vs ours;"
	@echo "             then save -> reload in the preview and the cached build, at 200 and 2,000 articles"
	@echo "make weight  what a reader downloads: an article's first load and a first search, gzipped"
	@echo "make lighthouse   Lighthouse scores of the FAQ page (mobile); needs npm and Chromium"

# requirements.txt lists the direct dependencies; requirements.lock pins the whole tree with hashes
# (`make lock`). The venv is rebuilt from scratch whenever either changes, so it holds exactly the lock;
# pip refuses any file whose hash differs, and never builds a package from source. Then the project
# itself (pyproject.toml: the build's helpcenter and jobs, the feedback service) is installed editable,
# built by the lock's setuptools with nothing fetched, so every script and test imports it by name.
# (PYTHONWARNINGS: setuptools warns about editable installs on every install.)
$(VENV)/.installed: requirements.txt requirements.lock
	python3 scripts/check_lock.py
	python3 -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --require-hashes --only-binary :all: -r requirements.lock
	PYTHONWARNINGS=ignore $(PY) -m pip install --quiet --no-deps --no-build-isolation --no-index --editable .
	$(PY) -m pip check --quiet
	touch $@

# The lock tool (uv, pinned with hashes in requirements-lock-tool.lock) lives in a venv of its own.
# One lock for every platform (writers preview on macOS too), for Python 3.11.5 and later
# (the oldest 3.11 that every pinned package supports). Existing pins are kept unless requirements.txt
# asks otherwise; LOCK_ARGS=--upgrade moves everything to its newest release, or
# LOCK_ARGS="--upgrade-package NAME" one package.
LOCK_TOOL := .cache/lock-tool
LOCK_PYTHON := 3.11.5
UV_COMPILE = $(LOCK_TOOL)/bin/uv pip compile --quiet --universal --python-version $(LOCK_PYTHON) \
	--generate-hashes --only-binary :all: --custom-compile-command "make lock" $(LOCK_ARGS)
$(LOCK_TOOL)/.installed: requirements-lock-tool.lock
	python3 -m venv --clear $(LOCK_TOOL)
	$(LOCK_TOOL)/bin/python -m pip install --quiet --require-hashes --only-binary :all: -r requirements-lock-tool.lock
	touch $@

lock: $(LOCK_TOOL)/.installed
	$(UV_COMPILE) requirements-lock-tool.txt --output-file requirements-lock-tool.lock
	$(UV_COMPILE) requirements.txt --output-file requirements.lock
	python3 scripts/check_lock.py

# Not strict: a page with a problem still previews, and the problem is printed
# (template errors also show in the page). `make build` and CI are strict.
# Every save rebuilds the site, so the preview is what `make build` makes; the page cache (.cache/pages,
# hooks/README.md) renders again only the pages whose inputs changed (save -> reload times: benchmarks/README.md). It rebuilds when anything the build
# reads changes: docs/, mkdocs.yml, overrides/, data/ (`watch:` in mkdocs.yml); a change in hooks/
# restarts the preview, because MkDocs loads hook code once per process.
# The feedback service runs next to the preview (scripts/serve_with_feedback.py starts it on any free port,
# points the preview's widget at it, allows the preview's address, and stops both on Ctrl-C).
# PORT=8123 (or SERVE_ADDR=HOST:PORT) moves the preview, FEEDBACK_PORT pins the service's port,
# SERVE_FLAGS adds `mkdocs serve` options; the script reads them from the environment.
SERVE_FLAGS ?=
serve: $(VENV)/.installed
	$(PY) scripts/serve_with_feedback.py

# Built next to site/ and swapped in only on success: a failed or interrupted
# build leaves the previous site/ untouched.
build: $(VENV)/.installed
	$(PY) scripts/atomic_build.py --site-dir site

# The writers' check (scripts/check.py): Markdown lint, spelling, ruff, the strict build and the tests of the
# real content (pytest -m "content and not browser"); no browser, no database. benchmarks/README.md has its time.
check: $(VENV)/.installed
	$(PY) scripts/check.py

test: lint
	$(PY) -m pytest

# Each tool prints path:LINE:COL for every problem (.github/matchers/lint.json turns them into annotations);
# configs: pyproject.toml (ruff, mypy), .pymarkdown.yml, .codespellrc + codespell-words.txt. mypy runs twice:
# tests/browser/conftest.py has the module name of tests/conftest.py.
lint: $(VENV)/.installed
	$(PY) scripts/check_lock.py
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/lint_markdown.py
	$(VENV)/bin/codespell --config .codespellrc
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy tests/browser/conftest.py

# Rewrites the "renders today" column of WRITING-REFERENCE.md's facts table from data/facts.yml. Not part
# of `make check` or `make test`: a fact's new value must never fail them. pre-commit runs it when
# data/facts.yml changes, and the pull request workflow says when the table is stale.
facts-table: $(VENV)/.installed
	$(PY) scripts/facts_table.py

# TITLE, SECTION (and optional KIND=howto|faq, DESCRIPTION, TAGS, SLUG) reach the script through the environment.
article: $(VENV)/.installed
	$(PY) scripts/new_article.py

# FROM and TO (PAGE and INSTEAD) reach the script through the environment, never a shell command line.
move: $(VENV)/.installed
	$(PY) scripts/move_page.py move

delete: $(VENV)/.installed
	$(PY) scripts/move_page.py delete

stale: $(VENV)/.installed
	$(PY) scripts/stale.py

# Builds BASE (a commit; default: the merge base with main) and the working tree, and reports what a reader
# would see differently; writes .cache/diff/report.md and .cache/diff/report.html (side by side, linking
# into the built preview .cache/diff/head/site). DIFF_ARGS passes more options (scripts/site_diff.py --help).
diff: $(VENV)/.installed
	$(PY) scripts/site_diff.py $${BASE:+--base="$$BASE"} $(DIFF_ARGS)

# From what a build read while rendering each page: every file:line that uses each fact, the pages it reaches,
# and the facts no page reads (FACT=support.phone for one fact or group).
fact-usage: $(VENV)/.installed
	$(PY) scripts/fact_usage.py $${FACT:+--fact="$$FACT"}

# The feedback service (feedback/README.md). Settings are HELPCENTER_FEEDBACK_* environment variables;
# by default the SQLite database .cache/feedback/feedback.db that `make serve` fills.
FEEDBACK := $(PY) -m feedback_service
FEEDBACK_REPORT_DIR ?= feedback-report
export FEEDBACK_REPORT_DIR SERVE_FLAGS
# Prints the report and writes CSV and JSON into $FEEDBACK_REPORT_DIR/. SINCE=YEAR-MONTH-DAY limits it;
# FEEDBACK_URL=https://... reads a deployed service instead (needs HELPCENTER_FEEDBACK_TOKEN).
feedback-report: $(VENV)/.installed
	$(FEEDBACK) report --out="$$FEEDBACK_REPORT_DIR" $${SINCE:+--since="$$SINCE"} $${FEEDBACK_URL:+--url="$$FEEDBACK_URL"}

# Comments and search queries older than HELPCENTER_FEEDBACK_KEEP_DAYS (or DAYS=N); MATCH=text deletes
# every comment or query containing the text instead (any case, any script), e.g. when a reader asks.
feedback-purge: $(VENV)/.installed
	$(FEEDBACK) purge $${DAYS:+--days="$$DAYS"} $${MATCH:+--containing="$$MATCH"}

# The service also migrates at start-up; run this before starting many workers on a new database.
feedback-migrate: $(VENV)/.installed
	$(FEEDBACK) migrate

# The service alone, as deployed (feedback/README.md, "Deployment", has the production command).
feedback-service: $(VENV)/.installed
	$(FEEDBACK) serve --port="$${FEEDBACK_PORT:-8001}"

# Never part of a build: the build only records external URLs (with their
# file:line:col) in the links report; this asks each one, politely and cached.
linkcheck-external: $(VENV)/.installed
	HELPCENTER_LINKS_REPORT=.cache/links/report.json $(MKDOCS) build --quiet --site-dir .cache/links/site
	$(PY) scripts/linkcheck_external.py .cache/links/report.json

# Performance figures (benchmarks/README.md); they print numbers, they never fail a build.
# Then the page cache: the preview's save -> reload and CI's cached build against a full one (serve_rebuild.py).
bench: $(VENV)/.installed
	$(PY) benchmarks/scale.py $(BENCH_ARGS)
	$(PY) benchmarks/serve_rebuild.py --sizes 200 2000 $(REBUILD_ARGS)

weight: $(VENV)/.installed
	$(PY) benchmarks/weight.py

lighthouse: $(VENV)/.installed
	$(PY) benchmarks/lighthouse.py

# The load benchmark starts the service with the tests' launcher (tests/feedback_server.py).
bench-feedback: $(VENV)/.installed
	$(PY) benchmarks/feedback_load.py $(BENCH_ARGS)

clean:
	rm -rf site .pytest_cache test-artifacts feedback-report
