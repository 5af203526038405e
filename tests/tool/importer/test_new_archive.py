"""``postarchive new DIR [--from FILE…]`` (#23): a fresh archive named from the
export's or feed's channel (or the options), built with the real sphinx-build
under ``-nW``: nothing of this edition in it, no glossary until one is
written; a non-empty DIR refused; the channel's text reaches conf.py only as
string literals."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.archivebuild import REPO
from support.paths import DATA as DATA_DIR
from support.paths import IMPORTDATA

from postarchive import command

DATA = IMPORTDATA
#: what names this edition: none of it may reach another archive's site
EDITION = ["Agile in the Clouds", "Rob Hirschfeld", "robhirschfeld", "open core", "time machine"]
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
}


def new(*args: str | Path) -> subprocess.CompletedProcess:
    """``postarchive new …`` as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "postarchive.command", "new", *map(str, args)],
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=ENV,
    )


def build(project: Path) -> Path:
    out = project.parent / f"{project.name}-html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            str(project),
            str(project / "docs"),
            str(out),
            "-d",
            str(project.parent / f"{project.name}-doctrees"),
            "-nW",
            "--keep-going",
            "-q",
        ],
        check=False,
        capture_output=True,
        text=True,
        cwd=project,
        env=ENV,
    )
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stdout}\n{result.stderr}"
    return out


def site_text(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".js", ".css", ".xml", ".svg", ".txt", ".map", "")
    }


def assert_nothing_of_this_edition(out: Path) -> None:
    found = {
        (name, word)
        for name, text in site_text(out).items()
        for word in EDITION
        if word.casefold() in text.casefold()
    }
    assert found == set()


def assert_no_glossary(out: Path) -> None:
    assert not (out / "glossary.html").exists()
    linked = [
        name
        for name, text in site_text(out).items()
        if name.endswith(".html") and re.search(r'href="[^"]*glossary\.html', text)
    ]
    assert linked == []


@pytest.mark.parametrize(
    "export, title", [("feed.atom.xml", "Atom Blog"), ("blog.wxr.xml", "Test Blog — ünïcode")]
)
def test_new_archive_from_an_export_builds_with_nothing_of_this_edition(tmp_path, export, title):
    project = tmp_path / "blog"
    result = new(project, "--from", DATA / export)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in project.iterdir()) == [
        ".gitignore",
        "README.md",
        "conf.py",
        "docs",
        "sources",
    ]
    assert "build/" in (project / ".gitignore").read_text(encoding="utf-8")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert all(
        c in readme for c in ("postarchive build", "postarchive serve", "postarchive import")
    )
    assert not (project / "docs" / "glossary.md").exists()
    conf = runpy.run_path(str(project / "conf.py"))
    assert conf["ARCHIVE"]["title"] == title and conf["language"] == "en"
    assert "@" not in conf["ARCHIVE"]["author"]
    posts = sorted(p.stem for p in (project / "docs" / "posts").glob("*.md"))
    assert posts

    out = build(project)
    assert all((out / "posts" / f"{slug}.html").is_file() for slug in posts)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"<h1>{re.escape(title)}", index)
    assert f"<title>{title} &#8212; {title}</title>" in index
    about = (out / "about.html").read_text(encoding="utf-8")
    assert export in about and conf["ARCHIVE"]["address"] in about
    assert (out / "topics" / "index.html").is_file()
    assert_nothing_of_this_edition(out)
    assert_no_glossary(out)


def test_new_archive_without_an_export_builds_empty(tmp_path):
    project = tmp_path / "empty"
    project.mkdir()  # an empty directory is fine
    status = command.main(
        [
            "new",
            str(project),
            "--title",
            "Field Notes",
            "--author",
            "Ines Example",
            "--language",
            "de-DE",
        ]
    )
    assert status == 0
    conf = runpy.run_path(str(project / "conf.py"))
    assert conf["ARCHIVE"]["author"] == "Ines Example" and conf["language"] == "de"
    assert conf["ARCHIVE"]["pdf_name"] == "field-notes.pdf"
    assert list((project / "docs" / "posts").iterdir()) == []
    out = build(project)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1>Field Notes" in index and "Noch keine Beiträge." in index  # the archive's language
    landing = page_text(out, "index.html")
    assert "Dieses Archiv enthält 0 Beiträge aus dem Blog „Field Notes“ von Ines Example" in landing
    assert "(oder Strg + K)" in landing and "noch nicht bekannt" in landing
    about = page_text(out, "about.html")
    assert about.startswith("Über dieses Archiv") and "dessen Adresse unbekannt ist" in about
    assert "Beim Anlegen dieses Archivs wurde kein Export und kein Feed importiert" in about
    assert not list((out / "posts").glob("*.html")) if (out / "posts").exists() else True
    assert_nothing_of_this_edition(out)
    assert_no_glossary(out)


