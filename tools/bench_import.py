"""Benchmark of the importer: a deterministic WordPress export of N posts
(1,000 by default) is generated and imported into an empty archive; prints
the time and the peak memory (RSS) of the import.

    .venv/bin/python tools/bench_import.py                 # 1,000 posts
    .venv/bin/python tools/bench_import.py --mb 100        # the same posts padded to a 100 MB export
    .venv/bin/python tools/bench_import.py --posts 200 --keep /tmp/bench-import

Goal: 1,000 posts in at most 60 s on 2 cores. The import runs as its own
process (``python -m postarchive.importer``), as ``make import`` runs it; the
peak RSS is that process's. Each post has classic or block-editor text,
shortcodes, an image, a table, code, categories and tags, and comments
(approved, spam, pending); every tenth item is a draft, an attachment or a
revision.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = (
    "cloud open source container kubernetes “quoted” naïve café — – 100% {braces} "
    "$5 a&lt;b [x] *star* _under_ | pipe &amp; operators platform agile team release "
    "bare-metal upstream community"
).split()


def paragraph(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def classic(rng: random.Random, i: int) -> str:
    parts = [paragraph(rng, rng.randint(30, 90)) for _ in range(rng.randint(3, 7))]
    parts.insert(
        1,
        f'[caption id="attachment_{i}" align="aligncenter" width="300"]'
        f'<img src="https://bench.example.org/wp-content/uploads/2016/06/img{i}-300x200.jpg" '
        f'alt="Image {i}" width="300" height="200" /> Caption {i}[/caption]',
    )
    parts.append("<h3>Details</h3>\n<ul>\n<li>one</li>\n<li>two <b>bold</b></li>\n</ul>")
    parts.append('[code lang="python"]\ndef f(x):\n    return x * 2\n[/code]')
    parts.append("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>")
    if i % 7 == 0:
        parts.append("https://www.youtube.com/watch?v=bench%d" % i)
    if i % 11 == 0:
        parts.append('[contact-form id="1"]')
    parts.insert(2, "<!--more-->")
    return "\n\n".join(parts).replace(". ", ".\n", 1)


def blocks(rng: random.Random, i: int) -> str:
    out = []
    for _ in range(rng.randint(3, 7)):
        out.append(
            f"<!-- wp:paragraph -->\n<p>{paragraph(rng, rng.randint(30, 90))}</p>\n"
            "<!-- /wp:paragraph -->"
        )
    out.append(
        '<!-- wp:code {"language":"bash"} -->\n<pre class="wp-block-code"><code>'
        'echo "hello" | wc -c</code></pre>\n<!-- /wp:code -->'
    )
    out.append("<!-- wp:heading -->\n<h2>Heading</h2>\n<!-- /wp:heading -->")
    return "\n\n".join(out)


def item(i: int, body: str, status: str = "publish", kind: str = "post", comments: str = "") -> str:
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    year = 2010 + i // 336
    date = f"{year}-{month:02d}-{day:02d} 10:{i % 60:02d}:00"
    return f"""
<item><title><![CDATA[Bench post {i} — “{WORDS[i % len(WORDS)]}”]]></title>
<link>https://bench.example.org/{year}/{month:02d}/{day:02d}/bench-post-{i}/</link>
<dc:creator><![CDATA[bench]]></dc:creator>
<content:encoded><![CDATA[{body}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{i}</wp:post_id><wp:post_date><![CDATA[{date}]]></wp:post_date>
<wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
<wp:post_name><![CDATA[bench-post-{i}]]></wp:post_name><wp:status><![CDATA[{status}]]></wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type><![CDATA[{kind}]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password>
<category domain="category" nicename="cat-{i % 12}"><![CDATA[Category {i % 12}]]></category>
<category domain="post_tag" nicename="tag-{i % 40}"><![CDATA[Tag {i % 40}]]></category>{comments}
</item>"""


def comment(i: int, j: int, approved: str) -> str:
    return f"""
<wp:comment><wp:comment_id>{i * 10 + j}</wp:comment_id>
<wp:comment_author><![CDATA[Reader {j}]]></wp:comment_author>
<wp:comment_author_email><![CDATA[reader{j}@example.net]]></wp:comment_author_email>
<wp:comment_author_IP><![CDATA[198.51.100.{j}]]></wp:comment_author_IP>
<wp:comment_date><![CDATA[2016-06-08 09:{j:02d}:00]]></wp:comment_date>
<wp:comment_content><![CDATA[Comment {j} on post {i}: I agree.
Second line.]]></wp:comment_content>
<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
<wp:comment_type><![CDATA[comment]]></wp:comment_type><wp:comment_parent>0</wp:comment_parent>
</wp:comment>"""


HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench Blog</title><link>https://bench.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example.org</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[bench]]></wp:author_login><wp:author_display_name><![CDATA[Bench Author]]></wp:author_display_name></wp:author>
"""


def export(posts: int, target_mb: float = 0.0):
    """The export, in pieces (written as generated, so that this process stays
    small); deterministic: the same arguments give the same bytes. With
    *target_mb*, each post is padded to reach about that size."""
    rng = random.Random(20161)
    pad_each = int(target_mb * 1_000_000 / posts) if target_mb else 0
    pad = "<p>" + " ".join(["padding words for a big export"] * (pad_each // 31 + 1))
    yield HEAD
    for i in range(1, posts + 1):
        body = blocks(rng, i) if i % 3 == 0 else classic(rng, i)
        if pad_each:
            body += "\n\n" + pad[:pad_each] + "</p>"
        comments = "".join(comment(i, j, ("1", "1", "spam", "0")[j % 4]) for j in range(i % 5))
        yield item(i, body, comments=comments)
        if i % 10 == 0:
            yield item(100000 + i, "draft text", status="draft")
            yield item(200000 + i, "", status="inherit", kind="attachment")
            yield item(300000 + i, "old text", status="inherit", kind="revision")
    yield "\n</channel></rss>\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument(
        "--mb",
        type=float,
        default=0.0,
        help="pad the posts so the export is this many MB (e.g. 100)",
    )
    parser.add_argument("--keep", type=Path, help="import into this directory and keep it")
    parser.add_argument(
        "--json",
        action="store_true",
        help="also print the results as one JSON line (for tools/bench.py)",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        docs = work / "docs"
        (docs / "posts").mkdir(parents=True, exist_ok=True)
        path = work / "export.xml"
        with open(path, "w", encoding="utf-8") as fh:
            for piece in export(args.posts, args.mb):
                fh.write(piece)
        size = path.stat().st_size / 1_000_000
        start = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "postarchive.importer",
                "--docs",
                str(docs),
                "--sources",
                str(work / "sources"),
                "--no-progress",
                str(path),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB → MiB
        if result.returncode != 0:
            print(result.stdout, result.stderr, file=sys.stderr)
            return 1
        written = len(list((docs / "posts").glob("*.md")))
        print(
            f"import of {args.posts:,} posts ({size:.1f} MB export, {written:,} files "
            f"written): {seconds:.1f} s, peak memory (RSS) {peak:.0f} MiB "
            f"(goal: ≤ 60 s for 1,000 posts on 2 cores)"
        )
        print(result.stdout.splitlines()[0])
        if args.json:
            print(
                json.dumps(
                    {
                        "posts": args.posts,
                        "megabytes": round(size, 1),
                        "seconds": seconds,
                        "rss_mib": peak,
                        "files": written,
                    }
                )
            )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
