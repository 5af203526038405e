"""The PDF edition: metadata, outline, links, page count, reproducibility."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess

import pytest
from support.paths import PDF_NAME
from support.paths import REPO as ROOT


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs TeX (installed by `make`)")
def test_pdf_is_reproducible(tmp_path):
    """Two builds with the same SOURCE_DATE_EPOCH give byte-identical PDFs."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1465257600")
    digests = []
    for run in ("a", "b"):
        build = tmp_path / run
        env["BUILDDIR"] = str(build)
        subprocess.run(
            ["bash", "postarchive/scripts/build.sh", "pdf"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        digests.append(hashlib.sha256((build / PDF_NAME).read_bytes()).hexdigest())
    assert digests[0] == digests[1]
