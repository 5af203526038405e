"""Atomic publish and reproducible builds, tested with the real `make`.

Each test works on a temporary copy of the repository (a git repository of
its own, committed at a fixed date), so the real build/ is never touched.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest
from support.paths import PDF_NAME, REPO
from support.projectcopy import copy_project
from support.scripts import script

VENV = (REPO / ".venv").resolve()
POST = "docs/posts/have-opensource-will-profit.md"
PDF = PDF_NAME


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the sources, committed on a fixed date."""
    return copy_project(tmp_path / "repo")


def make(project: Path, target: str, **env: str) -> subprocess.CompletedProcess:
    run_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"BUILDDIR", "SOURCE_DATE_EPOCH", "SPHINXOPTS", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    run_env.update(env)
    return subprocess.run(
        ["make", target, f"VENV={VENV}"],
        cwd=project,
        env=run_env,
        capture_output=True,
        text=True,
    )


def tree(root: Path) -> dict[str, str]:
    """Every file under *root* with the SHA-256 of its bytes (and every
    directory, so a missing empty directory counts too)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir():
            out[rel + "/"] = "dir"
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def edit(project: Path, old: str, new: str, file: str = POST) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKAGES = {
    # an error of the archive's checks
    "front-matter": (
        "date: 2016-06-07",
        "date: 7 June 2016",
        4,
        "ERROR",
        "date must be a day written YYYY-MM-DD, e.g. 2016-06-07, or the word "
        "unknown (then add date_note), not '7 June 2016' [archive.frontmatter]",
    ),
    # a warning of MyST's while reading, which Sphinx does not repeat for a
    # document it does not read again
    "unknown-directive": (
        "OSS is a business model",
        "```{nosuch}\n```\n\nOSS is a business model",
        None,
        "WARNING",  # None: the line where the text was
        "Unknown directive type: 'nosuch' [myst.directive_unknown]",
    ),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_failed_html_build_leaves_the_site_as_it_was(project, breakage):
    old, new, line, level, message = BREAKAGES[breakage]
    if line is None:
        text = (project / POST).read_text(encoding="utf-8")
        line = text[: text.index(old)].count("\n") + 1
    good = make(project, "html")
    assert good.returncode == 0, good.stdout + good.stderr
    build = project / "build"
    assert (build / "html" / "posts" / "have-opensource-will-profit.html").is_file()
    before = tree(build)

    edit(project, old, new)
    for attempt in (1, 2):  # the second build must not pass on a cached doctree
        bad = make(project, "html")
        assert bad.returncode != 0, f"build {attempt} passed:\n{bad.stdout}{bad.stderr}"
        found = re.findall(r"^(\S+):(\d+): (ERROR|WARNING): (.*)$", bad.stderr, re.M)
        assert [
            (Path(f).relative_to(project).as_posix(), int(n), lv, m) for f, n, lv, m in found
        ] == [(POST, line, level, message)]
        assert "published" not in bad.stdout
        assert tree(build) == before, f"build {attempt} changed build/"

    edit(project, new, old)
    edit(project, "OSS is a business model", "OSS is a business model (edited)")
    fixed = make(project, "html")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    page = build / "html" / "posts" / "have-opensource-will-profit.html"
    assert "OSS is a business model (edited)" in page.read_text(encoding="utf-8")
    assert not list(build.glob(".stage.*"))


def test_failed_pdf_leaves_site_and_pdf_as_they_were(project):
    """`make` (site and PDF): the site builds but LaTeX fails (an undefined
    command in the landing page's LaTeX), so neither is published; the message
    names the page and keeps LaTeX's log where it says it is."""
    good = make(project, "all")
    assert good.returncode == 0, good.stdout + good.stderr
    build = project / "build"
    assert (build / PDF).read_bytes().startswith(b"%PDF")
    assert (build / "html" / PDF).read_bytes() == (build / PDF).read_bytes()
    before = tree(build)

    edit(
        project, "\\part{Reference}", "\\part{Reference}\\archiveundefinedcommand", "docs/index.md"
    )
    bad = make(project, "all")
    assert bad.returncode != 0, bad.stdout + bad.stderr
    assert "build succeeded" in bad.stdout  # the HTML part did build...
    assert "published" not in bad.stdout
    assert re.search(r"^index: LaTeX error: Undefined control sequence", bad.stderr, re.M), (
        bad.stderr
    )
    kept = build / "pdf-failed.log"
    assert f"the LaTeX log is kept in {kept.relative_to(project)}" in bad.stderr
    assert "archiveundefinedcommand" in kept.read_text(encoding="utf-8", errors="replace")
    after = tree(build)
    after.pop("pdf-failed.log")
    assert after == before  # ...and was not published


def test_two_clean_builds_are_identical(project):
    """Two clean builds of the same sources, in different directories and with
    different hash seeds, give the same bytes; the date in the output is the
    date of the sources (the last commit), not of the build."""
    one = make(project, "html", BUILDDIR="build-one", PYTHONHASHSEED="1")
    two = make(project, "html", BUILDDIR="build-two", PYTHONHASHSEED="2")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    site_one, site_two = tree(project / "build-one" / "html"), tree(project / "build-two" / "html")
    assert len(site_one) > 20
    assert site_one == site_two, sorted(
        k for k in site_one.keys() | site_two.keys() if site_one.get(k) != site_two.get(k)
    )
    index = (project / "build-one" / "html" / "index.html").read_text(encoding="utf-8")
    assert "2020 the archive editors" in index


def test_swap_exchanges_whole_trees(tmp_path):
    publish = script("swap").publish
    new, target = tmp_path / "new", tmp_path / "target"
    new.mkdir(), target.mkdir()
    (new / "page.html").write_text("new")
    (target / "page.html").write_text("old")
    (target / "gone.html").write_text("old only")
    publish(str(new), str(target))
    assert tree(target) == {"page.html": hashlib.sha256(b"new").hexdigest()}
    assert (new / "page.html").read_text() == "old" and (new / "gone.html").exists()
    publish(str(tmp_path / "new"), str(tmp_path / "fresh"))  # no target yet: a rename
    assert (tmp_path / "fresh" / "gone.html").exists() and not new.exists()


def test_incremental_builds_publish_the_whole_site(project):
    """The second `make html` reuses the published doctree cache in a new
    staging directory: it must still write every page, generated topic
    pages included (their sources move with the cache), and an unchanged
    rebuild must publish the very same site."""
    first = make(project, "html")
    assert first.returncode == 0, first.stdout + first.stderr
    site = project / "build" / "html"
    before = tree(site)
    assert "topics/index.html" in before and "topics/containers.html" in before

    again = make(project, "html")
    assert again.returncode == 0, again.stdout + again.stderr
    assert tree(site) == before

    edit(project, "OSS is a business model", "OSS is a business model (edited)")
    edited = make(project, "html")
    assert edited.returncode == 0, edited.stdout + edited.stderr
    after = tree(site)
    assert set(after) == set(before)
    assert (
        after["posts/have-opensource-will-profit.html"]
        != before["posts/have-opensource-will-profit.html"]
    )


def test_clean_waits_for_a_running_build(project):
    """`make clean` during a build does not pull the site from under it: it
    waits for the build's lock, then removes the output."""
    import fcntl
    import time

    build = project / "build"
    (build / "html").mkdir(parents=True)
    with open(build / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a build is running
        clean = subprocess.Popen(
            ["make", "clean"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(2)
        assert clean.poll() is None, "make clean did not wait for the build"
        assert (build / "html").is_dir()
        fcntl.flock(lock, fcntl.LOCK_UN)  # the build ends
        _out, err = clean.communicate(timeout=60)
    assert clean.returncode == 0
    assert "waiting for it" in err
    assert not (build / "html").exists()


def test_latexpdf_is_the_pdf_target(project):
    """Sphinx's own messages say `make latexpdf`: it builds the PDF."""
    dry = subprocess.run(
        ["make", "-n", "latexpdf", "VENV=/nonexistent"], cwd=project, capture_output=True, text=True
    )
    assert "postarchive/scripts/build.sh pdf" in dry.stdout, dry.stdout + dry.stderr


def test_tex_reads_no_file_outside_the_build(project):
    """Even the landing page's reviewed raw LaTeX cannot read a file outside the
    build directory: the written .tex is checked before LaTeX runs (the
    tripwire of postarchive/latexsafe.py names the page and stops the build),
    and behind it TeX runs in paranoid mode in its sandbox."""
    edit(project, "\\part{Reference}", "\\part{Reference}\\input{/etc/hostname}", "docs/index.md")
    bad = make(project, "pdf")
    assert bad.returncode != 0
    output = bad.stdout + bad.stderr
    assert re.search(r"'\\\\input' reached the LaTeX file from the page index", output), output[
        -3000:
    ]
    assert not (project / "build" / PDF).exists()


def test_hostile_posts_publish_nothing(project):
    """A build with hostile posts fails, names them, and leaves the last good
    site as it was."""
    from support.hostile import hostile_post

    good = make(project, "html")
    assert good.returncode == 0, good.stdout + good.stderr
    before = tree(project / "build")
    for name in ("script", "comment-ended-early", "include", "md-javascript-link"):
        (project / "docs" / "posts" / f"hostile-{name}.md").write_text(
            hostile_post(name), encoding="utf-8"
        )
    bad = make(project, "html")
    assert bad.returncode != 0
    for name in ("script", "comment-ended-early", "include", "md-javascript-link"):
        assert re.search(rf"docs/posts/hostile-{name}\.md:\d+: ERROR", bad.stderr), name
    assert tree(project / "build") == before


def test_the_settings_block_names_everything(project):
    """Archiving another blog: its names, set once in conf.py's settings block,
    reach the site, the PDF's file name, title page and metadata."""
    conf = project / "conf.py"
    text = conf.read_text(encoding="utf-8")
    for old, new in [
        ('"title": "Agile in the Clouds"', '"title": "Notes & Queries"'),
        ('"author": "Rob Hirschfeld"', '"author": "Ada Example"'),
        (
            '"blog": "Rob Hirschfeld’s blog “Agile in the Clouds”"',
            '"blog": "Ada Example’s blog “Notes & Queries”"',
        ),
        (
            '"subjects": "open source business models, start-ups, OpenStack and containers"',
            '"subjects": "queries, notes and 100% of the rest"',
        ),
        ('"pdf_name": "agile-in-the-clouds.pdf"', '"pdf_name": "notes.pdf"'),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    conf.write_text(text, encoding="utf-8")
    result = make(project, "all")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    build = project / "build"
    landing = (build / "html" / "index.html").read_text(encoding="utf-8")
    assert "<title>Notes &amp; Queries" in landing
    assert (
        "from <strong>Ada Example’s blog “Notes &amp; Queries”</strong> on queries, notes "
        "and 100% of the rest."
    ) in landing
    assert (build / "notes.pdf").is_file() and (build / "html" / "notes.pdf").is_file()
    assert 'href="notes.pdf"' in landing
    info = subprocess.run(
        ["pdfinfo", str(build / "notes.pdf")], capture_output=True, text=True
    ).stdout
    assert re.search(r"^Title:\s+Notes & Queries$", info, re.M)
    assert re.search(r"^Author:\s+Ada Example$", info, re.M)
    assert "from Ada Example’s blog “Notes & Queries”" in info
    title_page = subprocess.run(
        ["pdftotext", "-l", "1", str(build / "notes.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Notes & Queries" in title_page and "Ada Example" in title_page
