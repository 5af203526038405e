"""An SVG from a blog's uploads, opened directly on the site's origin, runs
nothing: the importer rewrites it (postarchive/importer/svg.py) before it is
copied. The control: the same file as uploaded does run in this browser."""

from __future__ import annotations

import pytest

from postarchive.importer.svg import sanitize

from .conftest import serve_site

HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="40" height="40" onload="document.title='onload ran'">
  <script>document.title = 'script ran'; alert(1)</script>
  <rect width="40" height="40" fill="teal"/>
  <a xlink:href="javascript:document.title='link ran'"><circle r="5" cx="20" cy="20"/></a>
  <foreignObject width="40" height="40"><body xmlns="http://www.w3.org/1999/xhtml">
    <img src="x" onerror="document.title='foreign ran'"/></body></foreignObject>
  <animate attributeName="href" to="javascript:alert(1)"/>
</svg>
"""


@pytest.fixture(scope="module")
def svg_reader(browser, tmp_path_factory):
    site = tmp_path_factory.mktemp("svgsite")
    (site / "uploaded.svg").write_bytes(HOSTILE_SVG)
    (site / "archived.svg").write_bytes(sanitize(HOSTILE_SVG))
    with serve_site(browser, site) as reader:
        yield reader


def _ran(reader, path: str) -> str:
    page = reader.open(path)
    page.wait_for_timeout(500)
    page.mouse.click(20, 20)  # the link, if any were left
    page.wait_for_timeout(300)
    return page.title()


def test_the_uploaded_svg_runs_script_when_opened(svg_reader):
    assert "ran" in _ran(svg_reader, "uploaded.svg")


def test_the_archived_svg_runs_nothing_and_still_draws(svg_reader):
    assert "ran" not in _ran(svg_reader, "archived.svg")
    assert not any("dialog" in p for p in svg_reader.problems), svg_reader.problems
    assert svg_reader.page.locator("rect").count() == 1
