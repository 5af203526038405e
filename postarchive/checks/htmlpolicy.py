"""The raw-HTML policy: an allowlist checked on the tokens an HTML5 browser sees.

Raw HTML in a page is split by MyST into fragments (a block, or one inline
tag). Each fragment is tokenized with html5lib's tokenizer, which follows the
WHATWG tokenizer state machine as browsers do, so comments a browser ends
early (``<!-->``), CDATA sections outside SVG, or attributes hidden in
``<noscript>`` are seen as a browser sees them. A fragment passes only if:

* every element is in :data:`ALLOWED_TAGS` (formatting, links, images,
  tables, lists, figures, ``<details>``); none of them switches the tokenizer
  into another state (script, style, RCDATA, foreign content), so the tokens
  checked here are the browser's tokens;
* every attribute is allowed for its element; addresses (``href``, ``src``,
  ``cite``) are http(s)/mailto or relative; images are local; ``style`` only
  sets a few text properties;
* it has no comment, doctype, CDATA or processing instruction, no duplicated
  attribute, and it ends outside any tag (so the page around it cannot be
  pulled into it).

This module imports nothing else of the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from html5lib._tokenizer import HTMLTokenizer
from html5lib.constants import tokenTypes

ALLOWED_TAGS = frozenset(
    """
    a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt
    em figcaption figure h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby s samp
    small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr
""".split()
)
GLOBAL_ATTRIBUTES = frozenset({"title", "lang", "dir", "style"})
ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "details": {"open"},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
STYLE_PROPERTIES = frozenset({"text-align", "font-style", "font-weight", "text-decoration"})
_STYLE_VALUE = re.compile(r"[a-zA-Z0-9 #%.,-]+")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")

ALLOWED_SUMMARY = (
    "text formatting, links, images, tables, lists, figures and <details> "
    "(see “Raw HTML” in README.md)"
)


@dataclass(frozen=True)
class Problem:
    message: str
    line: int  # 1-based line within the fragment
    refused: tuple[str, ...] = ()  # the elements not allowed, for a message per line


def refused_message(tags) -> str:
    names = ", ".join(f"<{tag}>" for tag in tags)
    one = len(tags) == 1
    return (
        f"raw HTML {names} {'is' if one else 'are'} not allowed: remove "
        f"{'it' if one else 'them'}; allowed are {ALLOWED_SUMMARY}"
    )


def url_scheme(value: str) -> str | None:
    """The scheme of *value* as a browser reads it (leading and trailing
    spaces and control characters ignored, tabs and newlines removed), or
    None for a relative address."""
    match = _SCHEME.match(as_browser_reads(value))
    return match.group(1).lower() if match else None


def as_browser_reads(value: str) -> str:
    """*value* as a browser's URL parser reads it before resolving it: outer
    spaces and control characters dropped, tabs and newlines removed, and a
    backslash read as a slash (``/\\host/x`` and ``\\\\host\\x`` are
    ``//host/x``, another site)."""
    cleaned = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33)))))
    return cleaned.replace("\\", "/")


def is_other_site(value: str) -> bool:
    """Whether *value* leaves the site: a scheme-relative ``//host`` address,
    however it is spelled."""
    return as_browser_reads(value).startswith("//")


def check_url(tag: str, name: str, value: str) -> str | None:
    """What is wrong with the address *value* of ``<tag name=…>``, or None."""
    scheme = url_scheme(value)
    if scheme is not None and scheme not in LINK_SCHEMES or (tag == "img" and scheme == "mailto"):
        return (
            f"<{tag} {name}=…> uses a {scheme}: address: only http(s) and mailto "
            "addresses (or addresses within the archive) are allowed"
        )
    if tag == "img" and name == "src" and (scheme is not None or is_other_site(value)):
        return (
            f"<img src=…> points to another site ({value.strip()[:60]}): images are "
            "not fetched from other sites; write it as a Markdown image "
            "![alt text](address), which the archive shows as a link, or copy the "
            "image into docs/ and point to it"
        )
    return None


