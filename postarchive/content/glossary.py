"""The glossary: "Used in" back-references and hover definitions.

* While reading, every term reference (a ``{term}`` role: a ``pending_xref``
  of the ``std`` domain with reftype ``term``) is recorded in the archive
  domain's ``term_uses`` table with the document, the nearest enclosing
  section (its anchor and title) and the post title. References on pages that
  hold a glossary (its "See also" lines) are not uses. The entries of each
  ``glossary`` directive are recorded in the ``glossary`` table: their terms,
  anchors and the first sentence of the definition.
* When a glossary page is resolved, each definition gets an automatically
  generated "Used in" list: one link per place (post title › section) that
  references any of the entry's terms, in post order.
* When any page is resolved, every link to a glossary term gets the first
  sentence of the definition as its ``title`` (shown on hover in HTML).
* What the glossary pages show of the posts (:func:`uses_view`) and what
  term links show of the glossary (:func:`definitions_view`) are compared
  between builds by :mod:`.freshness`, which rewrites the pages that change.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.nodes import make_refnode

from ..core.model import year_of, year_title
from ..core.records import GlossaryEntry, TermUse
from ..ext.domain import get_domain
from ..ext.i18n import N_, _, ngettext, page_abbreviation
from .lists import volume_page
from .posts import first_section

_SENTENCE = re.compile(r"(.+?[.!?])(?=\s|$)", re.S)


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = _SENTENCE.match(text)
    return match.group(1) if match else text


def _enclosing_section(node: nodes.Node) -> nodes.section | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def _section_title(section: nodes.section) -> str:
    title = section.next_node(nodes.title)
    return title.astext() if title is not None else ""


# -- reading ----------------------------------------------------------------
def definitions(glossary: addnodes.glossary):
    """``(terms, definition, its first paragraph's text)`` of each entry of
    *glossary* that has terms with ids and a definition."""
    for item in glossary.findall(nodes.definition_list_item):
        terms = [t for t in item.children if isinstance(t, nodes.term) and t["ids"]]
        definition = item.next_node(nodes.definition)
        if not terms or definition is None:
            continue
        paragraph = definition.next_node(nodes.paragraph)
        yield (
            terms,
            definition,
            (paragraph.astext() if paragraph is not None else definition.astext()),
        )


def glossary_entries(doctree: nodes.document) -> list[GlossaryEntry]:
    """The entries of every glossary directive in *doctree*, in order."""
    entries = []
    for glossary in doctree.findall(addnodes.glossary):
        for terms, _definition, text in definitions(glossary):
            entries.append(
                GlossaryEntry(
                    ids=tuple(t["ids"][0] for t in terms),
                    names=tuple(t.astext() for t in terms),
                    summary=first_sentence(text),
                )
            )
    return entries


def record_terms(app: Sphinx, doctree: nodes.document) -> None:
    """Record the glossary entries of a glossary page, or the term links of any other page."""
    env = app.env
    docname = env.docname
    domain = get_domain(env)
    entries = glossary_entries(doctree)
    if entries:
        domain.glossary[docname] = entries
        return  # links on a glossary page ("See also") are not uses
    top = first_section(doctree)
    post_title = _section_title(top) if top is not None else docname
    uses = []
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") != "std" or node.get("reftype") != "term":
            continue
        section = _enclosing_section(node)
        if section is None or section is top or not section["ids"]:
            anchor, title = "", ""
        else:
            anchor, title = section["ids"][0], _section_title(section)
        uses.append(
            TermUse(
                docname=docname,
                term=node["reftarget"].lower(),
                anchor=anchor,
                section=title,
                post=post_title,
                line=node.line,
            )
        )
    if uses:
        domain.term_uses[docname] = uses


# -- resolving --------------------------------------------------------------
OTHER_PAGES = N_("Other pages")


def _uses_by_term(env) -> tuple[dict[str, list[TermUse]], dict[str, int]]:
    """Every place (document, section) that links to each term, and the order
    of the documents (posts in date order, then other pages): one pass over
    the uses."""
    domain = get_domain(env)
    posts = [post.docname for post in domain.sorted_posts()]
    others = sorted(d for d in domain.term_uses if d not in domain.posts)
    by_term: dict[str, list[TermUse]] = {}
    for docname in [*posts, *others]:
        for use in domain.term_uses.get(docname, ()):
            by_term.setdefault(use.term, []).append(use)
    return by_term, {d: i for i, d in enumerate([*posts, *others])}


def places_for(
    by_term: dict[str, list[TermUse]], order: dict[str, int], names: list[str]
) -> list[TermUse]:
    """The places that link to any of *names* (an entry's terms), in order, no repeats."""
    seen, places = set(), []
    for name in dict.fromkeys(n.lower() for n in names):
        for place in by_term.get(name, ()):
            key = (place.docname, place.anchor)
            if key not in seen:
                seen.add(key)
                places.append(place)
    places.sort(key=lambda p: order[p.docname])  # stable: document order kept
    return places


def _group(domain, places: list[TermUse]) -> dict[str, list[TermUse]]:
    """Places grouped by the year of their post (other pages last)."""
    groups: dict[str, list[TermUse]] = {}
    for place in places:
        post = domain.posts.get(place.docname)
        group = _(year_title(year_of(post))) if post else _(OTHER_PAGES)
        groups.setdefault(group, []).append(place)
    return groups


def _place_text(place: TermUse) -> str:
    """What names a place: its post's title, and its section's (``Post › Section``)."""
    return place.post + (f" › {place.section}" if place.section else "")


def _place_ref(app: Sphinx, fromdocname: str, place: TermUse) -> nodes.reference:
    text = _place_text(place)
    return make_refnode(
        app.builder, fromdocname, place.docname, place.anchor, nodes.inline(text=text), text
    )


def _page_ref(app: Sphinx, place: TermUse) -> nodes.raw:
    """`` (p. N)`` in the PDF (in the archive's language): the page of the
    section (or post) referenced (a post's in its volume: ``p. 2016:5``)."""
    anchor = place.anchor or ":doc"
    target = volume_page(app, place.docname, anchor)
    target = target or rf"\pageref{{\detokenize{{{place.docname}:{anchor}}}}}"
    return nodes.raw("", f" ({page_abbreviation(1)}~{target})", format="latex")


def used_in_node(app: Sphinx, fromdocname: str, places: list[TermUse]) -> nodes.Element:
    """The places grouped by year with their counts. HTML: a label, then per
    year a heading and a list of links; PDF: a paragraph (a new one every
    :data:`PLACES_PER_PARAGRAPH` places) of the places' names, each with its
    page number, the link (as in a printed index). A whole title as the link
    would break across lines, and pdfTeX keeps memory for every link that does
    until the end of the document: a term used in thousands of places ran the
    book out of TeX's main memory."""
    box = nodes.container(classes=["archive-used-in"])
    label = nodes.paragraph(classes=["archive-used-in-label"])
    label += nodes.strong(text=_("Used in:"))
    box += label
    if not places:
        label += nodes.Text(_(" not referenced in the posts."))
        return box
    groups = _group(get_domain(app.env), places)
    if app.builder.format == "html":
        count = len(places)
        label += nodes.Text(ngettext(" {n} place", " {n} places", count).format(n=count))
        for group, in_group in groups.items():
            box += nodes.paragraph(
                "", f"{group} ({len(in_group)})", classes=["archive-used-in-year"]
            )
            listing = nodes.bullet_list(classes=["archive-used-in-list"])
            for place in in_group:
                listing += nodes.list_item(
                    "", nodes.paragraph("", "", _place_ref(app, fromdocname, place))
                )
            box += listing
        return box
    para = label
    for group, in_group in groups.items():
        para += nodes.Text(f" {group} ({len(in_group)}): ")
        for i, place in enumerate(in_group):
            if i and i % PLACES_PER_PARAGRAPH == 0:
                para += nodes.Text(";")
                para = nodes.paragraph(classes=["archive-used-in-more"])
                box += para
            elif i:
                # a line of the .tex per place: a term used in thousands of places
                # would make a line longer than TeX reads (its buf_size)
                para += nodes.Text(";\n")
            para += nodes.inline(text=_place_text(place))
            para += _page_ref(app, place)
        para += nodes.Text(".")
    return box


#: the places of one paragraph of the PDF's "Used in": TeX holds a paragraph
#: whole before it breaks it into lines (its main memory ran out for a term used
#: in thousands of places)
PLACES_PER_PARAGRAPH = 100


def add_used_in(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # The LaTeX builder resolves one assembled doctree whose docname is the
    # root document, so look for glossaries in the tree, not by docname; an
    # HTML page has one only if it is a glossary page (no walk of every page).
    glossaries = get_domain(app.env).glossary
    if not glossaries or (app.builder.format == "html" and docname not in glossaries):
        return
    by_term = order = None
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            names = [t.astext() for t in item.children if isinstance(t, nodes.term)]
            definition = item.next_node(nodes.definition)
            if names and definition is not None:
                if by_term is None:
                    by_term, order = _uses_by_term(app.env)
                definition += used_in_node(app, docname, places_for(by_term, order, names))


def _term_targets(app: Sphinx, fromdocname: str) -> dict[str, str]:
    """Map the href (or, on the glossary page itself, the refid) of a link to
    a glossary term to the first sentence of its definition."""
    targets = {}
    for gdoc, entries in get_domain(app.env).glossary.items():
        prefix = (
            "" if gdoc == fromdocname else app.builder.get_relative_uri(fromdocname, gdoc) + "#"
        )
        for entry in entries:
            for anchor in entry.ids:
                targets[prefix + anchor] = entry.summary
    return targets


def add_hover_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    targets = None
    for ref in doctree.findall(nodes.reference):
        inner = ref.children[0] if ref.children else None
        if not isinstance(inner, nodes.inline) or "std-term" not in inner["classes"]:
            continue
        if targets is None:
            targets = _term_targets(app, docname)
        summary = targets.get(ref.get("refuri") or ref.get("refid", ""))
        if summary:
            ref["reftitle"] = summary


def resolve_term_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    add_used_in(app, doctree, docname)
    add_hover_titles(app, doctree, docname)


# -- what other pages show (see freshness) ----------------------------------
def uses_view(domain) -> dict:
    """What the "Used in" lists show of the documents that link to terms."""
    return {
        d: [(u.term, u.anchor, u.section, u.post) for u in us] for d, us in domain.term_uses.items()
    }


def definitions_view(domain) -> dict:
    """What term links show of the glossary (anchors, hover definitions)."""
    return domain.glossary


def setup(app: Sphinx) -> None:
    app.add_css_file("glossary.css")
    app.connect("doctree-read", record_terms)
    app.connect("doctree-resolved", resolve_term_links)
