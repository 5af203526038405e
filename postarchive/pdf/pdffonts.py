"""Fonts of the PDF: any text an author can write is typeset, or the build
says which character of which page it cannot typeset, before LaTeX runs.

The PDF is made with LuaLaTeX and babel (``bidi=basic``: Arabic and Hebrew
are set right to left, in the right order, inside left-to-right text). The
fonts come from one setting, ``archive_pdf_fonts`` (conf.py):

* ``serif``, ``sans``, ``mono``: the text faces (Latin, Greek, Cyrillic, Hebrew);
* ``fallback``: fonts tried in order for a character the text face lacks
  (CJK, Hangul, emoji in monochrome, symbols, rarer scripts);
* ``arabic``: the font of Arabic script (joined letters, right to left).

From it this module writes LaTeX's font set-up (the ``fontpkg`` and ``babel``
keys of ``latex_elements``, unless conf.py sets them itself), and checks, as
each document is read for the PDF, that every character of its text is in a
font: every face of the text fonts, or a fallback font (or the Arabic font,
for Arabic). A character in none of them is looked up in every installed font
(fontconfig's ``fc-list :charset=…``): the first family by name whose regular
face has it joins the fallback list (a commenter's Thai name finds FreeSerif).
A character no installed font has is an error with the page, line and the
character's name. Fonts are found with fontconfig (``fc-match``) and read
with fontTools.

The set-up holds only what the text needs: the same reading notes, per
document, which of these it uses (``scripts`` in the domain): right-to-left
text (babel's ``bidi=basic``), Arabic (its locale and font), CJK (locales for
line breaks between ideographs), characters only a fallback font has (the
fallback list). Each costs LuaTeX time on every character of the book (the
locales chosen by character, the bidi pass, the fallback lookup): a book in
Latin script alone is typeset in about half the time without them. The
set-up is chosen once everything is read (``env-updated``), from all
documents and the title page's names.
"""

from __future__ import annotations

import functools
import re
import subprocess
import unicodedata

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from ..checks.safety import inline_line
from ..content.ours import is_ours
from ..core.settings import PDF_FONTS
from ..ext import report, stages
from ..ext.domain import get_domain
from ..ext.report import Kind

#: the fonts when conf.py's archive_pdf_fonts does not name them
DEFAULT_FONTS = PDF_FONTS
STYLES = ("Regular", "Bold", "Italic", "Bold Italic")
#: Arabic script: set in the Arabic font (babel's "onchar" locale)
ARABIC = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x1EE00, 0x1EEFF),
)
#: drawn by no font: joiners, variation selectors, direction marks
INVISIBLE = frozenset(
    {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFE0E, 0xFE0F, 0xFEFF}
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x206A))
)


