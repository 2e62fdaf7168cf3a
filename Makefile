# tinhdoan — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every package, transitive ones too, pinned with its hashes; `make lock` writes both files.
LOCK := requirements.lock
BENCH_LOCK := requirements-bench.lock
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(wildcard $(LOCK)) | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup lock browser fonts axe demo test test-fast lint format schema messages messages-check bench clean

setup: $(STAMP) browser fonts axe

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Rewrites the lock files from pyproject.toml's pins, keeping the transitive versions they
# already hold where they still fit (`make lock LOCK_ARGS=--upgrade` takes the newest ones).
# pip-tools goes into the venv for this only: no part of the project needs it.
PIP_TOOLS ?= pip-tools==7.7.0
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
  --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q '$(PIP_TOOLS)'
	$(PIP_COMPILE) --extra test --output-file $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra test --extra bench --constraint $(LOCK) --output-file $(BENCH_LOCK) pyproject.toml

# Browser tests drive Debian's Chromium; install it when missing and allowed to.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Cài Chromium cho kiểm thử trình duyệt (apt-get)…"; \
	    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; \
	  else \
	    echo "!!! Không có /usr/bin/chromium và không cài được: các kiểm thử trình duyệt sẽ bị BỎ QUA."; \
	  fi; \
	fi

# The browser tests audit every page with axe-core (npm's package, pinned in package-lock.json);
# it goes to node_modules/ for the tests only and is never served by the app.
AXE := node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "!!! Không có npm: kiểm thử trợ năng (axe-core) trong kiểm thử trình duyệt sẽ bị BỎ QUA."; \
	fi

# PDF documents use Liberation Serif 2 (Times New Roman's metrics, every Vietnamese letter),
# from Debian's fonts-liberation2; install it when missing and allowed to.
LIBERATION := /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
fonts:
	@if [ ! -f $(LIBERATION) ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Cài phông Liberation Serif cho văn bản PDF (apt-get)…"; \
	    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-liberation2 >/dev/null; \
	  else \
	    echo "!!! Không có $(LIBERATION) và không cài được: PDF dùng phông Noto Serif, cắt ở lần đầu."; \
	  fi; \
	fi
	@$(BIN)/tinhdoan prepare-fonts

demo: setup
	$(BIN)/tinhdoan migrate --noinput -v0
	$(BIN)/tinhdoan loaddemo $(if $(DEMO_PASSWORD),--password $(DEMO_PASSWORD))
	@echo "Mở http://$(HOST):$(PORT)/ — dừng bằng Ctrl+C."
	$(BIN)/tinhdoan runserver $(HOST):$(PORT)

test: setup
	$(BIN)/pytest

test-fast: setup
	$(BIN)/pytest -m "not browser"

# ruff, the layers of the apps (import-linter: [tool.importlinter] in pyproject.toml)
# and migrations in step with the models.
lint: setup
	$(BIN)/ruff check src bench
	$(BIN)/lint-imports
	$(BIN)/tinhdoan makemigrations --check --dry-run

format: setup
	$(BIN)/ruff format src bench

schema: setup
	$(BIN)/tinhdoan export-openapi --output src/tinhdoan/api/openapi.json

# The project catalogue (src/tinhdoan/locale) holds the foundation apps; an
# app with a locale/ folder of its own keeps its strings there. Needs GNU gettext.
APP_CATALOGUES := $(patsubst src/tinhdoan/%/locale,%,$(wildcard src/tinhdoan/*/locale))
messages: setup
	cd src/tinhdoan && ../../$(BIN)/tinhdoan makemessages -l vi --no-location --no-obsolete \
	  -i "*/tests/*" -i "tests/*" $(foreach app,$(APP_CATALOGUES),-i "$(app)/*") >/dev/null
	@for app in $(APP_CATALOGUES); do \
	  (cd src/tinhdoan/$$app && ../../../$(BIN)/tinhdoan makemessages -l vi --no-location --no-obsolete -i "tests/*" >/dev/null); \
	done
	cd src/tinhdoan && ../../$(BIN)/tinhdoan compilemessages -l vi >/dev/null

bench: setup
	$(BIN)/python -m pip install -q --require-hashes -r $(BENCH_LOCK)
	$(BIN)/python bench/tree.py --units 20000
	$(BIN)/python bench/ingest_quality.py
	$(BIN)/python bench/ingest_speed.py

clean:
	rm -rf $(VENV) var build src/*.egg-info node_modules
