"""Whose words a node holds: editorial additions and scrape artifacts are ours,
the rest is the author's; the author's words counted (for reading time, see
:func:`.model.reading_label`)."""

from __future__ import annotations

from docutils import nodes


def is_ours(node: nodes.Node) -> bool:
    """Editorial additions (class ``editorial`` or ``editorial-…``) and scrape
    artifacts (nodes that say ``editorial = True``) are not the author's text."""
    if getattr(node, "editorial", False):
        return True
    return isinstance(node, nodes.Element) and any(
        c == "editorial" or c.startswith("editorial-") for c in node.get("classes", [])
    )


def _inline_text(node: nodes.Node) -> str:
    if is_ours(node):
        return ""
    if isinstance(node, nodes.Text):
        return node.astext()
    return "".join(_inline_text(child) for child in node.children)


def author_words(node: nodes.Node) -> int:
    """Words of the author's text under *node* (editorial boxes, editorial
    lines and scrape artifacts left out). The text of a paragraph or heading
    is joined as the reader sees it, so markup inside a word or next to its
    punctuation (a term link, an index entry) does not split it."""
    if is_ours(node):
        return 0
    if isinstance(node, (nodes.TextElement, nodes.Text)):
        return len(_inline_text(node).split())
    return sum(author_words(child) for child in node.children)
