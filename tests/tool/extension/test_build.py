"""The real archive builds clean under -nW --keep-going (warnings are errors)."""

from __future__ import annotations

import subprocess
import sys

from support.paths import REPO as ROOT


def test_html_build_is_clean(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            str(ROOT),
            "-nW",
            "--keep-going",
            "-d",
            str(tmp_path / "doctrees"),
            str(ROOT / "docs"),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    assert "build succeeded" in result.stdout
    assert (tmp_path / "html" / "index.html").is_file()
