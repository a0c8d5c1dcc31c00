# Kaopu: `make demo` runs the platform with demo data; `make test` runs the whole test suite.
# Both create .venv and install the locked dependencies themselves (python3 3.11+ and make only).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-any-day lint install messages bench clean

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

# `make test ON_DAY=2028-02-29T02:00:00` (CI's SQLite run): the same suite, with every test that does not
# drive the browser run on that moment (UTC) under Debian's faketime, as in test-any-day, and the browser
# tests on the real clock (Chromium under libfaketime is not what a user runs).
test: $(STAMP)
	$(BIN)/ruff check src tests bench
ifeq ($(ON_DAY),)
	$(BIN)/pytest -n 2 --dist loadfile
else
	@command -v faketime >/dev/null || { echo "make test ON_DAY=… needs faketime (apt-get install faketime)"; exit 1; }
	@echo "== the suite without the browser tests on $(ON_DAY) UTC"
	HYPOTHESIS_PROFILE=any-day TZ=UTC faketime "$$(echo $(ON_DAY) | tr T ' ')" \
	  $(BIN)/pytest -n 2 --dist loadfile -q -m "not browser" --ignore=tests/e2e
	@echo "== the browser tests on the real clock"
	$(BIN)/pytest -n 2 --dist loadfile -q -m browser tests/e2e
endif

# The suite (browser tests excluded) on other days than today: libfaketime (Debian's faketime) shifts
# the whole process's clock; property-based tests try fewer inputs (src/conftest.py). A leap day in a year
# the holiday library does not know, and the first minutes of a new year in Shanghai while it is still
# 31 December in UTC, both far from today. (Leaving
# the monotonic clock real, DONT_FAKE_MONOTONIC, broke time.sleep in subprocess waits: EINVAL.)
ANY_DAYS ?= 2028-02-29T02:00:00 2031-12-31T16:10:00
test-any-day: $(STAMP)
	@command -v faketime >/dev/null || { echo "test-any-day needs faketime (apt-get install faketime)"; exit 1; }
	@for moment in $(ANY_DAYS); do \
	  echo "== the suite on $$moment UTC"; \
	  HYPOTHESIS_PROFILE=any-day TZ=UTC faketime "$$(echo $$moment | tr T ' ')" \
	    $(BIN)/pytest -n 2 --dist loadfile -q -m "not browser" \
	    --ignore=tests/e2e || exit 1; \
	done

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
