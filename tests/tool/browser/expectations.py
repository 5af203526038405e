"""What a reader should find on the site: the data the browser tests run on.

To cover a new feature, add data here rather than code:

* ``REQUIRED_PAGES``: pages every check (console errors, failed
  requests, phone width) must pass. Every other
  HTML page of the build is found and checked too (``all_pages``).
* ``AXE_PAGES``: pages axe-core must find free of serious and critical violations.
* ``PHRASES``: distinctive words of the author's text per post; each must find its post
  among the top results of the search. ``SEARCH_CASES`` adds the post titles.
  Cases for other pages: add ``SearchCase(query, page, within)`` to ``EXTRA_SEARCH_CASES``.

Post titles, dates and order come from the posts' front matter (docs/posts/*.md), not
from the build.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from support.paths import REPO as ROOT
from support.paths import SITE, SOURCE
from support.textutil import normalise

from postarchive.core.frontmatter import parse_post
from postarchive.core.model import sort_key

POSTS_DIR = ROOT / "docs" / "posts"


# -- the posts --------------------------------------------------------------
@dataclass(frozen=True)
class Post:
    docname: str  # posts/<name>
    title: str
    date: str | None  # ISO date, or None when unknown
    date_after: str | None
    topics: tuple[str, ...]  # topic slugs from the front matter
    text: str  # the post's .md file
    author_text: str  # the post's lines of the scraped source: the author's words

    @property
    def page(self) -> str:
        return f"{self.docname}.html"

    @property
    def year(self) -> str:
        """The sidebar's entry for the post: its year, or "Date unknown"."""
        return self.date[:4] if self.date else "Date unknown"

    @property
    def year_page(self) -> str:
        return f"years/{self.date[:4] if self.date else 'undated'}.html"

    def newest_first_key(self) -> tuple:
        """Newest first; unknown dates after every known one."""
        if self.date:
            return (0, -dt.date.fromisoformat(self.date).toordinal())
        return (1, 0)

    def date_words(self) -> list[str]:
        """What a reader must see wherever the post's date is shown."""
        if self.date:
            return [_human(self.date)]
        words = ["unknown"]
        if self.date_after:
            words.append(_human(self.date_after))
        return words


def shows_date(post: "Post", text: str) -> bool:
    """Whether *text* tells the post's date in any usual way: "7 June 2016" or
    2016-06-07 for a known date; "unknown" and the year it cannot precede otherwise."""
    if post.date:
        return _human(post.date) in text or post.date in text
    words = [post.date_after[:4]] if post.date_after else []
    return "unknown" in text.lower() and all(w in text for w in words)


def _human(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B} {day.year}"


def _source_lines(span: list[int] | None) -> str:
    if not span:
        return ""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[span[0] - 1 : span[1]])


