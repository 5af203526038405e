"""A quick run of the search benchmark (tools/bench_search.py) on 10 generated
posts: the corpus builds, chromium finds results for every query, the figures
and the sizes come out. The measurement at 1,000 posts is not a test."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from support.paths import REPO

ROOT = REPO


def test_quick_run_measures_and_reports(tmp_path):
    out = tmp_path / "figures.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "bench_search.py"),
            "--posts",
            "10",
            "--repeat",
            "1",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "query → first result (median)" in proc.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["posts"] == 10
    names = set(figures["sizes"])
    assert {"searchindex.js", "archive-searchdata.js"} <= names
    # the text of the posts in further parts: by year, one for the undated, one for pages
    (parts,) = names - {"searchindex.js", "archive-searchdata.js"}
    assert re.fullmatch(r"\d+ further parts \(archive-searchdata-\*\.js\)", parts), parts
    assert 0 < figures["first_ms"] <= figures["done_ms"] <= figures["painted_ms"]
    assert all(q["results"] > 0 for q in figures["per_query"].values())
