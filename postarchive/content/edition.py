"""What the edition says of itself: its names, from conf.py's settings block
(``{archive}`blog```, ``{archive}`subjects```…), and its counts, from the posts
rather than written by hand: ``{archive-count}`posts``` ("three posts"), ``dated`` and
``undated`` (how many posts have a known date) on the landing page, and the
same counts for the PDF's title page and metadata (``archive-counts.def``,
read by the preamble: ``\\archivepostsphrase``, ``\\ArchivePostsPhrase``)."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

from ..core import i18n
from ..core.settings import tex
from ..ext.domain import get_domain
from ..ext.i18n import ngettext
from ..ext.placeholders import add_placeholder

COUNTS_FILE = "archive-counts.def"  # not .tex: the LaTeX Makefile builds every .tex
_WORDS = (
    "no one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def number_words(n: int, language: str | None = "en") -> str:
    """A count as the edition writes it: in English, words up to twenty, then
    digits; in another language, digits."""
    if not i18n.is_english(language):
        return i18n.number(n, language)
    return _WORDS[n] if n < len(_WORDS) else f"{n:,}"


def counts(domain, language: str | None = "en") -> dict[str, str]:
    posts = list(domain.posts.values())
    dated = sum(1 for p in posts if p.date)
    n = len(posts)
    return {
        "posts": ngettext("{n} post", "{n} posts", n).format(n=number_words(n, language)),
        "dated": number_words(dated, language),
        "undated": number_words(len(posts) - dated, language),
    }


class archive_count(nodes.General, nodes.Inline, nodes.TextElement):
    """Placeholder for a count, resolved when every post has been read."""


class CountRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list]:
        what = self.text.strip()
        if what not in ("posts", "dated", "undated"):
            msg = self.inliner.reporter.error(
                f"archive-count counts posts, dated or undated, not {what!r}", line=self.lineno
            )
            return [], [msg]
        get_domain(self.env).note_listing(self.env.docname, "posts")
        return [archive_count(self.rawtext, what, what=what)], []


def count_text(app: Sphinx, node: archive_count, docname: str) -> nodes.Text:
    return nodes.Text(counts(get_domain(app.env), app.config.language)[node["what"]])


def write_latex_counts(app: Sphinx, exception: Exception | None) -> None:
    """The counts as LaTeX macros, next to the .tex file, for the title page."""
    if exception is not None or app.builder.format != "latex":
        return
    phrase = counts(get_domain(app.env), app.config.language)["posts"]
    text = (
        f"\\def\\archivepostsphrase{{{tex(phrase)}}}\n"
        f"\\def\\ArchivePostsPhrase{{{tex(phrase[:1].upper() + phrase[1:])}}}\n"
    )
    path = Path(app.outdir) / COUNTS_FILE
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


LATEX_DEFAULTS = rf"""
% --- counts of the edition (postarchive.edition), written at each build ---
\def\archivepostsphrase{{posts}}\def\ArchivePostsPhrase{{Posts}}
\InputIfFileExists{{{COUNTS_FILE}}}{{}}{{}}
"""


class NameRole(SphinxRole):
    """``{archive}`blog```: a name from conf.py's settings block (archive_names)."""

    def run(self) -> tuple[list[nodes.Node], list]:
        names = self.config.archive_names
        key = self.text.strip()
        if key not in names:
            msg = self.inliner.reporter.error(
                f"archive names {', '.join(names) or 'nothing'} (archive_names in conf.py), "
                f"not {key!r}",
                line=self.lineno,
            )
            return [], [msg]
        return [nodes.Text(str(names[key]))], []


def setup(app: Sphinx) -> None:
    add_placeholder(app, archive_count, count_text)
    app.add_role("archive-count", CountRole())
    app.add_role("archive", NameRole())
    app.connect("build-finished", write_latex_counts)
