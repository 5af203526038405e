"""Writes blog.wxr.xml, the test export (run once; the file is committed).
Kept as a script so the control characters in it are visible here."""

from pathlib import Path

HERE = Path(__file__).parent
WP = "http://wordpress.org/export/1.2/"


def item(
    id_,
    title,
    content,
    *,
    name="",
    status="publish",
    type_="post",
    date="2016-06-07 10:00:00",
    gmt="2016-06-07 14:00:00",
    parent="0",
    password="",
    terms="",
    comments="",
    extra="",
    excerpt="",
    link=None,
    creator="jdoe",
):
    link = link if link is not None else f"https://blog.example.org/2016/06/07/{name}/"
    return f"""
  <item>
    <title>{title}</title>
    <link>{link}</link>
    <pubDate>Tue, 07 Jun 2016 14:00:00 +0000</pubDate>
    <dc:creator><![CDATA[{creator}]]></dc:creator>
    <guid isPermaLink="false">https://blog.example.org/?p={id_}</guid>
    <description></description>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
    <wp:post_id>{id_}</wp:post_id>
    <wp:post_date><![CDATA[{date}]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
    <wp:comment_status><![CDATA[open]]></wp:comment_status>
    <wp:post_name><![CDATA[{name}]]></wp:post_name>
    <wp:status><![CDATA[{status}]]></wp:status>
    <wp:post_parent>{parent}</wp:post_parent>
    <wp:menu_order>0</wp:menu_order>
    <wp:post_type><![CDATA[{type_}]]></wp:post_type>
    <wp:post_password><![CDATA[{password}]]></wp:post_password>
    <wp:is_sticky>0</wp:is_sticky>{terms}{extra}{comments}
  </item>"""


def comment(
    id_, author, email, content, approved="1", parent="0", date="2016-06-08 09:30:00", type_=""
):
    return f"""
    <wp:comment>
      <wp:comment_id>{id_}</wp:comment_id>
      <wp:comment_author><![CDATA[{author}]]></wp:comment_author>
      <wp:comment_author_email><![CDATA[{email}]]></wp:comment_author_email>
      <wp:comment_author_url>https://commenter.example.net/</wp:comment_author_url>
      <wp:comment_author_IP><![CDATA[203.0.113.7]]></wp:comment_author_IP>
      <wp:comment_date><![CDATA[{date}]]></wp:comment_date>
      <wp:comment_date_gmt><![CDATA[{date}]]></wp:comment_date_gmt>
      <wp:comment_content><![CDATA[{content}]]></wp:comment_content>
      <wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
      <wp:comment_type><![CDATA[{type_}]]></wp:comment_type>
      <wp:comment_parent>{parent}</wp:comment_parent>
      <wp:comment_user_id>0</wp:comment_user_id>
    </wp:comment>"""


CAT = (
    '\n    <category domain="category" nicename="cloud"><![CDATA[Cloud]]></category>'
    '\n    <category domain="post_tag" nicename="k8s"><![CDATA[Kubernetes]]></category>'
    '\n    <category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>'
)

