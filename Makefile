# newsbot — `make run` to try it, `make test` to check it. Everything lives in .venv.
VENV    := .venv
PYTHON  := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-stamp
# Two OpenMP threads that sleep while they wait: as fast as spinning threads on an idle machine, and
# no stalls when the machine (or USE, embedding beside e5) is busy — measured in bench/README.md.
THREADS := OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false

.PHONY: install run lint test bench clean

install: $(STAMP)

# torch is pinned first: the CPU build (an unpinned torch pulls a multi-GB CUDA build).
$(STAMP): pyproject.toml
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	@$(PYTHON) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PYTHON) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	@$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

run: install
	@$(THREADS) $(VENV)/bin/newsbot run

lint: install
	@$(VENV)/bin/ruff check --quiet .

test: lint
	@$(THREADS) HF_HUB_OFFLINE=1 $(VENV)/bin/pytest

bench: install
	@$(THREADS) HF_HUB_OFFLINE=1 $(PYTHON) bench/run_all.py

clean:
	rm -rf $(VENV) .newsbot .pytest_cache *.egg-info
