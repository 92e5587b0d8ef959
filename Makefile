# Two commands for a newcomer: `make serve` and `make test`. Everything else is for maintainers.

VENV    := .venv
PYTHON  := $(VENV)/bin/python
MKDOCS  := $(PYTHON) -m mkdocs
SYSTEM  := scripts/ensure-system-packages
BENCH   := bench/work

# Material prints an end-of-life banner about MkDocs 2.0 on every build: noise, not a warning to fix.
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Debian/Ubuntu packages: WeasyPrint's text stack for the PDFs, then what the tests drive and inspect.
SITE_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation
TEST_PACKAGES := chromium qpdf poppler-utils zbar-tools libzbar0 libreoffice-impress

.PHONY: serve site test lint clean bench

## serve: install into .venv, build with every download, and serve with live reload at http://127.0.0.1:8000
##        (every language: the others at /es/, /ar/ ..., rebuilt after each change; hooks/languages.py)
serve: $(VENV)/.site-deps
	$(MKDOCS) serve --strict --dev-addr 127.0.0.1:8000

## site: build every language into site/ (the default) and site/<code>/ (strict: any warning fails the build)
site: $(VENV)/.site-deps
	$(MKDOCS) build --strict --clean --site-dir site
	$(PYTHON) scripts/build-languages site

## test: install what the tests need (system packages too, as root on Debian), lint, then run every test
# Nothing written into the checkout (no bytecode, no pytest cache): CI runs this as root before `make site` as a user.
test: $(VENV)/.test-deps
	$(PYTHON) -m ruff check --no-cache hooks tests scripts bench
	PYTHONDONTWRITEBYTECODE=1 $(PYTHON) -m pytest -p no:cacheprovider --numprocesses auto

## lint: check the Python code style only
lint: $(VENV)/.test-deps
	$(PYTHON) -m ruff check hooks tests scripts bench

## bench: time builds and PDFs against mkdocs-with-pdf, weigh pages, run Lighthouse; appends to BENCHMARKS.md
bench: $(VENV)/.test-deps $(BENCH)/with-pdf-venv/.deps $(BENCH)/node_modules/.bin/lighthouse
	$(PYTHON) bench/run.py

## clean: remove build output (keeps .venv)
clean:
	rm -rf site .cache .pytest_cache bench/work

$(VENV)/.site-deps: pyproject.toml constraints.txt
	@$(SYSTEM) $(SITE_PACKAGES)
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade "pip==25.3"
	$(PYTHON) -m pip install --quiet --constraint constraints.txt .
	touch $@

# The bench's throwaway virtualenv: the project's pins plus mkdocs-with-pdf, which is never a project dependency.
$(BENCH)/with-pdf-venv/.deps: pyproject.toml constraints.txt bench/requirements-with-pdf.txt
	test -x $(BENCH)/with-pdf-venv/bin/python || python3 -m venv $(BENCH)/with-pdf-venv
	$(BENCH)/with-pdf-venv/bin/python -m pip install --quiet --upgrade "pip==25.3"
	$(BENCH)/with-pdf-venv/bin/python -m pip install --quiet --constraint constraints.txt . -r bench/requirements-with-pdf.txt
	touch $@

# Lighthouse from npm, beside the bench; if it cannot be installed the bench says so and measures the rest.
$(BENCH)/node_modules/.bin/lighthouse:
	npm install --prefix $(BENCH) --no-audit --no-fund --loglevel=error lighthouse@12 \
		|| echo "Lighthouse could not be installed: the bench will report it as not measured." >&2

$(VENV)/.test-deps: $(VENV)/.site-deps
	@$(SYSTEM) $(TEST_PACKAGES)
	$(PYTHON) -m pip install --quiet --constraint constraints.txt ".[test]"
	touch $@
