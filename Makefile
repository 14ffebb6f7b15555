# curator — the two README commands are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup setup-system demo test lint format bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0   # the CPU build (see docs/stack.md); anything else pulls CUDA
	$(BIN)/pip install -q -e '.[full,dev]'
	touch $(STAMP)

# Debian packages the browser tests need (chromium for Playwright). Root on our machines and CI.
setup-system:
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install chromium"; fi; \
	fi

demo: setup
	bash scripts/demo.sh

test: setup setup-system
	bash scripts/test.sh

lint: setup
	$(BIN)/ruff check curator apps tests scripts
	$(BIN)/ruff format --check curator apps tests scripts

format: setup
	$(BIN)/ruff format curator apps tests scripts
	$(BIN)/ruff check --fix curator apps tests scripts

bench: setup
	$(BIN)/python -m tests.benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis bench-results test-artifacts
