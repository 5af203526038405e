"""WordPress shortcodes, turned into the HTML a reader saw (or into markers
that :mod:`.htmlprep` turns into links with a note).

* ``[caption]`` / ``[wp_caption]`` → ``<figure>`` with its ``<figcaption>``;
* ``[gallery]`` → its images (by ``ids``, else the post's attachments);
* ``[embed]``, ``[audio]``, ``[video]``, ``[playlist]`` and Jetpack's
  ``[youtube]``, ``[vimeo]``, ``[tweet]``… → an ``<archive-embed>`` marker;
* the code highlighters' shortcodes are taken out before (:mod:`.code`);
  one left here (``[code]`` without its closing tag) → ``<pre data-lang=…>``;
* ``[[x]]`` (an escaped shortcode) → the text ``[x]``;
* only these names are shortcodes, spelt as WordPress spells them (names
  are case-sensitive): any other ``[…]`` stays as it is, as text (``[sic]``,
  ``[1]``, ``[Video: …]``; WordPress shows an unknown shortcode as text too);
  those that look like a plugin's are reported;
* a gallery whose images the export does not hold becomes a marker for an
  editorial note (``<div data-archive-note="gallery">``), counted in
  :attr:`Found.galleries_lost`.

Bare embed URLs alone on a line (WordPress's auto-embeds) are found by
:func:`auto_embeds`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CAPTION = {"caption", "wp_caption"}
CODE = {"code", "sourcecode", "source"}
LANGUAGES = {
    "as3",
    "actionscript3",
    "bash",
    "shell",
    "coldfusion",
    "cf",
    "clojure",
    "clj",
    "cpp",
    "c",
    "c-sharp",
    "csharp",
    "css",
    "delphi",
    "pas",
    "pascal",
    "diff",
    "patch",
    "erl",
    "erlang",
    "fsharp",
    "go",
    "golang",
    "groovy",
    "haskell",
    "java",
    "jfx",
    "javafx",
    "js",
    "jscript",
    "javascript",
    "latex",
    "tex",
    "matlab",
    "objc",
    "obj-c",
    "perl",
    "pl",
    "php",
    "plain",
    "text",
    "powershell",
    "ps",
    "posh",
    "py",
    "python",
    "r",
    "ruby",
    "rails",
    "ror",
    "rb",
    "sass",
    "scss",
    "scala",
    "sql",
    "swift",
    "vb",
    "vbnet",
    "xml",
    "xhtml",
    "xslt",
    "html",
    "yaml",
    "yml",
    "json",
    "ts",
    "typescript",
    "rust",
    "kotlin",
    "lua",
    "docker",
    "dockerfile",
}
EMBEDS = {
    "embed",
    "audio",
    "video",
    "playlist",
    "youtube",
    "vimeo",
    "tweet",
    "twitter",
    "soundcloud",
    "slideshare",
    "instagram",
    "gist",
    "googlemaps",
    "spotify",
    "ted",
    "dailymotion",
    "flickr",
    "scribd",
    "wpvideo",
    "vine",
    "facebook",
}
KNOWN = CAPTION | CODE | EMBEDS | {"gallery"}

#: Providers WordPress embeds when their address stands alone on a line.
PROVIDERS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "twitter.com": "Twitter",
    "x.com": "X (Twitter)",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "soundcloud.com": "SoundCloud",
    "spotify.com": "Spotify",
    "slideshare.net": "SlideShare",
    "flickr.com": "Flickr",
    "flic.kr": "Flickr",
    "dailymotion.com": "Dailymotion",
    "ted.com": "TED",
    "tiktok.com": "TikTok",
    "reddit.com": "Reddit",
    "scribd.com": "Scribd",
    "speakerdeck.com": "Speaker Deck",
    "gist.github.com": "GitHub Gist",
    "imgur.com": "Imgur",
    "tumblr.com": "Tumblr",
    "wordpress.tv": "WordPress.tv",
    "videopress.com": "VideoPress",
    "mixcloud.com": "Mixcloud",
    "issuu.com": "Issuu",
    "kickstarter.com": "Kickstarter",
    "animoto.com": "Animoto",
    "cloudup.com": "Cloudup",
    "smugmug.com": "SmugMug",
    "amazon.com": "Amazon",
    "pinterest.com": "Pinterest",
    "wistia.com": "Wistia",
    "loom.com": "Loom",
    "bandcamp.com": "Bandcamp",
    "codepen.io": "CodePen",
    "google.com": "Google",
}

_ATTR = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|"""
    r"""([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|"""
    r"""(\S+)(?:\s|$)"""
)
_ANY = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)(\]?)",
    re.S,
)
_LINE_URL = re.compile(r"^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$", re.M | re.I)


