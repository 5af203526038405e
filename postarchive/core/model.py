"""The post model: the record of one post, the archive's one date order, the
way dates are shown, and the reading time of the author's text.

This module imports nothing else of the package but :mod:`.i18n` (the
labels in the archive's language); every other module builds on it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
from dataclasses import dataclass

from . import i18n

WORDS_PER_MINUTE = 220
#: The day a post with an unknown date and no bound sorts on (the oldest).
NO_DAY = "0001-01-01"
#: The year of a post whose date is unknown (its year page is ``years/undated``).
UNDATED = "undated"
#: What readers see for a date that is not known: the one place of these words
#: (in the archive's language: :func:`date_unknown`).
DATE_UNKNOWN = i18n.N_("Date unknown")


@dataclass(frozen=True)
class Post:
    """What the archive knows about one post: its front matter, validated
    (see :mod:`.frontmatter`), and the words of the author's text."""

    docname: str
    title: str
    author: str
    summary: str
    date: str | None  # YYYY-MM-DD, or None when unknown
    date_after: str | None = None  # the earliest day an undated post can have
    date_note: str = ""
    url: str | None = None  # the original address, or None when unknown
    topics: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    source_lines: tuple[int, int] | None = None
    status: str = "published"  # or "scheduled", "draft": not published (see validate)
    title_line: int = 1  # lines in the post's file, for messages
    topics_line: int = 1
    url_line: int = 1
    words: int = 0  # the author's words (see content.ours.author_words)
    # -- imported posts (see postarchive/importer) --
    excerpt: str = ""  # the author's own excerpt (the author's words, not ours)
    date_utc: str | None = None  # YYYY-MM-DDTHH:MM:SSZ, the moment of publication in UTC
    original_id: str | None = None  # the post's ID on the original blog
    import_file: str = ""  # the export it was imported from (recorded in sources/imports/)
    import_sha256: str = ""  # that export's SHA-256
    empty: bool = False  # the original post had no text (the page says so)
    autolink: bool = True  # glossary terms link themselves (see autolink)

    def replace(self, **changes) -> Post:
        return dataclasses.replace(self, **changes)

    def shown(self, *fields: str) -> dict:
        """The named fields, for digests of what a page shows of this post."""
        return {name: getattr(self, name) for name in fields}


def listing_summary(post: Post) -> tuple[str, str]:
    """What a list of posts shows under a post's title: the editors' summary
    (``("…", "editors")``), else the author's own excerpt (``("…", "author")``:
    the author's words, not to be styled as ours), else ``("", "")``."""
    if post.summary:
        return post.summary, "editors"
    if post.excerpt:
        return post.excerpt, "author"
    return "", ""


# -- the date order --------------------------------------------------------------
def sort_key(post: Post) -> tuple:
    """The archive's one date order, oldest first. A known date sorts on that
    day; an unknown date sorts on its ``date_after`` bound, after the known
    posts of the same day; an unknown date with no bound sorts first (oldest),
    so newest-first lists (the landing page, the feed, topic pages, the
    archive by date) show it last. Ties go by title, then address."""
    day = post.date or post.date_after or NO_DAY
    return (day, post.date is None, post.title, post.docname)


def date_order(posts, newest_first: bool = False) -> list[Post]:
    return sorted(posts, key=sort_key, reverse=newest_first)


def build_day() -> str:
    """The day of the build, for dates in the future: ``ARCHIVE_TODAY``
    (YYYY-MM-DD) when set, else today (UTC)."""
    return os.environ.get("ARCHIVE_TODAY") or dt.datetime.now(dt.timezone.utc).date().isoformat()


def after_build_day(post: Post, today: str) -> bool:
    """Whether *post* is dated after the build's day *today* (an error unless it
    is scheduled). The date is the day readers saw, in the blog's time zone
    (UTC−12 to UTC+14), so a post whose moment in UTC (``date_utc``) has come
    may be dated one day after the build's day in UTC."""
    if not post.date or post.date <= today:
        return False
    if post.date_utc and post.date_utc[:10] <= today:
        ahead = dt.date.fromisoformat(post.date) - dt.date.fromisoformat(today)
        return ahead.days > 1
    return True


def is_published(post: Post, today: str) -> bool:
    """Whether the build publishes *post*: not a draft, not scheduled for later."""
    if post.status == "draft":
        return False
    return post.status != "scheduled" or (post.date or "") <= today


# -- dates as readers see them ---------------------------------------------------
def human_date(iso: str, language: str | None = "en") -> str:
    """The day *iso* as readers of *language* write it ("7 June 2016", "7 juin 2016")."""
    return i18n.format_day(dt.date.fromisoformat(iso), language)


def date_label(post: Post, byline: bool = False, language: str | None = "en") -> str:
    """How a post's date is shown to readers: the day, or what is known of it
    ("Date unknown (not before 7 June 2016)"; in a byline, "Date unknown, not
    before 7 June 2016"), in *language*."""
    if post.date:
        return human_date(post.date, language)
    if post.date_after:
        bound = human_date(post.date_after, language)
        if byline:
            return i18n.translate(language, "Date unknown, not before {day}").format(day=bound)
        return i18n.translate(language, "Date unknown (not before {day})").format(day=bound)
    return date_unknown(language)


def date_unknown(language: str | None = "en") -> str:
    """ "Date unknown" in *language*."""
    return i18n.translate(language, DATE_UNKNOWN)


def year_of(post: Post) -> str:
    """The year a post is listed under: its date's, or :data:`UNDATED`."""
    return post.date[:4] if post.date else UNDATED


def year_title(year: str, language: str | None = "en") -> str:
    """A year as readers see it (a heading, a group of a list): "2016", or
    "Date unknown" for :data:`UNDATED`."""
    return date_unknown(language) if year == UNDATED else year


def byline_date(post: Post, language: str | None = "en") -> str:
    """The date in a post's byline."""
    return date_label(post, byline=True, language=language)


# -- reading time ----------------------------------------------------------------
def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def reading_short(words: int, language: str | None = "en") -> str:
    """The reading time in a byline: "4 min read"."""
    return i18n.translate(language, "{minutes} min read").format(minutes=reading_minutes(words))


def reading_label(words: int, language: str | None = "en") -> str:
    minutes = reading_minutes(words)
    return i18n.translate_plural(
        language,
        "About {minutes} minute ({words} words of the author’s text)",
        "About {minutes} minutes ({words} words of the author’s text)",
        minutes,
    ).format(minutes=minutes, words=i18n.number(words, language))
