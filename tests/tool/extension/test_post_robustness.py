"""Posts as real editors and exports write them (issue #21): CRLF line
endings and a byte-order mark, titles and authors with angle brackets, an
import from a blog east or west of UTC, and lists nested deeper than LaTeX
can typeset. Each case builds ``tests/roots/test-robustness`` plus one post,
the way ``make`` does (``-nW --keep-going``)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from support.archivebuild import all_tex, latex_pdf

from tool.extension.test_redirect_safety import IMPORTED, ROOT, build


def post(
    title: str = "A robust post",
    author: str = "Rob Hirschfeld",
    date: str = "2016-06-08",
    extra: str = "",
    body: str = "The author’s own words, several of them.\n",
) -> str:
    return (
        f'---\ntitle: "{title}"\nauthor: "{author}"\ndate: {date}\n'
        f"url: unknown\ntopics: [startups]\n{extra}---\n\n{body}"
    )


# -- line endings ------------------------------------------------------------------------
@pytest.mark.parametrize("prefix, newline", [("", "\r\n"), ("\ufeff", "\r\n"), ("\ufeff", "\r")])
def test_a_post_saved_with_windows_line_endings_builds(prefix, newline, tmp_path, capsys):
    text = prefix + post(title="Saved on Windows").replace("\n", newline)
    status, messages, _ = build(tmp_path, {"posts/windows.md": text}, capsys)
    assert (tmp_path / "src" / "posts" / "windows.md").read_bytes().count(b"\r") >= 7
    assert (status, messages) == (0, [])
    page = (tmp_path / "html" / "posts" / "windows.html").read_text(encoding="utf-8")
    assert "<title>Saved on Windows" in page
    assert "The author’s own words, several of them." in page


# -- titles are text -----------------------------------------------------------------------
def test_angle_brackets_in_a_title_and_author_are_shown_as_written(tmp_path, capsys):
    text = post(title="Why vector<int> beats a <b> tag", author="Ann <int> Author")
    status, messages, _ = build(tmp_path, {"posts/vector.md": text}, capsys)
    assert (status, messages) == (0, [])
    html = tmp_path / "html"
    page = (html / "posts" / "vector.html").read_text(encoding="utf-8")
    shown = "Why vector&lt;int&gt; beats a &lt;b&gt; tag"
    assert f"<title>{shown} &#8212;" in page
    assert re.search(rf"<h1>{re.escape(shown)}<a class=\"headerlink\"", page)
    assert "Ann &lt;int&gt; Author" in page and "<int>" not in page and "<b> tag" not in page
    feed = (html / "atom.xml").read_text(encoding="utf-8")
    assert f"<title>{shown}</title>" in feed
    index = (html / "searchindex.js").read_text(encoding="utf-8")
    assert json.dumps("Why vector<int> beats a <b> tag") in index


def test_the_latex_title_is_the_text_as_written(tmp_path, capsys):
    status, messages, tex, _ = latex(
        tmp_path, {"posts/vector.md": post(title="vector<int> & co")}, capsys
    )
    assert (status, messages) == (0, [])
    # LuaLaTeX prints < and > as themselves; pdfLaTeX (a Latin text) as \textless…
    assert re.search(r"\\chapter\{vector(<|\\textless\{\})int(>|\\textgreater\{\}) \\& co\}", tex)


# -- dates of a blog east or west of UTC ----------------------------------------------
def imported(date: str, utc: str) -> str:
    return (
        IMPORTED.replace("date: 2016-06-07", f"date: {date}")
        .replace('date_utc: "2016-06-07T14:05:00Z"', f'date_utc: "{utc}"')
        .replace('title: "An imported post"', 'title: "Imported from far away"')
        .replace("original_id: 5", "original_id: 6")
        .replace("imported-post/", "far-away/")
    )


@pytest.mark.parametrize(
    "date, utc",
    [
        ("2016-06-08", "2016-06-07T20:30:00Z"),  # UTC+10: the next day there
        ("2016-06-06", "2016-06-07T03:00:00Z"),  # UTC−8: still the day before there
    ],
)
def test_an_import_from_another_time_zone_builds(date, utc, tmp_path, capsys):
    status, messages, _ = build(tmp_path, {"posts/far-away.md": imported(date, utc)}, capsys)
    assert (status, messages) == (0, [])


def test_a_date_two_days_from_its_moment_in_utc_is_an_error(tmp_path, capsys):
    status, messages, _ = build(
        tmp_path, {"posts/far-away.md": imported("2016-06-09", "2016-06-07T20:30:00Z")}, capsys
    )
    assert messages == [
        (
            "posts/far-away.md",
            5,
            "ERROR",
            "date_utc 2016-06-07T20:30:00Z is 2 days from date 2016-06-09: the day readers saw "
            "(date, the blog's own time zone) is at most one day before or after the day in UTC "
            "(offsets -12 to +14 hours); correct one of them [archive.frontmatter]",
        )
    ]
    assert status != 0


@pytest.mark.parametrize(
    "date, utc, ok",
    [
        ("2026-11-29", "2026-11-28T20:30:00Z", True),  # a fresh export from UTC+10
        ("2026-11-29", "2026-11-29T01:00:00Z", False),  # its moment in UTC is after the build
        ("2026-11-30", "2026-11-28T23:00:00Z", False),  # more than a day ahead (and apart)
    ],
)
def test_a_fresh_export_east_of_utc_is_not_in_the_future(
    date, utc, ok, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("ARCHIVE_TODAY", "2026-11-28")
    status, messages, _ = build(tmp_path, {"posts/far-away.md": imported(date, utc)}, capsys)
    if ok:
        assert (status, messages) == (0, [])
        assert (tmp_path / "html" / "posts" / "far-away.html").is_file()
    else:
        assert status != 0 and messages and all(m[0] == "posts/far-away.md" for m in messages)


def test_a_hand_written_post_dated_tomorrow_is_still_an_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ARCHIVE_TODAY", "2026-11-28")
    status, messages, _ = build(tmp_path, {"posts/tomorrow.md": post(date="2026-11-29")}, capsys)
    assert messages == [
        (
            "posts/tomorrow.md",
            4,
            "ERROR",
            "date 2026-11-29 is after the day of this build (2026-11-28): correct it, or add "
            "“status: scheduled” to publish the post from that day on [archive.frontmatter]",
        )
    ]
    assert status != 0


# -- nesting the PDF can typeset ---------------------------------------------------------
ENVIRONMENT = re.compile(
    r"\\(begin|end)\{(itemize|enumerate|description|quote|DUlineblock|"
    r"optionlist)\}"
)


def deepest(tex: str) -> tuple[int, int, int]:
    """The deepest nesting of list environments in *tex*: (all, itemize, enumerate)."""
    stack: list[str] = []
    most = [0, 0, 0]
    for match in ENVIRONMENT.finditer(tex):
        if match[1] == "begin":
            stack.append(match[2])
            most = [
                max(most[0], len(stack)),
                max(most[1], stack.count("itemize")),
                max(most[2], stack.count("enumerate")),
            ]
        else:
            assert stack.pop() == match[2]
    return tuple(most)


def deep_body() -> str:
    lines = [f"{'  ' * i}- bullet level {i + 1} bulletword{i + 1}" for i in range(8)]
    lines += [""] + [f"{'   ' * i}1. number level {i + 1} numberword{i + 1}" for i in range(6)]
    lines += [""]
    for i in range(8):
        lines += [">" * (i + 1) + f" quote level {i + 1} quoteword{i + 1}", ">" * (i + 1)]
    lines += ["", "Term", ": > > > > > - - - a definition, deep: deflistword", ""]
    return "Intro words.\n\n" + "\n".join(lines) + "\n\nClosing words.\n"


def latex(tmp_path: Path, files: dict[str, str], capsys) -> tuple[int, list, str, str]:
    """Build the root plus *files* with the LaTeX builder: the exit status,
    the warnings and errors, the .tex file and the build's output."""
    from sphinx.cmd.build import build_main
    from support.archivebuild import MESSAGE

    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    for name, content in files.items():
        (src / name).write_text(content, encoding="utf-8")
    capsys.readouterr()
    status = build_main(
        [
            "-b",
            "latex",
            "-d",
            str(tmp_path / "doctrees"),
            str(src),
            str(tmp_path / "latex"),
            "-nW",
            "--keep-going",
            "-D",
            "latex_engine=lualatex",
        ]
    )
    out, err = capsys.readouterr()
    messages = [line for line in err.splitlines() if MESSAGE.match(line)]
    tex = all_tex(tmp_path / "latex")
    return status, messages, tex, out


