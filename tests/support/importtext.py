"""Words a reader sees, for the importer's fidelity tests: in the original
HTML of a post (as WordPress showed it) and in the built page (the author's
text only: no title, About box, citation, notes, comments or other editorial
matter)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

INVISIBLE = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "img",
    "head",
    "archive-embed",
    "canvas",
    "select",
    "input",
    "textarea",
}
BLOCK = {
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "address",
    "details",
    "summary",
    "caption",
    "br",
    "center",
}
#: Sphinx's smartquotes (like WordPress's wptexturize before it) curls
#: straight quotes and turns -- and ... into dashes and an ellipsis.
TYPOGRAPHY = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "—": "--", "–": "--"}
)


def _walk(node, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            out.append(str(child))
        elif isinstance(child, Tag):
            if child.name in INVISIBLE:
                continue
            block = child.name in BLOCK
            if block:
                out.append(" ")
            _walk(child, out)
            if block:
                out.append(" ")


def words_of(node) -> list[str]:
    out: list[str] = []
    _walk(node, out)
    text = "".join(out).translate(TYPOGRAPHY).replace("---", "--")
    return text.split()


def original_words(html: str) -> list[str]:
    return words_of(BeautifulSoup(html, "html5lib").body)


def is_editorial(tag: Tag) -> bool:
    return any(c == "editorial" or c.startswith("editorial-") for c in tag.get("class") or [])


def page_post(html: str) -> Tag:
    soup = BeautifulSoup(html, "html.parser")
    section = soup.select_one("section.archive-post")
    assert section is not None, "no post section in the page"
    return section


def page_words(html: str) -> list[str]:
    """The author's words in a built post page."""
    section = page_post(html)
    for tag in section.select(".headerlink"):
        tag.decompose()
    title = section.find("h1")
    if title is not None:
        title.decompose()
    for tag in section.find_all(is_editorial):
        tag.decompose()
    return words_of(section)


def page_title(html: str) -> str:
    section = page_post(html)
    for tag in section.select(".headerlink"):
        tag.decompose()
    return " ".join(section.find("h1").get_text().split())


def comment_words(html: str) -> list[list[str]]:
    section = page_post(html)
    return [words_of(c) for c in section.select(".archive-comment-text")]


def first_difference(expected: list[str], got: list[str]) -> str:
    for i, (a, b) in enumerate(zip(expected, got)):
        if a != b:
            return (
                f"word {i}: expected {a!r}, page has {b!r}; context: "
                f"{' '.join(expected[max(0, i - 6) : i + 6])!r} vs "
                f"{' '.join(got[max(0, i - 6) : i + 6])!r}"
            )
    return f"lengths differ: {len(expected)} vs {len(got)}; tail {expected[len(got) :][:8]!r} / {got[len(expected) :][:8]!r}"


def is_subsequence(needle: list[str], haystack: list[str]) -> tuple[bool, int]:
    """Whether the words of *needle* appear in order in *haystack*; the index
    reached. A word may be split over up to three tokens of *haystack* (text
    extracted from a PDF splits a word where its baseline moves, e.g. at a
    superscript), and a link's footnote mark may stand inside it."""
    pos = 0
    for i, word in enumerate(needle):
        found = None
        for start in range(pos, len(haystack)):
            if not word.startswith(haystack[start][:1]):
                continue
            joined = ""
            for end in range(start, min(start + 4, len(haystack))):
                token = haystack[end]
                if end > start and token.isdigit() and not word.startswith(joined + token):
                    continue  # a footnote mark after a link (latex_show_urls = "footnote")
                joined += token
                if joined == word:
                    found = end
                    break
                if not word.startswith(joined):
                    break
            if found is not None:
                break
        if found is None:
            return False, i
        pos = found + 1
    return True, len(needle)


__all__ = [
    "original_words",
    "page_words",
    "page_title",
    "comment_words",
    "first_difference",
    "is_subsequence",
    "re",
]