def check_style(tag: str, value: str) -> str | None:
    for declaration in filter(None, (d.strip() for d in value.split(";"))):
        prop, _, val = declaration.partition(":")
        prop, val = prop.strip().lower(), val.strip()
        if prop not in STYLE_PROPERTIES or not _STYLE_VALUE.fullmatch(val):
            return (
                f"<{tag} style=…> sets “{declaration[:60]}”: a style may only set "
                f"{', '.join(sorted(STYLE_PROPERTIES))} to a plain value"
            )
    return None


def _check_tag(token: dict) -> list[str]:
    """The problems of an allowed element's attributes."""
    tag = token["name"].lower()
    problems = []
    allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, set())
    for name, value in token["data"].items():
        name = name.lower()
        if name not in allowed:
            hint = " (scripts are not allowed)" if name.startswith("on") else ""
            problems.append(
                f"raw HTML <{tag} {name}=…> is not allowed{hint}: remove the "
                f"attribute; <{tag}> may have "
                f"{', '.join(sorted(allowed)) or 'no attributes'}"
            )
        elif name in URL_ATTRIBUTES and (problem := check_url(tag, name, value)):
            problems.append("raw HTML " + problem)
        elif name == "style" and (problem := check_style(tag, value)):
            problems.append("raw HTML " + problem)
    return problems


#: Parse errors that make a fragment unsafe; the others (a lone "<" in text,
#: an end tag without its start tag) do not change what the browser runs.
_UNSAFE_ERRORS = {
    "duplicate-attribute": "an attribute appears twice in one tag: keep one",
    # a bogus comment (the browser makes a comment of it): say what it was
    "expected-dashes-or-doctype": "a CDATA section or <!…> declaration: remove it",
    "expected-tag-name-but-got-question-mark": "a processing instruction <?…>: remove it",
}
_COMMENT = "raw HTML comment <!-- … --> is not allowed: use a MyST comment (a line starting with %)"


def check_fragment(html: str) -> list[Problem]:
    """Every problem of the raw HTML fragment *html*, with its line."""
    tokenizer = HTMLTokenizer(html)
    problems: list[Problem] = []

    def add(message: str) -> None:
        line = tokenizer.stream.position()[0]
        problems.append(Problem(message, line))

    bogus_comment = False
    refused: dict[str, int] = {}  # elements not allowed, and the first line of each
    for token in tokenizer:
        kind = token["type"]
        if kind in (tokenTypes["StartTag"], tokenTypes["EmptyTag"], tokenTypes["EndTag"]):
            tag = token["name"].lower()
            if tag not in ALLOWED_TAGS:
                refused.setdefault(tag, tokenizer.stream.position()[0])
            elif kind != tokenTypes["EndTag"]:
                for message in _check_tag(token):
                    add(message)
        elif kind == tokenTypes["Comment"]:
            if not bogus_comment:
                add(_COMMENT)
        elif kind == tokenTypes["Doctype"]:
            add("raw HTML <!DOCTYPE> is not allowed in a page: remove it")
        elif kind == tokenTypes["ParseError"]:
            code = token["data"]
            if code in _UNSAFE_ERRORS:
                add(f"raw HTML: {_UNSAFE_ERRORS[code]}")
            elif "eof" in code:
                add(
                    "raw HTML ends inside a tag, attribute or comment: close it (the page "
                    "around it would otherwise be read as part of it)"
                )
        bogus_comment = kind == tokenTypes["ParseError"] and token["data"] in _UNSAFE_ERRORS
    if refused:
        problems.insert(0, Problem(refused_message(refused), min(refused.values()), tuple(refused)))
    return _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for problem in problems:
        if problem.message not in seen:
            seen.add(problem.message)
            out.append(problem)
    return out
