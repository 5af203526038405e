"""The ``archive`` domain: where the archive keeps its build data.

Everything the archive learns while reading documents lives here, keyed by
the docname it came from, so Sphinx can purge it when a document changes or
disappears and merge it back from parallel reader processes:

* ``posts``: the :class:`~.model.Post` of each post;
* ``blurbs``: the article blurbs of a roundup post (:mod:`.markup`);
* ``listings``: the pages that list other posts, with what they list
  (``"posts"``, ``"blurbs"``), so :mod:`.freshness` rewrites them when that changes;
* ``term_uses`` / ``glossary``: glossary links and entries (:mod:`.glossary`);
* ``problems``: the documents that had input errors (read again next build);
* ``glyphs``: the characters of a document that none of the PDF's fonts has
  (:mod:`.pdffonts`, reported by the LaTeX builds).

Besides the per-document tables, ``freshness`` holds what the last build's
pages showed of other documents (digests, see :mod:`.freshness`) and
``removed`` the documents deleted since the last build, ``standins`` the
documents of this build read as a stand-in (see :mod:`.validate`),
``generated`` the generated documents (:mod:`.virtualdocs`), ``calendar``
what the year pages need of each post file (:mod:`.years`) and ``autolink``
the glossary's terms at the last build (:mod:`.freshness`). The builders share
one environment (the HTML build reads, the LaTeX build after it reads nothing
again): ``revisions`` holds the build (``generation``) that last updated each
document and ``written`` the generation each builder last wrote, so a builder
writes what another's reading updated (:mod:`.freshness`). Other modules
use the properties, never the keys.
"""

from __future__ import annotations

from typing import Any

from sphinx.domains import Domain, ObjType

from ..core.model import Post, date_order
from ..core.records import Blurb, GlossaryEntry, TermUse

#: Per-document tables: ``data[table][docname] = value``.
PER_DOC_TABLES = (
    "posts",
    "blurbs",
    "listings",
    "term_uses",
    "glossary",
    "problems",
    "scripts",
    "links",
    "glyphs",
)


class ArchiveDomain(Domain):
    name = "archive"
    label = "Archive"
    object_types = {"term": ObjType("glossary term", "term")}
    initial_data: dict[str, Any] = {
        **{table: {} for table in PER_DOC_TABLES},
        "freshness": {},
        "removed": [],
        "standins": [],
        "generated": [],
        "calendar": {},
        "revisions": {},
        "generation": 0,
        "written": {},
    }
    # Bump when the shape of the data (or of the doctrees the archive builds) changes,
    # so old pickles are discarded.
    data_version = 11  # 8: blurbs, term uses and glossary entries are dataclasses; 9: links;
    # 10: a document's scripts name what pdfLaTeX lacks ("unicode"); 11: one environment
    # for every builder (revisions, written, glyphs)

    # -- storage -----------------------------------------------------------
    @property
    def posts(self) -> dict[str, Post]:
        return self.data["posts"]

    @property
    def blurbs(self) -> dict[str, list[Blurb]]:
        return self.data["blurbs"]

    @property
    def links(self) -> dict[str, dict[str, tuple | None]]:
        """Per document, what the record of links (``links.json``) said of each
        of its outbound links when it was read (see :mod:`.archivedlinks`)."""
        return self.data["links"]

    @property
    def listings(self) -> dict[str, tuple[str, ...]]:
        """``{docname: what the page lists}``: ``"posts"`` and/or ``"blurbs"``."""
        return self.data["listings"]

    @property
    def term_uses(self) -> dict[str, list[TermUse]]:
        """Term references, per document (see :mod:`.glossary`)."""
        return self.data["term_uses"]

    @property
    def glossary(self) -> dict[str, list[GlossaryEntry]]:
        """Glossary entries (terms, anchors, summary), per document."""
        return self.data["glossary"]

    @property
    def scripts(self) -> dict[str, list[str]]:
        """docname → what its text needs of the PDF's font set-up (pdffonts)."""
        return self.data["scripts"]

    @property
    def problems(self) -> dict[str, bool]:
        """The documents that had input errors in their last reading."""
        return self.data["problems"]

    @property
    def freshness(self) -> dict[str, Any]:
        """What the pages of the last build showed of other documents (digests)."""
        return self.data["freshness"]

    @property
    def removed(self) -> list[str]:
        """The documents deleted (or left out) since the last build."""
        return self.data["removed"]

    @removed.setter
    def removed(self, docnames: list[str]) -> None:
        self.data["removed"] = docnames

    @property
    def standins(self) -> list[str]:
        """The documents of this build read as a stand-in (see validate)."""
        return self.data["standins"]

    @standins.setter
    def standins(self, docnames: list[str]) -> None:
        self.data["standins"] = docnames

    @property
    def generated(self) -> list[str]:
        """The generated documents (year and topic pages, see virtualdocs)."""
        return self.data["generated"]

    @generated.setter
    def generated(self, docnames: list[str]) -> None:
        self.data["generated"] = docnames

    @property
    def calendar(self) -> dict[str, tuple]:
        """docname → (its file's stat key, its Post): what the year pages need."""
        return self.data["calendar"]

    @property
    def autolink_terms(self) -> list | None:
        """The glossary's terms at the last build (None before the first)."""
        return self.data.get("autolink")

    @autolink_terms.setter
    def autolink_terms(self, entries: list) -> None:
        self.data["autolink"] = entries

    @property
    def glyphs(self) -> dict[str, list[tuple[str, int]]]:
        """docname → the characters no font of the PDF has, with their lines."""
        return self.data["glyphs"]

    @property
    def revisions(self) -> dict[str, int]:
        """docname → the generation (a build that updated documents) that last
        read it again or found it depends on one read."""
        return self.data["revisions"]

    @property
    def generation(self) -> int:
        return self.data["generation"]

    @generation.setter
    def generation(self, number: int) -> None:
        self.data["generation"] = number

    @property
    def written(self) -> dict[str, int]:
        """builder name → the generation its last build wrote."""
        return self.data["written"]

    def note_problem(self, docname: str) -> None:
        """Read *docname* again next build (an incremental build must not pass
        by skipping a document with errors)."""
        self.problems[docname] = True

    def note_listing(self, docname: str, *kinds: str) -> None:
        self.listings[docname] = tuple(sorted(set(self.listings.get(docname, ())) | set(kinds)))

    def clear_doc(self, docname: str) -> None:
        for table in PER_DOC_TABLES:
            self.data[table].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for table in PER_DOC_TABLES:
            for docname, value in otherdata[table].items():
                if docname in docnames:
                    self.data[table][docname] = value

    # -- queries -----------------------------------------------------------
    def sorted_posts(self, newest_first: bool = False) -> list[Post]:
        return date_order(self.posts.values(), newest_first)

    def get_objects(self):
        # glossary terms, searchable with priority 0 ("important": the search
        # ranks them above titles and full text; the std domain lists
        # them with priority -1, which keeps them out of the search index)
        for docname, entries in sorted(self.glossary.items()):
            for entry in entries:
                for name, anchor in zip(entry.names, entry.ids):
                    yield name, name, "term", docname, anchor, 0

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []


def get_domain(env) -> ArchiveDomain:
    return env.domains["archive"]
