"""The archive as an installable tool: ``pip install`` of this checkout gives the
``postarchive`` command, which creates an archive of another blog from its
feed and builds it, with nothing of this edition in it.

The package is installed (not linked) into a fresh virtual environment, so
what is tested is what a wheel carries: the modules, the templates of a new
archive, the build scripts, the static files and the LaTeX guard. Its
dependencies (Sphinx and the rest, pinned in requirements.txt) are taken from
the project's environment rather than downloaded again.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.archivebuild import REPO

FEED = REPO / "tests" / "importdata" / "feed.atom.xml"
EDITION = ("Agile in the Clouds", "Rob Hirschfeld", "robhirschfeld")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / "bin"
    subprocess.run(
        [
            str(bindir / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            str(REPO),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return bindir


def run(bindir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    deps = os.pathsep.join(site.getsitepackages())  # Sphinx & co. from this environment
    env = {**os.environ, "PYTHONPATH": deps, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        [str(bindir / "postarchive"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_the_command_is_installed_from_the_package(installed, tmp_path):
    out = run(installed, "--version", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.startswith("postarchive ")
    where = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "import postarchive, pathlib; print(pathlib.Path(postarchive.__file__).parent)",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    package = Path(where)
    assert not package.is_relative_to(REPO), "the test must use the installed copy"
    for data in (
        "scripts/build.sh",
        "scripts/latex-sandbox.sh",
        "latex/archive-luaguard.lua",
        "static/archive.css",
        "templates/archive-sidebar-nav.html",
    ):
        assert (package / data).is_file(), data
    assert any((package / "templates" / "new").iterdir())


def test_new_then_build_gives_an_archive_of_that_blog(installed, tmp_path):
    made = run(installed, "new", "blog", "--from", str(FEED), cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    built = run(installed, "build", "--html", cwd=tmp_path / "blog")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    html = tmp_path / "blog" / "build" / "html"
    posts = sorted((html / "posts").glob("*.html"))
    sources = sorted((tmp_path / "blog" / "docs" / "posts").glob("*.md"))
    assert posts and len(posts) == len(sources)
    landing = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "html.parser")
    feed_title = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, feedparser; print(feedparser.parse(sys.argv[1]).feed.title)",
            str(FEED),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert landing.title.get_text().startswith(feed_title)
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not [name for name in EDITION if name in text], page
