#!/usr/bin/env python3
"""Measure the topics at a blog's scale (#23): a synthetic archive of ~1,000
posts and 755 topics (15 categories with many posts, 740 tags, most with a
few), built to HTML and, unless --no-pdf, to the PDF.

    python tools/measure_topics.py                  # HTML heights and the PDF's Topics chapter
    python tools/measure_topics.py --no-pdf         # the HTML heights only (about 2 minutes)
    python tools/measure_topics.py --root /tmp/old  # measure another checkout (before/after)
    python tools/measure_topics.py --limit 12       # the landing page with {topic-overview} :limit: 12

It reports the height in pixels (chromium, 1280×900 viewport) of the landing
page and of the topics index, and the pages of the PDF's Topics chapter (from
the PDF's bookmarks: the chapter's first page to the next bookmark at its
level or above) as a share of the book. The corpus is the one of
tools/bench.py (same seed, same posts), with the topics replaced.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (tools/bench.py: the corpus)

EPOCH = bench.EPOCH
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CATEGORIES = [
    "Cloud",
    "Containers",
    "Open source",
    "Business",
    "Start-ups",
    "Operations",
    "Automation",
    "Security",
    "Networking",
    "Hardware",
    "Community",
    "Strategy",
    "Events",
    "Personal",
    "Uncategorised thoughts",
]
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "ta",
    "vo",
    "zen",
    "pri",
    "sto",
    "dex",
    "gal",
    "bro",
    "qui",
    "fen",
    "mar",
    "tus",
    "lin",
    "cor",
    "vex",
]


def topic_names(n_tags: int, rng: random.Random) -> list[str]:
    """Unique, varied tag names (a word or two, every initial letter)."""
    names: list[str] = []
    seen = {c.casefold() for c in CATEGORIES}
    while len(names) < n_tags:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        if rng.random() < 0.4:
            word += " " + rng.choice(bench.WORDS)
        word = word.capitalize()
        if word.casefold() not in seen:
            seen.add(word.casefold())
            names.append(word)
    return names


def slug_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def assign_topics(n_posts: int, n_topics: int, rng: random.Random) -> tuple[dict, list[list[str]]]:
    """The topics (slug → title) and each post's topics: one category (a
    few are large), 0–5 tags drawn by a Zipf law, every tag used at least once."""
    tags = topic_names(n_topics - len(CATEGORIES), rng)
    topics = {slug_of(n): n for n in CATEGORIES + tags}
    cat_slugs, tag_slugs = [slug_of(c) for c in CATEGORIES], [slug_of(t) for t in tags]
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(tag_slugs))]
    per_post: list[list[str]] = []
    for i in range(n_posts):
        chosen = [rng.choices(cat_slugs, weights=[1 / (r + 1) for r in range(len(cat_slugs))])[0]]
        chosen += rng.choices(tag_slugs, weights=weights, k=rng.randint(0, 5))
        if i < len(tag_slugs):  # the long tail: every tag once at least
            chosen.append(tag_slugs[-1 - i])
        per_post.append(list(dict.fromkeys(chosen)))
    return topics, per_post


def make_archive(base: Path, n_posts: int, n_topics: int, limit: int | None) -> Path:
    src = bench.generate(base, n_posts, variants=("archive",))["archive"]
    topics, per_post = assign_topics(n_posts, n_topics, random.Random(bench.SEED + 23))
    lines = ["# Synthetic topics (tools/measure_topics.py)."]
    for slug, title in topics.items():
        lines += [
            f"{slug}:",
            f"  title: {title}",
            f"  description: Posts tagged “{title}” on the original blog.",
        ]
    (src / "topics.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for i, chosen in enumerate(per_post, start=1):
        path = src / "posts" / f"post-{i:04d}.md"
        text = re.sub(
            r"^topics: \[.*\]$",
            f"topics: [{', '.join(chosen)}]",
            path.read_text(encoding="utf-8"),
            count=1,
            flags=re.M,
        )
        path.write_text(text, encoding="utf-8")
    if limit is not None:
        index = src / "index.md"
        index.write_text(
            index.read_text(encoding="utf-8").replace(
                "```{topic-overview}\n:compact:\n",
                f"```{{topic-overview}}\n:compact:\n:limit: {limit}\n",
            ),
            encoding="utf-8",
        )
    return src


def build(root: Path, src: Path, out: Path, builder: str) -> None:
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        builder,
        "-c",
        str(root),
        "-d",
        str(out.parent / f"doctrees-{builder}"),
        str(src),
        str(out),
        "-j",
        "2",
    ]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "ARCHIVE_TODAY": "2026-01-01"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=root)
    if proc.returncode:
        sys.exit(f"the {builder} build failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")


def heights(html: Path, pages: list[str]) -> dict[str, int]:
    """The height in CSS pixels of each page (1280 px wide window)."""
    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name in pages:
            page.goto((html / name).as_uri())
            found[name] = page.evaluate("document.documentElement.scrollHeight")
        browser.close()
    return found


def _outline(reader: PdfReader, items, depth: int = 0) -> list[tuple[int, str, int]]:
    flat = []
    for item in items:
        if isinstance(item, list):
            flat += _outline(reader, item, depth + 1)
        else:
            flat.append((depth, item.title, reader.get_destination_page_number(item)))
    return flat


def topics_chapter(pdf: Path) -> dict:
    """The Topics chapter's pages (bookmarks) and the book's."""
    reader = PdfReader(str(pdf))
    flat = _outline(reader, reader.outline)
    total = len(reader.pages)
    at = next(i for i, (_d, title, _p) in enumerate(flat) if title.strip() == "Topics")
    depth, _title, first = flat[at]
    end = next((p for d, _t, p in flat[at + 1 :] if d <= depth), total)
    pages = end - first
    return {"pdf_pages": total, "topics_pages": pages, "topics_share": round(pages / total, 4)}


def sandbox(root: Path) -> Path:
    for path in (
        root / "tools" / "latex-sandbox.sh",
        root / "postarchive" / "scripts" / "latex-sandbox.sh",
    ):
        if path.exists():
            return path
    sys.exit(f"no latex-sandbox.sh under {root}")


def pdf(root: Path, src: Path, work: Path) -> dict:
    out = work / "latex"
    build(root, src, out, "latex")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    proc = subprocess.run(
        ["bash", str(sandbox(root)), str(out), "make", "all-pdf", "LATEXMKOPTS=-silent"],
        capture_output=True,
        text=True,
        env=env,
    )
    if proc.returncode:
        sys.exit(f"the PDF did not build:\n{proc.stdout[-3000:]}")
    return topics_chapter(next(out.glob("*.pdf")))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--root",
        type=Path,
        default=HERE.parent,
        help="the checkout whose conf.py and postarchive build the archive",
    )
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--topics", type=int, default=755)
    ap.add_argument(
        "--limit",
        type=int,
        default=None,
        help="add :limit: N to the landing page's {topic-overview}",
    )
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--work", type=Path, help="keep the archive and builds here")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="measure-topics-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    src = make_archive(work / "corpus", args.posts, args.topics, args.limit)
    html = work / "html"
    build(args.root.resolve(), src, html, "html")
    result = {
        "posts": args.posts,
        "topics": args.topics,
        "root": str(args.root),
        "limit": args.limit,
        "height_px": heights(html, ["index.html", "topics/index.html"]),
    }
    print(json.dumps(result), flush=True)
    if not args.no_pdf:
        result.update(pdf(args.root.resolve(), src, work))
    print(json.dumps(result, indent=1))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
