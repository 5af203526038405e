"""Imported text cannot become markup (issue #21).

Imported posts and comments are written by others: a line break in an
attribute, a link, an ``[embed]`` address or ``<sup>`` text must not end
the construct the importer writes and start a live MyST block (``{math}``,
``{eval-rst}``…, which reach LaTeX). Two kinds of property:

* each function of :mod:`postarchive.importer.escape`, on text drawn from a
  hostile alphabet, parsed back with MyST's own Markdown parser: exactly the
  construct it writes, holding exactly the words it was given;
* random small HTML documents, converted by the importer as a post's text
  and as an approved comment, built with Sphinx (``-nW``, HTML and LaTeX):
  the build succeeds, no math or raw output appears, every word is on the
  page.

``HYPOTHESIS_PROFILE=long`` runs many more examples than the default.
"""

from __future__ import annotations

import html
import os
import pickle
import re
from pathlib import Path
from urllib.parse import unquote

import yaml
from bs4 import BeautifulSoup
from docutils import nodes
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.options import options_to_items
from support.archivebuild import REPO, book_tex, copy_root, sphinx_build
from support.importtext import TYPOGRAPHY

from postarchive.importer import escape
from postarchive.importer.records import Comment, Entry, Index, SourceFile
from postarchive.importer.render import Options, render
from postarchive.importer.wpautop import wpautop

settings.register_profile("default", max_examples=60, deadline=None, database=None)
settings.register_profile("long", max_examples=2000, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
#: batches of documents built with Sphinx (each batch: one HTML and one LaTeX build)
BUILD_BATCHES = {"default": 8, "long": 150}[os.environ.get("HYPOTHESIS_PROFILE", "default")]

PAYLOAD = "x\n\n```{math}\n\\directlua{tex.print(1)}\n```\n\n```{eval-rst}\n.. raw:: latex\n```\ny"
HOSTILE = [
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\t",
    "\u00a0",
    "`",
    "```",
    "````",
    ":",
    ":::",
    "{",
    "}",
    "$",
    "$$",
    "%",
    "^^",
    "|",
    "#",
    "---",
    "<",
    ">",
    "[",
    "]",
    "(",
    ")",
    "*",
    "_",
    "\\",
    "&amp;",
    "&#x41;",
    "&",
    "!",
    "~",
    "+",
    "=",
    "1.",
    "'",
    '"',
    "{math}",
    "{eval-rst}",
    "(x)=",
    "é",
    "日本",
    "🙂",
    "\u2028",
    "\x85",
    "word",
    "Lua",
    "math",
    "tex",
]
hostile = st.lists(st.sampled_from(HOSTILE), max_size=12).map("".join)
MD = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)


def words(text: str) -> list[str]:
    return text.split()


def parse(markdown: str) -> list:
    return MD.parse(markdown)


def inline_children(markdown: str) -> list:
    """The inline tokens of *markdown*, which must be one paragraph (or nothing)."""
    tokens = parse(markdown)
    assert [t.type for t in tokens] in ([], ["paragraph_open", "inline", "paragraph_close"]), (
        markdown,
        [t.type for t in tokens],
    )
    return tokens[1].children if tokens else []


def text_of(children: list) -> str:
    return "".join(t.content for t in children or [] if t.type in ("text", "softbreak"))


# -- (a) each escaping function, read back by MyST ---------------------------------------------
@given(hostile)
@example(PAYLOAD)
@example("1. (x)= % # > - + = :::{math}")
def test_inline_text_is_text(text):
    out = escape.inline_text(text)
    assert "\n" not in out
    children = inline_children(out)
    assert {t.type for t in children} <= {"text"}, (out, children)
    assert words(text_of(children)) == words(text)


@given(hostile)
@example(PAYLOAD)
@example("a ` b")
@example("`starts")
@example("ends`")
@example("\xa0`:")
def test_role_is_one_role(text):
    out = escape.role("sup", text)
    assert "\n" not in out
    children = inline_children(out)
    content = escape.one_line(text).strip()
    if content.startswith("`") or content.endswith("`") or not content:
        assert {t.type for t in children} <= {"text"}  # degraded: plain text
        assert words(text_of(children)) == words(text)
        return
    assert [t.type for t in children] == ["myst_role"], (out, children)
    assert children[0].meta["name"] == "sup"
    assert words(children[0].content) == words(text)


@given(hostile)
@example(PAYLOAD)
def test_code_span_is_one_code_span(text):
    out = escape.code_span(text)
    assert "\n" not in out
    children = inline_children(out)
    if not words(text):
        assert out == ""
        return
    assert [t.type for t in children] == ["code_inline"], (out, children)
    assert words(children[0].content) == words(text)