@dataclass
class Found:
    """What the shortcodes of one text were."""

    converted: dict[str, int] = field(default_factory=dict)  # name → count
    unknown: dict[str, int] = field(default_factory=dict)
    embeds: list[tuple[str, str]] = field(default_factory=list)  # (provider, url)
    galleries_lost: int = 0  # galleries of which the export holds no image

    def add(self, table: dict, name: str) -> None:
        table[name] = table.get(name, 0) + 1


def attributes(text: str) -> dict[str, str]:
    """A shortcode's attributes (WordPress's shortcode_parse_atts); positional
    values are "0", "1", …"""
    text = re.sub(r"[\u00a0\u200b]", " ", text)
    found: dict[str, str] = {}
    position = 0
    for m in _ATTR.finditer(text.strip()):
        if m.group(1):
            found[m.group(1).lower()] = m.group(2)
        elif m.group(3):
            found[m.group(3).lower()] = m.group(4)
        elif m.group(5):
            found[m.group(5).lower()] = m.group(6)
        else:
            value = next(g for g in (m.group(7), m.group(8), m.group(9)) if g is not None)
            found[str(position)] = value
            position += 1
    return {k: html.unescape(v) for k, v in found.items()}


def provider(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    for domain, name in PROVIDERS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return None


def embed_marker(url: str, name: str, found: Found) -> str:
    found.embeds.append((name, url))
    return (
        f'<archive-embed data-url="{html.escape(url, quote=True)}" '
        f'data-provider="{html.escape(name, quote=True)}"></archive-embed>'
    )


def auto_embeds(text: str, found: Found) -> str:
    """An address of a known provider alone on its line becomes an embed, as
    WordPress makes it (other addresses stay text)."""

    def replace(m: re.Match) -> str:
        name = provider(m.group(2))
        if name is None:
            return m.group(0)
        return m.group(1) + embed_marker(html.unescape(m.group(2)), name, found) + m.group(3)

    return _LINE_URL.sub(replace, text) if "http" in text else text


def _code(name: str, attrs: dict, content: str) -> str:
    lang = attrs.get("language") or attrs.get("lang") or attrs.get("0", "")
    if name not in CODE:
        lang = name
    if re.search(r"<(br|p)\b", content, re.I):
        content = re.sub(r"<br\s*/?>\n?", "\n", content, flags=re.I)
        content = re.sub(r"</p>\s*<p[^>]*>", "\n\n", content, flags=re.I)
        content = re.sub(r"</?p[^>]*>", "", content, flags=re.I)
    if re.search(r"&(lt|gt|amp|quot|#\d+);", content) and "<" not in content:
        content = html.unescape(content)
    content = content.strip("\n")
    lang_attr = f' data-lang="{html.escape(lang.lower(), quote=True)}"' if lang else ""
    return f"<pre{lang_attr}>{html.escape(content, quote=False)}</pre>"


def _caption(attrs: dict, content: str) -> str:
    """``[caption]<img …> The caption[/caption]``; the caption may also be the
    ``caption`` attribute (old exports)."""
    caption = attrs.get("caption", "")
    m = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)\Z", content, re.S | re.I)
    media, rest = (m.group(1), m.group(2)) if m else ("", content)
    caption = rest.strip() or html.escape(caption, quote=False)
    align = attrs.get("align", "").removeprefix("align")
    align_attr = f' data-align="{align}"' if align in ("left", "right", "center") else ""
    return (
        f"<figure{align_attr}>{media}<figcaption>{caption}</figcaption></figure>"
        if caption
        else f"<figure{align_attr}>{media}</figure>"
    )


GALLERY_NOTE = '<div data-archive-note="gallery"></div>'


