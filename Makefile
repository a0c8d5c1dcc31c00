# Kaopu: `make demo` runs the platform with demo data; `make test` runs the whole test suite.
# Both create .venv and install the locked dependencies themselves (python3 3.11+ and make only).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint install messages bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Kaopu needs Python 3.11 or newer")'
	@$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: on Debian/Ubuntu install python3-venv"; exit 1; }

$(STAMP): $(BIN)/python requirements/dev.lock pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kaopu demo

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

# Regenerate the translation catalogues (needs GNU gettext) and compile them.
messages: $(STAMP)
	cd src/kaopu && ../../$(BIN)/kaopu makemessages -l zh_Hans --no-obsolete
	$(BIN)/python -m kaopu.core.compilemessages

bench: $(STAMP)
	bench/run.sh

clean:
	rm -rf $(VENV) var
