"""Code in a post is code: its text reaches the page byte for byte.

Code from the classic editor and from the highlighter plugins is taken out
of a post's text before anything else reads it (WordPress's paragraph rules,
shortcodes, ``<!--more-->``), and put back, as ``<pre>`` (a block: a fenced
code block in the Markdown) or ``<code>`` (inline: a code span), just
before the HTML is parsed:

* the highlighter plugins' shortcodes, whose content is raw code (entities
  decoded once; markup inside is code, not HTML): SyntaxHighlighter Evolved
  (``[code lang="x"]``, ``[sourcecode language="x"]``, ``[php]``,
  ``[python]``… its language shortcodes), CodeColorer (``[cc]``, ``[cce]``,
  ``[cc_php]``, ``[ccnLe_java]``, ``[cc lang="x"]``; ``[cci]`` inline),
  Crayon (``[crayon lang="x"]``, ``[plain]``), Enlighter
  (``[enlighter lang="x"]``); names are case-sensitive, as in WordPress;
* the highlighters' HTML, also raw code: WP-Syntax's ``<pre lang="x">``,
  SyntaxHighlighter's ``<pre class="brush: x">``, Enlighter's
  ``<pre class="EnlighterJSRAW" data-enlighter-language="x">``, and
  ``<code lang="x">``;
* a ``<code>`` spanning several lines (its HTML read as a browser reads it:
  entities decoded once, ``<br>`` a line break, the text of any markup),
  and ``<code><pre>…</pre></code>``: a block.

The line breaks and paragraph tags a visual editor wrote into raw code
(when those are its only tags) are line breaks. Plain ``<pre>`` is left to
the HTML parser (its markup is the author's formatting).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from .shortcodes import LANGUAGES, Found, attributes

#: CodeColorer's shortcodes: ``cc``, then its option letters, then ``_lang``.
_CODECOLORER = r"cc[A-Za-z]{0,8}(?:_[\w#+.-]+)?"
_NAMES = "|".join(
    sorted(
        {re.escape(n) for n in LANGUAGES} | {"code", "sourcecode", "source", "crayon", "enlighter"},
        key=len,
        reverse=True,
    )
)
_SHORTCODE = re.compile(
    r"\[(\[?)(" + _CODECOLORER + "|" + _NAMES + r")(?![\w-])"
    r"([^\]]*?)(?<!/)\](.*?)\[/\2\](\]?)",
    re.S,
)
_RAW_ATTRS = re.compile(
    r"""(?<![:\w-])(?:lang|line|escaped)\s*=|brush\s*:|EnlighterJSRAW|"""
    r"""data-enlighter-language""",
    re.I,
)
_ELEMENT = re.compile(r"<(pre|code)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)
_EDITOR_TAG = re.compile(r"<(/?)(br|p|code)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z!?][^>]*>")
_MARK = re.compile(r'<(pre|code) data-archive-code="(\d+)"></\1>')


@dataclass
class Code:
    text: str
    lang: str = ""
    inline: bool = False


@dataclass
class Codes:
    """The code taken out of one text, by number."""

    items: list[Code] = field(default_factory=list)

    def mark(self, code: Code) -> str:
        self.items.append(code)
        tag = "code" if code.inline else "pre"
        return f'<{tag} data-archive-code="{len(self.items) - 1}"></{tag}>'


def _editor_markup(content: str) -> bool:
    """Whether the tags in raw code are an editor's line breaks and
    paragraphs: they are its only tags, and each stands at the start or the
    end of a line (or the code has no line break of its own); else they are
    code (``$x = "<br>";``)."""
    tags = list(_EDITOR_TAG.finditer(content))
    if not tags or _ANY_TAG.search(_EDITOR_TAG.sub("", content)):
        return False
    if "\n" not in content.strip():
        return True
    return all(
        content[: m.start()].endswith(("\n", ">"))
        or m.start() == 0
        or content[m.end() :].startswith(("\n", "<"))
        or m.end() == len(content)
        for m in tags
    )


def raw_code(content: str) -> str:
    """The text of raw code: the line breaks and paragraphs an editor wrote
    into it (see :func:`_editor_markup`) as line breaks, entities decoded
    once, without the blank lines that open and close it."""
    if _editor_markup(content):
        content = re.sub(r"<br\b[^>]*>\n?", "\n", content, flags=re.I)
        content = re.sub(r"</p>\s*<p\b[^>]*>", "\n\n", content, flags=re.I)
        content = _EDITOR_TAG.sub("", content)
    return html.unescape(content).strip("\n")


def html_code(content: str) -> str:
    """The text a browser showed of code written as HTML: entities decoded
    once, ``<br>`` a line break, paragraphs apart, the text of any markup."""
    content = re.sub(r"<br\b[^>]*>\n?", "\n", content, flags=re.I)
    content = re.sub(r"</p>\s*<p\b[^>]*>", "\n\n", content, flags=re.I)
    body = BeautifulSoup(f"<div>{content}</div>", "html5lib").body
    return body.get_text().strip("\n") if body is not None else ""


def _language(name: str, attrs: dict) -> str:
    lang = attrs.get("lang") or attrs.get("language") or ""
    if not lang and name.startswith("cc") and "_" in name:
        lang = name.split("_", 1)[1]
    if not lang and name in LANGUAGES:
        lang = name
    return "" if lang.lower() in ("plain", "text", "txt", "none") else lang.lower()


def _inline_shortcode(name: str, attrs: dict, text: str) -> bool:
    if name.startswith("cc") and "i" in name.split("_", 1)[0][2:]:
        return "\n" not in text
    return attrs.get("inline", "").lower() in ("true", "1", "yes") and "\n" not in text


def _shortcodes(text: str, codes: Codes, found: Found) -> str:
    def replace(m: re.Match) -> str:
        opening, name, attr_text, content, closing = m.groups()
        if opening == "[" and closing == "]":  # [[code]…[/code]]: shown as text
            return m.group(0)
        attrs = attributes(attr_text or "")
        found.add(found.converted, "code" if name in LANGUAGES else name)
        code = raw_code(content)
        if not code.strip():
            return opening + closing
        lang = _language(name, attrs)
        return (
            opening + codes.mark(Code(code, lang, _inline_shortcode(name, attrs, code))) + closing
        )

    return _SHORTCODE.sub(replace, text) if "[" in text else text


def _element_lang(attrs: str) -> str:
    for pattern in (
        r"""(?<![:\w-])lang\s*=\s*["']?([\w#+.-]+)""",
        r"""data-enlighter-language\s*=\s*["']?([\w#+.-]+)""",
        r"""brush\s*:\s*([\w#+.-]+)""",
        r"""language-([\w#+.-]+)""",
    ):
        m = re.search(pattern, attrs, re.I)
        if m:
            lang = m.group(1).lower()
            return "" if lang in ("plain", "text", "txt", "none") else lang
    return ""


