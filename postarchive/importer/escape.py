"""Writing untrusted text into MyST Markdown: one function per construct
the importer writes, each returning markup that MyST reads back as exactly
that construct holding exactly that text.

Imported posts and comments are written by others. A value that could end
the construct it is written into (a line break ending a role or a link, a
blank line ending a paragraph, a backtick closing a role, a fence closing a
directive) could start a live block such as ``{math}`` or ``{eval-rst}``:
every value the importer writes goes through one of these functions.
Inline constructs never hold a line break (whitespace is collapsed, as a
browser shows it); fences are longer than any run of their character inside.
A value a construct cannot hold comes back as plain escaped text, never as
markup.
"""

from __future__ import annotations

import re

from ..core.frontmatter import yaml_list_item, yaml_scalar  # noqa: F401 - the names tests know

# whitespace a reader sees as one space, line breaks included (not the no-break space)
_SPACES = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")
_ESCAPE_ANYWHERE = re.compile(r"([\\`*_\[\]<|$~{])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)(%|#|>|-|\+|=|:|\()")
_LINE_NUMBER = re.compile(r"^(\s*\d{1,9})([.)])")
_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\s<>()\\`\"{}|^\[\]]")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;"}


def one_line(text: str) -> str:
    """*text* with every run of whitespace (line breaks included) as one space."""
    return _SPACES.sub(" ", text)


def inline_text(text: str) -> str:
    """Plain text as Markdown text that MyST shows as it is: whitespace
    collapsed to single spaces, every character that could start markup
    backslash-escaped (``\\ ` * _ [ ] < | $ ~ {`` anywhere, an entity-like
    ``&``, and at the start ``% # > - + = : (`` and ``1.``)."""
    text = _ESCAPE_ANYWHERE.sub(r"\\\1", one_line(text))
    text = _ENTITY.sub(r"\\&", text)
    return _LINE_NUMBER.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", text))


def inline_markup(markdown: str) -> str:
    """Converted inline Markdown (its text already escaped by
    :func:`inline_text`) on one line, for a construct that is one line: a
    link's text, a heading, a table cell, a caption, an inline HTML element."""
    return one_line(markdown).strip()


def in_table_cell(construct: str) -> str:
    """A code span, a role or an inline HTML tag written into a table cell:
    a backslash before every ``|``. A pipe table splits its row at every
    pipe without a backslash before it, even inside a code span, and takes
    that one backslash away before reading the cell, so the construct reads
    back as it was. (Text needs nothing more: :func:`inline_text` writes its
    ``|`` as ``\\|``, a pipe for the table and for the text.)"""
    return construct.replace("|", "\\|")


def _backtick_runs(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def code_span(text: str) -> str:
    """*text* as an inline code span on one line (``""`` if it is blank)."""
    text = one_line(text).strip()
    if not text:
        return ""
    ticks = "`" * (_backtick_runs(text) + 1)
    if "`" in text:
        text = f" {text} "
    return f"{ticks}{text}{ticks}"


def role(name: str, text: str) -> str:
    """The MyST role ``{name}`text``` on one line, with a fence of more
    backticks than any run inside (MyST's role closes at the first run as
    long as its opening one). A text that begins or ends with a backtick, or
    is blank, cannot be a role's content: it comes back as plain text."""
    text = one_line(text).strip()
    if not text or text.startswith("`") or text.endswith("`"):
        return inline_text(text)
    ticks = "`" * (_backtick_runs(text) + 1)
    return f"{{{name}}}{ticks}{text}{ticks}"


def url(address: str) -> str:
    """*address* with every character that could end or break a Markdown link
    destination or a directive's argument percent-encoded (whitespace, line
    breaks, control characters, ``< > ( ) \\ ` " { } | ^ [ ]``)."""
    return _UNSAFE_IN_URL.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), address
    )


def link_destination(address: str) -> str:
    """*address* as a Markdown link or image destination that reads back
    as the same address (``<>`` for an empty one)."""
    return _ENTITY.sub(r"\\&", url(address)) or "<>"


def link(text: str, address: str) -> str:
    """``[text](address)``: *text* is converted inline Markdown (see
    :func:`inline_markup`); blank, it comes back as the empty string."""
    text = inline_markup(text)
    return f"[{text}]({link_destination(address)})" if text else ""


def image_alt(alt: str) -> str:
    """An image's alternative text for ``![alt](…)``: plain, one line."""
    return inline_text(alt.strip())


def image(alt: str, address: str) -> str:
    """``![alt](address)``."""
    return f"![{image_alt(alt)}]({link_destination(address)})"


def html_attribute(value: str) -> str:
    """The value of an attribute of inline HTML, between double quotes: one
    line, with ``& < > " ' ``` as character references."""
    return "".join(_HTML_SPECIAL.get(c, c) for c in one_line(value).strip())


def directive_option(value: str) -> str:
    """The value of a directive's option line (``:name: value``): one
    line, whitespace collapsed, double-quoted."""
    return yaml_scalar(one_line(value).strip())


def directive_body(markdown: str) -> str:
    """Converted Markdown as the content of a directive (a comment's text).
    MyST reads a directive's content as a document of its own, and its
    front-matter rule looks only at the content's first character: a body
    that begins with a list item (``- '---x``) can be taken for YAML front
    matter. Such a body is preceded by a MyST comment line (which shows
    nothing)."""
    return f"% (text)\n{markdown}" if markdown.startswith("-") else markdown


def fence(content: str, char: str = "`") -> str:
    """A fence for a code block or a directive around *content*: longer
    than any run of *char* inside (at least three), so nothing inside can
    close it."""
    longest = max((len(run) for run in re.findall(re.escape(char) + "+", content)), default=0)
    return char * max(3, longest + 1)
