"""Nesting the PDF can typeset.

LaTeX nests its list environments (itemize, enumerate, description, quote,
line blocks, option lists; a field list is a quote holding a description) at
most 6 deep in all, and itemize and enumerate at most 4 deep each: one level
more stops the PDF with "Too deeply nested" and no line of the post. The
site keeps every level. For the LaTeX builder only, a level beyond these
limits is set flat: its items become paragraphs of the item around it, each
starting with its marker ("•", "3.", a term in bold), so every word stays,
in order. This is not a problem of the post, so it is said as information
(with the post's file and line), not as a warning: the build stays clean.
"""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from ..ext import stages

logger = logging.getLogger(__name__)

#: LaTeX's limits: every list environment together, and each kind of its own.
TOTAL = 6
PER_KIND = {"itemize": 4, "enumerate": 4}
BULLET = "• "


def environments(node: nodes.Node) -> tuple[str, ...]:
    """The list environments Sphinx's LaTeX writer opens for *node*."""
    if isinstance(node, nodes.bullet_list):
        return ("itemize",)
    if isinstance(node, nodes.enumerated_list):
        return ("enumerate",)
    if isinstance(node, nodes.definition_list):
        return ("description",)
    if isinstance(node, nodes.field_list):
        return ("quote", "description")
    if isinstance(node, nodes.option_list):
        return ("optionlist",)
    if isinstance(node, nodes.line_block):
        return ("lineblock",)
    if isinstance(node, nodes.block_quote):
        # a quote holding one list is written as that list alone
        alone = len(node) == 1 and isinstance(node[0], (nodes.bullet_list, nodes.enumerated_list))
        return () if alone else ("quote",)
    return ()


def _deeper(depth: Counter, kinds: tuple[str, ...]) -> Counter:
    inner = depth.copy()
    inner.update(kinds)
    inner["all"] += len(kinds)
    return inner


def _too_deep(depth: Counter) -> bool:
    return depth["all"] > TOTAL or any(depth[k] > limit for k, limit in PER_KIND.items())


def first_too_deep(node: nodes.Node, depth: Counter | None = None) -> nodes.Element | None:
    """The first (outermost) node, in document order, that LaTeX could not nest."""
    depth = depth if depth is not None else Counter()
    for child in node.children:
        if not isinstance(child, nodes.Element):
            continue
        kinds = environments(child)
        inner = _deeper(depth, kinds) if kinds else depth
        if kinds and _too_deep(inner):
            return child
        found = first_too_deep(child, inner)
        if found is not None:
            return found
    return None


def _marked(children: list[nodes.Node], *marker: nodes.Node) -> list[nodes.Node]:
    """*children* with *marker* at the start of the first paragraph."""
    children = list(children)
    if children and isinstance(children[0], nodes.paragraph):
        for index, node in enumerate(marker):
            children[0].insert(index, node)
    else:
        children.insert(0, nodes.paragraph("", "", *marker))
    return children


def _enumerator(node: nodes.enumerated_list, number: int) -> str:
    kind = node.get("enumtype", "arabic")
    if kind in ("loweralpha", "upperalpha") and number <= 26:
        label = chr(ord("a") + number - 1)
        label = label.upper() if kind == "upperalpha" else label
    elif kind in ("lowerroman", "upperroman"):
        label = _roman(number)
        label = label.upper() if kind == "upperroman" else label
    else:
        label = str(number)
    return f"{node.get('prefix', '')}{label}{node.get('suffix', '.')} "


def _roman(number: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while number >= value:
            out, number = out + letters, number - value
    return out


def flat(node: nodes.Element) -> list[nodes.Node]:
    """The body elements that stand for *node* one level flatter."""
    out: list[nodes.Node] = []
    if isinstance(node, nodes.bullet_list):
        for item in node.children:
            out += _marked(item.children, nodes.Text(BULLET))
    elif isinstance(node, nodes.enumerated_list):
        for number, item in enumerate(node.children, node.get("start", 1)):
            out += _marked(item.children, nodes.Text(_enumerator(node, number)))
    elif isinstance(node, nodes.definition_list):
        for item in node.children:
            label: list[nodes.Node] = []
            for term in (c for c in item.children if not isinstance(c, nodes.definition)):
                label += [nodes.Text(" ")] * bool(label) + [nodes.strong("", "", *term.children)]
            out.append(nodes.paragraph("", "", *label))
            for definition in (c for c in item.children if isinstance(c, nodes.definition)):
                out += definition.children
    elif isinstance(node, (nodes.field_list, nodes.option_list)):
        for item in node.children:
            label, body = item[0], item[-1]
            out += _marked(body.children, nodes.strong("", label.astext()), nodes.Text(": "))
    elif isinstance(node, nodes.line_block):
        for line in node.children:
            out.append(
                nodes.paragraph("", "", *line.children) if isinstance(line, nodes.line) else line
            )
    else:  # a block quote
        for child in node.children:
            out.append(
                nodes.paragraph("", "— ", *child.children)
                if isinstance(child, nodes.attribution)
                else child
            )
    return out


def flatten_deep_nesting(document: nodes.document) -> list[nodes.Element]:
    """Set flat every level LaTeX could not nest. Returns the first level set
    flat of each structure (deeper levels of the same one are not repeated)."""
    first, inside = [], set()
    while (node := first_too_deep(document)) is not None:
        if id(node) not in inside:
            first.append(node)
        inside.update(id(n) for n in node.findall(nodes.Element))
        node.replace_self(flat(node))
    return first


class FlattenDeepNesting(SphinxPostTransform):
    """For the PDF: lists and quotes beyond LaTeX's depth set flat."""

    default_priority = stages.PostTransform.FLATTEN_NESTING
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for node in flatten_deep_nesting(self.document):
            logger.info(
                "lists or quotes nested deeper than LaTeX allows (%d in all, %d "
                "bulleted or numbered): the deeper levels are set flat in the PDF, "
                "every word kept",
                TOTAL,
                PER_KIND["itemize"],
                location=node,
            )


def setup(app: Sphinx) -> None:
    app.add_post_transform(FlattenDeepNesting)
