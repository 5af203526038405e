"""HTML → MyST Markdown, word for word: markdownify's converter, with the
escapes MyST needs and the archive's constructs.

* every value written into the Markdown goes through :mod:`.escape`, one
  function per construct: text (every character that Markdown or MyST could
  read as markup escaped), roles, links, images, code spans, attributes of
  inline HTML, directive options, fences; whitespace collapses as in a
  browser (non-breaking spaces stay), and no inline construct holds a line
  break;
* emphasis that Markdown could not close (punctuation inside next to a
  letter outside) is written as inline HTML, which keeps the words;
* code blocks are fenced with their language when Pygments knows it and the
  code lexes cleanly (else as plain text: the build treats a lexing error
  as a warning);
* figures and images: MyST's ``figure`` directive, local images that the PDF
  cannot show (GIF, SVG, WebP) on the site only, with their text in the PDF;
* tables: pipe tables, every row padded to the widest;
* embeds: the ``{archive-embed}`` role (an editorial link);
* ``<sup>``/``<sub>``: MyST roles; other inline elements (``<u>``, ``<mark>``,
  ``<del>``…): inline HTML of the raw-HTML allowlist, which the PDF reads
  as plain text.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from markdownify import MarkdownConverter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from . import escape
from .escape import fence
from .escape import inline_text as escape_text  # noqa: F401 - the name tests/tool/importer/test_importer.py knows
from .htmlprep import FEATURED, PDF_IMAGE_TYPES

GALLERY_NOT_ARCHIVED = (
    "A gallery of the original post was not archived: the export holds none of its images."
)
_PUNCT = re.compile(r"[^\w\s]", re.U)
INLINE_HTML = {
    "u",
    "ins",
    "mark",
    "small",
    "del",
    "s",
    "strike",
    "abbr",
    "cite",
    "q",
    "kbd",
    "var",
    "samp",
    "dfn",
    "time",
    "bdi",
    "bdo",
    "ruby",
    "rt",
    "rp",
    "wbr",
}
_HTML_ATTRS = {
    "abbr": {"title"},
    "q": {"cite"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "time": {"datetime"},
    "bdo": {"dir"},
}


def _lexes(code: str, lang: str) -> str:
    """*lang* if Pygments knows it and lexes *code* without an error token."""
    try:
        lexer = get_lexer_by_name(lang)
    except ClassNotFound:
        return ""
    try:
        lexer.add_filter("raiseonerror")
        for _token in lexer.get_tokens(code):
            pass
    except Exception:  # noqa: BLE001 - any lexing failure means: plain text
        return ""
    return lang


def code_language(el: Tag) -> str:
    candidates = [el.get("data-lang") or ""]
    for node in (el, el.find("code")):
        if isinstance(node, Tag):
            for cls in node.get("class") or []:
                m = re.match(r"(?:language|lang|brush|highlight)-?:?(\w[\w+#-]*)", cls)
                if m:
                    candidates.append(m.group(1))
            brush = re.search(r"brush:\s*([\w+#-]+)", " ".join(node.get("class") or []))
            if brush:
                candidates.append(brush.group(1))
            if node.get("data-language"):
                candidates.append(node["data-language"])
    aliases = {
        "js": "javascript",
        "sh": "bash",
        "shell": "bash",
        "py": "python",
        "csharp": "csharp",
        "c-sharp": "csharp",
        "plain": "text",
        "yml": "yaml",
        "ps": "powershell",
        "posh": "powershell",
        "vb": "vbnet",
        "jscript": "javascript",
        "golang": "go",
        "objc": "objective-c",
        "obj-c": "objective-c",
        "pl": "perl",
        "rb": "ruby",
        "erl": "erlang",
        "as3": "actionscript3",
        "cf": "cfm",
    }
    for lang in candidates:
        lang = lang.strip().lower()
        if lang:
            return aliases.get(lang, lang)
    return ""


def _in_code(el) -> bool:
    """Whether text *el* is written inside a code span or block: its
    outermost ``pre``/``code``/``kbd``/``samp`` is ``pre`` or ``code`` (in
    ``<kbd>``/``<samp>``, written as inline HTML, text is text)."""
    outermost = None
    for parent in el.parents:
        if parent.name in ("pre", "code", "kbd", "samp"):
            outermost = parent.name
    return outermost in ("pre", "code")


def _chomp(text: str) -> tuple[str, str, str]:
    """Leading and trailing whitespace (non-breaking spaces included) kept
    apart from the text, so that emphasis markers go inside it."""
    m = re.match(r"^(\s*)(.*?)(\s*)$", text, re.S)
    return m.group(1), m.group(2), m.group(3)


def _adjacent_char(el: Tag, step: int) -> str:
    node = el.previous_sibling if step < 0 else el.next_sibling
    while node is not None:
        text = node.get_text() if isinstance(node, Tag) else str(node)
        if text:
            return text[-1] if step < 0 else text[0]
        node = node.previous_sibling if step < 0 else node.next_sibling
    parent = el.parent
    if parent is not None and parent.name in ("b", "strong", "em", "i", "a", "span", "u"):
        return _adjacent_char(parent, step)
    return ""


class ArchiveConverter(MarkdownConverter):
    class Options(MarkdownConverter.DefaultOptions):
        heading_style = "atx"
        bullets = "-"
        escape_asterisks = False
        escape_underscores = False
        escape_misc = False
        newline_style = "spaces"
        strip_document = "strip"
        strip_pre = "strip_one"

    # -- text ----------------------------------------------------------------------
    def process_text(self, el, parent_tags=None):
        parent_tags = parent_tags or set()
        text = str(el) or ""
        if "_noformat" not in parent_tags or not _in_code(el):
            text = escape.inline_text(text)
        elif "pre" not in parent_tags:
            text = escape.one_line(text)
        from markdownify import should_remove_whitespace_inside, should_remove_whitespace_outside

        if should_remove_whitespace_outside(el.previous_sibling) or (
            should_remove_whitespace_inside(el.parent) and not el.previous_sibling
        ):
            text = text.lstrip(" \t\r\n")
        if should_remove_whitespace_outside(el.next_sibling) or (
            should_remove_whitespace_inside(el.parent) and not el.next_sibling
        ):
            text = text.rstrip(" \t\r\n")
        return text

    def escape(self, text, parent_tags):
        return escape.inline_text(text)

    # -- inline ------------------------------------------------------------------------
    def _emphasis(self, el, text, parent_tags, marker: str, tag: str):
        if "_noformat" in parent_tags:
            return text
        before, inner, after = _chomp(text)
        if not inner:
            return text
        risky = (
            (_PUNCT.match(inner[-1:] or " ") and re.match(r"\w", _adjacent_char(el, 1)))
            or (_PUNCT.match(inner[:1] or " ") and re.match(r"\w", _adjacent_char(el, -1)))
            or inner.startswith(marker[0])
            or inner.endswith(marker[0])
        )
        if risky:
            return f"{before}<{tag}>{inner}</{tag}>{after}"
        return f"{before}{marker}{inner}{marker}{after}"

    def convert_b(self, el, text, parent_tags):
        return self._emphasis(el, text, parent_tags, "**", "strong")

    convert_strong = convert_b

    def convert_em(self, el, text, parent_tags):
        return self._emphasis(el, text, parent_tags, "*", "em")

    convert_i = convert_em

    def _inline_html(self, el, text, parent_tags):
        if "_noformat" in parent_tags:
            return text
        name = {"strike": "s"}.get(el.name, el.name)
        attrs = "".join(
            f' {k}="{escape.html_attribute(str(v))}"'
            for k, v in el.attrs.items()
            if k in _HTML_ATTRS.get(name, ())
        )
        if name == "wbr":
            return "<wbr>"
        text = escape.inline_markup(text)
        return f"{_cell(f'<{name}{attrs}>', parent_tags)}{text}</{name}>" if text else ""

    def _script(self, el, text, parent_tags, role: str):
        if "_noformat" in parent_tags:
            return text
        before, inner, after = _chomp(escape.one_line(el.get_text()))
        if inner and not el.find(True) and not inner.startswith("`") and not inner.endswith("`"):
            return f"{before}{_cell(escape.role(role, inner), parent_tags)}{after}"
        text = escape.inline_markup(text)
        return f"<{el.name}>{text}</{el.name}>" if text else ""

    def convert_sup(self, el, text, parent_tags):
        return self._script(el, text, parent_tags, "sup")

    def convert_sub(self, el, text, parent_tags):
        return self._script(el, text, parent_tags, "sub")

    def convert_a(self, el, text, parent_tags):
        if "_noformat" in parent_tags:
            return text
        before, inner, after = _chomp(escape.one_line(text))
        href = el.get("href")
        if not inner or not href:
            return text
        if el.get("data-post"):
            href = f"{el['data-post']}.md"
        return f"{before}{escape.link(inner, href)}{after}"

    def convert_img(self, el, text, parent_tags):
        return escape.image(el.get("alt") or "", el.get("src") or "")

    def convert_br(self, el, text, parent_tags):
        if "_inline" in parent_tags:
            return " "
        return "  \n"

    def convert_code(self, el, text, parent_tags):
        if "pre" in parent_tags or "_noformat" in parent_tags:
            return text
        before, inner, after = _chomp(escape.one_line(text))
        return f"{before}{_cell(escape.code_span(inner), parent_tags)}{after}" if inner else ""

    # -- blocks ------------------------------------------------------------------------
    def convert_hN(self, n, el, text, parent_tags):
        if "_inline" in parent_tags:
            return text
        text = escape.inline_markup(text)
        if text.endswith("#"):
            text = text[:-1] + "\\#"
        return f"\n\n{'#' * n} {text}\n\n"

    def convert_pre(self, el, text, parent_tags):
        if el.get("data-code") == "raw":  # code taken out before (see .code): exactly its text
            code = el.get_text()
        else:
            code = "".join(
                "\n"
                if isinstance(node, Tag) and node.name == "br"
                else str(node)
                if type(node) is NavigableString
                else ""
                for node in el.descendants
            )
            code = code[1:] if code.startswith("\n") else code
        code = code.rstrip("\n")
        if not code.strip():
            return ""
        if "_inline" in parent_tags:
            return f" {_cell(escape.code_span(code), parent_tags)} "
        lang = code_language(el)
        lang = _lexes(code, lang) if lang and lang != "text" else ""
        mark = fence(code)
        return f"\n\n{mark}{lang}\n{code}\n{mark}\n\n"

    def convert_li(self, el, text, parent_tags):
        if "_inline" in parent_tags:
            return " " + (text or "").strip() + " "
        return super().convert_li(el, text, parent_tags)

    def convert_list(self, el, text, parent_tags):
        if "_inline" in parent_tags:
            return " " + (text or "").strip() + " "
        return super().convert_list(el, text, parent_tags)

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_hr(self, el, text, parent_tags):
        return "\n\n---\n\n" if "_inline" not in parent_tags else " "

    def convert_figure(self, el, text, parent_tags):
        img = el.find("img")
        if img is None or "_inline" in parent_tags or "li" in parent_tags:
            return text
        caption_el = el.find("figcaption")
        caption = (
            self.process_tag(caption_el, parent_tags={"figcaption"}).strip()
            if caption_el is not None
            else ""
        )
        caption = escape.inline_markup(caption)
        alt = escape.one_line(img.get("alt") or "").strip()
        src = escape.url(img.get("src") or "")
        options = [f":alt: {escape.directive_option(alt)}"] if alt else []
        link = img.find_parent("a")
        if (
            link is not None
            and link.get("href")
            and not link.get("data-post")
            and img.get("data-local")
        ):  # (a remote image becomes a link itself)
            options.append(f":target: {escape.directive_option(escape.url(link['href']))}")
        align = el.get("data-align")
        if align in ("left", "right", "center"):
            options.append(f":align: {align}")
        if el.get(FEATURED):  # the blog's theme showed it: ours, caption and all
            options.append(":figclass: editorial archive-featured")
        body = "\n".join(options) + ("\n\n" + caption if caption else "")
        mark = fence(body)
        figure = f"{mark}{{figure}} {src}\n{body}\n{mark}"
        if img.get("data-local") and _suffix(src) not in PDF_IMAGE_TYPES:
            outer = fence(figure)
            latex = caption or escape.image_alt(alt) or "(an image shown on the site only)"
            return (
                f"\n\n{outer}{{only}} html\n{figure}\n{outer}\n\n"
                f"{outer}{{only}} latex\n{latex}\n{outer}\n\n"
            )
        return f"\n\n{figure}\n\n"

    def convert_figcaption(self, el, text, parent_tags):
        return f"\n\n{text.strip()}\n\n" if text.strip() else ""

    def convert_archive_embed(self, el, text, parent_tags):
        url = escape.url(el.get("data-url", ""))
        name = escape.one_line(el.get("data-provider", "")).strip() or "embedded content"
        role = escape.role("archive-embed", f"{name} <{url}>" if url else name)
        return f" {role} " if "_inline" in parent_tags or "p" in parent_tags else f"\n\n{role}\n\n"

    def convert_table(self, el, text, parent_tags):
        rows = []
        for tr in el.find_all("tr"):
            if tr.find_parent("table") is not el:
                continue
            cells = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                content = "".join(
                    self.process_element(child, parent_tags=parent_tags | {"_inline", "td"})
                    for child in cell.children
                )
                content = escape.inline_markup(content)
                span = cell.get("colspan", "1")
                span = max(1, min(50, int(span))) if str(span).isdigit() else 1
                cells.extend([content] + [""] * (span - 1))
            rows.append(
                (
                    cells,
                    all(c.name == "th" for c in tr.find_all(["td", "th"], recursive=False))
                    or tr.find_parent("thead") is not None,
                )
            )
        rows = [(cells, head) for cells, head in rows if cells]
        if not rows:
            return ""
        width = max(len(cells) for cells, _ in rows)
        lines = []
        first, first_head = rows[0]
        if first_head:
            header, body = first, rows[1:]
        else:
            header, body = [""] * width, rows
        header = header + [""] * (width - len(header))
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---"] * width) + "|")
        for cells, _head in body:
            cells = cells + [""] * (width - len(cells))
            lines.append("| " + " | ".join(cells) + " |")
        caption = el.find("caption")
        before = ""
        if caption is not None and caption.find_parent("table") is el:
            before = escape.inline_markup(
                "".join(
                    self.process_element(child, parent_tags={"caption", "_inline"})
                    for child in caption.children
                )
            )
            before = before + "\n\n" if before else ""
        if "_inline" in parent_tags:
            return " " + " ".join(" ".join(c for c in cells if c) for cells, _ in rows) + " "
        return "\n\n" + before + "\n".join(lines) + "\n\n"

    def convert_div(self, el, text, parent_tags):
        if el.get("data-archive-note") == "gallery":
            return self._note(GALLERY_NOT_ARCHIVED, parent_tags)
        return super().convert_div(el, text, parent_tags)

    def _note(self, note: str, parent_tags) -> str:
        """An editorial note (ours, not the author's text) where it stands."""
        if "_inline" in parent_tags:
            return f" {escape.inline_text(note)} "
        mark = fence(note)
        return f"\n\n{mark}{{archive-note}}\n{escape.inline_text(note)}\n{mark}\n\n"

    def convert_caption(self, el, text, parent_tags):
        return ""

    def convert_details(self, el, text, parent_tags):
        if "_inline" in parent_tags:
            return text
        return f"\n\n<details>\n\n{text.strip()}\n\n</details>\n\n"

    def convert_summary(self, el, text, parent_tags):
        if "_inline" in parent_tags:
            return text
        return f"\n\n<summary>\n\n{text.strip()}\n\n</summary>\n\n"

    def convert_dt(self, el, text, parent_tags):
        if "_inline" in parent_tags:
            return " " + text.strip() + " "
        text = escape.inline_markup(text)
        return f"\n\n{text}\n" if text else ""

    def convert_p(self, el, text, parent_tags):
        if "dd" in parent_tags or "li" in parent_tags or "blockquote" in parent_tags:
            pass
        return super().convert_p(el, text, parent_tags)

    def convert_blockquote(self, el, text, parent_tags):
        return super().convert_blockquote(el, text, parent_tags)


for _name in INLINE_HTML:
    setattr(ArchiveConverter, f"convert_{_name}", ArchiveConverter._inline_html)


def _cell(construct: str, parent_tags) -> str:
    """*construct* (not text), as it must be written where it stands."""
    return escape.in_table_cell(construct) if {"td", "th"} & set(parent_tags or ()) else construct


def _suffix(src: str) -> str:
    m = re.search(r"(\.[A-Za-z0-9]+)$", src.split("?")[0])
    return m.group(1).lower() if m else ""


_CODE_OPEN = re.compile(r"([ >]*)(`{3,})[\w+#.-]*")


def _tidy(prose: str) -> str:
    """Markdown (not code) without trailing blanks (but hard breaks), runs
    of blank lines, or indentation after a hard break."""
    prose = re.sub(r"[ \t]+\n", lambda m: "  \n" if m.group(0).startswith("  ") else "\n", prose)
    prose = re.sub(r"\n{3,}", "\n\n", prose)
    return re.sub(r"  \n +", "  \n", prose)


def _tidy_around_code(text: str) -> str:
    """*text* tidied (see :func:`_tidy`) outside its fenced code blocks,
    whose lines stay exactly as they are (blank lines and trailing spaces
    are code too)."""
    lines = text.split("\n")
    parts: list[str] = []
    prose: list[str] = []
    i = 0
    while i < len(lines):
        m = _CODE_OPEN.fullmatch(lines[i])
        end = None
        if m:
            close = re.compile(re.escape(m.group(1).rstrip()) + r"[ >]*`{%d,}" % len(m.group(2)))
            end = next((j for j in range(i + 1, len(lines)) if close.fullmatch(lines[j])), None)
        if end is None:
            prose.append(lines[i])
            i += 1
            continue
        parts.append(_tidy("\n".join(prose + [lines[i]])))
        parts.append("\n".join(lines[i + 1 : end]))
        prose = [lines[end]]
        i = end + 1
    parts.append(_tidy("\n".join(prose)))
    return "\n".join(parts)


def to_markdown(body: Tag) -> str:
    text = _tidy_around_code(ArchiveConverter().convert_soup(body))
    return text.strip() + "\n" if text.strip() else ""
