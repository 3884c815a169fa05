"""The ``newsbot`` console script's historical entry point (``bot.cli:main``), kept for code and
scripts outside the repo that start newsbot this way; the CLI lives in :mod:`bot.adapters.cli`."""

from bot.adapters.cli import app, main

__all__ = ["app", "main"]
