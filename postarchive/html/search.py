"""Search: what the site's built-in search knows beyond Sphinx's word index,
and how it ranks results.

The search stays Sphinx's own (``searchindex.js`` and ``searchtools.js``, no
server). This module adds, through Sphinx's extension points:

* **The text readers search, per place.** While a document is read, its text
  is recorded in the ``archive-search`` domain (so it is purged and merged like
  any build data): the top of the page and each section (anchor, heading,
  text), the section each index entry points into, and on the glossary page
  each entry (anchors, terms, first sentence, definition). For a post this is
  the author's text only: the About box, citation, navigation box, editorial
  lines and scrape artifacts (:func:`.ours.is_ours`) are left out. Editorial
  pages are all editorial, so all of their own text is kept; the post lists
  that are filled in later (landing page, archive, topic pages) are not.
* **An index of the same text.** When a post is resolved for HTML, its
  editorial parts get the class ``no-search``, which Sphinx's indexer skips:
  the word index of a post holds its title, headings and the author's text,
  not the titles of other posts in its navigation box.
* **The search data, in parts**, written when the HTML build finishes, next
  to ``searchindex.js`` (each file only when it changed):

  - ``archive-searchdata.js``, the first part: for every document its kind
    (post, glossary, page), title, date and summary (posts), the anchor and
    heading of each place, its index targets, the glossary's entries, and the
    name of the part that holds the text of its places (``r``). With Sphinx's
    index it is what the first results are listed from (title words,
    headings, dates, summaries, terms): at 5,000 posts the two are 1.13 MiB
    gzipped (BENCHMARKS.md);
  - one file per further part, the text of the places of its documents:
    ``archive-searchdata-2016.js`` for the posts of 2016,
    ``archive-searchdata-undated.js`` for the posts without a known date,
    ``archive-searchdata-pages.js`` for the other pages. A post's part is
    named by its year, so adding a post rewrites the first part and its
    year's part only; a part holds a year's posts (about 0.3 MiB gzipped for
    the 380 posts a year of the 5,000-post benchmark). Part files of an
    earlier build into the same directory whose part is gone are removed.

  ``archive-search.js`` loads the first part once, when the first query runs
  (at once on the search page), then all the parts it names; it lists the
  first results from what it has, searches again as the parts come in, and
  makes excerpts, phrases and the ranking from the data: no page is fetched
  to show a result, and once every part is in the results are those of the
  whole text.
* **The scorer** (``html_search_scorer``): ``static/archive-scorer.js``,
  Sphinx's ``Scorer`` with the archive's ranking policy (what a match is
  worth, by kind of page and by where the words are found).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.util.tags import Tags

from ..content.glossary import definitions, first_sentence
from ..content.ours import is_ours
from ..content.posts import is_post
from ..core.files import write_if_changed
from ..core.model import date_label
from ..ext import stages
from ..ext.domain import get_domain

HERE = Path(__file__).resolve().parents[1]  # the package: static/, templates/
DATA_FILE = "archive-searchdata.js"  # the first part
PART_FILE = "archive-searchdata-{}.js"  # the others, by key: "2016", "undated", "pages"
PART_NAME = re.compile(r"archive-searchdata-[0-9a-z]+\.js")
SCORER = HERE / "static" / "archive-scorer.js"

#: Inline and block nodes whose text a reader does not search.
_SKIPPED = (
    nodes.comment,
    nodes.system_message,
    nodes.substitution_definition,
    nodes.target,
    nodes.image,
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.label,
    addnodes.index,
    nodes.problematic,
)
_SEE_ALSO = re.compile(r"\s*see also\b", re.I)
#: Cross-references that show their target's title unless given a text.
_TITLED_REFS = {"ref", "doc", "numref"}
_TAG = re.compile(r"<[^<]+?>")
_HIDDEN_HTML = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)


# -- storage --------------------------------------------------------------------------
class SearchDataDomain(Domain):
    """Per document: ``{"places": [[anchor, heading, text], ...], "targets":
    {index target id: place number}, "entries": [[ids, names, first sentence,
    definition], ...]}``. A domain only for its storage (no objects, no roles)."""

    name = "archive-search"
    label = "Archive search"
    initial_data: dict[str, Any] = {"documents": {}}
    data_version = 1

    @property
    def documents(self) -> dict[str, dict]:
        return self.data["documents"]

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for docname, record in otherdata["documents"].items():
            if docname in docnames:
                self.documents[docname] = record

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []


def search_domain(env) -> SearchDataDomain:
    return env.domains[SearchDataDomain.name]


# -- the text of a document -------------------------------------------------------------
_SPACES = re.compile(r"[^\S\xa0]+")


def clean(text: str) -> str:
    """One line of text as a reader sees it: runs of spaces and line breaks as
    one space (the author's non-breaking spaces kept), composed Unicode (NFC),
    so the browser's folding matches what it shows."""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())


class TextCollector:
    """Walks a doctree and collects its places, index targets and glossary
    entries. *author_only*: leave out what the editors added (posts)."""

    def __init__(self, author_only: bool, shown) -> None:
        self.author_only = author_only
        self.shown = shown  # shown(only_node) -> whether an {only} block is in HTML
        self.places: list[list] = [["", "", []]]
        self.targets: dict[str, int] = {}
        self.entries: list[list] = []
        self.references: dict[str, int] = {}  # footnote reference id -> place
        self.top_seen = False

    def skipped(self, node: nodes.Node) -> bool:
        if isinstance(node, _SKIPPED):
            return True
        if self.author_only and is_ours(node):
            return True
        if isinstance(node, addnodes.only) and not self.shown(node):
            return True
        return isinstance(node, nodes.raw) and "html" not in node.get("format", "").split()

    def inline(self, node: nodes.Node, place: int) -> str:
        if isinstance(node, addnodes.index):
            self.index_targets(node, place)
        if isinstance(node, nodes.footnote_reference):
            for ref in node["ids"]:
                self.references[ref] = place
        if self.skipped(node):
            return ""
        if isinstance(node, nodes.raw):
            return html.unescape(_TAG.sub("", _HIDDEN_HTML.sub("", node.astext())))
        if isinstance(node, nodes.Text):
            return node.astext()
        if (
            isinstance(node, addnodes.pending_xref)
            and not node.get("refexplicit")
            and node.get("reftype") in _TITLED_REFS
        ):
            return ""  # the link shows its target's title, known only when resolved
        return "".join(self.inline(child, place) for child in node.children)

    def index_targets(self, node: addnodes.index, place: int) -> None:
        for entry in node["entries"]:
            if entry[2]:
                self.targets.setdefault(entry[2], place)

    def walk(self, node: nodes.Node, place: int) -> None:
        if isinstance(node, addnodes.index):
            self.index_targets(node, place)
            return
        if self.skipped(node):
            return
        if isinstance(node, nodes.footnote) and node["backrefs"]:
            # a footnote belongs where it is referenced (MyST puts them all at the end)
            place = self.references.get(node["backrefs"][0], place)
        if isinstance(node, nodes.section):
            if not self.top_seen and place == 0:
                self.top_seen = True  # the page's own section: its title is the page title
                new = 0
            else:
                new = len(self.places)
                title = node.next_node(nodes.title)
                self.places.append([node["ids"][0] if node["ids"] else "", "", []])
                if title is not None and title.parent is node:
                    self.places[new][1] = clean(self.inline(title, new))
            for child in node.children:
                if not isinstance(child, nodes.title):
                    self.walk(child, new)
            return
        if isinstance(node, addnodes.glossary):
            self.glossary(node)
            return
        if isinstance(node, nodes.TextElement) and not isinstance(node, nodes.Inline):
            text = clean(self.inline(node, place))
            if text:
                self.places[place][2].append(text)
            return
        for child in node.children:
            self.walk(child, place)

    def glossary(self, glossary: addnodes.glossary) -> None:
        for terms, definition, first in definitions(glossary):
            inner = TextCollector(False, self.shown)
            inner.top_seen = True
            for child in definition.children:
                # "See also: …" lines are links to other entries, not what this one says
                if not (isinstance(child, nodes.paragraph) and _SEE_ALSO.match(child.astext())):
                    inner.walk(child, 0)
            self.entries.append(
                [
                    [t["ids"][0] for t in terms],
                    [clean(t.astext()) for t in terms],
                    clean(first_sentence(first)),
                    "\n".join(inner.places[0][2]),
                ]
            )

    def record(self) -> dict:
        return {
            "places": [
                [anchor, heading, "\n".join(texts)] for anchor, heading, texts in self.places
            ],
            "targets": self.targets,
            "entries": self.entries,
        }


def record_text(app: Sphinx, doctree: nodes.document) -> None:
    """Record what readers search in this document (after the other modules
    have added their boxes, so the editorial ones are recognised)."""
    docname = app.env.docname
    tags = _html_tags(app)

    def shown(node: addnodes.only) -> bool:
        try:
            return bool(tags.eval_condition(node["expr"]))
        except Exception:  # a malformed expression: Sphinx reports it; keep the text
            return True

    collector = TextCollector(is_post(app.config, docname), shown)
    collector.walk(doctree, 0)
    search_domain(app.env).documents[docname] = collector.record()


def _html_tags(app: Sphinx) -> Tags:
    """The tags an HTML build has, whichever builder reads (they share the
    environment): what the site's ``only`` blocks show is what is searched."""
    builder = app.builder
    own = {builder.name, builder.format, f"format_{builder.format}", f"builder_{builder.name}"}
    tags = getattr(app, "tags", None) or builder.tags
    return Tags([*(t for t in tags if t not in own), "html", "format_html", "builder_html"])


# -- the word index ---------------------------------------------------------------------
def _mark_outermost(node: nodes.Node) -> None:
    if isinstance(node, nodes.Element) and is_ours(node) and not isinstance(node, nodes.Inline):
        if "no-search" not in node["classes"]:
            node["classes"].append("no-search")
        return
    for child in node.children:
        _mark_outermost(child)


def keep_editorial_out_of_the_index(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A post's word index holds the author's text: Sphinx's indexer skips
    elements with the class ``no-search`` (HTML only; the PDF is unchanged).
    The editorial boxes are marked; inline marks (scrape artifacts) keep their
    markup, and the ranking does not count words found only there."""
    if app.builder.format == "html" and is_post(app.config, docname):
        _mark_outermost(doctree)


# -- the data file ----------------------------------------------------------------------
def part_of(app: Sphinx, docname: str) -> str:
    """The part of the search data that holds the text of *docname*: a post's
    year ("2016"), ``undated`` for a post without a known date, ``pages`` for
    the other pages. A post stays in its part when other posts come and go."""
    if not is_post(app.config, docname):
        return "pages"
    post = get_domain(app.env).posts.get(docname)
    return post.date[:4] if post is not None and post.date else "undated"


def _document(app: Sphinx, docname: str, record: dict, order: dict[str, int]) -> dict:
    """What the first part says of one document: all but the text of its places."""
    env = app.env
    title = env.titles[docname].astext() if docname in env.titles else docname
    doc: dict[str, Any] = {"n": docname, "t": clean(title)}
    post = get_domain(env).posts.get(docname)
    if is_post(app.config, docname):
        doc["k"] = "post"
        if post is not None:
            doc["d"] = date_label(post)
            doc["s"] = clean(post.summary)
            doc["o"] = order[docname]  # the archive's date order, oldest first
    elif record["entries"]:
        doc["k"] = "glossary"
    else:
        doc["k"] = "page"
    doc["p"] = [[anchor, heading] for anchor, heading, _ in record["places"]]
    if any(text for _, _, text in record["places"]):
        doc["r"] = part_of(app, docname)
    if record["targets"]:
        doc["x"] = dict(sorted(record["targets"].items()))
    if record["entries"]:
        doc["g"] = record["entries"]
    return doc


def search_data(app: Sphinx) -> tuple[dict, dict[str, dict[str, list[str]]]]:
    """The first part (every document without the text of its places) and the
    other parts: ``{part: {docname: [text of each place]}}``."""
    env = app.env
    documents = search_domain(env).documents
    order = {post.docname: i for i, post in enumerate(get_domain(env).sorted_posts())}
    docs = []
    parts: dict[str, dict[str, list[str]]] = {}
    for docname in sorted(documents):
        if docname not in env.all_docs:
            continue
        record = documents[docname]
        doc = _document(app, docname, record, order)
        if "r" in doc:
            parts.setdefault(doc["r"], {})[docname] = [text for _, _, text in record["places"]]
        docs.append(doc)
    parts = {key: parts[key] for key in sorted(parts)}
    return {"version": 2, "parts": list(parts), "docs": docs}, parts


def part_file(key: str) -> str:
    return PART_FILE.format(key)


def _script(comment: str, call: str, *arguments: Any) -> bytes:
    payload = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in arguments)
    return (
        f"/* {comment} (postarchive/html/search.py) */\nArchiveSearch.{call}({payload});\n".encode()
    )


def write_search_data(app: Sphinx, exception: Exception | None) -> None:
    """The first part (``archive-searchdata.js``) and one file per other part
    (``archive-searchdata-2016.js``), each written when it changed; the part
    files of an earlier build that are no longer parts are removed."""
    builder = app.builder
    if exception is not None or builder.format != "html" or not getattr(builder, "search", False):
        return
    first, parts = search_data(app)
    out = Path(app.outdir)
    comment = "The archive's search data, first part: every page but the text of its places"
    write_if_changed(out / DATA_FILE, _script(comment, "setData", first))
    for key, texts in parts.items():
        comment = f"The archive's search data, part {key}: the text of its pages' places"
        write_if_changed(out / part_file(key), _script(comment, "addPart", key, texts))
    wanted = {part_file(key) for key in parts}
    for path in out.glob(part_file("*")):
        if path.name not in wanted and PART_NAME.fullmatch(path.name):
            path.unlink()


# -- set-up -----------------------------------------------------------------------------
def use_scorer(app: Sphinx, config: Config) -> None:
    """The archive's scorer, unless the project names its own."""
    if not config.html_search_scorer:
        config.html_search_scorer = str(SCORER)


def setup(app: Sphinx) -> None:
    app.add_domain(SearchDataDomain)
    app.connect("config-inited", use_scorer)
    app.connect("doctree-read", record_text, priority=stages.Read.SEARCH_TEXT)
    app.connect(
        "doctree-resolved", keep_editorial_out_of_the_index, priority=stages.Resolved.SEARCH_MARKS
    )
    app.connect("build-finished", write_search_data)
    app.add_js_file("archive-search.js")
    app.add_css_file("archive-search.css")
