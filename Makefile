# Two commands for a fresh Debian/Ubuntu machine: `make demo` and `make test`.
# Both create .venv and install the pinned lock. System packages are installed when run as root,
# otherwise the exact apt line is printed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Qt's runtime libraries (the xcb ones for a window on an X display), CJK fonts for receipts
# and screenshots, Chromium for the dashboard browser test, PostgreSQL server binaries for the
# HQ suite on PostgreSQL.
APT_PACKAGES := libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 \
	libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
	libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 \
	fonts-noto-cjk chromium postgresql

.PHONY: demo test bench lint translations system-deps hq till clean

$(STAMP): requirements/lock.txt pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(PYTHON) -c 'import ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages. Run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

translations: $(STAMP)
	$(BIN)/python -m pos_app.i18n_build

test: $(STAMP) translations
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks.bench

demo: $(STAMP) translations
	$(BIN)/python -m pos_app.demo

hq: $(STAMP)
	$(BIN)/pos-hq serve

clean:
	rm -rf $(VENV) .demo .bench
