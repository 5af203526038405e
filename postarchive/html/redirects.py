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

**What an address may hold.** The front matter refuses an address whose
path, percent-decoded, holds anything but printable characters that are not
spaces (:func:`~.addresses.url_path_problem`): ``%0A`` would otherwise write
a line of its own into the maps (``/*  https://evil.example/:splat  200!``)
and a directory with a line break in its name. The maps then write every
path percent-encoded but for :data:`NGINX_SAFE` / :data:`NETLIFY_SAFE`, nginx
strings in double quotes; a path that is a file of the built site
(``/index.html``, ``/_static/basic.css``, the maps) is an error at the
post's ``url`` line, since a redirect there would replace or shadow it.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from sphinx.application import Sphinx

from ..core.addresses import url_path_problem
from ..core.files import write_if_changed
from ..core.model import Post
from ..ext import report
from ..ext.config import site_address
from ..ext.domain import get_domain
from ..ext.i18n import _
from ..ext.report import Kind

MARKER = '<meta name="generator" content="postarchive.redirects">'
RECORD = ".archive-redirects.json"
#: The files this module writes itself: no redirect may land on them.
RESERVED = {"_redirects", "redirects.nginx.map", RECORD}
#: Every character of a source path (percent-decoded) outside these (and
#: letters, digits, ``_.-~``) is written percent-encoded (UTF-8), as browsers
#: send it: a map never holds a space, a quote, a backslash, a brace, ``$``,
#: ``;`` or a line break. Netlify's paths also encode ``*`` (a splat) and ``:``
#: (a placeholder), so a path matches only itself.
NGINX_SAFE = "/-._~!&()*+,=:@"
NETLIFY_SAFE = "/-._~!&()+,=@"
POLICY = (
    "default-src 'none'; img-src 'none'; script-src 'none'; style-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'"
)


def redirect_file(url: str) -> str | None:
    """The file (relative to the site) that answers the path of *url*, or None
    when the path is the site's root or unsafe (see
    :func:`~.addresses.url_path_problem`: nothing but printable characters
    that are not spaces, so a file name never holds a line break)."""
    if url_path_problem(url):
        return None
    path = unquote(urlsplit(url).path)
    parts = PurePosixPath(path).parts
    if not path or path == "/" or any(p in ("..", ".") for p in parts) or "\\" in path:
        return None
    rel = path.lstrip("/")
    if not rel:
        return None
    if rel.endswith("/") or not PurePosixPath(rel).suffix.lower() in (".html", ".htm", ".php"):
        rel = rel.rstrip("/") + "/index.html"
    elif rel.endswith(".php"):
        return None  # a PHP path cannot be served as a static page; the maps cover it
    return rel


def page(title: str, target_rel: str, language: str = "en") -> str:
    href = html.escape(target_rel, quote=True)
    link = f'<a href="{href}">{html.escape(title)}</a>'
    moved = html.escape(_("Moved: {title}")).format(title=html.escape(title))
    now = html.escape(_("This post is now in the archive: {link}.")).format(link=link)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language, quote=True)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        f'{MARKER}\n<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{href}">\n'
        f"<title>{moved}</title>\n</head>\n<body>\n"
        f"<p>{now}</p>\n"
        "</body>\n</html>\n"
    )


def wanted(app: Sphinx, post: Post) -> bool:
    mode = app.config.archive_redirects
    if mode == "none" or not post.url:
        return False
    return mode == "all" or bool(post.original_id)


class _Maps:
    """The lines of both server maps, each source path once (the first post
    in docname order keeps it: nginx refuses a map with a key twice)."""

    def __init__(self) -> None:
        self.netlify: list[str] = []
        self.nginx: list[str] = []
        self.seen: set[tuple[str, str]] = set()

    def add(self, path: str, target: str, query: str = "", nginx_only: bool = False) -> None:
        if (path, query) in self.seen:
            return
        self.seen.add((path, query))
        source = quote(path, safe=NETLIFY_SAFE) + (f" {query}" if query else "")
        if not nginx_only:  # Netlify: a query condition between the path and the target
            self.netlify.append(f"{source} {quote(target, safe=NETLIFY_SAFE + '%')} 301")
        key = quote(path, safe=NGINX_SAFE) + (f"?{query}" if query else "")
        value = quote(target, safe=NGINX_SAFE + "%")  # our page: nothing nginx reads as syntax
        nginx_string(value)  # (checked all the same)
        self.nginx.append(f"{nginx_string(key)} {value};")


def nginx_string(text: str) -> str:
    """*text* as an nginx string: in double quotes, ``\\`` and ``"`` escaped. A
    line break, a ``$`` (a variable in a map's value), a brace or ``;`` could
    not be carried safely: they never get here (see :data:`NGINX_SAFE`)."""
    if any(c in text for c in "$;{}'") or any(_unprintable(c) for c in text):
        raise ValueError(f"not a safe nginx map entry: {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unprintable(ch: str) -> bool:
    return not ch.isprintable() or ch.isspace()


def _ours(outdir: Path, rel: str, ours: set[str]) -> bool:
    """Whether *rel* is a redirect page this extension wrote (now or before)."""
    if rel in ours:
        return True
    file = outdir / rel
    return file.is_file() and MARKER in file.read_text(encoding="utf-8", errors="replace")


def site_file_in_the_way(outdir: Path, path: str, rel: str | None, ours: set[str]) -> str | None:
    """The file of the built site that a redirect from *path* (decoded) would
    replace or shadow: a page, a stylesheet, one of the maps, or a file where
    the redirect page's directory would be. None when there is none."""
    candidates = [c for c in (path.strip("/"), rel) if c]
    for candidate in candidates:
        if candidate in RESERVED:
            return candidate
        parts = PurePosixPath(candidate).parts
        for end in range(1, len(parts) + 1):
            rel_part = "/".join(parts[:end])
            if (outdir / rel_part).is_file() and not _ours(outdir, rel_part, ours):
                return rel_part
    return None


def _refuse(post: Post, path: str, found: str) -> None:
    report.error(
        Kind.REDIRECTS,
        "the original address's path %s is the site's own file %s: a redirect from it would "
        "replace or shadow that file on the site and in the server maps; correct the url "
        "(the post's address on the original blog), or write unknown",
        path,
        found,
        location=(post.docname, post.url_line),
    )


def collect(app: Sphinx, outdir: Path, before: set[str]) -> tuple[dict, _Maps]:
    """The redirect pages to write (``{file: (title, relative target)}``) and
    the map lines, for every post that wants them (see :func:`wanted`)."""
    prefix = urlsplit(site_address(app.config)).path.rstrip("/") + "/"
    pages: dict[str, tuple[str, str]] = {}
    maps = _Maps()
    for post in sorted(get_domain(app.env).posts.values(), key=lambda p: p.docname):
        if not wanted(app, post) or url_path_problem(post.url):
            continue  # an unsafe address was reported with the front matter
        target = app.builder.get_target_uri(post.docname)
        rel = redirect_file(post.url)
        path = unquote(urlsplit(post.url).path) or "/"
        if path != "/":
            found = site_file_in_the_way(outdir, path, rel, before | set(pages))
            if found:
                _refuse(post, path, found)
                continue
            maps.add(path, prefix + target)
            if path.endswith("/"):
                maps.add(path.rstrip("/"), prefix + target, nginx_only=True)
        if post.original_id and re.fullmatch(r"[0-9]+", post.original_id):
            maps.add("/", prefix + target, query=f"p={post.original_id}")
        if rel is None or rel in pages or path == "/":
            continue
        pages[rel] = (post.title, posixpath.relpath(target, posixpath.dirname(rel) or "."))
    return pages, maps


def write_redirects(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    record_path = outdir / RECORD
    try:
        before = set(json.loads(record_path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        before = set()
    pages, maps = collect(app, outdir, before)
    for rel, (title, relative) in pages.items():
        write_if_changed(outdir / rel, page(title, relative, app.config.language or "en"))
    for rel in before - set(pages):
        stale = outdir / rel
        if stale.is_file() and MARKER in stale.read_text(encoding="utf-8", errors="replace"):
            stale.unlink()
    if maps.netlify:
        write_if_changed(
            outdir / "_redirects",
            "# original address → archive page\n" + "\n".join(maps.netlify) + "\n",
        )
        write_if_changed(
            outdir / "redirects.nginx.map",
            (
                '# nginx: in http { map $request_uri $archive_redirect { default ""; '
                "include redirects.nginx.map; } }\n"
                "# and in server { if ($archive_redirect) { return 301 $archive_redirect; } }\n"
            )
            + "\n".join(maps.nginx)
            + "\n",
        )
    else:
        for name in ("_redirects", "redirects.nginx.map"):
            if (outdir / name).exists() and before:
                (outdir / name).unlink()
    write_if_changed(record_path, json.dumps(sorted(pages), indent=0) + "\n")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_redirects)
