# Two commands for a newcomer: `make serve` and `make test`. Everything else is for maintainers.

VENV    := .venv
PYTHON  := $(VENV)/bin/python
MKDOCS  := $(PYTHON) -m mkdocs
SYSTEM  := scripts/ensure-system-packages

# Material prints an end-of-life banner about MkDocs 2.0 on every build: noise, not a warning to fix.
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Debian/Ubuntu packages: WeasyPrint's text stack for the PDFs, then what the tests drive and inspect.
SITE_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation
TEST_PACKAGES := chromium qpdf poppler-utils zbar-tools libzbar0 libreoffice-impress

.PHONY: serve site test lint clean bench

## serve: install into .venv, build with every download, and serve with live reload at http://127.0.0.1:8000
serve: $(VENV)/.site-deps
	$(MKDOCS) serve --strict --dev-addr 127.0.0.1:8000

## site: build the site into site/ (strict: any warning fails the build)
site: $(VENV)/.site-deps
	$(MKDOCS) build --strict --clean --site-dir site

## test: install what the tests need (system packages too, as root on Debian), lint, then run every test
test: $(VENV)/.test-deps
	$(PYTHON) -m ruff check hooks tests scripts
	$(PYTHON) -m pytest

## lint: check the Python code style only
lint: $(VENV)/.test-deps
	$(PYTHON) -m ruff check hooks tests scripts

## clean: remove build output (keeps .venv)
clean:
	rm -rf site .cache .pytest_cache bench/work

$(VENV)/.site-deps: pyproject.toml
	@$(SYSTEM) $(SITE_PACKAGES)
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade "pip==25.3"
	$(PYTHON) -m pip install --quiet .
	touch $@

$(VENV)/.test-deps: $(VENV)/.site-deps
	@$(SYSTEM) $(TEST_PACKAGES)
	$(PYTHON) -m pip install --quiet ".[test]"
	touch $@
