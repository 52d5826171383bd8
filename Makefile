# The two quick-start commands: `make run` and `make test`. Each sets up what it needs and is
# safe to run again (set-up steps re-run only when their inputs change).

VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: run test setup setup-test system-packages lint bench

run: setup
	$(BIN)/glimpse serve

test: setup-test system-packages
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/ruff format --check app tests benchmarks
	$(BIN)/pytest

setup: $(VENV)/.installed node_modules/.installed
setup-test: $(VENV)/.installed-test node_modules/.installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# htmx (served from our own origin), axe-core, html-validate and DAISY Ace (used by the tests),
# pinned by package-lock.json and installed from the npm registry. Ace drives puppeteer, which
# must not download a browser of its own: the tests point it at Debian's Chromium.
node_modules/.installed: package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

# System packages the tests drive: Chromium (browser tests), nginx (serving the export and the
# reverse-proxy recipe), a Java runtime (EPUBCheck). Installed when missing (needs root, as in CI).
system-packages:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y $$missing; \
	  else echo "The tests need Debian packages:$$missing (sudo apt-get install -y$$missing)"; exit 1; fi; \
	fi

bench: setup-test
	$(BIN)/python benchmarks/pages.py
	$(BIN)/python benchmarks/images.py
	$(BIN)/python benchmarks/narration.py