@given(hostile, hostile)
@example(PAYLOAD, PAYLOAD)
@example("t", "a b)\n\n```{math}")
def test_link_is_one_link(text, path):
    address = "https://example.org/" + path
    out = escape.link(escape.inline_text(text), address)
    if not words(text):
        assert out == ""
        return
    assert "\n" not in out
    children = inline_children(out)
    kinds = [t.type for t in children]
    assert kinds[0] == "link_open" and kinds[-1] == "link_close", (out, kinds)
    assert set(kinds[1:-1]) <= {"text"}
    assert unquote(children[0].attrs["href"]) == unquote(address)
    assert words(text_of(children[1:-1])) == words(text)


@given(hostile, hostile)
@example(PAYLOAD, PAYLOAD)
def test_image_is_one_image(alt, path):
    address = "https://example.org/" + path + ".png"
    out = escape.image(alt, address)
    assert "\n" not in out
    children = inline_children(out)
    assert [t.type for t in children] == ["image"], (out, children)
    assert unquote(children[0].attrs["src"]) == unquote(address)
    assert words(text_of(children[0].children)) == words(alt)


@given(hostile)
@example(PAYLOAD)
def test_html_attribute_stays_in_its_tag(value):
    out = f'<abbr title="{escape.html_attribute(value)}">w</abbr>'
    assert "\n" not in out
    children = inline_children(out)
    assert [t.type for t in children] == ["html_inline", "text", "html_inline"], (out, children)
    tag = BeautifulSoup(children[0].content + "</abbr>", "html.parser").abbr
    assert words(tag["title"]) == words(value)


@given(hostile)
@example(PAYLOAD)
@example(":target: x")
def test_directive_option_is_one_option(value):
    option = escape.directive_option(value)
    assert "\n" not in option
    tokens = parse(f"```{{figure}} a.png\n:alt: {option}\n```\n")
    assert [t.type for t in tokens] == ["fence"]
    lines = tokens[0].content.splitlines()
    assert len(lines) == 1 and lines[0].startswith(":alt: ")
    items, _state = options_to_items(lines[0][1:])  # as MyST reads an option line
    assert [key for key, _v in items] == ["alt"]
    assert words(items[0][1]) == words(value)


@given(hostile)
@example(PAYLOAD)
def test_yaml_scalar_reads_back_exactly(value):
    out = escape.yaml_scalar(value)
    assert "\n" not in out
    assert yaml.safe_load(f"key: {out}\nnext: 1\n") == {"key": value, "next": 1}


@given(hostile, st.sampled_from(["`", ":"]))
@example(PAYLOAD, "`")
@example("::::\n:::{math}\nx\n:::", ":")
def test_fence_cannot_be_closed_from_inside(content, char):
    mark = escape.fence(content, char)
    tokens = parse(f"{mark}{{note}}\n{content}\n{mark}\n")
    assert [t.type for t in tokens] == ["fence" if char == "`" else "colon_fence"]
    assert tokens[0].content == content.replace("\r\n", "\n").replace("\r", "\n") + "\n"


# -- (b) end to end: the importer's conversion, built with Sphinx ------------------------------
TEXT = st.lists(st.sampled_from(HOSTILE + ["alpha", "beta", "gamma"]), min_size=1, max_size=8).map(
    "".join
)


@st.composite
def html_fragment(draw) -> str:
    """A small paragraph: hostile text and attributes on abbr/time/a/img/sup/sub/code."""
    text = lambda: html.escape(draw(TEXT))  # noqa: E731 - drawn anew at each call
    pieces = draw(
        st.lists(
            st.sampled_from(
                ["text", "abbr", "time", "a", "img", "sup", "sub", "code", "figure", "embed"]
            ),
            min_size=1,
            max_size=4,
        )
    )
    out = []
    for kind in pieces:
        out.append(
            {
                "text": lambda: text(),
                "abbr": lambda: f'<abbr title="{text()}">{text()}</abbr>',
                "time": lambda: f'<time datetime="{text()}">{text()}</time>',
                "a": lambda: f'<a href="https://example.org/{text()}">{text()}</a>',
                "img": lambda: f'<img src="https://example.org/{text()}.png" alt="{text()}">',
                "sup": lambda: f"<sup>{text()}</sup>",
                "sub": lambda: f"<sub>{text()}</sub>",
                "code": lambda: f"<code>{text()}</code>",
                "figure": lambda: (
                    f'<figure><img src="https://example.org/i.png" alt="{text()}">'
                    f"<figcaption>{text()}</figcaption></figure>"
                ),
                "embed": lambda: f"[embed]https://www.youtube.com/watch?v={text()}[/embed]",
            }[kind]()
        )
    return "<p>" + " ".join(out) + "</p>"


SOURCE = SourceFile(
    path="escaping.xml",
    name="escaping.xml",
    sha256="0" * 64,
    size=0,
    kind="wxr",
    site_url="https://example.org/",
)