def test_eight_levels_of_nesting_build_a_pdf_safe_latex(tmp_path, capsys):
    status, messages, tex, output = latex(
        tmp_path, {"posts/deep.md": post(body=deep_body())}, capsys
    )
    assert (status, messages) == (0, [])  # no warning: the build stays clean
    most, itemize, enumerate_ = deepest(tex)
    assert most <= 6 and itemize <= 4 and enumerate_ <= 4
    words = (
        [f"bulletword{i}" for i in range(1, 9)]
        + [f"numberword{i}" for i in range(1, 7)]
        + [f"quoteword{i}" for i in range(1, 9)]
        + ["deflistword", "Intro", "Closing"]
    )
    assert [w for w in words if w not in tex] == []
    positions = [tex.index(f"bulletword{i}") for i in range(1, 9)]
    assert positions == sorted(positions)  # in the author's order
    # said once per structure, with the post's file and line (information, not a warning)
    said = re.findall(
        r"posts/deep\.md:(\d+): lists or quotes nested deeper than LaTeX allows", output
    )
    assert said[:2] == ["15", "24"] and len(said) == 4  # bullets, numbers, quotes, terms


@pytest.mark.skipif(
    shutil.which("latexmk") is None or shutil.which("lualatex") is None, reason="no LuaLaTeX"
)
def test_eight_levels_of_nesting_make_a_pdf(tmp_path, capsys):
    status, _, _, _ = latex(tmp_path, {"posts/deep.md": post(body=deep_body())}, capsys)
    assert status == 0
    folder = tmp_path / "latex"
    result = latex_pdf(folder)  # the book's frame and the post's volume
    logs = "".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.glob("*.log"))
    assert "Too deeply nested" not in logs
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
