"""What the search knows of each page (postarchive/search.py): the search data
file, the word index without the editorial boxes of posts, the scorer; correct
after incremental and parallel builds. (The search itself, in the browser:
tests/browser/test_search.py and test_search_builds.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.archivebuild import copy_root, edit, sphinx_build

from postarchive.html.search import DATA_FILE, part_file


def _arguments(path: Path, call: str) -> list:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"ArchiveSearch.{call}(") + len(f"ArchiveSearch.{call}(")
    return json.loads("[" + text[start : text.rindex(")")] + "]")


def first_part(outdir: Path) -> dict:
    return _arguments(outdir / DATA_FILE, "setData")[0]


def parts(outdir: Path) -> dict[str, dict[str, list[str]]]:
    """{part: {docname: [text of each place]}}, from the part files there are."""
    found = {}
    for path in sorted(outdir.glob(part_file("*"))):
        key, texts = _arguments(path, "addPart")
        assert path.name == part_file(key)
        found[key] = texts
    return found


def search_data(outdir: Path) -> dict:
    """The search data as the browser has it once every part is in."""
    data = first_part(outdir)
    texts = {name: t for part in parts(outdir).values() for name, t in part.items()}
    for doc in data["docs"]:
        for place, text in zip(doc["p"], texts.get(doc["n"], [])):
            place.append(text)
        for place in doc["p"]:
            place[2:] = place[2:] or [""]
    return data


def search_index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def docs_of(outdir: Path) -> dict[str, dict]:
    return {doc["n"]: doc for doc in search_data(outdir)["docs"]}


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_search_data_of_a_post(app):
    app.build()
    docs = docs_of(Path(app.outdir))
    market = docs["posts/market"]
    assert market["k"] == "post"
    assert market["t"] == "At the market"
    assert market["d"] == "2 May 2016"
    assert market["s"] == "A morning at the market."
    # the top of the post, then its section; a footnote where it is referenced
    assert [place[:2] for place in market["p"]] == [["", ""], ["harbour", "Harbour"]]
    assert (
        market["p"][0][2]
        == "I bought one red apple at the market, from a stall near the tall ship."
    )
    assert "the quokka lives" in market["p"][1][2]
    # the author's text only: no About box, citation or navigation
    everything = json.dumps(docs["posts/orchard"], ensure_ascii=False)
    for editorial in (
        "About this post",
        "Cite this post",
        "The editors note",
        "Rottnest",
        "More from the archive",
        "Reading time",
    ):
        assert editorial not in everything
    # posts in the archive's date order, oldest first
    assert [docs[d]["o"] for d in ("posts/orchard", "posts/market", "posts/far-away")] == [0, 1, 2]


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_search_data_of_the_glossary_and_editorial_pages(app):
    app.build()
    docs = docs_of(Path(app.outdir))
    glossary = docs["glossary"]
    assert glossary["k"] == "glossary"
    ids, names, first, text = glossary["g"][0]
    assert (ids, names) == (["term-tall-ship"], ["tall ship"])
    assert first == "A large sailing ship with several masts."
    assert (
        text == "A large sailing ship with several masts. The author sails on one."
    )  # no "See also"
    index = docs["index"]
    assert index["k"] == "page"
    assert "names a red apple, a tall ship and Rottnest" in index["p"][0][2]
    # editorial pages carry no date or summary; other scripts are kept as written
    assert "d" not in index and "s" not in index
    assert "Москва" in docs["posts/far-away"]["p"][0][2]
    assert docs["posts/far-away"]["p"][1][1] == "Ελληνικά"


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_search_data_in_parts(app):
    """The first part: every page without the text of its places (what the
    first results need); the text in one part per year of the posts, one for
    the undated posts, one for the other pages."""
    app.build()
    out = Path(app.outdir)
    first = first_part(out)
    assert first["parts"] == ["2015", "2016", "pages", "undated"]
    assert sorted(parts(out)) == first["parts"]
    docs = {doc["n"]: doc for doc in first["docs"]}
    where = {"posts/orchard": "2015", "posts/market": "2016", "posts/far-away": "undated"}
    for docname, key in (where | {"index": "pages"}).items():
        assert docs[docname]["r"] == key
        assert docname in parts(out)[key]
    assert "r" not in docs["glossary"]  # its entries are in the first part, no other text
    # titles, dates, summaries, headings and the glossary in the first part ...
    market = docs["posts/market"]
    assert (market["t"], market["d"]) == ("At the market", "2 May 2016")
    assert market["p"] == [["", ""], ["harbour", "Harbour"]]
    assert docs["glossary"]["g"][0][1] == ["tall ship"]
    # ... and no text of a place
    text = (out / DATA_FILE).read_text(encoding="utf-8")
    for words in ("I bought one red apple", "the quokka lives", "Москва"):
        assert words not in text
    assert "I bought one red apple" in parts(out)["2016"]["posts/market"][0]
    assert "Москва" in parts(out)["undated"]["posts/far-away"][0]


def test_stale_parts_of_an_earlier_build_go(tmp_path):
    """A part file left by an earlier build into the same directory, whose
    part is gone, is removed; other files stay."""
    src = copy_root("search", tmp_path)
    build = tmp_path / "build"
    out = build / "html"
    out.mkdir(parents=True)
    (out / part_file("1999")).write_text("ArchiveSearch.addPart('1999', {});\n")
    (out / "archive-searchdata-notes.txt").write_text("mine")
    sphinx_build(src, build)
    assert not (out / part_file("1999")).exists()
    assert (out / "archive-searchdata-notes.txt").exists()
    assert (out / part_file("2016")).exists()


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_editorial_boxes_are_out_of_a_posts_word_index(app):
    app.build()
    out = Path(app.outdir)
    index = search_index(out)
    orchard = index["docnames"].index("posts/orchard")
    files = index["terms"].get("rottnest")
    files = [files] if isinstance(files, int) else files
    assert orchard not in files  # only in the orchard's About box
    assert index["docnames"].index("posts/market") in files
    assert "About this post" not in index["alltitles"]
    page = (out / "posts" / "orchard.html").read_text(encoding="utf-8")
    assert "archive-about editorial no-search" in page
    # the scorer is Sphinx's, from language_data.js
    assert "archiveScore" in (out / "_static" / "language_data.js").read_text(encoding="utf-8")


def test_search_data_after_incremental_and_parallel_builds(tmp_path):
    src = copy_root("search", tmp_path)
    build = tmp_path / "build"
    sphinx_build(src, build)
    out = build / "html"
    assert "posts/far-away" in docs_of(out)
    orchard = (out / part_file("2015")).stat().st_mtime_ns
    # remove a post, edit another: the data follows, like a clean build's
    (src / "posts" / "far-away.md").unlink()
    edit(src / "posts" / "market.md", "full of boats", "full of yachts")
    sphinx_build(src, build)
    # the part of the posts of 2015, untouched, is not written again (a reader's cached copy
    # stays good)
    assert (out / part_file("2015")).stat().st_mtime_ns == orchard
    docs = docs_of(out)
    assert "posts/far-away" not in docs
    assert "full of yachts" in docs["posts/market"]["p"][1][2]
    # the undated post was the only one of its part: its file goes with it
    assert not (out / part_file("undated")).exists()
    assert sorted(p.name for p in out.glob(part_file("*"))) == [
        part_file(key) for key in ("2015", "2016", "pages")
    ]
    clean = tmp_path / "clean"
    sphinx_build(src, clean, jobs=2)
    for name in (DATA_FILE, *(part_file(key) for key in ("2015", "2016", "pages"))):
        assert (clean / "html" / name).read_bytes() == (out / name).read_bytes(), name
