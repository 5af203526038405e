"""``--fetch-media``: the images a post shows, downloaded from the blog at
import (against a local stand-in for the blog, its CDN and the Wayback
Machine: tests/support/mediaserver.py; no test uses the network).

What a user notices: the images are in docs/_uploads/ exactly as with a copy
of the uploads (``--uploads``); what the blog no longer has comes from the
Wayback Machine, and the post's notes say so; what cannot be fetched stays a
link, and the summary says why; nothing is written outside docs/_uploads/;
an interrupted import, run again, downloads nothing twice.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from support.archivebuild import REPO
from support.importsetup import BLOG, GIF, make_project, make_uploads, png, run_import
from support.mediaserver import Server

from postarchive.importer import fetch, media
from postarchive.importer.fetch import FetchError, Policy
from postarchive.importer.htmlprep import upload_path

PNG = png()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
    b'<script>alert(1)</script><rect width="4" height="4" onclick="x()"/></svg>'
)
FAST = ("--media-allow-local", "--media-backoff", "0.05", "--no-progress")


def wxr(base: str, posts: list[tuple[str, str, str]], attachments=()) -> str:
    """A WordPress export of *posts* ``(id, slug, html)`` on the blog at *base*."""
    items = []
    for post_id, slug, html in posts:
        items.append(
            f"""<item><title>Post {slug}</title><link>{base}/{slug}/</link>
<dc:creator>jdoe</dc:creator><content:encoded><![CDATA[{html}]]></content:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>2014-03-02 10:00:00</wp:post_date>
<wp:post_date_gmt>2014-03-02 10:00:00</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"""
        )
    for att_id, parent, url in attachments:
        items.append(
            f"""<item><title>att {att_id}</title><wp:post_id>{att_id}</wp:post_id>
