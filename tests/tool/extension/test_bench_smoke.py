"""A quick run of the benchmark (tools/bench.py) on 20 generated posts: the
synthetic corpus builds cleanly under -nW in both variants, the incremental
rebuilds work (a changed topic reaches the topic pages) and the table comes
out. The benchmark itself (`make bench`) is not a test."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest
from support.paths import REPO

ROOT = REPO


def _bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "tools" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module
    spec.loader.exec_module(module)
    return module


def test_corpus_is_deterministic(tmp_path):
    bench = _bench()
    one = bench.generate(tmp_path / "one", 5)["archive"]
    two = bench.generate(tmp_path / "two", 5)["archive"]
    for path in sorted(one.rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (two / path.relative_to(one)).read_bytes(), path
    post = (one / "posts" / "post-0003.md").read_text(encoding="utf-8")
    assert post.startswith("---\ntitle: ") and "{term}`" in post and "\n## " in post


def test_quick_run_builds_and_reports(tmp_path):
    bench = _bench()
    messages = []
    results = bench.run([20], 1, None, False, messages.append, parallel=False)
    r = results["sizes"][20]
    # both variants built under -nW (a failed build exits); the archive made
    # every post, its year pages, topic pages…
    assert r["pages"] > 20 + 12
    assert r["archive_noop"]["read"] == 0
    assert r["archive_edit"]["read"] >= 1
    assert r["topics_updated"], "the topic pages did not follow a post's new topics"
    assert r["rss_mib"]["archive"] > 10 and r["rss_mib"]["floor"] > 10
    table = bench.table(results)
    assert re.search(
        r"\| full HTML build vs the floor [^|]*\| 20 \| [\d.]+ s \| [\d.]+ s \| "
        r"[\d.]+× \|",
        table,
    )
    assert "rebuild after changing one post's topics" in table


def test_ablog_peer_gets_the_same_posts_as_ablog_posts(tmp_path):
    """The ABlog peer's project, written without its virtual environment: every
    post is an ABlog post with its date (the earliest possible one when
    undated), its topics as tags, its first topic as category, and the same
    text; the conf is the theme's with ABlog and its sidebars."""
    bench = _bench()
    dirs = bench.generate(tmp_path, 30, variants=("archive", "ablog"))
    undated = 0
    for post in sorted((dirs["archive"] / "posts").glob("*.md")):
        ours = post.read_text(encoding="utf-8")
        theirs = (dirs["ablog"] / "posts" / post.name).read_text(encoding="utf-8")
        front = theirs.split("---\n")[1]
        assert "blogpost: true\n" in front
        date = re.search(r"^date: (.*)$", ours, re.M).group(1)
        if date == "unknown":
            undated += 1
            date = re.search(r"^date_after: (.*)$", ours, re.M).group(1)
        assert f"\ndate: {date}\n" in front
        topics = re.search(r"^topics: \[(.*)\]$", ours, re.M).group(1)
        assert f"\ntags: {topics}\n" in front
        assert "\ncategory: " in front
        assert theirs.split("---\n", 2)[2] == ours.split("---\n", 2)[2]
    assert undated, "the corpus has no undated post to check"
    conf = (dirs["ablog"].parent / "conf.py").read_text(encoding="utf-8")
    assert '"ablog"' in conf and "ablog/tagcloud.html" in conf
    assert "{postlist}" in (dirs["ablog"] / "index.md").read_text(encoding="utf-8")


@pytest.mark.skipif(
    not (REPO / "build" / "bench" / "ablog-venv" / "bin" / "python").is_file(),
    reason="ABlog's virtual environment is made by `make bench` (tools/bench.py)",
)
def test_ablog_peer_builds_and_reports(tmp_path):
    bench = _bench()
    results = bench.run([20], 1, None, False, lambda m: None, parallel=False, ablog=True)
    r = results["sizes"][20]
    assert r["ablog"] > 0
    table = bench.table(results)
    assert re.search(r"\| full HTML build vs ABlog [^|]*\| 20 \| [\d.]+ s \| [\d.]+ s \|", table)
