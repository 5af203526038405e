"""Redirect maps cannot be injected (issue #21).

An imported post's original address becomes a redirect page and a line of
``_redirects`` (Netlify, Cloudflare Pages) and ``redirects.nginx.map``. A
``%0A`` in it once wrote a line of its own (``/*  https://evil.example/:splat
200!`` proxies the whole site) and a directory with a line break in its
name. Each case builds ``tests/roots/test-robustness`` plus one post, the way
``make html`` does (``-nW --keep-going``), and checks what a user sees: the
messages (file, line, text), the maps line by line, the files written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.archivebuild import build_in_process
from support.paths import ROOTS

from postarchive.html.redirects import nginx_string

ROOT = ROOTS / "test-robustness"
IMPORTED = (ROOT / "posts" / "imported-post.md").read_text(encoding="utf-8")
NETLIFY_HEAD = "# original address → archive page"
NGINX_HEAD = [
    '# nginx: in http { map $request_uri $archive_redirect { default ""; '
    "include redirects.nginx.map; } }",
    "# and in server { if ($archive_redirect) { return 301 $archive_redirect; } }",
]
#: the maps' lines of the root's own imported post
GOOD_NETLIFY = [
    "/2016/06/07/imported-post/ /posts/imported-post.html 301",
    "/ p=5 /posts/imported-post.html 301",
]
GOOD_NGINX = [
    '"/2016/06/07/imported-post/" /posts/imported-post.html;',
    '"/2016/06/07/imported-post" /posts/imported-post.html;',
    '"/?p=5" /posts/imported-post.html;',
]


def build(tmp_path: Path, files: dict[str, str], capsys) -> tuple[int, list, str]:
    """Build the root plus *files*: the exit status, the messages as (file
    relative to the source, line, level, text), and stderr."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    for name, content in files.items():
        (src / name).write_text(content, encoding="utf-8")
    return build_in_process(src, tmp_path, capsys)


def imported(url: str, original_id: int = 9, title: str = "Another imported post") -> str:
    return (
        IMPORTED.replace("url: https://blog.example/2016/06/07/imported-post/", f"url: {url}")
        .replace("original_id: 5", f"original_id: {original_id}")
        .replace('title: "An imported post"', f'title: "{title}"')
    )


def maps(html: Path) -> tuple[list[str], list[str]]:
    netlify = (html / "_redirects").read_text(encoding="utf-8").splitlines()
    nginx = (html / "redirects.nginx.map").read_text(encoding="utf-8").splitlines()
    return netlify, nginx


def names_with_control_characters(html: Path) -> list[str]:
    return [
        p.as_posix()
        for p in html.rglob("*")
        if any(not c.isprintable() or c.isspace() for c in p.name)
    ]


def test_the_root_builds_with_exactly_its_maps(tmp_path, capsys):
    status, messages, _ = build(tmp_path, {}, capsys)
    assert (status, messages) == (0, [])
    netlify, nginx = maps(tmp_path / "html")
    assert netlify == [NETLIFY_HEAD] + GOOD_NETLIFY
    assert nginx == NGINX_HEAD + GOOD_NGINX
    page = tmp_path / "html" / "2016" / "06" / "07" / "imported-post" / "index.html"
    assert 'url=../../../../posts/imported-post.html"' in page.read_text(encoding="utf-8")


INJECTIONS = {
    "line-feed": (
        "https://blog.example/x%0A/*%20https://evil.example/:splat%20200!%0A/y/",
        "the address, percent-decoded, holds the control character U+000A",
    ),
    "carriage-return": (
        "https://blog.example/x%0D/*%09https://evil.example/:splat%09200!/",
        "the address, percent-decoded, holds the control character U+000D",
    ),
    "tab": (
        "https://blog.example/x%09https://evil.example/:splat%09200!/",
        "the address, percent-decoded, holds the control character U+0009",
    ),
    "yaml-escape": (
        '"https://blog.example/x\\x01/*\\x01https://evil.example/"',
        "the address holds the control character U+0001",
    ),
    "lower-case-escape": (
        "https://blog.example/x%0a/",
        "the address, percent-decoded, holds the control character U+000A",
    ),
    "no-break-space": (
        "https://blog.example/a%C2%A0b/",
        "its path, percent-decoded, holds U+00A0 (NO-BREAK SPACE)",
    ),
    "line-separator": (
        "https://blog.example/a%E2%80%A8b/",
        "its path, percent-decoded, holds U+2028 (LINE SEPARATOR)",
    ),
    "bidi-override": (
        "https://blog.example/a%E2%80%AEb/",
        "its path, percent-decoded, holds U+202E (RIGHT-TO-LEFT OVERRIDE)",
    ),
}


@pytest.mark.parametrize("case", sorted(INJECTIONS))
def test_an_address_that_would_inject_a_line_is_refused(case, tmp_path, capsys):
    url, problem = INJECTIONS[case]
    status, messages, err = build(tmp_path, {"posts/evil.md": imported(url)}, capsys)
    shown = url.strip('"').encode().decode("unicode_escape")
    assert messages == [
        (
            "posts/evil.md",
            6,
            "ERROR",
            f"url {shown!r} cannot be an original address: {problem}, which would break the "
            "redirect pages and server maps made from it; correct the address, or write unknown "
            "[archive.frontmatter]",
        )
    ]
    assert status != 0 and "Traceback" not in err
    html = tmp_path / "html"
    netlify, nginx = maps(html)
    assert netlify == [NETLIFY_HEAD] + GOOD_NETLIFY  # exactly the intended lines
    assert nginx == NGINX_HEAD + GOOD_NGINX
    assert names_with_control_characters(html) == []
    assert not (html / "x").exists() and not (html / "a b").exists()


