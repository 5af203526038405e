"""A hostile or sloppy page cannot run code, read files or break the build.

Every case of tests/hostile.py is built in one run next to a good post: the
build fails, every hostile file is named with the line of its payload, no
other file is blamed, nothing is reported twice in a flood, and the pages
written anyway (--keep-going) carry none of the payloads.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.archivebuild import sphinx_build
from support.hostile import (
    AS_TEXT,
    EDITORIAL,
    HEADER,
    PAYLOADS,
    TRICKY_BUT_FINE,
    hostile_post,
    payload_lines,
)
from support.paths import ROOTS

ROOT = ROOTS / "test-badpost"
MESSAGE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<level>ERROR|WARNING): (?P<msg>.*)$")


def messages_of(output: str, src: Path) -> list[tuple[str, int, str]]:
    found = []
    for line in output.splitlines():
        if m := MESSAGE.match(line):
            path = Path(m["path"])
            rel = path.relative_to(src).as_posix() if path.is_relative_to(src) else m["path"]
            found.append((rel, int(m["line"]), m["msg"]))
    return found


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    src = tmp / "src"
    shutil.copytree(ROOT, src)
    for name in PAYLOADS:
        (src / "posts" / f"hostile-{name}.md").write_text(hostile_post(name), encoding="utf-8")
    for name, text in AS_TEXT.items():
        (src / "posts" / f"text-{name}.md").write_text(
            HEADER.format(title=f"As text {name}") + text + "\n", encoding="utf-8"
        )
    for path, (text, _line) in EDITORIAL.items():
        (src / path).write_text(text, encoding="utf-8")
    # a post that is a link to a file outside the project
    outside = tmp / "outside.md"
    outside.write_text(
        hostile_post("script").replace("Hostile script", "Outside"), encoding="utf-8"
    )
    os.symlink(outside, src / "posts" / "hostile-symlink.md")
    result = sphinx_build(src, tmp / "build", check=False)
    output = result.stdout + result.stderr
    return result, output, messages_of(output, src), tmp / "build" / "html"


def test_the_build_fails_without_a_traceback(hostile_build):
    result, output, _messages, _html = hostile_build
    assert result.returncode != 0
    assert "Traceback" not in output and "Exception occurred" not in output


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_each_hostile_post_is_named_at_its_payload(hostile_build, name):
    _result, _output, messages, _html = hostile_build
    path = f"posts/hostile-{name}.md"
    mine = [(line, msg) for p, line, msg in messages if p == path]
    assert mine, f"{path} was not reported"
    assert all(line in payload_lines(name) for line, _msg in mine), mine
    assert len(mine) <= 4, f"a flood of messages for {path}: {mine}"


@pytest.mark.parametrize("path", sorted(EDITORIAL))
def test_pages_that_are_not_posts_are_checked_too(hostile_build, path):
    _result, _output, messages, _html = hostile_build
    line = EDITORIAL[path][1]
    assert any(p == path and ln == line for p, ln, _msg in messages), messages


def test_a_symlink_out_of_the_project_is_refused(hostile_build):
    _result, _output, messages, html = hostile_build
    mine = [m for m in messages if m[0] == "posts/hostile-symlink.md"]
    assert mine and "outside the source directory" in mine[0][2]
    assert not (html / "posts" / "hostile-symlink.html").exists()


def test_only_the_hostile_files_are_blamed(hostile_build):
    _result, _output, messages, _html = hostile_build
    hostile = (
        {f"posts/hostile-{n}.md" for n in PAYLOADS} | set(EDITORIAL) | {"posts/hostile-symlink.md"}
    )
    assert {p for p, _line, _msg in messages} <= hostile


def article(page: Path) -> str:
    """The page's content (the theme around it has the search form)."""
    text = page.read_text(encoding="utf-8")
    m = re.search(r"<article\b.*?</article>", text, re.S) or re.search(
        r'role="main">(.*?)<div class="sphinxsidebar"', text, re.S
    )
    assert m, f"no content found in {page}"
    return m.group(0)


LIVE_ELEMENTS = {
    "script",
    "iframe",
    "object",
    "embed",
    "base",
    "meta",
    "link",
    "style",
    "form",
    "input",
    "button",
    "svg",
    "math",
    "template",
    "textarea",
    "noscript",
    "frame",
}


def live_markup(html: str) -> list[str]:
    """What a browser would run or obey in *html* (parsed as a browser parses
    it, by html5lib): active elements, handlers, script addresses."""
    found = []
    for element in BeautifulSoup(html, "html5lib").find_all(True):
        if element.name in LIVE_ELEMENTS:
            found.append(f"<{element.name}>")
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.startswith("on"):
                found.append(f"<{element.name} {name}>")
            elif name in ("href", "src", "cite", "data", "action", "formaction") and re.match(
                r"\s*(javascript|vbscript|data|file):", value, re.I
            ):
                found.append(f"<{element.name} {name}={value[:20]}>")
    return found


def test_no_payload_reaches_a_page(hostile_build):
    """Even the pages written by --keep-going hold no live payload and no
    text of a file outside the project."""
    _result, _output, _messages, html = hostile_build
    passwd = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert passwd not in text, f"{page} holds /etc/passwd"
        if page.parent.name == "posts" or page.name == "orphan.html":
            assert live_markup(article(page)) == [], page.name
    search = (html / "searchindex.js").read_text(encoding="utf-8")
    assert passwd not in search


@pytest.mark.parametrize("name", sorted(AS_TEXT))
def test_what_is_not_markup_stays_text(hostile_build, name):
    _result, _output, messages, html = hostile_build
    assert not [m for m in messages if m[0] == f"posts/text-{name}.md"]
    body = article(html / "posts" / f"text-{name}.html")
    assert AS_TEXT[name].replace("<", "&lt;").replace(">", "&gt;") in body


def test_tricky_but_allowed_markup_builds_cleanly(tmp_path):
    """Escaped markup, code, allowed HTML and a remote image pass the checks
    (the browser test opens the result, tests/browser/test_hostile_pages.py)."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "posts" / "tricky.md").write_text(TRICKY_BUT_FINE, encoding="utf-8")
    result = sphinx_build(src, tmp_path / "build", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "build" / "html" / "posts" / "tricky.html").read_text(encoding="utf-8")
    # the remote image is a link with its alternative text, not an <img>
    assert "https://example.org/photo.jpg" in page
    assert '<img src="https://example.org' not in page
    assert re.search(
        r'<a class="[^"]*archive-remote-image[^"]*"[^>]*href="https://example.org/'
        r'photo.jpg"[^>]*>Image not archived: A photo from the original blog</a>',
        page,
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<code class="math archive-math-source">E = mc^2</code>' in page
    assert "mathjax" not in page.lower()


def test_topic_list_html_is_published_as_text(tmp_path):
    """A topic's title and description are the editors' plain text: markup in
    topics.yaml is shown as typed, never run."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "topics.yaml").write_text(
        'startups:\n  title: "Start-ups <img src=x onerror=alert(1)>"\n'
        '  description: "Young companies <script>alert(1)</script> and *capital*."\n',
        encoding="utf-8",
    )
    result = sphinx_build(src, tmp_path / "build", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    html = tmp_path / "build" / "html"
    for page in ("topics/startups.html", "topics/index.html", "posts/good-post.html"):
        body = article(html / page)
        assert live_markup(body) == [], page
    text = BeautifulSoup(article(html / "topics/startups.html"), "html.parser").get_text(" ")
    assert "Young companies <script>alert(1)</script> and *capital*." in text
    assert "Start-ups <img src=x onerror=alert(1)>" in text
