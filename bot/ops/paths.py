"""Where newsbot's ``.env`` and relative paths are anchored, so they mean the same wherever it starts.

The rule (docs/operations.md): ``NEWSBOT_HOME`` when set; else the checkout newsbot runs from
(``make install`` installs it in place, so ``.venv/bin/newsbot`` started anywhere finds the
checkout's ``.env``, ``seeds/`` and ``.newsbot/``); else, for a packaged install, the current directory.
"""

from __future__ import annotations

import os
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]  # bot/ops/paths.py → the checkout


def home() -> Path:
    if os.environ.get("NEWSBOT_HOME"):
        return Path(os.environ["NEWSBOT_HOME"]).expanduser().resolve()
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "bot").is_dir():
        return _CHECKOUT
    return Path.cwd()
