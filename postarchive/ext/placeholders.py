"""Placeholders: nodes left in a doctree while it is read, replaced when it is
resolved (``doctree-resolved``) by what they stand for, from the domain's
data of every document (lists of posts, navigation boxes, counts, links).

Each module registers its placeholder classes with the function that makes
their replacement; the doctree is walked once for all of them. This module
imports nothing else of the package.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx

#: the function that replaces each kind of placeholder: (app, node, docname) → nodes
Resolver = Callable[[Sphinx, nodes.Element, str], "nodes.Node | list[nodes.Node]"]
_RESOLVERS: dict[type, Resolver] = {}


def add_placeholder(app: Sphinx, node_class: type, resolver: Resolver, **visitors) -> None:
    app.add_node(node_class, **visitors)
    _RESOLVERS[node_class] = resolver


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(lambda node: type(node) in _RESOLVERS))
    for node in found:
        node.replace_self(_RESOLVERS[type(node)](app, node, docname))


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", resolve_placeholders)
