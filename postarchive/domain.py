"""The ``archive`` domain: where the archive keeps its build data.

Everything the archive learns while reading documents lives here, keyed by
the docname it came from, so Sphinx can purge it when a document changes or
disappears and merge it back from parallel reader processes.
"""

from __future__ import annotations

from typing import Any

from sphinx.domains import Domain, ObjType

#: Per-document tables: ``data[table][docname] = value``.
PER_DOC_TABLES = ("posts", "blurbs", "listings", "term_uses", "glossary")


class ArchiveDomain(Domain):
    name = "archive"
    label = "Archive"
    object_types = {"term": ObjType("glossary term", "term")}
    initial_data: dict[str, Any] = {table: {} for table in PER_DOC_TABLES}
    # Bump when the shape of the data changes, so old pickles are discarded.
    data_version = 3

    # -- storage -----------------------------------------------------------
    @property
    def posts(self) -> dict[str, dict]:
        return self.data["posts"]

    @property
    def blurbs(self) -> dict[str, list[dict]]:
        return self.data["blurbs"]

    @property
    def listings(self) -> dict[str, list[str]]:
        return self.data["listings"]

    @property
    def term_uses(self) -> dict[str, list[dict]]:
        """Term references, per document (see :mod:`.glossary`)."""
        return self.data["term_uses"]

    @property
    def glossary(self) -> dict[str, list[dict]]:
        """Glossary entries (terms, anchors, summary), per document."""
        return self.data["glossary"]

    def clear_doc(self, docname: str) -> None:
        for table in PER_DOC_TABLES:
            self.data[table].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for table in PER_DOC_TABLES:
            for docname, value in otherdata[table].items():
                if docname in docnames:
                    self.data[table][docname] = value

    # -- queries -----------------------------------------------------------
    def sorted_posts(self, newest_first: bool = False) -> list[dict]:
        from .frontmatter import sort_key

        posts = sorted(self.posts.values(), key=sort_key)
        return posts[::-1] if newest_first else posts

    def get_objects(self):
        # glossary terms, searchable with priority 0 ("important": the search
        # ranks them above titles and full text; the std domain lists
        # them with priority -1, which keeps them out of the search index)
        for docname, entries in sorted(self.glossary.items()):
            for entry in entries:
                for name, anchor in zip(entry["names"], entry["ids"]):
                    yield name, name, "term", docname, anchor, 0

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []


def get_domain(env) -> ArchiveDomain:
    return env.domains["archive"]
