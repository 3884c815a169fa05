"""Operations that know nothing of answers: logging, metrics, health, tracing, step timings,
failures of the machine, progress, where files live. Imports only ``index/``."""
