# newsbot — `make run` to try it, `make test` to check it. Everything lives in .venv.
VENV    := .venv
PYTHON  := $(VENV)/bin/python
PIP     := $(PYTHON) -m pip --disable-pip-version-check
STAMP   := $(VENV)/.installed-stamp
DEV     := $(VENV)/.installed-dev-stamp
# Two OpenMP threads that sleep while they wait: as fast as spinning threads on an idle machine, and
# no stalls when the machine (or USE, embedding beside e5) is busy — measured in bench/README.md.
THREADS := OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false
# pip's progress, one line per package fetched or installed; an error stops the step (pipefail).
SHELL   := /bin/bash
.SHELLFLAGS := -o pipefail -c
SHOW    := { grep --line-buffered -E '^(Collecting|Installing collected|Successfully installed|ERROR)' || true; }
# Where torch comes from. On a stock machine PyPI's torch is the CUDA build (gigabytes more):
# make test TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_INDEX ?=

.PHONY: install install-dev run lint test bench clean

# What running needs: no torch, no test tools.
install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PYTHON) || { echo "newsbot: creating .venv"; python3 -m venv $(VENV); }
	@echo "newsbot: installing what running needs into .venv (about a minute the first time)…"
	@$(PIP) install --upgrade pip 2>&1 | $(SHOW)
	@$(PIP) install -e . 2>&1 | $(SHOW)
	@touch $@
	@echo "newsbot: installed ($$(du -sh $(VENV) | cut -f1) in .venv)"

# The tests also need the sentence-transformers path (torch, pinned: the CPU build) and the test tools.
install-dev: $(DEV)

$(DEV): $(STAMP)
	@echo "newsbot: installing torch 2.13.0 (CPU) and the test tools (a few minutes the first time)…"
	@$(PIP) install torch==2.13.0 $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) 2>&1 | $(SHOW)
	@$(PIP) install -e '.[dev]' 2>&1 | $(SHOW)
	@touch $@
	@echo "newsbot: test tools installed ($$(du -sh $(VENV) | cut -f1) in .venv)"

run: install
	@$(THREADS) $(VENV)/bin/newsbot run

lint: install-dev
	@$(VENV)/bin/ruff check --quiet .

test: lint
	@$(THREADS) HF_HUB_OFFLINE=1 $(VENV)/bin/pytest

bench: install-dev
	@$(THREADS) HF_HUB_OFFLINE=1 $(PYTHON) bench/run_all.py

clean:
	rm -rf $(VENV) .newsbot .pytest_cache *.egg-info
