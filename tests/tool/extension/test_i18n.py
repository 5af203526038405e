"""The interface in the archive's language: our words through the catalog
(postarchive/locale), dates as readers of the language write them, English as
it was; the catalog complete and compiled (the browser test of a French
archive, without eval under the Content-Security-Policy: tests/browser/test_i18n.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
import runpy
import shutil
import tomllib

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from support.archivebuild import REPO, sphinx_build
from support.textutil import normalise

from postarchive.core import i18n
from postarchive.core.model import Post, date_label, reading_label, reading_short
from postarchive.html.translations import JS_MESSAGES

LOCALE = REPO / "postarchive" / "locale"
#: the catalog's keywords beyond Babel's defaults (_, gettext, ngettext, N_):
#: the core's translate(language, message) and translate_plural(language, s, p, n)
KEYWORDS = {"translate": (2,), "translate_plural": (2, 3)}
#: what a translation must keep: .format()'s {name}, the templates' %(name)s
#: ({% trans %} blocks) and MyST roles ({doc}, {archive-count})
PLACEHOLDER = re.compile(r"\{[\w-]+\}|%\(\w+\)s")


def page(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup(
        (app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
    )


def text(soup: BeautifulSoup, selector: str) -> str:
    return normalise(soup.select_one(selector).get_text(" "))


# -- the core, without Sphinx --------------------------------------------------------
@pytest.mark.parametrize(
    "language, shown",
    [
        ("en", "7 June 2016"),
        ("fr", "7 juin 2016"),
        ("de", "7. Juni 2016"),
        ("es", "7 de junio de 2016"),
        ("en-US", "7 June 2016"),
        ("xx", "7 June 2016"),  # a language Babel does not know: the edition's form
    ],
)
def test_dates_in_the_language(language, shown):
    assert i18n.format_day(dt.date(2016, 6, 7), language) == shown


def test_the_core_labels_in_each_language():
    post = Post("posts/x", "X", "A", "", None, date_after="2016-06-07")
    assert date_label(post) == "Date unknown (not before 7 June 2016)"
    assert date_label(post, language="fr") == "Date inconnue (pas avant le 7 juin 2016)"
    assert date_label(post, byline=True, language="de") == (
        "Datum unbekannt, nicht vor dem 7. Juni 2016"
    )
    assert date_label(post.replace(date_after=None), language="es") == "Fecha desconocida"
    assert reading_short(1500) == "7 min read"
    assert reading_short(1500, "fr") == "7 min de lecture"
    assert reading_label(1500) == "About 7 minutes (1,500 words of the author’s text)"
    assert reading_label(100) == "About 1 minute (100 words of the author’s text)"
    assert reading_label(1500, "de") == "Etwa 7 Minuten (1.500 Wörter Text des Autors)"
    # a language without a catalog reads English, its dates in its own form
    assert date_label(post, language="it") == "Date unknown (not before 7 giugno 2016)"


# -- the catalog -------------------------------------------------------------------------
def extracted() -> set:
    """Every message of the package's code and of ``postarchive new``'s page
    templates, as Babel's extractor finds it with babel.cfg's mapping."""
    keywords = {**DEFAULT_KEYWORDS, **KEYWORDS}
    with (LOCALE / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    assert ("postarchive/templates/new/**.tmpl", "jinja2") in method_map
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        REPO, method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def catalog_ids(catalog) -> set:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def test_the_template_holds_every_message_of_the_code():
    template = read_po((LOCALE / "postarchive.pot").open("rb"))
    assert catalog_ids(template) == extracted(), (
        "postarchive/locale/postarchive.pot is out of date: extract it again "
        "(README.md, “Languages”)"
    )
    assert set(JS_MESSAGES) <= catalog_ids(template)


@pytest.mark.parametrize("language", i18n.SHIPPED)
def test_every_shipped_language_translates_every_message(language):
    template = read_po((LOCALE / "postarchive.pot").open("rb"))
    po = LOCALE / language / "LC_MESSAGES" / "postarchive.po"
    catalog = read_po(po.open("rb"), locale=language)
    assert catalog_ids(catalog) == catalog_ids(template), f"{po}: update it from the .pot"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"{language}: {message.id!r} untranslated"
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        for string in strings:  # the same placeholders, or .format() fails
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(source)), (
                f"{language}: {string!r}"
            )


@pytest.mark.parametrize("language", i18n.SHIPPED)
def test_every_plural_form_of_the_language_is_translated(language):
    """The catalog's plural rule is the language's (Babel's CLDR data: French
    and Spanish have a third form, for 1 000 000, 2 000 000…), and each plural
    message has one translation per form; the third form reads as the plural
    ("1 000 000 articles": with digits, no "de")."""
    po = LOCALE / language / "LC_MESSAGES" / "postarchive.po"
    catalog = read_po(po.open("rb"), locale=language)
    assert catalog.plural_forms == Catalog(locale=language).plural_forms
    translations = i18n.translations(language)
    for n, posts in {
        "fr": {0: "0 article", 1: "1 article", 2: "2 articles", 10**6: "1000000 articles"},
        "de": {1: "1 Beitrag", 2: "2 Beiträge", 10**6: "1000000 Beiträge"},
        "es": {1: "1 entrada", 0: "0 entradas", 10**6: "1000000 entradas"},
    }[language].items():
        assert translations.ngettext("{n} post", "{n} posts", n).format(n=n) == posts
    plurals = [m for m in catalog if m.id and isinstance(m.id, tuple)]
    assert plurals and all(len(m.string) == catalog.num_plurals for m in plurals)


@pytest.mark.parametrize(
    "language, one, several",
    [("en", "p.", "pp."), ("fr", "p.", "p."), ("de", "S.", "S."), ("es", "pág.", "págs.")],
)
def test_page_abbreviations_in_the_language(language, one, several):
    """The PDF's "p. 12" and "pp. 3, 12" (Topics chapter, glossary's "Used in")."""
    translations = i18n.translations(language)
    assert translations.ngettext("p.", "pp.", 1) == one
    assert translations.ngettext("p.", "pp.", 2) == several


@pytest.mark.parametrize("language", i18n.SHIPPED)
def test_the_compiled_catalogs_are_up_to_date(language):
    """The .mo is what ``pybabel compile`` makes of the .po, byte for byte."""
    folder = LOCALE / language / "LC_MESSAGES"
    catalog = read_po((folder / "postarchive.po").open("rb"), locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert (folder / "postarchive.mo").read_bytes() == compiled.getvalue(), (
        f"{folder}/postarchive.mo is out of date: compile it again (README.md, “Languages”)"
    )


def test_the_package_ships_the_catalogs():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["postarchive"]
    package = REPO / "postarchive"
    shipped = {p for pattern in patterns for p in package.glob(pattern)}
    for language in i18n.SHIPPED:
        for suffix in (".mo", ".po"):
            assert package / f"locale/{language}/LC_MESSAGES/postarchive{suffix}" in shipped
    assert package / "locale/postarchive.pot" in shipped
    assert package / "static/archive-i18n.js" in shipped


# -- builds ------------------------------------------------------------------------------
@pytest.mark.sphinx("html", testroot="posts", confoverrides={"language": "fr"})
def test_a_french_archive(app):
    app.build()
    known, bound = page(app, "posts/known"), page(app, "posts/bound")
    assert text(known, ".archive-byline-date") == "7 juin 2016"
    assert text(known, ".archive-byline-reading") == "1 min de lecture"
    assert text(bound, ".archive-byline-date") == "Date inconnue, pas avant le 7 juin 2016"
    assert text(known, ".archive-about-more summary") == "À propos de cet article"
    fields = [normalise(f.get_text()).rstrip(" :") for f in known.select(".archive-about-more dt")]
    assert fields[:3] == ["Auteur", "Publié", "Original"]
    assert "Ailleurs dans l’archive" in known.get_text()
    assert "Citer cet article" in known.get_text()
    assert "date inconnue (pas avant le 7 juin 2016)" in bound.select_one(".archive-cite").text
    index = page(app, "index")
    dates = [normalise(e.get_text()) for e in index.select(".archive-entry-date")]
    assert dates == ["2 janvier 2014", "7 juin 2016", "Date inconnue (pas avant le 7 juin 2016)"]
    undated = page(app, "years/undated")
    assert normalise(undated.select_one("h1").get_text()).startswith("Date inconnue")
    assert "1 article dont nous n’avons pas pu vérifier la date" in undated.get_text()
    topics = page(app, "topics/index")
    assert normalise(topics.select_one("h1").get_text()).startswith("Thèmes")
    # the scripts: the plural rule without eval before Sphinx's translations.js
    scripts = [s["src"].split("?")[0] for s in index.select("script[src]")]
    i18n_script, messages = "_static/archive-i18n.js", "_static/archive-translations.js"
    assert scripts.index(i18n_script) < scripts.index("_static/translations.js")
    assert scripts.index("_static/doctools.js") < scripts.index(i18n_script)
    js = (app.outdir / messages).read_text(encoding="utf-8")
    assert '"Glossary": "Glossaire"' in js
    feed = (app.outdir / "atom.xml").read_text(encoding="utf-8")
    assert 'label="Date inconnue"' in feed and "Le flux date cet article" in feed


@pytest.mark.parametrize(
    "language, day, about, undated",
    [
        ("de", "7. Juni 2016", "Über diesen Beitrag", "Datum unbekannt"),
        ("es", "7 de junio de 2016", "Acerca de esta entrada", "Fecha desconocida"),
    ],
)
def test_german_and_spanish(make_app, rootdir, tmp_path, language, day, about, undated):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-posts", src)
    app = make_app("html", srcdir=src, confoverrides={"language": language})
    app.build()
    known = page(app, "posts/known")
    assert text(known, ".archive-byline-date") == day
    assert text(known, ".archive-about-more summary") == about
    assert normalise(page(app, "years/undated").select_one("h1").get_text()).startswith(undated)


@pytest.mark.sphinx("html", testroot="posts")
def test_english_is_as_it_was(app):
    """English has no catalog and loads no translation script. (The edition's
    whole site was compared byte for byte with a build before the catalog:
    identical but for archive-search.js's checksum.)"""
    app.build()
    known = page(app, "posts/known")
    assert text(known, ".archive-byline-date") == "7 June 2016"
    assert text(known, ".archive-about-more summary") == "About this post"
    scripts = " ".join(s["src"] for s in page(app, "index").select("script[src]"))
    assert "archive-i18n.js" not in scripts and "translations.js" not in scripts


def test_in_process_builds_do_not_mix_languages(make_app, rootdir, tmp_path):
    """A French build, then an English one in the same process: English."""
    for language, day, about in (
        ("fr", "7 juin 2016", "À propos de cet article"),
        ("en", "7 June 2016", "About this post"),
    ):
        src = tmp_path / language
        shutil.copytree(rootdir / "test-posts", src)
        app = make_app("html", srcdir=src, confoverrides={"language": language})
        app.build()
        assert text(page(app, "posts/known"), ".archive-byline-date") == day
        assert text(page(app, "posts/known"), ".archive-about-more summary") == about


def test_the_french_pdf_has_the_translated_words(tmp_path):
    """The LaTeX gets the same words, as text (escaped by Sphinx's writer)."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-posts", src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nlanguage = "fr"\n', encoding="utf-8")
    sphinx_build(src, tmp_path / "out", builder="latex")
    # the book's frame and the volumes (the posts are in their years' volumes)
    tex = "\n".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "latex").glob("*.tex")
    )
    assert "Date inconnue" in tex
    assert "7 juin 2016" in tex
    assert "À propos de cet article" in tex
    # the book's part where the volumes go, and the undated posts' volume's title
    assert r"\part[Articles par année]" in tex
    assert "Articles de date inconnue" in tex
    # the book's table of contents names the undated posts' volume in French
    assert r"-undated}{Date inconnue}" in tex


def whole_book_tex(tmp_path, language: str) -> str:
    """The LaTeX of the test-posts root in *language*, the book typeset whole
    (``archive_pdf_volumes = False``): one .tex."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-posts", src)
    conf = src / "conf.py"
    settings = f'\nlanguage = "{language}"\narchive_pdf_volumes = False\n'
    conf.write_text(conf.read_text(encoding="utf-8") + settings, encoding="utf-8")
    sphinx_build(src, tmp_path / "out", builder="latex")
    [book] = (tmp_path / "out" / "latex").glob("*.tex")
    return book.read_text(encoding="utf-8")


