"""Dead outbound links answered by archived copies.

``postarchive links`` checks the posts' outbound links (against a local
stand-in for the web and the Wayback Machine: tests/support/mediaserver.py) and
records the results in links.json; the build shows, beside a dead link, the
Wayback Machine's copy, marked as the archive's addition (a footnote in the
PDF), never touching the author's words, and never using the network.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.archivebuild import ROOTS, all_tex, build_in_process
from support.mediaserver import Server

from postarchive import command
from postarchive.importer import linkcheck

FAST = ["--allow-local", "--timeout", "0.5", "--backoff", "0.05", "--retries", "1"]


def write_posts(project: Path, server: Server) -> None:
    posts = project / "docs" / "posts"
    posts.mkdir(parents=True)
    (posts / "first.md").write_text(
        f"""---
title: "First"
author: A. Author
date: 2014-03-02
url: https://blog.example.org/first/
---

See [a page]({server.url("/ok")}), [a moved page]({server.url("/moved")}),
[a dead page]({server.url("/gone")}), [HEAD refused]({server.url("/no-head")}),
[busy]({server.url("/busy")}) and [slow]({server.url("/slow")}).
Not checked: [our own](https://blog.example.org/other/), [a copy](https://web.archive.org/web/2014/x),
[mail](mailto:a@example.org), [relative](other.md) and `[code](http://x.example/)`.

```
[fenced](http://fenced.example/)
```
""",
        encoding="utf-8",
    )
    (posts / "second.md").write_text(
        f"""---
title: "Second"
author: A. Author
date: 2016-01-05
url: https://blog.example.org/second/
---

Again [the dead page]({server.url("/gone")}).
""",
        encoding="utf-8",
    )


def routes(server: Server) -> None:
    server.add("/ok", body=b"fine")
    server.add("/moved", status=301, headers={"Location": "/ok"})
    server.add("/no-head", body=b"fine", head=405)
    route = server.add("/busy", status=429, headers={"Retry-After": "1"})
    route.then = type(route)(body=b"fine")
    server.add("/slow", body=b"late", delay=2)
    server.snapshots[server.url("/gone")] = "20130919044612"


def run_links(project: Path, server: Server, today: str) -> str:
    argv = ["--docs", str(project / "docs"), "--record", str(project / "links.json"), *FAST]
    argv += ["--wayback-endpoint", server.url("/wayback/available")]
    argv += ["--cdx-endpoint", server.url("/cdx/search/cdx")]
    assert linkcheck.main(argv, today=today) == 0
    return (project / "links.json").read_text(encoding="utf-8")


def test_the_links_of_the_posts_are_checked_and_recorded(tmp_path):
    with Server() as server:
        routes(server)
        write_posts(tmp_path, server)
        text = run_links(tmp_path, server, "2025-01-31")
        hits = dict(server.hits)
    links = json.loads(text)["links"]
    ok, gone = server.url("/ok"), server.url("/gone")
    paths = ("/ok", "/moved", "/gone", "/no-head", "/busy", "/slow")
    assert set(links) == {server.url(p) for p in paths}
    assert links[ok] == {
        "checked": "2025-01-31",
        "code": 200,
        "posts": ["posts/first.md"],
        "status": "working",
    }
    assert links[server.url("/moved")]["status"] == "redirected"
    assert links[server.url("/moved")]["final_url"] == ok
    assert links[server.url("/no-head")]["status"] == "working"  # HEAD, then GET
    assert hits[("HEAD", "/no-head")] == 1 and hits[("GET", "/no-head")] == 1
    assert links[server.url("/busy")]["status"] == "working"  # waited as the 429 asked
    assert links[server.url("/slow")]["status"] == "timeout"
    assert links[gone]["status"] == "broken" and links[gone]["code"] == 404
    assert links[gone]["posts"] == ["posts/first.md", "posts/second.md"]
    assert links[gone]["archived"] == {
        "date": "2013-09-19",
        "timestamp": "20130919044612",
        "url": f"https://web.archive.org/web/20130919044612/{gone}",
        "before_post": True,
    }
    asked = [p for (_m, p) in hits if p.startswith("/cdx/")]
    # the last capture up to the end of the day before the earliest post
    assert len(asked) == 1 and "to=20140301235959" in asked[0] and "limit=-1" in asked[0]
    assert not [p for (_m, p) in hits if p.startswith("/wayback/")]  # found before: no closest
    assert text == json.dumps(json.loads(text), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_running_again_updates_the_record(tmp_path):
    with Server() as server:
        routes(server)
        write_posts(tmp_path, server)
        first = run_links(tmp_path, server, "2025-01-31")
        assert run_links(tmp_path, server, "2025-01-31") == first  # deterministic
        server.add("/gone", body=b"back")  # alive again
        server.add("/ok", status=410)  # died
        server.snapshots[server.url("/ok")] = "20150101000000"
        links = json.loads(run_links(tmp_path, server, "2025-03-01"))["links"]
    gone, ok = server.url("/gone"), server.url("/ok")
    assert links[gone]["status"] == "working" and "archived" not in links[gone]
    assert links[ok]["status"] == "broken" and links[ok]["archived"]["date"] == "2015-01-01"
    assert links[ok]["archived"]["before_post"] is False  # no copy from before: the closest
    assert {entry["checked"] for entry in links.values()} == {"2025-03-01"}


def test_the_copy_is_the_last_one_before_the_post_even_if_a_later_one_is_closer(tmp_path):
    with Server() as server:
        routes(server)
        write_posts(tmp_path, server)
        gone = server.url("/gone")
        # the closest snapshot to 2014-03-02 is from the day after; one from 2012 is before
        server.snapshots[gone] = "20140303000000"
        server.captures[gone] = ["20120101101010", "20140302120000"]
        links = json.loads(run_links(tmp_path, server, "2025-01-31"))["links"]
    assert links[gone]["archived"] == {
        "date": "2012-01-01",
        "timestamp": "20120101101010",
        "url": f"https://web.archive.org/web/20120101101010/{gone}",
        "before_post": True,
    }


def test_the_moment_of_the_post_bounds_the_copy_when_the_post_gives_it(tmp_path):
    with Server() as server:
        routes(server)
        write_posts(tmp_path, server)
        first = tmp_path / "docs" / "posts" / "first.md"
        text = first.read_text(encoding="utf-8")
        first.write_text(
            text.replace(
                "date: 2014-03-02\n", "date: 2014-03-02\ndate_utc: 2014-03-02T10:00:00Z\n"
            ),
            encoding="utf-8",
        )
        gone = server.url("/gone")
        server.captures[gone] = ["20140302090000", "20140302110000"]
        links = json.loads(run_links(tmp_path, server, "2025-01-31"))["links"]
    assert links[gone]["archived"]["timestamp"] == "20140302090000"  # an hour before the post


def test_links_in_the_comments_are_checked_too(tmp_path):
    with Server() as server:
        routes(server)
        write_posts(tmp_path, server)
        server.add("/commenter-ok", body=b"fine")
        server.snapshots[server.url("/commenter-gone")] = "20131010101010"
        second = tmp_path / "docs" / "posts" / "second.md"
        second.write_text(
            second.read_text(encoding="utf-8")
            + f"""
````{{archive-comments}}
```{{archive-comment}}
:author: Reader
:date: 2016-01-06 10:00

See [my page]({server.url("/commenter-gone")}) and [this]({server.url("/commenter-ok")}).
```
````

```python
x = "[not a link](http://code.example/)"
```
""",
            encoding="utf-8",
        )
        links = json.loads(run_links(tmp_path, server, "2025-01-31"))["links"]
    dead = links[server.url("/commenter-gone")]
    assert dead["status"] == "broken" and dead["posts"] == ["posts/second.md"]
    assert dead["archived"]["url"].endswith("/20131010101010/" + server.url("/commenter-gone"))
    assert links[server.url("/commenter-ok")]["status"] == "working"
    assert not any("code.example" in url for url in links)


def test_the_command_has_a_links_subcommand(tmp_path, capsys):
    with Server() as server:
        routes(server)
        write_posts(tmp_path, server)
        status = command.main(["-C", str(tmp_path), "links", *FAST, "--no-wayback"])
    out = capsys.readouterr().out
    assert status == 0 and (tmp_path / "links.json").is_file()
    assert out.startswith("Checked 6 links: 3 working, 1 redirected, 1 broken, 1 timeout; ")
    assert f"{server.url('/gone')} (posts/first.md, posts/second.md): HTTP 404" in out


# -- the build -------------------------------------------------------------------------------
def copy_root(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-archived-links", src)
    return src


def page(out: Path) -> BeautifulSoup:
    html = (out / "html" / "posts" / "dead-links.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_a_dead_link_gets_its_archived_copy_beside_it(tmp_path, capsys):
    src = copy_root(tmp_path)
    status, messages, err = build_in_process(src, tmp_path / "out", capsys)
    assert status == 0, err
    soup = page(tmp_path / "out")
    copies = soup.select("a.archived-copy")
    assert len(copies) == 1
    copy = copies[0]
    assert (
        copy["href"] == "https://web.archive.org/web/20130919044612/https://tools.example.com/old"
    )
    assert "archive-editorial" in copy["class"]
    assert copy.get_text() == "archived copy"
    assert "Added by the archive" in copy["title"] and "19 September 2013" in copy["title"]
    author = soup.find("a", href="https://tools.example.com/old")
    assert author.get_text() == "the old tool page"  # the author's link, unchanged
    assert author.find_next("a") is copy  # right beside it
    text = " ".join(soup.body.get_text(" ").split())
    for words in (
        "The author recommended the old tool page ( archived copy ) in 2014,",
        "and a living site that still works.",
        "A second dead link closes the post.",  # no copy known: nothing added
    ):
        assert words in text


def test_the_build_follows_the_record_in_incremental_builds(tmp_path, capsys):
    src = copy_root(tmp_path)
    out = tmp_path / "out"
    assert build_in_process(src, out, capsys)[0] == 0
    record = json.loads((src / "links.json").read_text(encoding="utf-8"))
    gone = record["links"]["https://gone.example.net/page"]
    gone["archived"] = {
        "date": "2012-05-06",
        "timestamp": "20120506070809",
        "url": "https://web.archive.org/web/20120506070809/https://gone.example.net/page",
    }
    del record["links"]["https://tools.example.com/old"]["archived"]
    (src / "links.json").write_text(json.dumps(record), encoding="utf-8")
    assert build_in_process(src, out, capsys)[0] == 0
    hrefs = [a["href"] for a in page(out).select("a.archived-copy")]
    assert hrefs == ["https://web.archive.org/web/20120506070809/https://gone.example.net/page"]


def test_a_copy_taken_after_the_post_says_so_and_comments_get_copies(tmp_path, capsys):
    src = copy_root(tmp_path)
    post = src / "posts" / "dead-links.md"
    post.write_text(
        post.read_text(encoding="utf-8")
        + """
````{archive-comments}
```{archive-comment}
:author: Reader

A reader's [dead page](https://gone.example.net/page).
```
````
""",
        encoding="utf-8",
    )
    record = json.loads((src / "links.json").read_text(encoding="utf-8"))
    record["links"]["https://gone.example.net/page"]["archived"] = {
        "before_post": False,
        "date": "2016-05-06",
        "timestamp": "20160506070809",
        "url": "https://web.archive.org/web/20160506070809/https://gone.example.net/page",
    }
    record["links"]["https://tools.example.com/old"]["archived"]["before_post"] = True
    (src / "links.json").write_text(json.dumps(record), encoding="utf-8")
    status, _messages, err = build_in_process(src, tmp_path / "out", capsys)
    assert status == 0, err
    soup = page(tmp_path / "out")
    titles = {a["href"].split("/")[4]: a["title"] for a in soup.select("a.archived-copy")}
    assert titles["20130919044612"].endswith("copy of 19 September 2013")
    assert titles["20160506070809"].endswith("copy of 6 May 2016, taken after the post")
    in_comment = soup.select(".archive-comment a.archived-copy")
    assert len(in_comment) == 1 and "taken after the post" in in_comment[0]["title"]
    assert len(soup.select("a.archived-copy")) == 3  # the post's two dead links and the comment's


def test_a_copy_that_is_no_wayback_snapshot_is_refused(tmp_path, capsys):
    src = copy_root(tmp_path)
    record = json.loads((src / "links.json").read_text(encoding="utf-8"))
    record["links"]["https://tools.example.com/old"]["archived"]["url"] = (
        "javascript:alert(1)//https://web.archive.org/web/20130919044612/"
    )
    (src / "links.json").write_text(json.dumps(record), encoding="utf-8")
    status, messages, err = build_in_process(src, tmp_path / "out", capsys)
    assert status != 0
    assert "is not a Wayback Machine snapshot of it" in err and "links.json" in err


def test_the_pdf_gives_the_archived_copy_as_a_footnote(tmp_path, capsys):
    src = copy_root(tmp_path)
    status, _messages, err = build_in_process(src, tmp_path / "out", capsys, builder="latex")
    assert status == 0, err
    tex = all_tex(tmp_path / "out" / "latex")
    url = r"\sphinxnolinkurl{https://web.archive.org/web/20130919044612/https://tools.example.com/old}"
    footnotes = re.findall(r"\\begin\{footnote\}.*?\\end\{footnote\}", tex, re.S)
    ours = [f for f in footnotes if url in f]
    assert len(ours) == 1 and "Added by the archive" in ours[0] and "19 September 2013" in ours[0]
    assert "the old tool page" in tex  # the author's words


@pytest.mark.parametrize("stamp", ["20131399000000", "20130230000000", "00000101000000"])
def test_a_copy_dated_on_no_real_day_is_refused_not_a_crash(stamp):
    """A hand-edited record with an impossible snapshot date is refused with a
    message (the build warns and shows no copy) instead of failing in a
    handler."""
    from postarchive.core import linkrecord

    url = "https://example.com/gone"
    entry = {"status": "broken", "archived": {"url": f"https://web.archive.org/web/{stamp}/{url}"}}
    with pytest.raises(ValueError, match="not a real moment"):
        linkrecord.archived_copy(url, entry)
