"""Run the real ``newsbot`` console script in a subprocess, as users and outside checks do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NEWSBOT = str(Path(sys.executable).parent / "newsbot")


def newsbot(*args: str, env: dict[str, str], stdin: str | None = None, timeout: float = 300,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NEWSBOT, *args], input=stdin, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **env}, cwd=cwd,
    )


def assert_clean_failure(result: subprocess.CompletedProcess, reason: str) -> None:
    """Non-zero exit, one readable line on stderr naming the reason, no traceback."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert reason in lines[0]