def test_a_non_empty_directory_is_refused(tmp_path, capsys):
    project = tmp_path / "taken"
    project.mkdir()
    (project / "notes.txt").write_text("mine", encoding="utf-8")
    result = new(project, "--from", DATA / "feed.rss.xml")
    assert result.returncode == 2
    assert "not empty" in result.stderr and "nothing was created" in result.stderr
    assert [p.name for p in project.iterdir()] == ["notes.txt"]
    # without --from, a title and an author are required
    assert command.main(["new", str(tmp_path / "fresh"), "--title", "T"]) == 2
    assert not (tmp_path / "fresh").exists()
    # a file that is not a feed: refused, nothing left behind
    assert command.main(["new", str(tmp_path / "bad"), "--from", str(DATA / "page.html")]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert "nothing was created" in capsys.readouterr().err


HOSTILE_TITLE = (
    'He said "hi" & it\'s \\back\\slash \'\'\'x\'\'\' """y"""\n'
    'import os; os.system("touch PWNED")  # \\n\n  end'
)
HOSTILE_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>{title}</title>
  <link>https://hostile.example.org/</link>
  <description>Roles {{archive}}`title` and **stars** stay text</description>
  <managingEditor>boss@hostile.example.org</managingEditor>
  <item>
    <title>One</title>
    <link>https://hostile.example.org/one/</link>
    <guid isPermaLink="false">https://hostile.example.org/?p=1</guid>
    <pubDate>Mon, 04 Mar 2019 10:00:00 +0000</pubDate>
    <description>The text of one.</description>
  </item>
</channel>
</rss>
"""


def test_conf_py_holds_the_channel_as_string_literals(tmp_path):
    escaped = HOSTILE_TITLE.replace("&", "&amp;")
    feed = tmp_path / 'feed\'s "name".xml'
    feed.write_text(HOSTILE_FEED.format(title=escaped), encoding="utf-8")
    project = tmp_path / "hostile"
    assert command.main(["new", str(project), "--from", str(feed)]) == 0
    conf = runpy.run_path(str(project / "conf.py"))
    expected = " ".join(HOSTILE_TITLE.split())
    assert conf["ARCHIVE"]["title"] == expected and conf["project"] == expected
    assert conf["ARCHIVE"]["subjects"] == "Roles {archive}`title` and **stars** stay text"
    assert conf["ARCHIVE"]["author"] == "Unknown author"  # never the e-mail address
    assert not list(tmp_path.rglob("PWNED")) and not (REPO / "PWNED").exists()
    out = build(project)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Roles {archive}`title` and **stars** stay text" in index
    about = (out / "about.html").read_text(encoding="utf-8")
    # the file's name as literal text (code), whatever it holds
    assert re.search(
        r"<code[^>]*><span class=\"pre\">feed's</span> "
        r"<span class=\"pre\">&quot;name&quot;.xml</span></code>",
        about,
    )


def test_the_scaffold_loads_no_sphinx():
    code = (
        "import sys, postarchive.scaffold, postarchive.importer.channel;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO, env=ENV
    ).stdout
    assert out.strip() == "[]"


# -- the pages in the archive's language ----------------------------------------------
FRENCH_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>{title}</title>
  <link>https://carnet.example.fr/</link>
  <language>fr-FR</language>
  <item>
    <title>Premier billet</title>
    <link>https://carnet.example.fr/premier/</link>
    <guid isPermaLink="false">https://carnet.example.fr/?p=1</guid>
    <pubDate>Mon, 04 Mar 2019 10:00:00 +0000</pubDate>
    <dc:creator>Marie Exemple</dc:creator>
    <category>Voyages</category>
    <category>Cuisine</category>
    <description>Le texte du premier billet.</description>
  </item>
  <item>
    <title>Second billet</title>
    <link>https://carnet.example.fr/second/</link>
    <guid isPermaLink="false">https://carnet.example.fr/?p=2</guid>
    <pubDate>Tue, 05 Mar 2019 10:00:00 +0000</pubDate>
    <dc:creator>Marie Exemple</dc:creator>
    <category>Voyages</category>
    <category>Lectures</category>
    <description>Le texte du second billet.</description>
  </item>
</channel>
</rss>
"""


def page_text(out: Path, name: str) -> str:
    return " ".join(
        BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser").get_text().split()
    )


def test_new_archive_from_a_french_feed_is_written_in_french(tmp_path):
    feed = tmp_path / "carnet.xml"
    feed.write_text(FRENCH_FEED.format(title="Carnet de route"), encoding="utf-8")
    project = tmp_path / "carnet"
    assert command.main(["new", str(project), "--from", str(feed)]) == 0
    conf = runpy.run_path(str(project / "conf.py"))
    assert conf["language"] == "fr"
    names = conf["ARCHIVE"]
    assert (
        names["blog"] == "blog «\u00a0Carnet de route\u00a0» de Marie Exemple (carnet.example.fr)"
    )
    assert names["subjects"] == "Voyages, Cuisine et Lectures"
    index = (project / "docs" / "index.md").read_text(encoding="utf-8")
    assert "```{rubric} S’orienter" in index and ":caption: Articles par année" in index
    assert r"\chapter*{À propos de cette édition}" in index

    out = build(project)  # -nW: the translated Markdown is valid MyST
    landing = page_text(out, "index.html")
    assert "Une archive de 2 articles du blog « Carnet de route » de Marie Exemple" in landing
    assert "S’orienter" in landing and "Articles les plus récents" in landing
    assert "Find your way" not in landing and "Newest posts" not in landing
    about = page_text(out, "about.html")
    assert about.startswith("À propos de cette archive")
    assert "D’où viennent les articles" in about and "Règles éditoriales" in about
    assert "depuis carnet.xml (un flux RSS) par postarchive new" in about
    assert "dont l’adresse est https://carnet.example.fr/" in about
    by_date = page_text(out, "archive.html")
    assert by_date.startswith("Archive par date")
    assert "S’abonner au flux Atom des articles" in by_date
    assert "Every post" not in by_date


@pytest.mark.parametrize(
    "case, args",
    [
        ("feed-rss", ["--from", str(DATA / "feed.rss.xml")]),
        ("options", ["--title", "Field Notes", "--author", "Ines Example"]),
    ],
)
def test_an_english_archive_is_written_as_before(tmp_path, case, args):
    """The pages of an English archive are byte for byte those of the
    templates before they were translatable (tests/data/new-english, but for
    the day of the import)."""
    project = tmp_path / case
    assert command.main(["new", str(project), *args]) == 0
    expected = DATA_DIR / "new-english" / case
    for name in ("conf.py", "README.md", "docs/index.md", "docs/about.md", "docs/archive.md"):
        written = (project / name).read_text(encoding="utf-8")
        written = re.sub(
            r"imported on \d{4}-\d{2}-\d{2} from", "imported on YYYY-MM-DD from", written
        )
        suffix = ".txt" if name.endswith(".py") else ""
        assert written == (expected / f"{name}{suffix}").read_text(encoding="utf-8"), name


INJECTION = "{% raw %}{{ 7*7 }}{# x"


def test_the_channel_is_never_read_as_a_template(tmp_path):
    """A channel title or a file name with Jinja's syntax is written as it is:
    the values are the templates' data, never their source."""
    feed = tmp_path / f"{INJECTION}.xml"
    feed.write_text(FRENCH_FEED.format(title=INJECTION), encoding="utf-8")
    project = tmp_path / "injected"
    assert command.main(["new", str(project), "--from", str(feed)]) == 0
    conf = runpy.run_path(str(project / "conf.py"))
    assert conf["ARCHIVE"]["title"] == INJECTION and "49" not in conf["ARCHIVE"]["blog"]
    assert f"«\u00a0{INJECTION}\u00a0»" in conf["ARCHIVE"]["blog"]
    about = (project / "docs" / "about.md").read_text(encoding="utf-8")
    assert f"`{INJECTION}.xml` (un flux RSS)" in about
    out = build(project)
    assert f"{INJECTION}.xml" in page_text(out, "about.html")
    assert f"<h1>{INJECTION}" in (out / "index.html").read_text(encoding="utf-8")