CLASSIC = """It’s a “classic” post — with curly quotes, dashes – and non-ASCII: Straße, naïve, 日本語.
A line break stays a line break.

Entities: &amp; &copy; &lt;tag&gt; and&nbsp;a non-breaking space.
<!--more-->
% this line starts with a percent sign
Dollars: $5 and $x$ math-like; braces {note}`x` and {{ subst }}; a < b > c; [brackets] and [^1]; *stars*, _under_scores_, a|pipe.
1. not a list, just a number
- not a list either
# not a heading
(label)= not a target
::: not a fence

<h3>A heading three</h3>
Text under it, with <b>“bold quotes”</b>s and <em>emphasis</em>.
<h5>Skipped to five</h5>
<blockquote>A quoted line.
Second quoted line.</blockquote>

<table>
<tr><th>Name</th><th>Value | pipe</th></tr>
<tr><td>alpha *a*</td><td>1</td></tr>
<tr><td>beta</td><td>2</td><td>extra cell</td></tr>
</table>

<dl><dt>Term one</dt><dd>Its definition.</dd></dl>

E = mc<sup>2</sup> and H<sub>2</sub>O, <u>underlined</u>, <del>deleted</del>, <q>quoted</q>.

[caption id="attachment_109" align="aligncenter" width="300"]<a href="https://blog.example.org/wp-content/uploads/2016/06/photo.png"><img class="size-medium wp-image-109" src="https://blog.example.org/wp-content/uploads/2016/06/photo-300x200.png?w=300" alt="A photo of clouds" width="300" height="200" /></a> Clouds over the <em>bay</em>.[/caption]

[gallery ids="109,110"]

[embed]https://www.youtube.com/watch?v=abc123[/embed]

https://twitter.com/someone/status/12345

<iframe src="https://player.vimeo.com/video/999" width="640" height="360"></iframe>

[code lang="python"]
def greet(name):
    return f"Hello {name} <3"
[/code]

[sourcecode language="bash"]echo "a && b" | grep -v c[/sourcecode]

[contact-form-7 id="42" title="Contact"]

This is [[gallery]] escaped, and [sic] is not a shortcode.

See <a href="/2016/06/08/gutenberg-post/">the block post</a>, <a href="https://blog.example.org/2016/06/08/gutenberg-post/">again</a>, <a href="javascript:alert(1)">no script</a> and <a href="mailto:hello@blog.example.org">mail me</a>.
<hr />
The end."""

GUTENBERG = """<!-- wp:paragraph {"align":"center"} -->
<p class="has-text-align-center">A centred paragraph from the block editor.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">Block heading</h2>
<!-- /wp:heading -->

<!-- wp:code {"language":"javascript"} -->
<pre class="wp-block-code"><code>const a = 1 &lt; 2;
console.log(`a is ${a}`);</code></pre>
<!-- /wp:code -->

<!-- wp:image {"align":"right","id":110} -->
<figure class="wp-block-image alignright"><img src="https://blog.example.org/wp-content/uploads/2016/06/anim.gif" alt="An animation" class="wp-image-110"/><figcaption>An animated figure.</figcaption></figure>
<!-- /wp:image -->

<!-- wp:embed {"url":"https://twitter.com/someone/status/67890","type":"rich","providerNameSlug":"twitter"} -->
<figure class="wp-block-embed is-type-rich is-provider-twitter"><div class="wp-block-embed__wrapper">
https://twitter.com/someone/status/67890
</div><figcaption>A tweet I liked.</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:list -->
<ul><li>First item</li><li>Second item with <a href="https://example.com/a_b">a link</a></li></ul>
<!-- /wp:list -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>Quoted in a block.</p><cite>Someone</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:table -->
<figure class="wp-block-table"><table><tbody><tr><td>x</td><td>y</td></tr></tbody></table></figure>
<!-- /wp:table -->

<!-- wp:separator -->
<hr class="wp-block-separator"/>
<!-- /wp:separator -->

<!-- wp:block {"ref":123} /-->

<!-- wp:latest-posts /-->

<!-- wp:paragraph -->
<p>Last paragraph.</p>
<!-- /wp:paragraph -->"""

EDGE = """<h2><img src="https://blog.example.org/wp-content/uploads/2016/06/my photo é.png" alt="Heading image"></h2>
[x]: y is not a link definition.

A <a href="https://example.com/a_(b)\\c">link with parentheses</a> and a footnote<sup><a href="#fn1">1</a></sup>.
<details><summary>More</summary>
Hidden text.
</details>
<table><tr><td><ul><li>cell item one</li><li>cell item two</li></ul></td><td>plain</td></tr></table>
<blockquote><ul><li>quoted item</li></ul>
Quoted para.</blockquote>
<ol start="3"><li>three</li><li>four <code>x `y` z</code></li></ol>
Emoji 🙂 and zero-width\u200bspace.

***

a
---

: not a definition

Text &lt;!-- not a comment --&gt; here, <strong>bold</strong>, <b></b>and <i> </i>spaces.
<h6>Deep heading</h6>
<p>Last <span style="color:red">red</span> <font face="x">font</font> words.</p>"""

