"""A crawl of the built site: every internal link and anchor resolves.

Each ``href``/``src`` of every HTML page under build/html that stays inside the
site must name a file that exists there, and each ``#fragment`` must be an
``id`` (or ``<a name>``) in the page it points to.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

LINKING = {
    "a": "href",
    "link": "href",
    "area": "href",
    "img": "src",
    "script": "src",
    "iframe": "src",
    "source": "src",
}
SKIPPED_DIRS = {"_static", "_sources", "_images"}


@lru_cache(maxsize=None)
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@lru_cache(maxsize=None)
def anchors(path: Path) -> frozenset[str]:
    soup = parse(path)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def html_pages(site: Path) -> list[Path]:
    return sorted(
        p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in SKIPPED_DIRS
    )


def internal_links(site: Path, page: Path):
    """(what the page says, target file, fragment) for every link inside the site."""
    soup = parse(page)
    base = page.parent
    for tag_name, attr in LINKING.items():
        for tag in soup.find_all(tag_name, attrs={attr: True}):
            raw = tag[attr].strip()
            parts = urlsplit(raw)
            if parts.scheme or parts.netloc or raw.startswith(("mailto:", "javascript:", "data:")):
                continue
            if not parts.path:
                target = page
            else:
                # a root-relative address (the 404 page's) is from the site's root: a
                # local build is served at "/" (notfound_urls_prefix)
                start = site if parts.path.startswith("/") else base
                joined = posixpath.normpath(
                    posixpath.join(start.as_posix(), unquote(parts.path).lstrip("/"))
                )
                target = Path(joined)
                if target.is_dir():
                    target = target / "index.html"
            yield raw, target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    broken = []
    site = site.resolve()
    for page in html_pages(site):
        name = page.relative_to(site).as_posix()
        for raw, target, fragment in internal_links(site, page):
            if not target.resolve().is_relative_to(site):
                broken.append(f"{name}: {raw} leaves the site")
            elif not target.is_file():
                broken.append(f"{name}: {raw} -> no such file")
            elif fragment and target.suffix == ".html" and fragment not in anchors(target):
                broken.append(f"{name}: {raw} -> no id {fragment!r} in {target.name}")
    return broken


def test_the_crawler_reports_breakage(tmp_path):
    """A missing page, a missing anchor and a link out of the site are all reported."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="sub/page.html#here">ok</a> <a href="#top">self</a> <p id="top"></p>'
        '<a href="missing.html">1</a> <a href="sub/page.html#nowhere">2</a>'
        '<a href="../outside.html">3</a> <a href="https://example.org/x">external</a>',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "page.html").write_text('<h1 id="here">x</h1>', encoding="utf-8")
    broken = broken_links(tmp_path)
    assert len(broken) == 3, broken
    assert any("missing.html" in b for b in broken)
    assert any("nowhere" in b for b in broken)
    assert any("leaves the site" in b for b in broken)


@pytest.mark.parametrize("fragment", ["", "#"])
def test_empty_fragments_are_not_anchors(tmp_path, fragment):
    (tmp_path / "index.html").write_text(f'<a href="{fragment}">logo</a>', encoding="utf-8")
    assert broken_links(tmp_path) == []