<wp:post_parent>{parent}</wp:post_parent><wp:status>inherit</wp:status>
<wp:post_type>attachment</wp:post_type><wp:attachment_url>{url}</wp:attachment_url></item>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Local Blog</title><link>{base}</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{base}</wp:base_site_url>
<wp:base_blog_url>{base}</wp:base_blog_url>
<wp:author><wp:author_login>jdoe</wp:author_login>
<wp:author_display_name>Jane Doe</wp:author_display_name></wp:author>
{"".join(items)}
</channel></rss>
"""


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def project(tmp_path: Path, server: Server, posts, attachments=()) -> tuple[Path, Path, Path]:
    docs, sources = make_project(tmp_path)
    export = tmp_path / "export.xml"
    export.write_text(wxr(server.base, posts, attachments), encoding="utf-8")
    return docs, sources, export


def up(name: str) -> str:
    return f"/wp-content/uploads/2014/03/{name}"


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


# -- the same archive as --uploads --------------------------------------------------------
def test_fetched_images_are_placed_exactly_as_a_copy_of_the_uploads(tmp_path):
    with Server() as server:
        uploads = make_uploads(tmp_path / "uploads")
        for path in uploads.rglob("*"):
            if path.is_file():
                server.add(
                    "/wp-content/uploads/" + path.relative_to(uploads).as_posix(),
                    body=path.read_bytes(),
                )
        export = tmp_path / "blog.xml"
        export.write_text(
            BLOG.read_text(encoding="utf-8").replace("https://blog.example.org", server.base),
            encoding="utf-8",
        )
        docs_a, sources_a = make_project(tmp_path / "fetched")
        docs_b, sources_b = make_project(tmp_path / "copied")
        out = run_import(docs_a, sources_a, export, "--fetch-media", *FAST).stdout
        run_import(docs_b, sources_b, export, "--uploads", uploads)
    assert files_under(docs_a / "_uploads") == files_under(docs_b / "_uploads") != set()
    for rel in files_under(docs_b / "_uploads"):
        assert (docs_a / "_uploads" / rel).read_bytes() == (docs_b / "_uploads" / rel).read_bytes()
    for post in sorted((docs_b / "posts").glob("*.md")):
        fetched = (docs_a / "posts" / post.name).read_text(encoding="utf-8")
        copied = post.read_text(encoding="utf-8")
        assert fetched.replace("fetched from the blog", "copied from the blog's uploads") == copied
    # the size variants were asked for as their originals: -300x200 and ?w= not downloaded
    assert server.served[up("photo.png").replace("2014/03", "2016/06")] == 1
    assert not any("300x200" in path for path in server.served)
    assert "Media files fetched: " in out and "Images fetched from the blog: " in out


def test_a_gallery_without_ids_fetches_the_posts_attachments(tmp_path):
    with Server() as server:
        server.add(up("a.png"), body=PNG)
        server.add(up("b.gif"), body=GIF)
        docs, sources, export = project(
            tmp_path,
            server,
            [("7", "gallery", "Look: [gallery]")],
            [("8", "7", server.url(up("a.png"))), ("9", "7", server.url(up("b.gif")))],
        )
        run_import(docs, sources, export, "--fetch-media", *FAST)
    text = (docs / "posts" / "gallery.md").read_text(encoding="utf-8")
    assert "/_uploads/2014/03/a.png" in text and "/_uploads/2014/03/b.gif" in text
    assert (docs / "_uploads/2014/03/b.gif").read_bytes() == GIF


# -- what the blog no longer has: the Wayback Machine ----------------------------------------
def test_an_html_page_instead_of_an_image_is_refused_and_taken_from_the_wayback_machine(
    tmp_path,
):
    with Server() as server:
        server.add(up("gone.jpg"), body=b"<!DOCTYPE html><html>Domain for sale</html>")
        original = server.url(up("gone.jpg"))
        server.snapshots[original] = "20130919044612"
        server.add("snapshot:" + original, body=JPEG)
        docs, sources, export = project(
            tmp_path, server, [("1", "old", f'<img src="{original}" alt="old photo">')]
        )
        out = run_import(
            docs,
            sources,
            export,
            "--fetch-media",
            *FAST,
            "--wayback-endpoint",
            server.url("/wayback/available"),
        ).stdout
        asked = [p for (_m, p) in server.hits if p.startswith("/wayback/available")]
    assert (docs / "_uploads/2014/03/gone.jpg").read_bytes() == JPEG
    assert any("timestamp=20140302" in p for p in asked)  # the snapshot nearest the post's day
    notes = front_matter(docs / "posts" / "old.md")["notes"]
    assert any(
        "19 September 2013" in n and f"https://web.archive.org/web/20130919044612/{original}" in n
        for n in notes
    )
    assert "Taken from the Wayback Machine" in out and "2014/03/gone.jpg" in out


def test_what_cannot_be_fetched_stays_a_link_and_the_summary_says_why(tmp_path):
    with Server() as server:
        server.add(up("slow.png"), body=PNG, delay=2)
        server.add(up("forbidden.png"), status=403)
        posts = [
            ("1", "missing", f'<img src="{server.url(up("missing.png"))}" alt="m">'),
            ("2", "slow", f'<img src="{server.url(up("slow.png"))}" alt="s">'),
            ("3", "forbidden", f'<img src="{server.url(up("forbidden.png"))}" alt="f">'),
            ("4", "elsewhere", '<img src="https://flickr.example.com/photo.png" alt="e">'),
        ]
        docs, sources, export = project(tmp_path, server, posts)
        start = time.monotonic()
        out = run_import(
            docs,
            sources,
            export,
            "--fetch-media",
            *FAST,
            "--media-timeout",
            "0.5",
            "--media-retries",
            "1",
            "--wayback-endpoint",
            server.url("/wayback/available"),
        ).stdout
        took = time.monotonic() - start
    assert took < 15
    assert f"{server.url(up('missing.png'))}: HTTP 404; the Wayback Machine has no copy" in out
    assert f"{server.url(up('slow.png'))}: no answer in 0.5 s" in out
    assert f"{server.url(up('forbidden.png'))}: HTTP 403" in out
    assert "Images on other sites, not fetched (only the blog's own are): 1." in out
    assert not (docs / "_uploads").exists()
    text = (docs / "posts" / "missing.md").read_text(encoding="utf-8")
    assert server.url(up("missing.png")) in text  # the original's address: "Image not archived"


def test_429_retry_after_is_honoured(tmp_path):
    with Server() as server:
        route = server.add(up("busy.png"), status=429, headers={"Retry-After": "1"})
        route.then = media_route = type(route)(body=PNG)
        assert media_route.status == 200
        docs, sources, export = project(
            tmp_path, server, [("1", "busy", f'<img src="{server.url(up("busy.png"))}" alt="b">')]
        )
        start = time.monotonic()
        run_import(docs, sources, export, "--fetch-media", *FAST)
        took = time.monotonic() - start
        assert server.hits[("GET", up("busy.png"))] == 2
    assert took >= 1.0  # waited as asked (the backoff alone is 0.05 s)
    assert (docs / "_uploads/2014/03/busy.png").read_bytes() == PNG


def test_retry_after_as_seconds_and_as_a_date():
    assert fetch.retry_after("7") == 7
    assert fetch.retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10
    assert fetch.retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0
    assert fetch.retry_after("soon") is None


def test_redirects_only_within_the_blog_and_at_most_five(tmp_path):
    with Server() as server:
        server.add(up("moved.png"), status=301, headers={"Location": up("new-place.png")})
        server.add(up("new-place.png"), body=PNG)
        server.add(
            up("away.png"), status=302, headers={"Location": "http://evil.example.net/x.png"}
        )
        server.add(up("loop.png"), status=302, headers={"Location": up("loop.png")})
        posts = [
            ("1", "moved", f'<img src="{server.url(up("moved.png"))}" alt="m">'),
            ("2", "away", f'<img src="{server.url(up("away.png"))}" alt="a">'),
            ("3", "loop", f'<img src="{server.url(up("loop.png"))}" alt="l">'),
        ]
        docs, sources, export = project(tmp_path, server, posts)
        out = run_import(docs, sources, export, "--fetch-media", *FAST, "--no-wayback").stdout
        assert server.hits[("GET", up("loop.png"))] == 6
    assert (docs / "_uploads/2014/03/moved.png").read_bytes() == PNG
    assert "the host evil.example.net is not the blog's" in out
    assert "more than 5 redirects" in out


def test_a_50_mb_file_is_refused_without_being_downloaded(tmp_path):
    with Server() as server:
        server.add(up("huge.jpg"), stream=50 * 1024 * 1024)
        server.add(up("huge-stream.jpg"), stream=50 * 1024 * 1024, length=False)
        posts = [
            ("1", "huge", f'<img src="{server.url(up("huge.jpg"))}" alt="h">'),
            ("2", "stream", f'<img src="{server.url(up("huge-stream.jpg"))}" alt="s">'),
        ]
        docs, sources, export = project(tmp_path, server, posts)
        start = time.monotonic()
        out = run_import(
            docs, sources, export, "--fetch-media", *FAST, "--no-wayback", "--media-max-file", "1"
        ).stdout
        took = time.monotonic() - start
        sent = dict(server.sent)
    assert took < 20
    assert f"{server.url(up('huge.jpg'))}: larger than 1 MB (52428800 bytes)" in out
    assert f"{server.url(up('huge-stream.jpg'))}: larger than 1 MB" in out
    assert sent.get(up("huge-stream.jpg"), 0) < 10 * 1024 * 1024  # the client stopped early
    assert not (docs / "_uploads").exists()


def test_the_total_size_limit(tmp_path):
    with Server() as server:
        for n in range(3):
            server.add(up(f"big{n}.jpg"), body=JPEG + b"\x00" * (700 * 1024))
        posts = [
            (str(n), f"p{n}", f'<img src="{server.url(up(f"big{n}.jpg"))}">') for n in range(3)
        ]
        docs, sources, export = project(tmp_path, server, posts)
        out = run_import(
            docs,
            sources,
            export,
            "--fetch-media",
            *FAST,
            "--no-wayback",
            "--media-max-total",
            "1",
            "--media-concurrency",
            "1",
        ).stdout
    assert out.count("the total size limit of the downloads is reached") == 2
    assert len(files_under(docs / "_uploads")) == 1


# -- hostile addresses ------------------------------------------------------------------------
def test_no_file_is_written_outside_docs_uploads(tmp_path):
    hostile = [
        "/wp-content/uploads/../../../escape.png",
        "/wp-content/uploads/%2e%2e/%2e%2e/escape2.png",
        "/wp-content/uploads/2014/%2E%2E%2F%2E%2E%2Fescape3.png",
        "/wp-content/uploads/..\\..\\escape4.png",
        "/wp-content/uploads//etc/escape5.png",
        "/wp-content/uploads/2014/03/ok.png",
    ]
    with Server() as server:
        for path in hostile:
            server.add(path, body=PNG)
        html = "".join(f'<img src="{server.base}{p}" alt="x">' for p in hostile)
        html += '<img src="ftp://127.0.0.1/wp-content/uploads/2014/03/ftp.png">'
        html += '<img src="file:///etc/passwd.png">'
        docs, sources, export = project(tmp_path, server, [("1", "hostile", html)])
        cache = tmp_path / "cache"
        before = files_under(tmp_path)
        run_import(
            docs, sources, export, "--fetch-media", *FAST, "--no-wayback", "--media-cache", cache
        )
        asked = {p for (_m, p) in server.hits}
    written = files_under(tmp_path) - before
    outside = {
        f
        for f in written
        if not f.startswith(("src/_uploads/", "src/posts/", "sources/", "cache/", "src/topics"))
    }
    assert outside == set()
    assert files_under(docs / "_uploads") == {"2014/03/ok.png"}
    assert files_under(cache / "uploads") == {"2014/03/ok.png"}
    assert not any(".." in p or "%2e" in p.lower() or "\\" in p for p in asked)


def test_private_addresses_are_refused_unless_allowed(tmp_path):
    with Server() as server:
        server.add(up("a.png"), body=PNG)
        docs, sources, export = project(
            tmp_path, server, [("1", "a", f'<img src="{server.url(up("a.png"))}">')]
        )
        env_free = [a for a in FAST if a != "--media-allow-local"]
        out = run_import(docs, sources, export, "--fetch-media", *env_free, "--no-wayback").stdout
        assert server.hits == {}
    assert "the host 127.0.0.1 has a private or local address" in out


def test_the_hosts_a_fetch_may_use():
    policy = media.media_policy(
        media.hosts_of(["https://blog.example.org/"]), media.Settings(Path())
    )
    assert policy.refusal("https://blog.example.org/wp-content/uploads/a.png") is None
    assert policy.refusal("https://www.blog.example.org/wp-content/uploads/a.png") is None
    assert policy.refusal("https://jane.files.wordpress.com/2014/03/a.png") is None
    assert policy.refusal("https://i2.wp.com/blog.example.org/wp-content/uploads/a.png") is None
    assert "not the blog's" in policy.refusal("https://evil.example.net/wp-content/uploads/a.png")
    assert "user name" in policy.refusal("https://u:p@blog.example.org/wp-content/uploads/a.png")
    assert "not an http(s)" in policy.refusal("ftp://blog.example.org/wp-content/uploads/a.png")
    photon = media.candidates(
        "https://i0.wp.com/blog.example.org/wp-content/uploads/2014/03/a-300x200.png?resize=3",
        policy,
    )
    assert photon[0] == (
        "https://blog.example.org/wp-content/uploads/2014/03/a.png",
        "2014/03/a.png",
    )
    with pytest.raises(FetchError, match="private or local"):
        fetch.resolve("localhost", 80, allow_local=False)
    assert media.candidates("https://evil.example.net/wp-content/uploads/a.png", policy) == []
    # the CDN proxies any site: only the blog's images are asked of it
    assert (
        media.candidates("https://i0.wp.com/evil.example.net/wp-content/uploads/a.png", policy)
        == []
    )
    assert Policy(hosts=None).refusal("https://anything.example.com/") is None


def test_content_is_checked_by_its_bytes():
    assert media.content_problem("a.jpg", JPEG) is None
    assert media.content_problem("a.png", PNG) is None
    assert media.content_problem("a.gif", GIF) is None
    assert media.content_problem("a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ") is None
    assert media.content_problem("a.jpg", PNG) == "not a .jpg image (its first bytes say otherwise)"
    assert media.content_problem("a.png", b"\n<html><body>404</body></html>") == (
        "an HTML page, not a .png image"
    )
    assert "SVG" in media.content_problem("a.svg", b"<html></html>")


def test_an_svg_is_fetched_made_safe(tmp_path):
    with Server() as server:
        server.add(up("drawing.svg"), body=SVG_WITH_SCRIPT)
        docs, sources, export = project(
            tmp_path, server, [("1", "svg", f'<img src="{server.url(up("drawing.svg"))}" alt="d">')]
        )
        run_import(docs, sources, export, "--fetch-media", *FAST, "--no-wayback")
    data = (docs / "_uploads/2014/03/drawing.svg").read_bytes()
    assert b"<rect" in data and b"script" not in data and b"onclick" not in data


# -- an interrupted import resumes --------------------------------------------------------------
def test_an_interrupted_import_resumes_without_downloading_twice(tmp_path):
    names = [f"img{n:02d}.png" for n in range(24)]
    with Server() as server:
        for name in names:
            server.add(up(name), body=PNG, delay=0.4)  # (time to interrupt, even on a busy machine)
        html = "".join(f'<img src="{server.url(up(n))}" alt="{n}">' for n in names)
        docs, sources, export = project(tmp_path, server, [("1", "many", html)])
        cache = tmp_path / "cache"
        cmd = [
            sys.executable,
            "-m",
            "postarchive.importer",
            "--docs",
            str(docs),
            "--sources",
            str(sources),
            str(export),
            "--fetch-media",
            *FAST,
            "--no-wayback",
            "--media-cache",
            str(cache),
            "--media-concurrency",
            "2",
        ]
        first = subprocess.Popen(
            cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while sum(server.served.values()) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGINT)
        _out, err = first.communicate(timeout=60)
        assert first.returncode == 130, err
        assert "files already fetched are kept in the media cache" in err
        assert not (docs / "posts" / "many.md").exists()  # nothing written to docs/
        done_first = sum(server.served.values())
        assert 4 <= done_first < len(names)
        out = run_import(
            docs, sources, export, "--fetch-media", *FAST, "--no-wayback", "--media-cache", cache
        ).stdout
        served = dict(server.served)
    assert all(served.get(up(n)) == 1 for n in names), served  # each downloaded once
    assert files_under(docs / "_uploads") == {f"2014/03/{n}" for n in names}
    fetched, cached = re.search(
        r"Media files fetched: (\d+) .*, (\d+) already in the media", out
    ).groups()
    assert int(cached) >= done_first and int(fetched) + int(cached) == len(names)


def test_a_dry_run_fetches_nothing(tmp_path):
    with Server() as server:
        server.add(up("a.png"), body=PNG)
        docs, sources, export = project(
            tmp_path, server, [("1", "a", f'<img src="{server.url(up("a.png"))}">')]
        )
        out = run_import(docs, sources, export, "--fetch-media", "--dry-run", *FAST).stdout
        assert server.hits == {}
    assert "--fetch-media: 1 image files to fetch (nothing is fetched in a dry run)." in out


def test_uploads_and_fetch_media_are_one_or_the_other(tmp_path):
    docs, sources = make_project(tmp_path)
    result = run_import(docs, sources, BLOG, "--fetch-media", "--uploads", tmp_path, check=False)
    assert result.returncode == 1
    assert "--uploads and --fetch-media cannot be given together" in result.stderr


def test_the_benchmark_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "bench_media.py"), "--count", "40"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert "40 images fetched" in result.stdout


class _Drip(threading.Thread):
    """A server on 127.0.0.1 that answers one byte at a time, just inside the
    socket's timeout: headers (*in_headers*) or the body."""

    def __init__(self, in_headers: bool) -> None:
        super().__init__(daemon=True)
        self.in_headers = in_headers
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.done = threading.Event()

    def run(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
            try:
                if self.in_headers:
                    conn.sendall(head)
                    while not self.done.wait(0.2):
                        conn.sendall(b"X-A: b\r\n")
                else:
                    conn.sendall(head + b"Content-Length: 26214400\r\n\r\n" + PNG[:8])
                    while not self.done.wait(0.2):
                        conn.sendall(b"\0")
            except OSError:
                pass  # the client gave up: what the test wants


@pytest.mark.parametrize("in_headers", [True, False], ids=["headers", "body"])
def test_an_answer_dripped_byte_by_byte_is_cut_off_in_time(in_headers):
    """A hostile host cannot hold an import: each byte comes within the
    socket's timeout, but the whole answer must come within 5× that."""
    server = _Drip(in_headers)
    server.start()
    client = fetch.Client(fetch.Limits(timeout=0.5, retries=0))
    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as refused:
            client.request(
                f"http://127.0.0.1:{server.port}/wp-content/uploads/2014/03/a.png",
                policy=Policy(hosts={"127.0.0.1"}, allow_local=True),
            )
    finally:
        server.done.set()
    assert refused.value.kind == "timeout" and "not done in 2.5 s" in str(refused.value)
    assert time.monotonic() - started < 6


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata)
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:0:7f00:1",  # IPv4-translated
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "::ffff:10.0.0.1",
        "169.254.169.254",
    ],
)
def test_addresses_that_reach_private_ones_are_refused(monkeypatch, address):
    def resolves_to(host, port, *args, **kwargs):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolves_to)
    for allow_local in (False, True):  # the tests' switch lets loopback through, nothing else
        with pytest.raises(FetchError, match="private or local address"):
            fetch.resolve("blog.example.org", 443, allow_local)


def test_the_tests_switch_allows_loopback_only(monkeypatch):
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda h, p, *a, **k: [(2, 1, 6, "", ("127.0.0.1", p))]
    )
    assert fetch.resolve("localhost", 80, True) == "127.0.0.1"
    with pytest.raises(FetchError):
        fetch.resolve("localhost", 80, False)


def test_an_upload_address_never_names_an_absolute_path():
    assert upload_path("https://blog.example.org/wp-content/uploads//etc/x.png") is None
    assert upload_path("https://blog.example.org/wp-content/uploads/2014/03/x.png") == (
        "2014/03/x.png"
    )