#: what a text may need of the set-up (see the module's docstring); "unicode":
#: a character beyond pdfLaTeX's Latin set-up (:data:`PDFLATEX`), so LuaLaTeX
#: typesets the book (pdf/engine.py)
NEEDS = ("rtl", "arabic", "cjk", "fallback", "unicode")
#: the characters above ASCII that pdfLaTeX's Latin set-up typesets as a glyph
#: of their own, so the PDF's text gives them back as written: Latin-1 and
#: the letters of Latin Extended-A that T1 has, the quotes, dashes and
#: symbols of T1 and TS1. Not those LaTeX builds from pieces (an accent over a
#: letter: "ē", "Ș"; the ellipsis "…" as three periods; "ﬁ" as f and i; the
#: hyphens U+2010–2012), whose text would come back otherwise: a book with any
#: of them is LuaLaTeX's
PDFLATEX = frozenset(
    code
    for span in (
        "00A0-00FF 0102-0107 010C-0111 0118-011B 011E-011F 0130-0133 0139-013A 013D-013E "
        "0141-0144 0147-0148 014A-014B 0150-0155 0158-015B 015E-0165 0170-0171 0178-017E "
        "0192 0237 02C6-02C7 02D8-02D9 02DB-02DD 2013-2014 2016 2018-201A 201C-201E "
        "2020-2022 2030 2039-203A 2044 20AC 2116 2122 2190-2193"
    ).split()
    for code in range(int(span[:4], 16), int(span[-4:], 16) + 1)
)
#: CJK ideographs, kana, Hangul, full-width forms
CJK = (
    (0x1100, 0x11FF),
    (0x2E80, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


#: a need that names an installed font found for characters the configured fonts lack
FOUND_FONT = "font:"


def fallback_fonts(fonts: dict, needs: frozenset[str]) -> list[str]:
    """The configured fallback fonts, then those fontconfig found for the text."""
    found = sorted(n.removeprefix(FOUND_FONT) for n in needs if n.startswith(FOUND_FONT))
    return [*fonts["fallback"], *(name for name in found if name not in fonts["fallback"])]


def font_setup(fonts: dict, needs: frozenset[str] = frozenset(NEEDS)) -> str:
    """LaTeX (after fontspec and babel) that sets the fonts up for a text
    that *needs* these of :data:`NEEDS` (and the fonts found for it)."""
    lines = ["% --- fonts (postarchive.pdffonts, from archive_pdf_fonts) ---"]
    feature = ""
    if "fallback" in needs:
        fallback = ", ".join(f'"{name}:mode=harf;"' for name in fallback_fonts(fonts, needs))
        lines.append(f'\\directlua{{luaotfload.add_fallback("archivefallback", {{{fallback}}})}}')
        feature = "[RawFeature={fallback=archivefallback}]"
    for family, key in (("rm", "serif"), ("sf", "sans"), ("tt", "mono")):
        lines.append(f"\\babelfont{{{family}}}{feature}{{{fonts[key]}}}")
    if "arabic" in needs:
        lines += [
            "% Arabic: its own locale (right to left, joined letters), chosen by character",
            "\\babelprovide[import, onchar=ids fonts]{arabic}",
            *(
                f"\\babelfont[arabic]{{{family}}}[Renderer=HarfBuzz]{{{fonts['arabic']}}}"
                for family in ("rm", "sf", "tt")
            ),
        ]
    if "cjk" in needs:
        lines += [
            "% CJK: locales for the line breaks between ideographs (the glyphs come from",
            "% the fallback fonts).",
            "\\babelprovide[import, onchar=ids]{chinese}",
            "\\babelprovide[import, onchar=ids]{japanese}",
            "\\babelprovide[import, onchar=ids]{korean}",
        ]
    if needs & {"arabic", "cjk"}:
        lines += [
            "% speed: characters that no onchar locale claims are looked up once",
            '\\babelcharproperty{"0000}["05FF]{locale}{}',
            '\\babelcharproperty{"1E00}["1FFF]{locale}{}',
            '\\babelcharproperty{"2000}["2BFF]{locale}{}',
        ]
    lines += [
        "% LuaTeX derives the PDF's /ID from the output's path: derive it from the",
        "% sources' date instead, so builds in different directories are identical",
        "\\directlua{",
        '  local id = string.upper(md5.sumhexa(tex.jobname .. "|" .. '
        '(os.getenv("SOURCE_DATE_EPOCH") or "")))',
        '  tex.sprint("\\\\pdfvariable trailerid{[<" .. id .. "> <" .. id .. ">]}")',
        "}",
    ]
    return "\n".join(lines) + "\n"


def babel_package(needs: frozenset[str]) -> str:
    return r"\usepackage[bidi=basic]{babel}" if "rtl" in needs else r"\usepackage{babel}"


def configure_latex(app: Sphinx, config: Config) -> None:
    """The LaTeX font set-up from archive_pdf_fonts (what conf.py sets wins):
    everything, until the text is read (:func:`fit_setup_to_text`)."""
    fonts = {**DEFAULT_FONTS, **config.archive_pdf_fonts}
    elements = dict(config.latex_elements)
    elements.setdefault("fontpkg", font_setup(fonts))
    elements.setdefault("babel", babel_package(frozenset(NEEDS)))
    elements.setdefault("polyglossia", "")
    config.latex_elements = elements


def build_needs(app: Sphinx, env) -> frozenset[str] | None:
    """What the whole text needs of the set-up (:data:`NEEDS`): every
    document's, the title pages' names and what the front matter puts in the
    book; None when the fonts cannot be read (reported while reading)."""
    fonts = {**DEFAULT_FONTS, **app.config.archive_pdf_fonts}
    try:
        covers = coverage(_fonts_key(fonts))
    except (LookupError, OSError, subprocess.CalledProcessError):
        return None
    names = [
        app.config.project,
        app.config.author,
        *(str(v) for d in app.config.latex_documents for v in d[2:4]),
        *(str(v) for v in getattr(app.config, "archive_names", {}).values()),
    ]
    # what the front matter puts in the book (the About box, the citation, post
    # lists) is in it too: a summary may be the only non-Latin text of a post
    # and every document's title, which links to it show in other documents (a
    # topic's name in a post's byline) before its own text is read for the book
    names += [title.astext() for title in env.titles.values()]
    for post in get_domain(env).posts.values():
        names += [
            post.title,
            post.author,
            post.summary,
            post.excerpt,
            post.date_note,
            *post.notes,
            post.url or "",
        ]
    return frozenset().union(
        *get_domain(env).scripts.values(), *(text_needs(name, *covers) for name in names)
    )


def report_characters(app: Sphinx, env) -> list[str]:
    """In a LaTeX build: the characters of the text that none of the PDF's
    fonts has (recorded when their documents were read, by any builder)."""
    if app.builder.format != "latex":
        return []
    for docname, lacking in sorted(get_domain(env).glyphs.items()):
        for char, line in lacking:
            report.error(
                Kind.FONTS,
                "the character %s (U+%04X %s) is in none of the PDF's fonts: replace it, or "
                "add a font that has it to archive_pdf_fonts in conf.py (fallback)",
                char,
                ord(char),
                unicodedata.name(char, "an unnamed character"),
                location=(docname, line),
            )
    return []


def fit_setup_to_text(app: Sphinx, env) -> list[str]:
    """Once everything is read: the set-up for what the text needs (the keys
    conf.py sets itself stay as they are)."""
    builder = app.builder
    if builder.format != "latex" or not hasattr(builder, "context"):
        return []
    needs = build_needs(app, env)
    if needs is None:
        return []
    fonts = {**DEFAULT_FONTS, **app.config.archive_pdf_fonts}
    everything = frozenset(NEEDS)
    context = builder.context
    # (a key that is not this module's default is conf.py's: it stays)
    if context.get("fontpkg") == font_setup(fonts, everything):
        context["fontpkg"] = font_setup(fonts, needs)
    if context.get("babel") == babel_package(everything):
        if context.get("multilingual") == context["babel"]:
            context["multilingual"] = babel_package(needs)
        context["babel"] = babel_package(needs)
    return []


# -- which characters the fonts have ---------------------------------------------------
def _font_file(pattern: str) -> tuple[str, int]:
    out = subprocess.run(
        ["fc-match", "-f", "%{file}\t%{index}\t%{family}", pattern],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path, index, family = out.split("\t", 2)
    wanted = pattern.split(":")[0].lower()
    if wanted not in family.lower():
        raise LookupError(
            f"the font {pattern.split(':')[0]!r} is not installed (fontconfig "
            f"offers {family.split(',')[0]} instead): run make, which installs it"
        )
    return path, int(index or 0)


@functools.lru_cache(maxsize=None)
def characters(pattern: str) -> frozenset[int]:
    """The code points the font matching *pattern* has glyphs for."""
    from fontTools.ttLib import TTCollection, TTFont

    path, index = _font_file(pattern)
    if path.lower().endswith((".ttc", ".otc")):
        font = TTCollection(path, lazy=True).fonts[index]
    else:
        font = TTFont(path, lazy=True)
    return frozenset(font.getBestCmap())


def _face(family: str, style: str) -> str:
    # FreeSans and FreeMono call their italics "Oblique"; fontconfig knows both names
    return f"{family}:style={style}"


def _fonts_key(fonts: dict) -> tuple:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(fonts.items()))


@functools.lru_cache(maxsize=8)
def coverage(fonts_key: tuple) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """(characters every text face or a fallback has, characters of the Arabic
    font, characters every text face has)."""
    fonts = dict(fonts_key)
    faces = frozenset.intersection(
        *(
            characters(_face(fonts[key], style))
            for key in ("serif", "sans", "mono")
            for style in STYLES
        )
    )
    fallback = frozenset().union(*(characters(name) for name in fonts["fallback"]))
    return faces | fallback, characters(fonts["arabic"]), faces


def _in(code: int, ranges: tuple) -> bool:
    return any(first <= code <= last for first, last in ranges)


def is_arabic(code: int) -> bool:
    return _in(code, ARABIC)


def text_needs(
    text: str, covered: frozenset[int], arabic: frozenset[int], faces: frozenset[int]
) -> frozenset[str]:
    """Which of :data:`NEEDS` *text* needs of the font set-up."""
    out: set[str] = set()
    for code in {ord(c) for c in text if ord(c) >= 0x7F}:
        if code not in PDFLATEX:
            out.add("unicode")
        if code in INVISIBLE:
            continue
        if is_arabic(code):
            out |= {"arabic", "rtl"}
        elif unicodedata.bidirectional(chr(code)) in ("R", "AL"):  # Hebrew, Syriac, Thaana…
            out.add("rtl")
        elif _in(code, CJK):
            out.add("cjk")
        if code not in faces and not is_arabic(code):
            out.add("fallback")
    return frozenset(out)


_FAMILY = re.compile(r"^[\w .+-]+$")


@functools.lru_cache(maxsize=None)
def installed_font_for(code: int) -> str | None:
    """An installed font family whose regular face has the character *code*
    (asked of fontconfig; the first by name, so every build picks the same),
    or None when no installed font has it."""
    out = subprocess.run(
        ["fc-list", f":charset={code:x}", "family"], capture_output=True, text=True
    ).stdout
    families = sorted({line.split(",")[0].strip() for line in out.splitlines()} - {""})
    for family in families:
        if _FAMILY.match(family) and code in _characters_or_none(family):
            return family
    return None


def _characters_or_none(family: str) -> frozenset[int]:
    try:
        return characters(family)
    except (LookupError, OSError, subprocess.CalledProcessError):
        return frozenset()


def missing(text: str, covered: frozenset[int], arabic: frozenset[int]) -> list[str]:
    """The characters of *text* no font has, in order, once each."""
    out = []
    for char in text:
        code = ord(char)
        if code < 0x7F or code in INVISIBLE or char in out:
            continue
        if code not in (arabic if is_arabic(code) else covered):
            out.append(char)
    return out


def _CODE(node: nodes.Node) -> bool:  # noqa: N802 (a node condition, like a class)
    return isinstance(node, (nodes.literal_block, nodes.literal))


def _authors(node: nodes.Node | None) -> bool:
    """Whether *node* is the author's text: neither it nor a node around it is ours."""
    while node is not None:
        if is_ours(node):
            return False
        node = node.parent
    return True


def check_characters(app: Sphinx, doctree: nodes.document) -> None:
    """For the PDF: every character of the document's text is in a font.
    Whatever the builder (they share the environment): what the text needs
    is recorded, and the characters no font has, which the LaTeX builds
    report (:func:`report_characters`)."""
    docname = app.env.docname
    fonts = {**DEFAULT_FONTS, **app.config.archive_pdf_fonts}
    try:
        covered, arabic, faces = coverage(_fonts_key(fonts))
    except (LookupError, OSError, subprocess.CalledProcessError) as exc:
        if app.builder.format == "latex":
            report.error(Kind.FONTS, "the PDF's fonts cannot be read: %s", exc)
        get_domain(app.env).note_problem(docname)  # read again once they can be
        return
    reported: set[str] = set()
    needs: set[str] = set()
    lacking = []
    for text in doctree.findall(nodes.Text):
        if isinstance(text.parent, nodes.raw):
            continue
        needs |= text_needs(text, covered, arabic, faces)
        for char in missing(text, covered, arabic):
            if char in reported:
                continue
            reported.add(char)
            found = installed_font_for(ord(char))
            if found:  # another installed font has it: it joins the fallback list
                needs |= {"fallback", FOUND_FONT + found}
                continue
            lacking.append((char, inline_line(text)))
    if lacking:
        get_domain(app.env).glyphs[docname] = lacking
    # the author's code (a block or inline): pdfLaTeX's places to break a long
    # line of code come back from the PDF's text as spaces that are not in the
    # code, so a book with code is LuaLaTeX's, like one beyond pdfLaTeX's
    # characters (the editors' citation box is code too, short lines of ours)
    if any(_authors(node) for node in doctree.findall(_CODE)):
        needs.add("unicode")
    if needs:
        get_domain(app.env).scripts[app.env.docname] = sorted(needs)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", configure_latex)
    app.connect("doctree-read", check_characters, priority=stages.Read.FONT_CHECK)
    app.connect("env-updated", fit_setup_to_text, priority=stages.EnvUpdated.FIT_FONTS)
    app.connect("env-updated", report_characters, priority=stages.EnvUpdated.FIT_FONTS)