def _load_posts() -> list[Post]:
    posts = []
    for path in sorted(POSTS_DIR.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        info = parse_post(text)
        posts.append(
            (
                sort_key(info),
                Post(
                    docname=f"posts/{path.stem}",
                    title=info.title,
                    date=info.date,
                    date_after=info.date_after,
                    topics=tuple(info.topics),
                    text=text,
                    author_text=_source_lines(info.source_lines),
                ),
            )
        )
    return [post for _key, post in sorted(posts, key=lambda kp: kp[0])]


#: Oldest first, in the archive's date order.
POSTS: list[Post] = _load_posts()
POST_BY_NAME = {post.docname.split("/")[-1]: post for post in POSTS}


# -- pages ------------------------------------------------------------------
REQUIRED_PAGES = [
    "index.html",
    "about.html",
    "genindex.html",
    "glossary.html",
    "topics/index.html",
    "archive.html",
    *[p.page for p in POSTS],
]
#: Query strings opened as pages too (a search result page fetches every result).
QUERY_PAGES = ["search.html?q=open+source", "search.html?q=containers"]


def all_pages() -> list[str]:
    """Every page a reader can open: the required ones (a missing one fails its
    tests), every other HTML page of the build, and the search result pages."""
    pages = list(REQUIRED_PAGES)
    if SITE.is_dir():
        for path in sorted(SITE.rglob("*.html")):
            rel = path.relative_to(SITE).as_posix()
            if rel.split("/")[0] in {"_static", "_sources", "_images"} or rel in pages:
                continue
            pages.append(rel)
    return pages + QUERY_PAGES


def topic_pages() -> list[str]:
    return (
        sorted(
            p.relative_to(SITE).as_posix()
            for p in (SITE / "topics").glob("*.html")
            if p.name != "index.html"
        )
        if (SITE / "topics").is_dir()
        else []
    )


#: Landing page, the posts, the glossary, the topics overview and a topic page.
AXE_PAGES = [
    "index.html",
    *[post.page for post in POSTS],
    "glossary.html",
    "topics/index.html",
    *(topic_pages()[:1] or ["topics/containers.html"]),
]


# -- search -----------------------------------------------------------------
@dataclass(frozen=True)
class SearchCase:
    query: str
    page: str  # the page expected among the top results
    within: int = 3  # ... among the first `within` results
    first: bool = False  # ... and it must be the very first result

    def __str__(self) -> str:
        return self.query


#: Words a reader remembers from a post (they must occur in that post's text).
PHRASES: dict[str, list[str]] = {
    "have-opensource-will-profit": [
        "pinch of salt",
        "Marten Mickos",
        "Amazon was the goat",
        "MySQL hosted by RDS",
        "Digital Rebar",
        "exploration funds",
        "conversion ratio",
    ],
    "openstack-interop-container-security-install-open-source-posts": [
        "thirteen ways",
        "snowflake",
        "Universal Installer Unicorn",
        "King of the hill",
        "OpenStack SuperUser",
        "link-bait",
        "backdoor hacks",
    ],
    "start-ups-are-time-machines-for-big-companies": [
        "DeLorean",
        "Terabass",
        "plutonium",
        "baby chicks",
        "Money is a time machine",
        "venture-time continuum",
    ],
}

#: More cases (e.g. for pages added later); each page gets its own list entry.
EXTRA_SEARCH_CASES: list[SearchCase] = []

SEARCH_CASES: list[SearchCase] = [
    *[SearchCase(normalise(post.title), post.page) for post in POSTS],  # typed: no NBSP
    *[
        SearchCase(phrase, POST_BY_NAME[name].page)
        for name, phrases in PHRASES.items()
        for phrase in phrases
    ],
    *EXTRA_SEARCH_CASES,
]


# -- ranking ----------------------------------------------------------------
GLOSSARY_PAGE = "glossary.html"
_HO = "posts/have-opensource-will-profit.html"
_RU = "posts/openstack-interop-container-security-install-open-source-posts.html"
_SU = "posts/start-ups-are-time-machines-for-big-companies.html"


@dataclass(frozen=True)
class RankCase:
    """What a reader must get for *query*: *first* is where the first result
    leads ("page" or "page#anchor"); every place of *top3* is among the first
    three results (a bare page: any place on it)."""

    query: str
    first: str
    top3: tuple[str, ...] = ()
    covers: str = ""  # what kind of query this is

    def __str__(self) -> str:
        return self.query


def _term(anchor: str) -> str:
    return f"{GLOSSARY_PAGE}#{anchor}"


#: Queries with their right answers, chosen by reading the site, not the ranking.
RANK_CASES: list[RankCase] = [
    # glossary terms: the entry first (the exact term typed, a synonym, a plural), then
    # the posts that use the term
    RankCase("open core", _term("term-open-core"), (_HO,), "term"),
    RankCase("time machine", _term("term-time-machine"), (_SU,), "term"),
    RankCase("universal installer", _term("term-universal-installer"), (_RU,), "term"),
    RankCase("worm hole", _term("term-worm-hole"), (_SU,), "term"),
    RankCase("pinch of salt", _term("term-pinch-of-salt"), (_HO,), "term"),
    RankCase("exploration funds", _term("term-exploration-fund"), (_HO,), "term, plural"),
    RankCase("hosted OSS", _term("term-hosted-OSS"), (_HO,), "term, synonym"),
    RankCase("backdoor", _term("term-backdoor"), (_RU,), "term, synonym"),
    RankCase("VM", _term("term-VM"), (_RU,), "term, two letters"),
    RankCase("snowflakes", _term("term-snowflake"), (_RU,), "term, plural"),
    RankCase("conversion ratio", _term("term-conversion-ratio"), (_HO,), "term"),
    RankCase(
        "purchasing companies", _term("term-purchasing-a-company"), (_SU,), "term, other forms"
    ),
    RankCase("monetize", _term("term-monetize"), (_HO, _RU), "term"),
    RankCase(
        "open source", _term("term-open-source"), (_SU, _RU), "term used everywhere: titles first"
    ),
    RankCase("start-ups", _term("term-start-up"), (_SU,), "term, plural"),
    RankCase(
        "containers", _term("term-container"), ("topics/containers.html", _RU), "term and topic"
    ),
    # names of the index: people, companies, products
    RankCase("Docker", f"{_HO}#thought-ubiquity", (), "name"),
    RankCase("RDS", f"{_HO}#thought-as-a-service", (), "name, see-also entry"),
    RankCase("Digital Rebar", f"{_HO}#thought-big-companies-fund-late", (), "name"),
    RankCase("Terabass", _SU, (), "name in a figure's credit line"),
    RankCase("DeLorean", _SU, (), "name"),
    RankCase("Dell", _SU, (), "name"),
    RankCase("VMware", f"{_RU}#blurb-openstack-interop", (), "name in a blurb"),
    RankCase("OpenStack SuperUser", f"{_RU}#blurb-openstack-interop", (), "name in a heading"),
    RankCase("Battery Ventures", _HO, (_RU,), "name in two titles"),
    RankCase(
        "Marten Mickos",
        f"{_HO}#thought-hold-something-back",
        (_term("term-pinch-of-salt"),),
        "name",
    ),
    # non-ASCII: the author wrote "Marten", the index says "Mårten"
    RankCase("Mårten", f"{_HO}#thought-hold-something-back", (), "non-ASCII"),
    RankCase("Marten", f"{_HO}#thought-hold-something-back", (), "non-ASCII, folded"),
    RankCase("MÅRTEN MICKOS", f"{_HO}#thought-hold-something-back", (), "non-ASCII, capitals"),
    RankCase("Mickos, Mårten", f"{_HO}#thought-hold-something-back", (), "non-ASCII, as indexed"),
    # phrases of the author's text, with stopwords, hyphens, punctuation
    RankCase("Amazon was the goat", f"{_HO}#thought-as-a-service", (), "phrase with stopwords"),
    RankCase("Money is a time machine", _SU, (_term("term-time-machine"),), "phrase"),
    RankCase("baby chicks", _SU, (), "phrase"),
    RankCase("venture-time continuum", _SU, (_term("term-worm-hole"),), "phrase, hyphen"),
    RankCase("venture time continuum", _SU, (), "phrase, hyphen typed as a space"),
    RankCase(
        "thin separating walls",
        f"{_RU}#blurb-container-security",
        (_term("term-container"),),
        "phrase",
    ),
    RankCase("King of the hill", f"{_RU}#blurb-openstack-interop", (), "phrase in a heading"),
    RankCase("10/2014", _SU, (), "numbers"),
    RankCase("$20-100k", _HO, (_term("term-exploration-fund"),), "numbers, post before glossary"),
    RankCase("open source eats software", _HO, (_RU,), "phrase in two posts: the earlier first"),
    # quoted phrases: the phrase only
    RankCase('"open core"', _term("term-open-core"), (_HO, "index.html"), "quoted"),
    RankCase('"time machine"', _term("term-time-machine"), (_SU,), "quoted"),
    RankCase('"big companies"', _SU, (_HO,), "quoted, in a title and a heading"),
    RankCase("“pinch of salt”", _term("term-pinch-of-salt"), (_HO,), "quoted with curly quotes"),
    # a word in a heading
    RankCase("Proprietary", f"{_HO}#thought-valuation", (), "heading"),
    RankCase("popularity", f"{_HO}#thought-ubiquity", (), "heading"),
    RankCase("critical monetization path", f"{_HO}#thought-as-a-service", (), "heading, phrase"),
    RankCase(
        "Slay the Universal Installer Unicorn",
        f"{_RU}#blurb-universal-installer",
        (),
        "heading of an article",
    ),
    # words only in a roundup's blurbs
    RankCase("backdoor hacks", f"{_RU}#blurb-container-security", (), "blurb"),
    RankCase("needful variation", f"{_RU}#blurb-universal-installer", (), "blurb"),
    RankCase("link-bait", _RU, (), "blurb introduction"),
    # titles of posts, typed without their non-breaking spaces
    *[RankCase(normalise(post.title), post.page, (), "post title") for post in POSTS],
    # editorial pages: found by their titles; below posts and entries for their other words
    RankCase("Glossary", GLOSSARY_PAGE, (), "page title"),
    RankCase("About this archive", "about.html", (), "page title"),
    RankCase("Editorial rules", "about.html#editorial-rules", (), "page heading"),
    RankCase("Installers and deployment", "topics/installers.html", (), "topic"),
    RankCase("tinted box", "index.html", (), "landing page introduction"),
    # typed as far as the reader got
    RankCase("Terab", _SU, (), "beginning of a word"),
]

#: What the duplicate and excerpt checks search for: every ranking query.
LISTING_QUERIES: list[str] = list(dict.fromkeys(case.query for case in RANK_CASES))
