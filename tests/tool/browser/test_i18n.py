"""A French archive in a real browser: Sphinx's translations.js runs under the
archive's Content-Security-Policy without eval (archive-i18n.js reads the
plural rule; Sphinx's own reader calls ``new Function``, which the policy
refuses), with no console error on any page, and the interface is French:
Sphinx's words (the search page) and ours."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect
from support.archivebuild import REPO, sphinx_build

from .conftest import serve_site

PAGES = [
    "index.html",
    "posts/have-opensource-will-profit.html",
    "years/undated.html",
    "archive.html",
    "topics/index.html",
    "glossary.html",
    "search.html?q=containers",
    "404.html",
]


@pytest.fixture(scope="module")
def french_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("french")
    shutil.copytree(REPO / "docs", tmp / "docs")
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    assert '"language": "en",' in conf
    conf = conf.replace('"language": "en",', '"language": "fr",')
    (tmp / "conf.py").write_text(conf, encoding="utf-8")
    sphinx_build(tmp / "docs", tmp / "build", confdir=tmp)
    return tmp / "build" / "html"


@pytest.fixture(scope="module")
def french_reader(browser, french_site):
    with serve_site(browser, french_site) as reader:
        yield reader


@pytest.mark.parametrize("path", PAGES)
def test_no_console_error_on_a_french_page(french_reader, path):
    page = french_reader.open(path, settle=True)
    page.wait_for_timeout(300)
    problems = [p for p in french_reader.problems if "HTTP 404" not in p or path != "404.html"]
    assert problems == [], problems
    # Sphinx's catalog was read, with its plural rule (French: 0 and 1 are singular)
    assert page.evaluate("Documentation.LOCALE") == "fr"
    assert page.evaluate("[0, 1, 2, 5].map((n) => Documentation.PLURAL_EXPR(n))") == [0, 0, 2, 2]


def test_without_archive_i18n_the_policy_refuses_sphinx(french_site, french_reader):
    """The control: the same page without archive-i18n.js meets the unchanged
    policy with Sphinx's eval, and the browser refuses it (the test can fail)."""
    index = (french_site / "index.html").read_text(encoding="utf-8")
    script = re.search(r'<script src="_static/archive-i18n\.js[^"]*"></script>', index)
    assert script is not None
    (french_site / "control.html").write_text(index.replace(script.group(0), ""), "utf-8")
    page = french_reader.open("control.html", settle=True)
    page.wait_for_timeout(300)
    assert any(
        "unsafe-eval" in p or "CSP violation: script-src" in p for p in french_reader.problems
    )
    policy = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert "unsafe-eval" not in policy


def test_the_plural_rules_are_read_without_eval(french_reader):
    page = french_reader.open("index.html")
    rules = {
        "(n != 1)": [1, 0, 1, 1, 1],
        "(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2": [0, 0, 2, 2, 2],
        "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)": [
            2,
            0,
            1,
            2,
            0,
        ],
        "0": [0, 0, 0, 0, 0],
        "alert(1)": [1, 0, 1, 1, 1],  # not a plural rule: English's
    }
    for rule, expected in rules.items():
        got = page.evaluate(
            "(rule) => [0, 1, 2, 5, 21].map((n) => ArchivePlural.safely(rule)(n))", rule
        )
        assert got == expected, rule
    assert french_reader.problems == []


def test_the_interface_is_french(french_reader):
    page = french_reader.open("posts/have-opensource-will-profit.html")
    expect(page.locator(".archive-byline-date")).to_have_text("7 juin 2016")
    expect(page.locator(".archive-about-more summary")).to_have_text("À propos de cet article")
    expect(page.get_by_text("Ailleurs dans l’archive")).to_be_visible()
    page = french_reader.open("search.html?q=containers", settle=True)
    # Sphinx's catalog (searchtools.js) and ours (archive-search.js)
    expect(page.locator("#search-results h2")).to_have_text("Résultats de la recherche")
    expect(page.get_by_text(re.compile(r"^Résumé\u00a0: ")).first).to_be_visible()
    page = french_reader.open("404.html")
    expect(page.get_by_role("heading", name="Page introuvable")).to_be_visible()
    assert [p for p in french_reader.problems if "HTTP 404" not in p] == []