STRESS = """<h1>A first-level heading with <a href="https://example.com/h">a link</a> and <code>code</code></h1>
<p>Para with <b>bold<br>across a break</b>, <i>italic <b>nested</b></i>, <em>*stars* inside</em>, **not bold**, __not__, `not code`.</p>
#hashtag at the start
1) not a list
+ not a list
> not a quote
| not | a table |
===
<div align="center"><span style="color:red;font-size:20px">Styled span</span> <font color="blue">font</font> <o:p></o:p></div>
<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
<p>&nbsp;</p>
<ul>
<li>Item with a paragraph<p>and a second paragraph</p>
<ul><li>nested <strong>deep</strong>
<ol><li>deeper</li></ol></li></ul></li>
<li><pre>code in a list
  indented</pre></li>
<li><blockquote>quote in a list</blockquote></li>
<li><hr>after a rule in a list</li>
</ul>
<blockquote><p>Quote with <cite>a cite</cite></p><blockquote><p>nested quote</p></blockquote></blockquote>
<table>
<caption>A table caption</caption>
<thead><tr><th colspan="2">Wide header</th></tr></thead>
<tbody><tr><td rowspan="2">rows</td><td><h3>heading in a cell</h3></td></tr>
<tr><td><table><tr><td>inner table</td></tr></table></td></tr>
<tr><td><img src="https://cdn.example.com/cell.png" alt="cell image"></td><td><iframe src="https://www.youtube.com/embed/cell"></iframe>after embed</td></tr></tbody>
<tfoot><tr><td>foot</td><td>note</td></tr></tfoot>
</table>
<dl><dt>Term A</dt><dd>First definition</dd><dd>Second definition</dd><dt>Term B</dt><dd><p>Para definition</p></dd></dl>
<pre><b>bold in pre</b> and a <br> break
and &lt;escaped&gt; &amp; text</pre>
<p><a href="//example.com/protocol-relative">protocol relative</a>, <a href="ftp://example.com/f">ftp</a>, <a href="tel:+123">phone</a>, <a href=" javascript:alert(1)">js with a space</a>, <a href="#">hash</a>, <a name="anchor">named anchor</a>.</p>
<p><a href="https://example.com/block"><div>a link around a block</div></a></p>
<p><img src="/wp-content/uploads/2016/06/relative.png" alt="relative image"> <img alt="no source"> <img src="data:image/png;base64,iVBORw0KGgo=" alt="data image"></p>
<figure><img src="https://cdn.example.com/a.png" alt="first"><img src="https://cdn.example.com/b.png" alt="second"><figcaption>Two images, one caption</figcaption></figure>
<p>Audio: <audio controls src="https://example.com/a.mp3"></audio> video: <video controls><source src="https://example.com/v.mp4"></video> object: <object data="https://example.com/movie.swf"><param name="movie" value="x"></object></p>
<p><abbr title="HyperText Markup Language">HTML</abbr>, <q cite="https://example.com">a quote</q>, <kbd>Ctrl</kbd>+<kbd>C</kbd>, <mark>marked</mark>, <small>small</small>, <s>struck</s>, <strike>old strike</strike>, <ins>inserted</ins>, x<sup>a\\b</sup>, H<sub><i>2</i></sub>O.</p>
<p>Backslash \\ and a path C:\\Users\\me, tab\there, ampersand &amp; entity-like &amp;amp; text.</p>
<svg width="10" height="10"><text x="0" y="10">SVG text</text></svg>
<form><label>Label text</label><input type="text" value="hidden"><button>Button text</button><select><option>opt</option></select><textarea>area text</textarea></form>
<script>document.write("no")</script><style>p { color: red }</style><noscript>no script text</noscript>
<p>Ends with a break<br></p>
<p>Unknown <foo-bar>custom element</foo-bar> tag.</p>
<h4></h4>
<hr>
<h2>Heading right after a rule</h2>
<p>The very end.</p>"""