def post_file(n: int, body: str, comment: str) -> str:
    """The file the importer writes for a post with *body* and one approved *comment*."""
    entry = Entry(
        source=SOURCE,
        line=1,
        id=str(n),
        title=f"Post {n}",
        link=f"https://example.org/post-{n}/",
        date="2016-06-07 10:00:00",
        date_gmt="2016-06-07 08:00:00",
        author="author",
        content=body,
        comments=[
            Comment(
                id="1", author="A reader", date="2016-06-08 10:00:00", content=comment, approved="1"
            )
        ],
    )
    return render(entry, Index(), ["cloud"], Options()).text


ALLOWED_RAW_HTML = re.compile(
    r"</?(abbr|time|sup|sub|u|mark|del|s|q|kbd|var|samp|dfn|small|"
    r"ins|cite|bdi|bdo|ruby|rt|rp|strong|em|details|summary)\b[^<>]*>|<wbr>"
)


def normalised(text: str) -> str:
    """*text* as compared: typography as smartquotes leaves it, and no
    backslashes (smartquotes reads ``\\\\ \\` \\" \\' \\. \\-`` in any text as
    escapes and drops the backslash: a loss of the build's, not the importer's)."""
    text = html.unescape(unquote(text)).translate(TYPOGRAPHY).replace("\\", "")
    return " ".join(re.sub(r"[-\u2013\u2014]+", "-", text).split())


def input_words(fragment: str) -> list[str]:
    """The words of a fragment's text and of the attributes a reader is
    shown, as WordPress showed it (paragraph rules applied; the embed's
    address included; an element without text shows no attribute; link
    addresses are normalised by the importer, so not compared)."""
    soup = BeautifulSoup(
        wpautop(re.sub(r"\[/?(?:embed|code)\b[^\]]*\]", " ", fragment)), "html5lib"
    )
    values = [soup.get_text(" ")] + [
        str(v)
        for tag in soup.find_all(True)
        if tag.name == "img" or tag.get_text().strip()
        for k, v in tag.attrs.items()
        if k in ("title", "datetime", "alt")
    ]
    return normalised(" ".join(values)).split()


def build(tmp: Path, posts: dict[str, str]) -> Path:
    """Build *posts* (slug → file text) in a copy of the test-import root, as
    the site and as LaTeX, sharing the doctrees; the build directory."""
    docs = copy_root("import", tmp)
    for slug, text in posts.items():
        (docs / "posts" / f"{slug}.md").write_text(text, encoding="utf-8")
    out = tmp / "build"
    sphinx_build(docs, out, confdir=REPO)
    sphinx_build(docs, out, confdir=REPO, builder="latex")
    return out


def check_page(out: Path, slug: str, fragments: list[str]) -> None:
    """No math or raw output that the input did not ask for; every word on the page."""
    doctree = pickle.loads((out / "doctrees" / "all" / "posts" / f"{slug}.doctree").read_bytes())
    assert not list(doctree.findall(nodes.math)), slug
    assert not list(doctree.findall(nodes.math_block)), slug
    for raw in doctree.findall(nodes.raw):
        assert raw.get("format") == "html" and ALLOWED_RAW_HTML.fullmatch(raw.astext().strip()), (
            slug,
            raw,
        )
    page = (out / "html" / "posts" / f"{slug}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser").select_one("section.archive-post")
    for pre in soup.find_all("pre"):  # a code block's text as it reads (not span by span)
        pre.string = pre.get_text()
    shown = normalised(
        soup.get_text(" ")
        + " "
        + " ".join(
            str(v)
            for tag in soup.find_all(True)
            for k, v in tag.attrs.items()
            if k in ("title", "datetime", "alt", "href", "src")
        )
    )
    for fragment in fragments:
        for word in input_words(fragment):
            assert word in shown, (slug, word, fragment)
    tex = book_tex(out / "latex").read_text(encoding="utf-8")
    assert "\\directlua{tex.print" not in tex  # (the preamble has its own \\directlua)


@settings(
    max_examples=BUILD_BATCHES,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)  # no shrinking: each step is two builds
@given(st.lists(st.tuples(html_fragment(), html_fragment()), min_size=3, max_size=6))
def test_imported_posts_and_comments_build_as_text(tmp_path_factory, batch):
    tmp = tmp_path_factory.mktemp("escaping")
    posts = {f"post-{n}": post_file(n, body, comment) for n, (body, comment) in enumerate(batch)}
    out = build(tmp, posts)
    for n, (body, comment) in enumerate(batch):
        check_page(out, f"post-{n}", [body, comment])