def test_the_book_without_volumes_in_the_language(tmp_path):
    """Typeset whole (``archive_pdf_volumes = False``), a year page is a part of
    the book that keeps its label (links to it land there), and the Topics
    chapter's page numbers read "p." for one page and for several."""
    tex = whole_book_tex(tmp_path, "fr")
    assert r"\part{Date inconnue}\label{\detokenize{years/undated::doc}}" in tex
    assert r"p.~\hyperref" in tex and "pp.~" not in tex


def test_the_german_pdf_numbers_pages_with_s(tmp_path):
    """The Topics chapter's "2 posts: pp. 3, 5" reads "2 Beiträge: S. 3, 5"."""
    tex = whole_book_tex(tmp_path, "de")
    assert r"2 Beiträge: S.~\hyperref" in tex and r"1 Beitrag: S.~\hyperref" in tex
    assert "p.~" not in tex


@pytest.mark.parametrize(
    "language, shown",
    [
        ("en", "1 January 2026"),
        ("fr", "1 janvier 2026"),
        ("de", "1. Januar 2026"),
        ("es", "1 de enero de 2026"),
    ],
)
def test_the_day_of_the_build_in_the_language(monkeypatch, language, shown):
    """The PDF's title page dates the edition as readers of its language write
    a day (no "01 janvier"), on the day SOURCE_DATE_EPOCH gives."""
    from postarchive.core.settings import configure

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    archive = runpy.run_path(str(REPO / "conf.py"))["ARCHIVE"]
    conf: dict = {}
    configure(conf, {**archive, "language": language})
    assert conf["today"] == shown
    assert "today_fmt" not in conf