items = [
    item(
        101,
        "It&#8217;s a “test” &amp; <em>classic</em>",
        CLASSIC,
        name="classic-post",
        terms=CAT,
        excerpt="The author’s <b>own</b> excerpt.",
        comments=comment(
            1,
            "Alice",
            "alice@example.net",
            "Great post! Write to me at alice@example.net.\nSecond line.",
        )
        + comment(
            2,
            "Bob",
            "bob@example.net",
            '<h2>Reply</h2><p>I agree with <a href="mailto:x@example.com">Alice</a>.</p><script>alert(1)</script>',
            parent="1",
            date="2016-06-08 11:00:00",
        )
        + comment(3, "Spammer", "spam@example.net", "Buy pills", approved="spam")
        + comment(4, "Pending", "p@example.net", "Not yet approved", approved="0")
        + comment(5, "Trashed", "t@example.net", "Deleted comment", approved="trash")
        + comment(
            6,
            "Other blog",
            "",
            "[…] linked from here […]",
            type_="pingback",
            date="2016-06-09 08:00:00",
        ),
    ),
    item(
        102,
        "A Gutenberg post",
        GUTENBERG,
        name="gutenberg-post",
        date="2016-06-08 10:00:00",
        gmt="2016-06-08 14:00:00",
        link="https://blog.example.org/2016/06/08/gutenberg-post/",
        terms='\n    <category domain="category" nicename="open-source"><![CDATA[Open Source]]></category>',
    ),
    item(103, "A draft", "Draft text", name="", status="draft"),
    item(104, "Pending", "Pending text", name="pending", status="pending"),
    item(
        105,
        "Scheduled",
        "Future text",
        name="scheduled",
        status="future",
        date="2030-01-01 10:00:00",
        gmt="2030-01-01 14:00:00",
    ),
    item(106, "Private", "Private text", name="private", status="private"),
    item(107, "Protected", "Secret text", name="protected", password="s3cret"),
    item(108, "Trashed", "Trash text", name="trashed__trashed", status="trash"),
    item(
        109,
        "photo",
        "",
        name="photo",
        status="inherit",
        type_="attachment",
        parent="101",
        excerpt="A gallery caption",
        link="https://blog.example.org/photo/",
        extra="\n    <wp:attachment_url><![CDATA[https://blog.example.org/wp-content/uploads/2016/06/photo.png]]></wp:attachment_url>"
        "\n    <wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value><![CDATA[Clouds]]></wp:meta_value></wp:postmeta>",
    ),
    item(
        110,
        "anim",
        "",
        name="anim",
        status="inherit",
        type_="attachment",
        parent="102",
        link="https://blog.example.org/anim/",
        extra="\n    <wp:attachment_url><![CDATA[https://blog.example.org/wp-content/uploads/2016/06/anim.gif]]></wp:attachment_url>",
    ),
    item(
        111,
        "A Gutenberg post",
        "old revision",
        name="102-revision-v1",
        status="inherit",
        type_="revision",
        parent="102",
    ),
    item(112, "Home", "", name="112", type_="nav_menu_item", link="https://blog.example.org/112/"),
    item(
        113,
        "About me",
        "I write about clouds.",
        name="about",
        type_="page",
        link="https://blog.example.org/about/",
    ),
    item(
        114,
        "日本語のポスト",
        "Text of the post with a Japanese title: 日本語です。",
        name="%e6%97%a5%e6%9c%ac%e8%aa%9e%e3%81%ae%e3%83%9d%e3%82%b9%e3%83%88",
        date="2016-06-10 10:00:00",
        gmt="2016-06-10 01:00:00",
    ),
    item(
        115,
        "Same title",
        "The first post with this title.",
        name="same-slug",
        date="2016-06-11 10:00:00",
        gmt="2016-06-11 14:00:00",
    ),
    item(
        116,
        "Same title",
        "The second post with this title, the same day.",
        name="same-slug",
        date="2016-06-11 12:00:00",
        gmt="2016-06-11 16:00:00",
    ),
    item(
        117,
        "",
        "A post without a title.",
        name="117",
        date="2016-06-12 10:00:00",
        gmt="2016-06-12 14:00:00",
        link="https://blog.example.org/?p=117",
    ),
    item(
        118,
        "Empty post",
        "",
        name="empty-post",
        date="2016-06-13 10:00:00",
        gmt="2016-06-13 14:00:00",
    ),
    item(
        119,
        "Control characters",
        "Bell\x07 and vertical\x0btab, a char ref &#8; and a C1 quote: it\u0092s.",
        name="control-characters",
        date="2016-06-14 10:00:00",
        gmt="2016-06-14 14:00:00",
    ),
    item(
        120,
        "CDATA split",
        "PLACEHOLDER",
        name="cdata-split",
        date="2016-06-15 10:00:00",
        gmt="2016-06-15 14:00:00",
    ),
    item(
        121,
        "Several pages",
        "Page one text.\n<!--nextpage-->\nPage two text.\n<!--nextpage-->\nPage three text.",
        name="several-pages",
        date="2016-06-16 10:00:00",
        gmt="2016-06-16 14:00:00",
        terms='\n    <category domain="post_format" nicename="post-format-aside"><![CDATA[Aside]]></category>'
        '\n    <category domain="post_tag" nicename="cloud"><![CDATA[cloud]]></category>',
    ),
    item(
        122,
        "Pre and images",
        '<pre>  indented\n\n    code &lt;here&gt;\n```\nfence inside</pre>\n\nAn inline <img src="https://cdn.example.com/pic.jpg" alt="remote pic"> image.\n\n<img src="https://blog.example.org/wp-content/uploads/2016/06/photo-1024x768.png" alt="Local photo" />',
        name="pre-and-images",
        date="2016-06-17 10:00:00",
        gmt="2016-06-17 14:00:00",
    ),
    item(
        124,
        "<![CDATA[Generics: List&lt;T&gt; and *stars*, _under_, `ticks` & [link](x) #]]>",
        "A post whose title MyST would read as Markdown.",
        name="generics",
        date="2016-06-18 10:00:00",
        gmt="2016-06-18 14:00:00",
    ),
    item(
        125,
        "Edge cases",
        EDGE,
        name="edge-cases",
        date="2016-06-19 10:00:00",
        gmt="2016-06-19 14:00:00",
    ),
    item(
        126,
        "Stress test",
        STRESS,
        name="stress-test",
        date="2016-06-20 10:00:00",
        gmt="2016-06-20 14:00:00",
    ),
    item(
        123,
        "Reusable block",
        "<!-- wp:paragraph -->\n<p>Text from a reusable block.</p>\n<!-- /wp:paragraph -->",
        name="reusable",
        type_="wp_block",
    ),
]

