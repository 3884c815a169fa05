"""How the benchmarks run (import it before numpy or newsbot): two OpenMP threads that sleep while
waiting and one BLAS thread, as `make` sets them, no Chroma telemetry, and the repository importable."""

import os
import sys
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
