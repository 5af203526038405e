"""Allowed but tricky content, in a real browser: a site whose posts hold
escaped markup, code that looks like script, allowed raw HTML and a remote
image builds, and no page of it runs anything, opens a dialog, breaks its
Content-Security-Policy or asks another site for anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.archivebuild import REPO, sphinx_build
from support.hostile import TRICKY_BUT_FINE

from .conftest import serve_site


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tricky")
    src = tmp / "docs"
    shutil.copytree(REPO / "docs", src)
    (src / "posts" / "tricky.md").write_text(
        TRICKY_BUT_FINE.replace("topics: [startups]", "topics: [startups]"), encoding="utf-8"
    )
    out = tmp / "build"
    result = sphinx_build(src, out, check=False, confdir=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "html"


@pytest.fixture(scope="module")
def tricky_reader(browser, tricky_site):
    with serve_site(browser, tricky_site) as reader:
        yield reader


def pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith("_")
    )


def test_no_page_runs_anything_or_breaks_its_policy(tricky_reader, tricky_site):
    for path in pages(tricky_site):
        tricky_reader.open(path, settle=True)
        tricky_reader.page.mouse.move(300, 300)  # hover handlers, if any were left
        assert tricky_reader.problems == [], path
    # nothing was asked of another site (the remote image is a link, not an <img>)
    others = [u for u in tricky_reader.requests if not u.startswith(tricky_reader.base_url)]
    assert others == []


def test_the_tricky_post_reads_as_written(tricky_reader):
    page = tricky_reader.open("posts/tricky.html")
    main = page.get_by_role("main")
    text = main.inner_text()
    assert "<script>alert(1)</script>" in text  # escaped markup and code are shown as text
    assert "Image not archived: A photo from the original blog" in text
    link = main.get_by_role("link", name="Image not archived: A photo from the original blog")
    assert link.get_attribute("href") == "https://example.org/photo.jpg"
    page.get_by_text("More", exact=True).click()  # <details> opens
    assert main.get_by_text("Hidden").is_visible()
