"""The progress bar of a long import and the summary at its end."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field


class Progress:
    """``[#####.....] 512/1000 posts`` on standard error, redrawn at most ten
    times a second; shown only on a terminal (or when asked)."""

    def __init__(self, total: int, label: str = "posts", enabled: bool | None = None,
                 stream=None) -> None:
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
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                              f"{self.done}/{self.total} {self.label}")
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
    embeds: dict[str, list[str]] = field(default_factory=dict)  # provider → posts
    comments: int = 0
    topics_added: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def text(self, outcome, dry_run: bool, docs: str) -> str:
        imported = (len(outcome.new) + len(outcome.updated) + len(outcome.unchanged)
                    + len(outcome.overwritten))
        verb = "Would import" if dry_run else "Imported"
        lines = [f"{verb} {imported} post{'s' if imported != 1 else ''} from "
                 f"{', '.join(self.sources)}: {len(outcome.new)} new, "
                 f"{len(outcome.updated) + len(outcome.overwritten)} updated, "
                 f"{len(outcome.unchanged)} unchanged."]
        skipped = sum(self.skipped.values())
        lines.append(f"Skipped {skipped}" + (":" if skipped else "."))
        for reason, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {reason}: {n}")
        if self.blocks_withheld:
            n = sum(self.blocks_withheld.values())
            lines.append(f"Reusable blocks not published, left out where posts use them (as "
                         f"WordPress shows them: not at all): {n}:")
            lines += [f"  {reason}: {count}" for reason, count in
                      sorted(self.blocks_withheld.items(), key=lambda kv: (-kv[1], kv[0]))]
        if outcome.kept_edited:
            lines.append(f"Not overwritten, edited by hand since the import ({len(outcome.kept_edited)};"
                         " --force overwrites them):")
            lines += [f"  {docs}/{rel}" for rel in outcome.kept_edited]
        if outcome.overwritten:
            lines.append("Overwritten although edited by hand (--force):")
            lines += [f"  {docs}/{rel}" for rel in outcome.overwritten]
        warnings = []
        for name, posts in sorted(self.unknown_shortcodes.items()):
            warnings.append(f"  unknown shortcode [{name}] kept as text: {len(posts)}× in "
                            + _few(posts))
        if self.images_not_archived:
            n = sum(self.images_not_archived.values())
            warnings.append(f"  images not archived: {n} in {len(self.images_not_archived)} "
                            f"post{'s' if len(self.images_not_archived) > 1 else ''} (shown as "
                            "links; give --uploads DIR, a copy of wp-content/uploads, to keep "
                            "them): " + _few(sorted(self.images_not_archived)))
        for name, posts in sorted(self.embeds.items()):
            warnings.append(f"  embeds turned into links: {name} ×{len(posts)} in "
                            + _few(sorted(set(posts))))
        warnings += [f"  {p}" for p in self.problems]
        if warnings:
            lines.append(f"Warnings ({len(warnings)}):")
            lines += warnings
        if self.images_archived:
            lines.append(f"Images copied from the uploads: {self.images_archived}.")
        if self.comments:
            lines.append(f"Comments archived: {self.comments}.")
        if self.topics_added:
            lines.append(f"Topics {'to add' if dry_run else 'added'} to {docs}/topics.yaml: "
                         f"{', '.join(self.topics_added)}.")
        lines += self.notes
        if not dry_run:
            lines.append("Next: make (builds the site and the PDF; the build checks every "
                         "post).")
        return "\n".join(lines)


def _few(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
