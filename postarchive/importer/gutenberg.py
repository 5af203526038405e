"""Block-editor (Gutenberg) posts: the block comments' attributes are read —
a code block's language, an embed's address, a reusable block's reference,
alignment — and the comments dropped. Blocks that WordPress renders on the
server (latest posts, archives…) have no stored text; they are reported."""

from __future__ import annotations

import html
import json
import re

from .shortcodes import Found, embed_marker, provider

_BLOCK = re.compile(
    r"<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s+"
    r"(\{.*?\}\s+)?(/)?-->",
    re.S,
)
_PRE = re.compile(r"<pre\b([^>]*)>", re.I)

#: Blocks whose text lives in the export (the others: rendered by the server).
STATIC = {
    "paragraph",
    "heading",
    "list",
    "list-item",
    "quote",
    "pullquote",
    "image",
    "gallery",
    "code",
    "preformatted",
    "verse",
    "table",
    "separator",
    "spacer",
    "html",
    "embed",
    "columns",
    "column",
    "group",
    "cover",
    "media-text",
    "buttons",
    "button",
    "file",
    "audio",
    "video",
    "more",
    "nextpage",
    "freeform",
    "shortcode",
    "details",
    "footnotes",
    "missing",
    "block",
    "text-columns",
    "subhead",
    "row",
    "stack",
}


def is_blocks(text: str) -> bool:
    return "<!-- wp:" in text


def _attrs(raw: str | None) -> dict:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def convert(
    text: str, found: Found, blocks: dict[str, str], dynamic: list[str], depth: int = 0
) -> str:
    """*text* without block comments; code languages on their ``<pre>``,
    embeds as markers, reusable blocks inserted, dynamic blocks listed in
    *dynamic*."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, dict, int]] = []  # open blocks: name, attributes, start in out
    for m in _BLOCK.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        closing, namespace, name, raw, self_closing = m.groups()
        full = (namespace or "") + name
        attrs = _attrs(raw)
        if closing:
            while stack:
                open_name, open_attrs, start = stack.pop()
                if open_name == full:
                    _close(out, start, open_name, open_attrs, found)
                    break
            continue
        if self_closing:
            if full == "block" and str(attrs.get("ref", "")) in blocks and depth < 5:
                out.append(convert(blocks[str(attrs["ref"])], found, blocks, dynamic, depth + 1))
            elif full == "more":
                out.append("<!--more-->")
            elif full == "nextpage":
                out.append("<!--nextpage-->")
            elif full not in STATIC and full not in ("separator", "spacer"):
                dynamic.append(full)
            continue
        stack.append((full, attrs, len(out)))
    out.append(text[pos:])
    return "".join(out)


def _close(out: list[str], start: int, name: str, attrs: dict, found: Found) -> None:
    """Apply a block's attributes to the HTML it wrapped (``out[start:]``)."""
    inner = "".join(out[start:])
    lang = attrs.get("language") or attrs.get("lang")
    if lang and ("code" in name or "syntax" in name) and isinstance(lang, str):
        inner = _PRE.sub(
            lambda m: f'<pre data-lang="{html.escape(lang, quote=True)}"{m.group(1)}>',
            inner,
            count=1,
        )
    elif (
        name in ("embed", "core-embed") or name.startswith("core-embed/") or name.endswith("embed")
    ):
        url = attrs.get("url") or ""
        if isinstance(url, str) and url:
            caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", inner, re.S)
            label = provider(url) or str(attrs.get("providerNameSlug") or "embedded content")
            inner = embed_marker(html.unescape(url), label, found) + (
                f"<p>{caption.group(1)}</p>" if caption and caption.group(1).strip() else ""
            )
    elif name == "image" and isinstance(attrs.get("align"), str):
        inner = inner.replace("<figure", f'<figure data-align="{attrs["align"]}"', 1)
    del out[start:]
    out.append(inner)