def test_a_plain_space_in_an_address_is_written_encoded(tmp_path, capsys):
    """Real blogs have addresses with %20: the post builds, each map holds the
    path encoded (no space that would split a line into fields)."""
    status, messages, _ = build(
        tmp_path, {"posts/spaced.md": imported("https://blog.example/a%20b/")}, capsys
    )
    assert (status, messages) == (0, [])
    netlify, nginx = maps(tmp_path / "html")
    assert [line for line in netlify if line.startswith("/a%20b/ ")] == [
        "/a%20b/ /posts/spaced.html 301"
    ]
    assert any(line.startswith('"/a%20b/" ') for line in nginx), nginx
    assert (tmp_path / "html" / "a b" / "index.html").is_file()


@pytest.mark.parametrize(
    "path, file",
    [
        ("/_static/basic.css", "_static/basic.css"),
        ("/index.html", "index.html"),
        ("/genindex.html", "genindex.html"),
        ("/search.html", "search.html"),
        ("/posts/imported-post.html", "posts/imported-post.html"),
        ("/_redirects", "_redirects"),
        ("/redirects.nginx.map/", "redirects.nginx.map"),
        ("/_static/basic.css/deeper/", "_static/basic.css"),
    ],
)
def test_an_address_that_is_a_file_of_the_site_is_an_error(path, file, tmp_path, capsys):
    status, messages, err = build(
        tmp_path, {"posts/evil.md": imported("https://blog.example" + path)}, capsys
    )
    assert messages == [
        (
            "posts/evil.md",
            6,
            "ERROR",
            f"the original address's path {path} is the site's own file {file}: a redirect from "
            "it would replace or shadow that file on the site and in the server maps; correct the "
            "url (the post's address on the original blog), or write unknown [archive.redirects]",
        )
    ]
    assert status != 0 and "Traceback" not in err
    html = tmp_path / "html"
    assert maps(html) == ([NETLIFY_HEAD] + GOOD_NETLIFY, NGINX_HEAD + GOOD_NGINX)
    assert (html / "_static" / "basic.css").is_file()
    assert "postarchive.html.redirects" not in (html / "index.html").read_text(encoding="utf-8")


def test_every_path_is_written_quoted_or_encoded(tmp_path, capsys):
    """Printable characters pass the front matter; in the maps, all but a
    small allowlist are percent-encoded (as browsers send them), nginx keys
    are double-quoted, and Netlify's * and : cannot act as splat or placeholder."""
    url = "'https://blog.example/a/*/:splat/caf%C3%A9é$;{}\"''\\<>|^`[]/%25/'"
    status, messages, _ = build(tmp_path, {"posts/odd.md": imported(url)}, capsys)
    assert (status, messages) == (0, [])
    netlify, nginx = maps(tmp_path / "html")
    encoded = "caf%C3%A9%C3%A9%24%3B%7B%7D%22%27%5C%3C%3E%7C%5E%60%5B%5D/%25/"
    assert netlify == [NETLIFY_HEAD] + GOOD_NETLIFY + [
        f"/a/%2A/%3Asplat/{encoded} /posts/odd.html 301",
        "/ p=9 /posts/odd.html 301",
    ]
    assert nginx == NGINX_HEAD + GOOD_NGINX + [
        f'"/a/*/:splat/{encoded}" /posts/odd.html;',
        f'"/a/*/:splat/{encoded[:-1]}" /posts/odd.html;',
        '"/?p=9" /posts/odd.html;',
    ]
    for line in netlify[1:]:
        assert len(line.split(" ")) in (3, 4)  # source [query] target status: nothing more
    assert names_with_control_characters(tmp_path / "html") == []


def test_a_non_ascii_address_is_written_as_browsers_send_it(tmp_path, capsys):
    status, messages, _ = build(
        tmp_path, {"posts/cafe.md": imported("https://blog.example/2016/06/08/café/")}, capsys
    )
    assert (status, messages) == (0, [])
    netlify, nginx = maps(tmp_path / "html")
    assert "/2016/06/08/caf%C3%A9/ /posts/cafe.html 301" in netlify
    assert '"/2016/06/08/caf%C3%A9/" /posts/cafe.html;' in nginx
    # the redirect page sits where a static host looks for it (the decoded path)
    assert (tmp_path / "html" / "2016" / "06" / "08" / "café" / "index.html").is_file()


def test_a_path_two_posts_claim_is_written_once(tmp_path, capsys):
    twin = imported("https://blog.example/2016/06/07/imported-post", title="A twin")
    status, messages, _ = build(tmp_path, {"posts/twin.md": twin}, capsys)
    assert (status, messages) == (0, [])
    netlify, nginx = maps(tmp_path / "html")
    keys = [line.split(" ")[0] for line in nginx[2:]]
    assert len(keys) == len(set(keys))  # nginx refuses a map with a key twice
    assert netlify.count("/ p=9 /posts/twin.html 301") == 1


@pytest.mark.parametrize("text", ['/a"b', "/a\nb", "/$host", "/a;b", "/{"])
def test_nginx_strings_refuse_what_they_cannot_carry(text):
    if '"' in text:
        assert nginx_string(text) == '"/a\\"b"'
    else:
        with pytest.raises(ValueError):
            nginx_string(text)