head = f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="{WP}excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="{WP}"
>
<channel>
  <title>Test Blog — ünïcode</title>
  <link>https://blog.example.org</link>
  <description>Just a test blog</description>
  <language>en-US</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://blog.example.org</wp:base_site_url>
  <wp:base_blog_url>https://blog.example.org</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[jdoe]]></wp:author_login><wp:author_email><![CDATA[jane@example.org]]></wp:author_email><wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name><wp:author_first_name><![CDATA[Jane]]></wp:author_first_name><wp:author_last_name><![CDATA[Doe]]></wp:author_last_name></wp:author>
  <wp:category><wp:term_id>1</wp:term_id><wp:category_nicename><![CDATA[cloud]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Cloud]]></wp:cat_name><wp:category_description><![CDATA[Posts about clouds &amp; <b>sky</b>.]]></wp:category_description></wp:category>
  <wp:category><wp:term_id>2</wp:term_id><wp:category_nicename><![CDATA[uncategorized]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Uncategorized]]></wp:cat_name></wp:category>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[open-source]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Open Source]]></wp:cat_name></wp:category>
  <wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug><![CDATA[k8s]]></wp:tag_slug><wp:tag_name><![CDATA[Kubernetes]]></wp:tag_name></wp:tag>
  <generator>https://wordpress.org/?v=6.5</generator>
"""
text = head + "".join(items) + "\n</channel>\n</rss>\n"
text = text.replace(
    "<![CDATA[PLACEHOLDER]]>",
    "<![CDATA[Before ]]]]><![CDATA[> after: the text holds ]]]]><![CDATA[> twice.]]>",
)
(HERE / "blog.wxr.xml").write_bytes(text.encode("utf-8"))
