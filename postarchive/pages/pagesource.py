"""The MyST source of a generated page (year and topic pages, the topics
overview): a title and fenced directives, the one template they share.
Imports nothing of the package."""

from __future__ import annotations

#: the fence of a generated page's directives (longer than any inside them)
FENCE = "````"


def directive(name: str, argument: str = "", *lines: str) -> list[str]:
    """A fenced ``{name} argument`` directive with its option and content
    *lines*, and the blank line after it."""
    head = f"{FENCE}{{{name}}} {argument}" if argument else f"{FENCE}{{{name}}}"
    return [head, *lines, FENCE, ""]


def page_source(title: str, *directives: list[str]) -> str:
    """The page's source: ``# title``, a blank line, then *directives*."""
    return "\n".join([f"# {title}", "", *(line for d in directives for line in d)])
