"""The code's style is checked like its behaviour: ruff's pyflakes and import
order rules and its formatter (configured in pyproject.toml) find nothing."""

from __future__ import annotations

import subprocess
import sys

from support.archivebuild import REPO


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True
    )


def test_ruff_check_finds_nothing():
    result = ruff("check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout[-5000:]


def test_the_code_is_formatted():
    result = ruff("format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout[-5000:]
