# The course's vocabulary: make lab, make test, make notebooks, make bench, make lint,
# make slides (the instructor's static HTML).
# Everything installs into .venv from this file and pyproject.toml; only Python 3.11+ is needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# uv when it is on the PATH (a served JupyterLab in seconds), pip otherwise; both install
# the versions pinned in constraints.txt, so either way gives the same environment.
UV := $(shell command -v uv 2>/dev/null)
CONSTRAINTS := constraints.txt
INSTALL := $(if $(UV),$(UV) pip install --quiet --python $(PY),$(PY) -m pip install --quiet) \
	-c $(CONSTRAINTS)
# Tests run on every core; --dist loadfile keeps a file (a notebook's cells, a module's
# fixtures) on one worker. XDIST= make test runs them in one process.
XDIST ?= -n auto --dist loadfile
# The browser suite: each worker runs its own JupyterLab and Chromium, a notebook's tests
# stay together (loadgroup); two workers, as each also drives a kernel.
XDIST_BROWSER ?= $(if $(XDIST),-n 2 --dist loadgroup,)
PORT ?= 8888
# NO_BROWSER=1 make lab: serve without opening a browser (headless machines, CI).
NO_BROWSER ?=
LAB_FLAGS := --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) $(if $(NO_BROWSER),--no-browser,)
# The CPU build of PyTorch, where this machine keeps one on disk: used only by the
# differential tests (the suite passes without it).
TORCH_WHEEL := $(firstword $(wildcard /opt/wheels/torch-2.13.0*cpu*.whl))

# Test runs record exercise progress in a throw-away file, never the learner's own.
test test-unit test-notebooks test-browser: export COURSEKIT_PROGRESS = $(or $(TMPDIR),/tmp)/coursekit-test-progress.json

.PHONY: lab test test-unit test-notebooks test-browser notebooks execute bench bench-ui slides \
	lint format clean constraints

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(if $(UV),$(UV) venv --quiet --python $(PYTHON) $(VENV),$(PYTHON) -m venv $(VENV))

$(VENV)/.installed: $(PY) pyproject.toml $(CONSTRAINTS)
	$(INSTALL) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(INSTALL) -e '.[test,instructor]'
	$(if $(TORCH_WHEEL),$(INSTALL) "$(TORCH_WHEEL)",@echo "No local PyTorch wheel: differential tests against PyTorch will be skipped")
	touch $@

lab: $(VENV)/.installed
	cd notebooks && ../$(BIN)/jupyter lab $(LAB_FLAGS) $(if $(filter 0,$(shell id -u)),--allow-root,) 00_start_here.ipynb

test: $(VENV)/.installed-test test-unit test-notebooks test-browser

# Unit, property and doctests, tests/test_nbgrader*.py (a class released, submitted and
# autograded with nbgrader) and tests/test_learner_notebooks.py (every learners' copy run
# unanswered: no error, no answer in sight). The longest files are named first so that the
# workers start them at once instead of finishing with them.
test-unit: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m pytest -q $(XDIST) tests/test_nbgrader.py tests/test_learner_notebooks.py \
		tests/test_nbgrader_release.py \
		tests coursekit tools --ignore=tests/browser

# The solved copies under nbval, strict: every text output compared. They start from an
# empty progress file, as a learner's first run does: cells that wait for an accepted check
# (solved(...)) must not see parts the unit tests accepted. The learners' copies run in
# test-unit (tests/test_learner_notebooks.py: no error, no answer in sight) and in the browser.
test-notebooks: $(VENV)/.installed-test
	COURSEKIT_PROGRESS=$$(mktemp -d)/progress.json \
		$(PY) -m pytest -q $(XDIST) -p no:randomly --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg solutions

# The course in JupyterLab in headless Chromium (/usr/bin/chromium; .ci/run installs it):
# Run All in every notebook, every widget control moved. Skipped without Chromium, except in CI.
# axe-core (the accessibility test's engine) from the npm registry, pinned by
# tests/browser/package-lock.json; skipped here without npm (the test then says why).
AXE := tests/browser/node_modules/.installed
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund --prefix tests/browser \
		&& touch $@; else echo "npm not found: the accessibility test cannot install axe-core"; fi

test-browser: $(VENV)/.installed-test $(AXE)
	$(PY) -m pytest -q -rs -p no:randomly $(XDIST_BROWSER) tests/browser

notebooks: $(VENV)/.installed
	$(PY) -m tools.notebook_build

execute: $(VENV)/.installed
	$(PY) -m tools.notebook_build --execute '$(NB)'

bench: $(VENV)/.installed-test
	$(PY) benchmarks/bench_pooling.py
	$(PY) benchmarks/bench_widgets.py

# The learner's wait: slider key press to updated output in the browser, median and worst.
bench-ui: $(VENV)/.installed-test
	$(PY) benchmarks/bench_ui.py

# The solved notebooks as static HTML (outputs kept) in site/, for projecting where no kernel runs.
slides: $(VENV)/.installed-test
	$(PY) -m tools.static_site --out site

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check coursekit tools tests benchmarks

format: $(VENV)/.installed-test
	$(PY) -m ruff format coursekit tools tests benchmarks
	$(PY) -m ruff check --fix .

# After changing pyproject.toml: re-pin what a fresh `make test` installed.
constraints: $(VENV)/.installed-test
	{ sed -n '1,2p' $(CONSTRAINTS); \
		$(if $(UV),$(UV) pip freeze --python $(PY),$(PY) -m pip freeze) --exclude-editable \
		| grep -v ' @ '; } \
		> $(CONSTRAINTS).new && mv $(CONSTRAINTS).new $(CONSTRAINTS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
