# 安全生产月 site. Two commands do everything on a fresh Debian machine:
#   make serve   set up, import sources/, build and serve at http://127.0.0.1:8000
#   make test    set up (including Chromium and a CJK font when run as root) and run all tests
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NPM_STAMP := node_modules/.installed-stamp
export NO_MKDOCS_2_WARNING := 1
export PYTHONWARNINGS := ignore::DeprecationWarning

.PHONY: help venv npm system-deps import build serve serve-site test clean

help:
	@echo "make serve   set up, import sources/, build and serve at http://127.0.0.1:8000"
	@echo "make test    set up and run the whole test suite"
	@echo "make build   set up, import and build the site into site/"
	@echo "make serve-site  build, then serve the complete site/ (with search) at http://127.0.0.1:8000"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || bash scripts/bootstrap-venv.sh $(PYTHON) $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

venv: $(STAMP)

# npm tools used by tests (axe-core, ...): exact versions from package-lock.json.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

npm: $(NPM_STAMP)

# Debian packages the browser tests need (Chromium, a CJK font). Installs only when missing
# and only as root; set SKIP_SYSTEM_DEPS=1 to skip.
system-deps:
	@bash scripts/system-deps.sh

import: venv
	$(BIN)/safety-month import sources/

# Inside build and serve the import prints one line per changed source (the full report:
# `make import`), so the build's own errors are not buried under it.
build: venv
	$(BIN)/safety-month import --brief sources/
	$(BIN)/mkdocs build --strict

# Live preview for editing: mkdocs serve with mkdocs.preview.yml, which rebuilds only what a
# save changed (no search box there: search is built by `make build`; `make serve-site` serves
# that full site). No strict build first: the preview must start while pages have errors, which
# is when an editor needs it; it lists them in the terminal and shows each in a red box on its
# page. `make build` stays strict.
serve: venv
	$(BIN)/safety-month import --brief sources/
	$(BIN)/mkdocs serve -f mkdocs.preview.yml -a 127.0.0.1:8000

# The complete built site/ (search included) exactly as deployed, on 127.0.0.1:8000.
serve-site: build
	$(BIN)/python -m safety_month.publish.serve --directory site --bind 127.0.0.1 --port 8000

test: system-deps venv npm
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

clean:
	rm -rf site .pytest_cache

.PHONY: offline lighthouse

# The offline edition: dist/anquan-offline.zip; unzipped, index.html opens from disk (file://)
# with navigation and search working and no request to any host.
offline: import npm
	$(BIN)/python scripts/make_offline.py --out dist/anquan-offline.zip

# Lighthouse scores (a benchmark, not a test) of the home page, a 五进 page and a speech,
# mobile and desktop, served by nginx with deploy/nginx/.
lighthouse: import npm
	$(BIN)/python scripts/devtools/lighthouse.py
