# newsbot — `make run` to try it, `make test` to check it. Everything lives in .venv.
VENV    := .venv
PYTHON  := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-stamp
# One native thread per model: e5 and USE then embed side by side on the 2 cores, and a busy
# machine does not stall OpenMP (bench/fusion_study.md, timing section).
THREADS := OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false

.PHONY: install run test bench clean

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

test: install
	@$(THREADS) HF_HUB_OFFLINE=1 $(VENV)/bin/pytest

bench: install
	@$(THREADS) HF_HUB_OFFLINE=1 $(PYTHON) bench/run_all.py

clean:
	rm -rf $(VENV) .newsbot .pytest_cache *.egg-info
