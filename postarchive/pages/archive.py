"""The archive by date: every post under the year it was published, newest
first, then the posts whose date is unknown (latest bound first), resolved
late from the domain."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..content.lists import para, post_entry, unknown_dates_group, year_group
from ..ext.domain import get_domain
from ..ext.i18n import _
from ..ext.placeholders import add_placeholder


class post_archive(nodes.General, nodes.Element):
    """Placeholder for the list of posts by year."""


class PostArchiveDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_listing(self.env.docname, "posts")
        return [post_archive()]


def archive_by_year(app: Sphinx, fromdocname: str) -> list[nodes.Node]:
    posts = get_domain(app.env).sorted_posts(newest_first=True)
    language = app.config.language
    out: list[nodes.Node] = []
    years: dict[str, list] = {}
    for post in posts:
        if post.date:
            years.setdefault(post.date[:4], []).append(post)
    for year, in_year in years.items():
        out += year_group(
            year,
            (post_entry(app, fromdocname, p, details=True) for p in in_year),
            "archive-year",
            language,
        )
    unknown = [p for p in posts if not p.date]  # latest bound first, no bound last
    if unknown:
        out += unknown_dates_group(
            _("Posts we could not date, with what is known about each, latest first."),
            (post_entry(app, fromdocname, p, details=True) for p in unknown),
            "archive-year",
            language,
        )
    return out or [para(_("No posts yet."))]


def setup(app: Sphinx) -> None:
    add_placeholder(app, post_archive, lambda app, node, docname: archive_by_year(app, docname))
    app.add_directive("post-archive", PostArchiveDirective)
