"""Old addresses keep working: for each imported post (one with an
``original_id``) whose original address is known, the HTML build writes

* a small redirect page at the original address's path (``/2016/06/07/slug/``
  → ``2016/06/07/slug/index.html``): a meta refresh and a link, no script,
  with a Content-Security-Policy that allows nothing else — for an archive
  served at the old domain;
* ``_redirects`` (Netlify, Cloudflare Pages) and ``redirects.nginx.map`` (an
  nginx ``map`` of ``$request_uri``) for a web server, which also send
  ``/?p=ID`` (WordPress's plain links) to the post.

``archive_redirects`` in conf.py: ``"imported"`` (the default), ``"all"``
(every post with an original address) or ``"none"``. A page Sphinx wrote is
never replaced; redirect pages of posts that are gone are removed.
"""

from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from sphinx.application import Sphinx
from sphinx.util import logging

from .domain import get_domain
from .model import Post

logger = logging.getLogger(__name__)

MARKER = '<meta name="generator" content="postarchive.redirects">'
RECORD = ".archive-redirects.json"
POLICY = ("default-src 'none'; img-src 'none'; script-src 'none'; style-src 'none'; "
          "base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'")


def redirect_file(url: str) -> str | None:
    """The file (relative to the site) that answers the path of *url*, or
    None when the path is the site's root or unsafe."""
    path = unquote(urlsplit(url).path)
    parts = PurePosixPath(path).parts
    if not path or path == "/" or any(p in ("..", ".") for p in parts) or "\\" in path \
            or "\x00" in path:
        return None
    rel = path.lstrip("/")
    if not rel:
        return None
    if rel.endswith("/") or not PurePosixPath(rel).suffix.lower() in (".html", ".htm", ".php"):
        rel = rel.rstrip("/") + "/index.html"
    elif rel.endswith(".php"):
        return None  # a PHP path cannot be served as a static page; the maps cover it
    return rel


def page(title: str, target_rel: str) -> str:
    href = html.escape(target_rel, quote=True)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n"
        f"{MARKER}\n<meta name=\"robots\" content=\"noindex\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n"
        f"<link rel=\"canonical\" href=\"{href}\">\n"
        f"<title>Moved: {html.escape(title)}</title>\n</head>\n<body>\n"
        f"<p>This post is now in the archive: <a href=\"{href}\">{html.escape(title)}</a>.</p>\n"
        "</body>\n</html>\n")


def wanted(app: Sphinx, post: Post) -> bool:
    mode = app.config.archive_redirects
    if mode == "none" or not post.url:
        return False
    return mode == "all" or bool(post.original_id)


def _write_if_changed(path: Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_redirects(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    prefix = urlsplit(app.config.html_baseurl or "").path.rstrip("/") + "/"
    record_path = outdir / RECORD
    try:
        before = set(json.loads(record_path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        before = set()
    pages: dict[str, tuple[str, str]] = {}
    netlify, nginx = [], []
    for post in sorted(get_domain(app.env).posts.values(), key=lambda p: p.docname):
        if not wanted(app, post):
            continue
        target = app.builder.get_target_uri(post.docname)
        absolute = prefix + target
        rel = redirect_file(post.url)
        path = unquote(urlsplit(post.url).path) or "/"
        if path != "/":
            netlify.append(f"{_quote(path)} {absolute} 301")
            nginx.append(f"{_nginx(path)} {absolute};")
            if path.endswith("/"):
                nginx.append(f"{_nginx(path.rstrip('/'))} {absolute};")
        if post.original_id and post.original_id.isdigit():
            netlify.append(f"/ p={post.original_id} {absolute} 301")
            nginx.append(f"{_nginx('/?p=' + post.original_id)} {absolute};")
        if rel is None or rel in pages:
            continue
        file = outdir / rel
        if file.exists() and rel not in before:
            logger.info("redirect page %s not written: the site has a page there", rel)
            continue
        relative = posixpath.relpath(target, posixpath.dirname(rel) or ".")
        pages[rel] = (post.title, relative)
    for rel, (title, relative) in pages.items():
        _write_if_changed(outdir / rel, page(title, relative))
    for rel in before - set(pages):
        stale = outdir / rel
        if stale.is_file() and MARKER in stale.read_text(encoding="utf-8", errors="replace"):
            stale.unlink()
    if netlify:
        _write_if_changed(outdir / "_redirects", "# original address → archive page\n"
                          + "\n".join(netlify) + "\n")
        _write_if_changed(outdir / "redirects.nginx.map", (
            "# nginx: in http { map $request_uri $archive_redirect { default \"\"; "
            "include redirects.nginx.map; } }\n"
            "# and in server { if ($archive_redirect) { return 301 $archive_redirect; } }\n")
            + "\n".join(nginx) + "\n")
    else:
        for name in ("_redirects", "redirects.nginx.map"):
            if (outdir / name).exists() and before:
                (outdir / name).unlink()
    _write_if_changed(record_path, json.dumps(sorted(pages), indent=0) + "\n")


def _quote(path: str) -> str:
    return path.replace(" ", "%20")


def _nginx(path: str) -> str:
    return json.dumps(path.replace(" ", "%20"))


def setup(app: Sphinx) -> None:
    app.add_config_value("archive_redirects", "imported", "html", types=[str])
    app.connect("build-finished", write_redirects)

