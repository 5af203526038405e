"""What a published site needs besides its pages: ``sitemap.xml`` and
``robots.txt`` (the 404 page's text: :mod:`.notfound`).

They are written when the HTML build finishes, and only
when the site's address is known (``html_baseurl``: ``ARCHIVE_BASEURL`` or
Read the Docs' canonical address), because a sitemap lists absolute
addresses. They list every document of the environment (``env.all_docs``,
the generated year and topic pages included), not the pages this build
happened to write, so they are complete after an incremental or parallel
build; the pages that are not documents (search, the index, the 404 page)
are not in it. Built without an address,
the site has neither file (one left by an earlier build is removed).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from sphinx.application import Sphinx

from ..core.files import write_if_changed
from ..ext.config import site_address

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(app: Sphinx, base: str) -> bytes:
    """The sitemap of every page of the site, in a stable order."""
    ET.register_namespace("", _NS)
    urlset = ET.Element(f"{{{_NS}}}urlset")
    for docname in sorted(app.env.all_docs):
        url = ET.SubElement(urlset, f"{{{_NS}}}url")
        ET.SubElement(url, f"{{{_NS}}}loc").text = base + app.builder.get_target_uri(docname)
    ET.indent(urlset, space="  ")
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(base: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}{SITEMAP}\n".encode()


def write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    out = Path(app.outdir)
    base = site_address(app.config)
    if not base:
        for name in (SITEMAP, ROBOTS):
            (out / name).unlink(missing_ok=True)
        return
    write_if_changed(out / SITEMAP, sitemap(app, base))
    write_if_changed(out / ROBOTS, robots(base))


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_files)
