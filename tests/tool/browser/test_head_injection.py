"""A page cannot write into its own <head>: a ``meta`` refresh in a post
(``{eval-rst}`` with ``.. meta::``, which Sphinx puts into the page's head)
is refused, and the page written anyway does not send the reader elsewhere.
The control shows that this browser does follow a refresh when one is there."""

from __future__ import annotations

import shutil

import pytest
from support.archivebuild import REPO, sphinx_build
from support.hostile import HEAD, HEADER

from .conftest import serve_site

ELSEWHERE = "elsewhere.html"


@pytest.fixture(scope="module")
def head_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("head")
    src = tmp / "docs"
    shutil.copytree(REPO / "docs", src)
    refresh = HEAD["eval-rst-meta-refresh"].replace("https://evil.example/", f"/{ELSEWHERE}")
    (src / "posts" / "meta-refresh.md").write_text(
        HEADER.format(title="A refresh") + refresh + "\n", encoding="utf-8"
    )
    out = tmp / "build"
    result = sphinx_build(src, out, check=False, confdir=REPO)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "meta-refresh.md:" in output, output[-2000:]
    site = out / "html"
    (site / ELSEWHERE).write_text("<!doctype html><title>Elsewhere</title>", encoding="utf-8")
    (site / "control.html").write_text(
        f'<!doctype html><meta http-equiv="refresh" content="0;url=/{ELSEWHERE}"><title>c</title>',
        encoding="utf-8",
    )
    return site


@pytest.fixture(scope="module")
def head_reader(browser, head_site):
    with serve_site(browser, head_site) as reader:
        yield reader


def test_the_browser_follows_a_refresh_when_there_is_one(head_reader):
    page = head_reader.open("control.html")
    page.wait_for_url(f"**/{ELSEWHERE}", timeout=5000)


def test_a_post_with_a_meta_refresh_keeps_its_reader(head_reader):
    page = head_reader.open("posts/meta-refresh.html")
    page.wait_for_timeout(1500)
    assert page.url.endswith("posts/meta-refresh.html")
    assert page.locator("meta[http-equiv=refresh i]").count() == 0
    assert page.get_by_role("heading", name="A refresh").is_visible()