# -- (c) nested trees: rules, headings and code anywhere (#22) ---------------------------------
#: batches of nested documents built with Sphinx (each: one HTML and one LaTeX build)
NESTED_BATCHES = {"default": 4, "long": 80}[os.environ.get("HYPOTHESIS_PROFILE", "default")]
CODE_TEXT = st.lists(
    st.sampled_from(
        HOSTILE
        + ["<!-- c -->", "\n# h\n", "\n%x\n", "\n---\n", "\n+++\n", "<br>", "&lt;", "--", '"q"']
    ),
    min_size=1,
    max_size=8,
).map("".join)


@st.composite
def nested_tree(draw, depth: int = 0) -> str:
    """A random tree of the allowlisted elements: paragraphs, headings,
    rules, inline and block code (plain, WP-Syntax, ``[code]``) anywhere,
    inside lists, quotes, table cells, details and divs."""
    text = lambda: html.escape(draw(TEXT))  # noqa: E731 - drawn anew at each call
    code = lambda: html.escape(draw(CODE_TEXT))  # noqa: E731
    leaves = ["p", "h", "hr", "code", "pre", "pre-lang", "shortcode"]
    kinds = leaves + (["ul", "blockquote", "table", "details", "div"] if depth < 3 else [])
    inner = lambda: draw(nested_tree(depth + 1))  # noqa: E731
    heading = lambda n: f"<h{n}>{text()}</h{n}>"  # noqa: E731
    out = []
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=3)):
        out.append(
            {
                "p": lambda: f"<p>{text()} <code>{code()}</code> {text()}</p>",
                "h": lambda: heading(draw(st.integers(1, 6))),
                "hr": lambda: "<hr>",
                "code": lambda: f"<code>{code()}</code>",
                "pre": lambda: f"<pre>{code()}</pre>",
                "pre-lang": lambda: f'<pre lang="php">{code()}</pre>',
                "shortcode": lambda: f'[code lang="python"]{code()}[/code]',
                "ul": lambda: f"<ul><li>{inner()}</li><li>{text()}</li></ul>",
                "blockquote": lambda: f"<blockquote>{inner()}</blockquote>",
                "table": lambda: (
                    f"<table><tr><th>{text()}</th></tr><tr><td>{inner()}</td></tr></table>"
                ),
                "details": lambda: f"<details><summary>{text()}</summary>{inner()}</details>",
                "div": lambda: f"<div>{inner()}<hr>{text()}</div>",
            }[kind]()
        )
    return "\n\n".join(out)


@settings(
    max_examples=NESTED_BATCHES,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)  # no shrinking: each step is two builds
@given(st.lists(st.tuples(nested_tree(), nested_tree()), min_size=3, max_size=5))
def test_nested_trees_build_and_keep_every_word(tmp_path_factory, batch):
    """Rules, headings and code at any depth, in posts and in comments: the
    build succeeds (HTML and LaTeX, ``-nW``) and every word is on the page."""
    tmp = tmp_path_factory.mktemp("nested")
    posts = {f"nested-{n}": post_file(n, body, comment) for n, (body, comment) in enumerate(batch)}
    out = build(tmp, posts)
    for n, (body, comment) in enumerate(batch):
        check_page(out, f"nested-{n}", [body, comment])


BREAKOUTS = {
    "abbr-title": f'<p><abbr title="{html.escape(PAYLOAD)}">abbr</abbr></p>',
    "time-datetime": f'<p><time datetime="{html.escape(PAYLOAD)}">time</time></p>',
    "embed-url": f"[embed]https://www.youtube.com/watch?v={PAYLOAD}[/embed]",
    "sup": f"<p>E<sup>{html.escape(PAYLOAD)}</sup></p>",
    "sub": f"<p>H<sub>{html.escape(PAYLOAD.replace('`', ':'))}</sub></p>",
    "link-text": f'<p><a href="https://example.org/">{html.escape(PAYLOAD)}</a></p>',
    "link-url": f'<p><a href="https://example.org/{html.escape(PAYLOAD)}">link</a></p>',
    "image-alt": f'<p><img src="https://example.org/i.png" alt="{html.escape(PAYLOAD)}"></p>',
    "figure-caption": '<figure><img src="https://example.org/i.png" alt="a"><figcaption>'
    f"{html.escape(PAYLOAD)}</figcaption></figure>",
    "code-blocks": "<code><p>:::{math}</p><p>\\directlua{x}</p><p>:::</p></code>",
}


def test_payloads_end_up_as_plain_text(tmp_path):
    """Each known breakout, in a post and in an approved comment: the build
    succeeds and the payload is text (or an attribute's value) on the page."""
    posts = {
        f"breakout-{name}": post_file(n, fragment, fragment)
        for n, (name, fragment) in enumerate(BREAKOUTS.items())
    }
    for text in posts.values():
        assert "\n```{math}" not in text and "\n```{eval-rst}" not in text
        assert "\n:::{math}" not in text
    out = build(tmp_path, posts)
    for slug, fragment in zip(posts, BREAKOUTS.values()):
        check_page(out, slug, [fragment])
