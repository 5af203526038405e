"""The progress bar of a long import and the summary at its end."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field


class Progress:
    """``[#####.....] 512/1000 posts`` on standard error, redrawn at most ten
    times a second; shown only on a terminal (or when asked)."""

    def __init__(
        self, total: int, label: str = "posts", enabled: bool | None = None, stream=None
    ) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            width = 30
            filled = int(width * self.done / max(1, self.total))
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {self.label}"
            )
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.total:
            self.stream.write("\n")
            self.stream.flush()


@dataclass
class Summary:
    sources: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    blocks_withheld: dict[str, int] = field(default_factory=dict)  # why → reusable blocks
    unknown_shortcodes: dict[str, list[str]] = field(default_factory=dict)  # name → posts
    images_not_archived: dict[str, int] = field(default_factory=dict)  # post → count
    images_archived: int = 0
    files_archived: int = 0  # files other than images the posts link to, kept
    files_not_archived: dict[str, tuple[str, str]] = field(default_factory=dict)  # url → why, post
    embeds: dict[str, list[str]] = field(default_factory=dict)  # provider → posts
    comments: int = 0
    topics_added: list[str] = field(default_factory=list)
    topics_quoted: list[str] = field(default_factory=list)  # slugs YAML reads as numbers…
    topics_renamed: dict[str, str] = field(default_factory=dict)  # term name → topic slug
    topics_merged: dict[str, list[str]] = field(default_factory=dict)  # slug → term names
    topics_requoted: list[str] = field(default_factory=list)  # bare in topics.yaml, now quoted
    topics_twice: dict[str, list[int]] = field(default_factory=dict)  # slug → lines
    tags_left_out: dict[str, int] = field(default_factory=dict)  # tag name → its posts
    categories_only: bool = False  # --categories-only
    min_tag_posts: int = 1  # --min-tag-posts
    undeclared: dict[str, list[str]] = field(default_factory=dict)  # file → prefixes supplied
    link_posts: dict[str, str] = field(default_factory=dict)  # post → the site it points to
    galleries_not_archived: dict[str, int] = field(default_factory=dict)  # post → count
    no_author: list[str] = field(default_factory=list)  # posts that say "Unknown author"
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    media: object = None  # --fetch-media: the fetch's outcome (media.Outcome)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def text(self, outcome, dry_run: bool, docs: str) -> str:
        imported = (
            len(outcome.new)
            + len(outcome.updated)
            + len(outcome.unchanged)
            + len(outcome.overwritten)
        )
        verb = "Would import" if dry_run else "Imported"
        lines = [
            f"{verb} {imported} post{'s' if imported != 1 else ''} from "
            f"{', '.join(self.sources)}: {len(outcome.new)} new, "
            f"{len(outcome.updated) + len(outcome.overwritten)} updated, "
            f"{len(outcome.unchanged)} unchanged."
        ]
        lines += self._skipped()
        if outcome.kept_edited:
            lines.append(
                f"Not overwritten, edited by hand since the import ({len(outcome.kept_edited)};"
                " --force overwrites them):"
            )
            lines += [f"  {docs}/{rel}" for rel in outcome.kept_edited]
        if outcome.overwritten:
            lines.append("Overwritten although edited by hand (--force):")
            lines += [f"  {docs}/{rel}" for rel in outcome.overwritten]
        warnings = self._warnings()
        if warnings:
            lines.append(f"Warnings ({len(warnings)}):")
            lines += warnings
        if self.images_archived:
            how = "fetched from the blog" if self.media is not None else "copied from the uploads"
            lines.append(f"Images {how}: {self.images_archived}.")
        lines += self.media_lines()
        lines += self.file_lines()
        if self.comments:
            lines.append(f"Comments archived: {self.comments}.")
        if self.topics_added:
            lines.append(
                f"Topics {'to add' if dry_run else 'added'} to {docs}/topics.yaml: "
                f"{', '.join(self.topics_added)}."
            )
        lines += self.notes
        lines += self.to_do(docs)
        if not dry_run:
            lines.append(
                "Next: make, or postarchive build (builds the site and the PDF; the build "
                "checks every post)."
            )
        return "\n".join(lines)

    def file_lines(self, limit: int = 50) -> list[str]:
        """Files other than images the posts link to on the blog's uploads."""
        lines = []
        if self.files_archived:
            how = "fetched from the blog" if self.media is not None else "copied from the uploads"
            lines.append(
                f"Files the posts link to (PDF, ZIP, text, audio, video), {how}; their links "
                f"download the archive's copy: {self.files_archived}."
            )
        if self.files_not_archived:
            lines.append(
                f"Files the posts link to on the blog's uploads, not archived "
                f"({len(self.files_not_archived)}; they stay links to the original blog):"
            )
            items = sorted(self.files_not_archived.items())
            lines += [f"  {url} ({rel}): {why}" for url, (why, rel) in items[:limit]]
            if len(items) > limit:
                lines.append(f"  and {len(items) - limit} more")
        return lines

    def media_lines(self, limit: int = 50) -> list[str]:
        """--fetch-media: what was fetched, and what could not be, and why."""
        m = self.media
        if m is None:
            return []
        lines = [
            f"Media files fetched: {m.fetched} ({m.bytes / (1024 * 1024):.1f} MB), "
            f"{m.cached} already in the media cache."
        ]
        if m.from_wayback:
            lines.append(
                f"Taken from the Wayback Machine (the blog no longer has them; the posts' "
                f"notes name each snapshot): {_few(sorted(m.from_wayback), 10)}."
            )
        if m.failed:
            lines.append(
                f"Media not fetched ({len(m.failed)}; they stay links to the original "
                "blog, “Image not archived”; import again to retry):"
            )
            items = sorted(m.failed.items())
            lines += [f"  {url}: {why}" for url, why in items[:limit]]
            if len(items) > limit:
                lines.append(f"  and {len(items) - limit} more")
        if m.other_hosts:
            lines.append(
                f"Images on other sites, not fetched (only the blog's own are): {m.other_hosts}."
            )
        return lines

    def _skipped(self) -> list[str]:
        """What was not imported, and why: by reason, and reusable blocks withheld."""
        lines: list[str] = []
        skipped = sum(self.skipped.values())
        lines.append(f"Skipped {skipped}" + (":" if skipped else "."))
        for reason, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {reason}: {n}")
        if self.blocks_withheld:
            n = sum(self.blocks_withheld.values())
            lines.append(
                f"Reusable blocks not published, left out where posts use them (as "
                f"WordPress shows them: not at all): {n}:"
            )
            lines += [
                f"  {reason}: {count}"
                for reason, count in sorted(
                    self.blocks_withheld.items(), key=lambda kv: (-kv[1], kv[0])
                )
            ]
        return lines

    def _warnings(self) -> list[str]:
        """Shortcodes kept as text, images not archived, embeds, problems."""
        warnings: list[str] = []
        for name, posts in sorted(self.unknown_shortcodes.items()):
            warnings.append(
                f"  unknown shortcode [{name}] kept as text: {len(posts)}× in " + _few(posts)
            )
        if self.images_not_archived:
            n = sum(self.images_not_archived.values())
            warnings.append(
                f"  images not archived: {n} in {len(self.images_not_archived)} "
                f"post{'s' if len(self.images_not_archived) > 1 else ''} (shown as "
                "links; give --uploads DIR, a copy of wp-content/uploads, to keep "
                "them): " + _few(sorted(self.images_not_archived))
            )
        for name, posts in sorted(self.embeds.items()):
            warnings.append(
                f"  embeds turned into links: {name} ×{len(posts)} in " + _few(sorted(set(posts)))
            )
        warnings += [f"  {p}" for p in self.problems]
        return warnings

    def tags_left_out_line(self) -> list[str]:
        """The tags that became no topics (--categories-only, --min-tag-posts)."""
        if not self.tags_left_out:
            return []
        names = sorted(self.tags_left_out, key=lambda n: (n.casefold(), n))
        one = len(names) == 1
        what = f"{len(names)} tag{'' if one else 's'}"
        if not self.categories_only:
            what += f" with fewer than {self.min_tag_posts} posts"
        what += " was not made a topic" if one else " were not made topics"
        if self.categories_only:
            what += " (--categories-only)"
        return [
            f"{what}: {_few(names, 12)}; {'its' if one else 'their'} posts keep their "
            "other topics (name a tag in --topic-map to keep it)."
        ]

    def topic_lines(self, docs: str) -> list[str]:
        """What the import did to categories and tags that a user should know."""
        lines = self.tags_left_out_line()
        if self.topics_quoted:
            lines.append(
                f"Topics whose slugs YAML would read as numbers, yes/no words or dates "
                f"({_few(self.topics_quoted)}) are written in quotes in "
                f'{docs}/topics.yaml and in the posts ("2008"), so they stay text: keep '
                "the quotes when you edit them, or rename them with --topic-map "
                "(a line “2008: year-2008”) and import again."
            )
        if self.topics_renamed:
            pairs = [f"{name} → {slug}" for name, slug in sorted(self.topics_renamed.items())]
            lines.append(
                "Categories and tags renamed to fit the topic rule (lower-case letters, "
                f"digits and -): {_few(pairs)}; to name them otherwise, map them with "
                "--topic-map and import again."
            )
        if self.topics_merged:
            groups = [
                f"{slug} ({', '.join(names)})" for slug, names in sorted(self.topics_merged.items())
            ]
            lines.append(
                "Different categories or tags that became one topic by that rule: "
                f"{_few(groups)}; to keep them apart, map them with --topic-map."
            )
        if self.topics_requoted:
            lines.append(
                f"Topic slugs put in quotes in {docs}/topics.yaml (an earlier import "
                f"wrote them bare, which YAML reads as numbers): "
                f"{_few(self.topics_requoted)}."
            )
        for slug, where in sorted(self.topics_twice.items()):
            lines.append(
                f"{docs}/topics.yaml names the topic {slug} more than once (lines "
                f"{', '.join(map(str, where))}): delete all but one, or the build stops."
            )
        return lines

    def to_do(self, docs: str) -> list[str]:
        """The lines saying, in plain words, what is left for the user."""
        lines = self.topic_lines(docs)
        for name, prefixes in sorted(self.undeclared.items()):
            lines.append(
                f"{name} uses the namespace prefixes {', '.join(prefixes)} without "
                "declaring them (as old WordPress.com exports do): the importer "
                "supplied their usual namespaces and read every item. Nothing to do."
            )
        if self.link_posts:
            lines.append(
                f"Link posts ({len(self.link_posts)}): each keeps its permalink on the "
                "blog as its original address; the site it points to is named in its "
                "notes (“Link post: points to …”): "
                + _few([f"{rel} → {url}" for rel, url in sorted(self.link_posts.items())])
            )
        if self.galleries_not_archived:
            n = sum(self.galleries_not_archived.values())
            lines.append(
                f"Galleries not archived: {n} in "
                f"{_few(sorted(self.galleries_not_archived))} (the export holds none of "
                "their images): export again with “All content”, which includes the "
                "media, or add the images to those posts by hand."
            )
        if self.unknown_shortcodes:
            lines.append(
                "Shortcodes kept as text show on the site as they are written "
                f"([{'], ['.join(sorted(self.unknown_shortcodes))}]): edit those posts "
                "to say what the shortcode showed, or leave them as a record."
            )
        if self.no_author:
            lines.append(
                f"Posts without an author ({len(self.no_author)}; they say “Unknown "
                f"author”): {_few(sorted(self.no_author))}; write the author's name "
                "into their front matter (author:)."
            )
        return lines


def _few(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