def _elements(text: str, codes: Codes) -> str:
    def replace(m: re.Match) -> str:
        tag, attrs, content = m.group(1).lower(), m.group(2), m.group(3)
        if _RAW_ATTRS.search(attrs):
            code = raw_code(content)
            inline = tag == "code" and "\n" not in code
        elif tag == "code":
            inner = re.fullmatch(r"\s*<pre\b([^>]*)>(.*)</pre\s*>\s*", content, re.S | re.I)
            if inner is not None:  # <code><pre>…</pre></code>: the block
                attrs, content = attrs + " " + inner.group(1), inner.group(2)
            elif "\n" not in content.strip("\n") and not re.search(r"<br\b", content, re.I):
                return m.group(0)  # one line: the HTML parser makes it a code span
            code, inline = html_code(content), False
        else:
            return m.group(0)  # a plain <pre>: its markup is the author's
        if not code.strip():
            return m.group(0)
        return codes.mark(Code(code, _element_lang(attrs), inline))

    return _ELEMENT.sub(replace, text) if "<" in text else text


def protect(
    text: str,
    found: Found | None = None,
    *,
    shortcodes: bool = True,
    elements: bool = True,
    codes: Codes | None = None,
) -> tuple[str, Codes]:
    """*text* with its code taken out (see the module's description) and
    markers in its place; the code (added to *codes* if given), for
    :func:`restore`. *shortcodes*, *elements*: which kinds."""
    codes = codes if codes is not None else Codes()
    if shortcodes:
        text = _shortcodes(text, codes, found if found is not None else Found())
    return (_elements(text, codes) if elements else text), codes


def restore(text: str, codes: Codes) -> str:
    """*text* with the code of *codes* back in place of its markers: a
    block as ``<pre data-lang="…">``, inline code as ``<code>``, the text
    escaped (a leading line break as a reference, which the parser keeps)."""
    if not codes.items:
        return text

    def replace(m: re.Match) -> str:
        code = codes.items[int(m.group(2))]
        escaped = html.escape(code.text, quote=False)
        if code.inline:
            return f"<code>{escaped}</code>"
        if escaped.startswith("\n"):
            escaped = "&#10;" + escaped[1:]
        lang = f' data-lang="{html.escape(code.lang, quote=True)}"' if code.lang else ""
        return f'<pre data-code="raw"{lang}>{escaped}</pre>'

    return _MARK.sub(replace, text)
