"""tools/bench_import.py runs (a 20-post export) and prints time and peak memory."""

from __future__ import annotations

import re
import subprocess
import sys

from support.archivebuild import REPO
from support.scripts import tool


def test_bench_import_smoke():
    result = subprocess.run(
        [sys.executable, "tools/bench_import.py", "--posts", "20"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert re.match(
        r"import of 20 posts \([\d.]+ MB export, 20 files written\): [\d.]+ s, "
        r"peak memory \(RSS\) \d+ MiB",
        result.stdout,
    )
    assert "Imported 20 posts" in result.stdout


def test_bench_export_is_deterministic():
    export = tool("bench_import").export

    assert "".join(export(30)) == "".join(export(30))