def _gallery(attrs: dict, post_id: str, attachments: dict, children: dict, found: Found) -> str:
    ids = [
        i.strip()
        for i in re.split(r"[,\s]+", attrs.get("ids", "") or attrs.get("include", ""))
        if i.strip()
    ]
    if not ids:
        ids = children.get(post_id, [])
    exclude = {i.strip() for i in attrs.get("exclude", "").split(",")}
    items = []
    for attachment_id in ids:
        attachment = attachments.get(attachment_id)
        if attachment is None or attachment_id in exclude or not attachment.url:
            continue
        alt = html.escape(attachment.alt or attachment.title or "", quote=True)
        img = f'<img src="{html.escape(attachment.url, quote=True)}" alt="{alt}">'
        caption = attachment.caption.strip()
        items.append(
            f"<figure>{img}<figcaption>{caption}</figcaption></figure>"
            if caption
            else f"<figure>{img}</figure>"
        )
    if not items:
        found.galleries_lost += 1
        return GALLERY_NOTE
    return f'<div data-gallery="1">{"".join(items)}</div>'


def _embed(name: str, attrs: dict, content: str, found: Found) -> str:
    url = (
        (content or "").strip()
        or attrs.get("src")
        or attrs.get("url")
        or attrs.get("mp3")
        or attrs.get("mp4")
        or attrs.get("m4a")
        or attrs.get("ogg")
        or attrs.get("webm")
        or attrs.get("0", "")
    )
    url = html.unescape(re.sub(r"<[^>]+>", "", url)).strip().lstrip("=")
    if name == "tweet" and url.isdigit():
        url = f"https://twitter.com/i/status/{url}"
    if name == "gist" and url and not url.startswith("http"):
        url = f"https://gist.github.com/{url}"
    if name == "youtube" and url and not url.startswith("http"):
        url = f"https://www.youtube.com/watch?v={url}"
    label = provider(url) if url.startswith("http") else None
    label = (
        label
        or {"audio": "audio", "video": "video", "playlist": "playlist"}.get(name)
        or name.capitalize()
    )
    if not url.startswith(("http://", "https://")):
        if name == "playlist" or not url:
            found.embeds.append((label, ""))
            return (
                f'<archive-embed data-url="" data-provider="{html.escape(label)}"></archive-embed>'
            )
        url = ""
    return embed_marker(url, label, found)


def _looks_like_shortcode(m: re.Match, text: str) -> bool:
    """Whether unknown ``[name …]`` text is worth reporting as a shortcode:
    a name as plugins write them (lower case, not followed by ``:``, unlike
    ``[Video: …]`` or ``[Update: …]``), and attributes, a closing tag,
    ``/]``, or alone on its line."""
    if m.group(2) != m.group(2).lower() or (m.group(3) or "").startswith(":"):
        return False
    if m.group(4) or m.group(5) is not None or re.search(r"\w\s*=", m.group(3) or ""):
        return True
    start, end = m.span()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return re.sub(r"</?p>|<br\s*/?>", "", line).strip() == m.group(0).strip()


def expand(
    text: str,
    found: Found,
    *,
    post_id: str = "",
    attachments: dict | None = None,
    children: dict | None = None,
) -> str:
    """*text* with its shortcodes expanded (see the module's description)."""
    if "[" not in text:
        return text
    attachments = attachments or {}
    children = children or {}

    def replace(m: re.Match) -> str:
        opening, name, attr_text, _self, content, closing = m.groups()
        lname = name  # WordPress's shortcode names are case-sensitive
        known = lname in KNOWN or (lname in LANGUAGES and content is not None)
        if opening == "[" and closing == "]" and known:  # [[x]]: shown as [x]
            return m.group(0)[1:-1]
        if not known:
            if _looks_like_shortcode(m, text):
                found.add(found.unknown, name)
            # the text stays; shortcodes inside its content are still expanded
            if content is not None:
                inner = _ANY.sub(replace, content)
                return m.group(0).replace(content, inner, 1) if inner != content else m.group(0)
            return m.group(0)
        attrs = attributes(attr_text or "")
        found.add(found.converted, lname if lname not in LANGUAGES else "code")
        if lname in CODE or lname in LANGUAGES:
            return opening + _code(lname, attrs, content or "") + closing
        if lname in CAPTION:
            return opening + _caption(attrs, _ANY.sub(replace, content or "")) + closing
        if lname == "gallery":
            return opening + _gallery(attrs, post_id, attachments, children, found) + closing
        return opening + _embed(lname, attrs, content or "", found) + closing

    return _ANY.sub(replace, text)
