"""The Sphinx extension behind the archive (``extensions = ["postarchive"]``).

One module per concern; imports run one way, from the post model up (see
the module map in README.md, "How the extension works"):

* :mod:`.model` – the post record, the one date order, dates as shown, reading time;
* :mod:`.frontmatter` – reading and validating a post's front matter (a table of fields);
* :mod:`.topiclist` – the topic list (``topics.yaml``);
* :mod:`.compat` – every Sphinx internal the archive relies on;
* :mod:`.domain` – the build data, purged and merged like any Sphinx domain;
* :mod:`.placeholders` – nodes resolved late, in one walk of each doctree;
* :mod:`.lists` – the one renderer of post lists and their entries;
* :mod:`.disclosure` – matter one tap away on the site (``<details>``), open on paper;
* :mod:`.posts` – which documents are posts, the byline and About box, citation, landing-page list;
* :mod:`.markup` – scrape artifacts, lost figures, roundup blurbs;
* :mod:`.related` – ranking related posts;
* :mod:`.years` – the year pages (generated), the landing page's toctree of years, years as PDF parts;
* :mod:`.virtualdocs` – generated documents (year and topic pages) registered with Sphinx;
* :mod:`.navigation` – the sidebar (one entry per year) and each post's "More from the archive" box;
* :mod:`.archive` – the archive by date;
* :mod:`.topics` – topic checks, generated topic pages and their lists;
* :mod:`.autolink` – glossary terms that link themselves at their first use in each post;
* :mod:`.glossary` – "Used in" back-references and hover definitions of terms;
* :mod:`.edition` – the counts the edition gives of itself (landing page, PDF title page);
* :mod:`.feed` – the Atom feed (each post's full text) and its link in every page's head;
* :mod:`.social` – link previews: the OpenGraph and Twitter-card tags of every page;
* :mod:`.publish` – sitemap.xml and robots.txt (when the site's address is known), the 404 page's text;
* :mod:`.theme` – stylesheet, PDF link and LaTeX macros;
* :mod:`.search` – what the search knows of each page (text, places, glossary entries),
  its data file and scorer;
* :mod:`.htmlpolicy` – the allowlist of raw HTML, on an HTML5 tokenizer;
* :mod:`.safety` – what a page may contain: raw HTML, links, no file reads, remote images;
* :mod:`.latexsafe` – what reaches LaTeX as LaTeX (math, labels, column specs…) on an allowlist,
  and the Lua guard of the PDF build;
* :mod:`.csp` – the Content-Security-Policy of every page;
* :mod:`.pdffonts` – the PDF's fonts (every script) and the check that each character has one;
* :mod:`.nesting` – lists and quotes nested deeper than LaTeX allows, set flat in the PDF only;
* :mod:`.validate` – bad files: encoding, control characters, front matter, titles;
* :mod:`.freshness` – what incremental builds read and write again;
* :mod:`.stemming` – the search index's stemmer, cached (the same index, built faster);
* :mod:`.comments` – imported posts: comments from the original blog, import notes, embeds;
* :mod:`.redirects` – redirect pages and server maps from the original addresses.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import (
    archive,
    archivedlinks,
    autolink,
    comments,
    csp,
    disclosure,
    edition,
    feed,
    freshness,
    glossary,
    latexsafe,
    markup,
    navigation,
    nesting,
    pdffonts,
    placeholders,
    posts,
    publish,
    redirects,
    safety,
    search,
    social,
    stemming,
    theme,
    topics,
    validate,
    virtualdocs,
    years,
)
from .domain import ArchiveDomain
from .version import __version__


def setup(app: Sphinx) -> dict:
    app.add_domain(ArchiveDomain)
    for module in (
        placeholders,
        disclosure,
        posts,
        markup,
        autolink,
        glossary,
        theme,
        search,
        years,
        topics,
        virtualdocs,
        navigation,
        archive,
        feed,
        social,
        publish,
        freshness,
        validate,
        safety,
        latexsafe,
        csp,
        edition,
        pdffonts,
        stemming,
        comments,
        redirects,
        nesting,
        archivedlinks,
    ):
        module.setup(app)
    return {
        "version": __version__,
        # a new shape of either domain's data discards old pickled environments
        "env_version": ArchiveDomain.data_version * 100 + search.SearchDataDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
