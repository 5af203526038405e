"""SVG images from the blog's uploads, made safe to publish.

An SVG opened by itself is a document of the site: its scripts would run on
the site's origin, and its references load other addresses. So an SVG is
parsed (lxml: no entities resolved, no DTD, no network, no comments or
processing instructions) and rewritten from an allowlist:

* elements: shapes, text, groups, gradients, patterns, markers, clip paths,
  masks, filters, ``<style>``, ``<title>``/``<desc>``; a link ``<a>`` gives
  its content; anything else (``<script>``, ``<foreignObject>``,
  animations, editors' metadata…) goes with its content;
* attributes: geometry and presentation attributes only (no ``on…``);
  ``href``/``xlink:href`` only to ``#`` fragments of the image itself (and,
  on ``<image>``, PNG, JPEG, GIF or WebP data inlined as ``data:``);
  ``url(…)`` only to ``#`` fragments;
* CSS (``style`` attributes, ``<style>``): ``url()`` other than ``#…``
  becomes ``none``; CSS with ``@import``, escapes or ``image-set()`` goes;
* no DOCTYPE, entities or XML comments are written.

A file that is not a well-formed SVG is refused (:class:`SvgRefused`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lxml import etree

from .xmlsource import parser_args

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 20 * 1024 * 1024

ELEMENTS = set(
    """svg g defs title desc symbol use path rect circle ellipse line polyline
    polygon text tspan textPath linearGradient radialGradient stop clipPath mask pattern
    marker style switch image filter feBlend feColorMatrix feComponentTransfer feComposite
    feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode
    feMorphology feOffset feTurbulence""".split()
)
UNWRAP = {"a"}
ATTRIBUTES = set(
    """id class lang style version baseProfile viewBox preserveAspectRatio
    x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength transform
    dx dy rotate textLength lengthAdjust startOffset method spacing side
    gradientUnits gradientTransform spreadMethod offset patternUnits patternContentUnits
    patternTransform clipPathUnits maskUnits maskContentUnits markerUnits markerWidth
    markerHeight refX refY orient filterUnits primitiveUnits in in2 result stdDeviation
    mode operator k1 k2 k3 k4 type values tableValues slope intercept amplitude exponent
    radius baseFrequency numOctaves seed stitchTiles media systemLanguage
    fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color
    display visibility font-family font-size font-weight font-style font-variant
    font-stretch text-anchor dominant-baseline alignment-baseline baseline-shift
    letter-spacing word-spacing text-decoration writing-mode direction unicode-bidi
    clip-path clip-rule mask marker-start marker-mid marker-end stop-color stop-opacity
    flood-color flood-opacity lighting-color overflow filter color-interpolation
    color-interpolation-filters shape-rendering text-rendering image-rendering
    paint-order vector-effect transform-origin mix-blend-mode isolation""".split()
)
NAMESPACED = {f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang"}
HREFS = {"href", f"{{{XLINK_NS}}}href"}
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_RASTER = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*", re.I)
_BAD_CSS = ("@import", "\\", "image-set(", "expression(", "image(", "element(", "cross-fade(")


class SvgRefused(Exception):
    """The file cannot be published as an SVG image (the message says why)."""


def _local(tag) -> str | None:
    """The SVG element name of *tag*, or None (another namespace, a comment…)."""
    if not isinstance(tag, str) or not tag.startswith(f"{{{SVG_NS}}}"):
        return None
    return tag.split("}", 1)[1]


def _css(text: str) -> str | None:
    """*text* (CSS) with its external references made ``none``; None if it
    cannot be checked (escapes, imports…)."""
    lowered = text.lower()
    if any(bad in lowered for bad in _BAD_CSS):
        return None
    return _URL.sub(lambda m: m.group(0) if m.group(2).strip().startswith("#") else "none", text)


def _value_ok(name: str, value: str, element: str) -> bool:
    if name in HREFS:
        value = value.strip()
        return value.startswith("#") or (element == "image" and bool(_RASTER.fullmatch(value)))
    return all(m.group(2).strip().startswith("#") for m in _URL.finditer(value))


def _clean_attributes(el: etree._Element, element: str) -> None:
    for name in list(el.attrib):
        value = el.attrib[name]
        allowed = name in ATTRIBUTES or name in NAMESPACED or name in HREFS
        if allowed and name == "style":
            value = _css(value)
            allowed = value is not None
            if allowed:
                el.attrib[name] = value
        if not allowed or not _value_ok(name, value, element):
            del el.attrib[name]


def _drop(el: etree._Element, keep_children: bool) -> None:
    """Remove *el*, keeping its tail text (and its children, if asked)."""
    parent = el.getparent()
    index = parent.index(el)
    moved = list(el) if keep_children else []
    for offset, child in enumerate(moved):
        parent.insert(index + 1 + offset, child)
    text = (el.text or "") if keep_children else ""
    text += el.tail or ""
    previous = el.getprevious()
    if text:
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
    parent.remove(el)


def _clean(root: etree._Element) -> None:
    for el in list(root.iter()):
        if el is not root and el.getparent() is None:
            continue  # inside an element already removed
        name = _local(el.tag)
        if el is root:
            _clean_attributes(el, "svg")
        elif name in ELEMENTS:
            _clean_attributes(el, name)
            if name == "style":
                css = _css(el.text or "")
                if css is None or len(el):
                    _drop(el, keep_children=False)
                    continue
                el.text = css
        else:
            _drop(el, keep_children=name in UNWRAP)
    etree.cleanup_namespaces(root)


def sanitize(data: bytes) -> bytes:
    """The SVG image *data*, rewritten from the allowlist (see the module's
    description); :class:`SvgRefused` if it is not a well-formed SVG."""
    parser = etree.XMLParser(**parser_args(huge=False), remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SvgRefused(f"not well-formed XML ({exc})") from None
    if _local(root.tag) != "svg":
        raise SvgRefused(f"not an SVG image (its root element is <{etree.QName(root).localname}>)")
    _clean(root)
    for entity in [e for e in root.iter() if isinstance(e, etree._Entity)]:
        _drop(entity, keep_children=False)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


@functools.lru_cache(maxsize=64)
def _sanitize_cached(path: str, _mtime: int, size: int) -> bytes:
    if size > MAX_BYTES:
        raise SvgRefused(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    return sanitize(Path(path).read_bytes())


def sanitize_file(path: Path) -> bytes:
    """The safe text of the SVG file at *path* (:class:`SvgRefused` if none)."""
    stat = path.stat()
    return _sanitize_cached(str(path), stat.st_mtime_ns, stat.st_size)
