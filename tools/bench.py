#!/usr/bin/env python3
"""Benchmark: the archive's build, rebuild, PDF and search at N posts, against
plain Sphinx + MyST + the same theme on the same posts, measured side by side.

    python tools/bench.py                     # N = 300 and 1,000, growth to 4,000
    python tools/bench.py --write             # ... and write BENCHMARKS.md
    python tools/bench.py --posts 300 --growth 0 --no-pdf --no-search   # a shorter run
    python tools/bench.py --quick             # N = 20 smoke run (a few seconds)

The corpus is generated deterministically (a seeded random generator) in a
temporary directory: posts with valid front matter over twelve years (10 %
with an unknown date), 1–3 of 12 topics each, a few ``##`` sections of prose
and glossary-term uses, a glossary, the index and archive pages. Variants:

* *archive*: the repository's conf.py (``-c`` at the repository root);
* *floor*: plain Sphinx + MyST + sphinx-copybutton + the same theme, whose
  sidebar shows no navigation tree (the cost of Sphinx itself on these
  posts: the floor the archive is measured against);
* *ablog*: the peer, ABlog 0.11.13 on the same posts (each an ABlog post with
  its date, the posts' topics as tags, the first topic as category; ABlog's
  archive, tag and category pages, its sidebars, the same theme), built by
  its own virtual environment (created once under build/bench/ablog-venv with
  the Sphinx, MyST and theme versions requirements.txt pins; ``--no-ablog``
  skips it).

Every figure is a ratio of builds run back to back in this run (``python -m
sphinx -q -nW --keep-going``, fresh doctrees for each full build; the medians
of the runs), with the machine's load average recorded, because the machine
is shared. Peak memory is the build process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import filecmp
import gzip
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEED = 20260101
EPOCH = "1767225600"  # 2026-01-01, for identical output between builds

# -- the synthetic corpus ------------------------------------------------------
TOPICS = {
    "clouds": ("Clouds", "Public and private clouds and how they are run."),
    "containers": ("Containers", "Packaging and running software in containers."),
    "open-source": ("Open source", "Open source communities and their licences."),
    "business": ("Business models", "How software companies make money."),
    "startups": ("Start-ups", "Young companies and the capital behind them."),
    "operations": ("Operations", "Running infrastructure day to day."),
    "automation": ("Automation", "Scripts, tools and pipelines that replace manual work."),
    "security": ("Security", "Keeping systems and data safe."),
    "networking": ("Networking", "Moving bits between machines."),
    "hardware": ("Hardware", "Servers, disks and the data centre."),
    "community": ("Community", "Events, foundations and the people in them."),
    "strategy": ("Strategy", "Long-term choices of companies and projects."),
}

TERMS = [
    "agile cadence",
    "bare metal",
    "blue-green deployment",
    "brownfield",
    "cattle not pets",
    "control plane",
    "day two operations",
    "dev ops",
    "edge computing",
    "fidelity gap",
    "greenfield",
    "hybrid cloud",
    "immutable infrastructure",
    "interop",
    "lock-in",
    "minimum viable product",
    "multi-tenant",
    "open core",
    "orchestration",
    "pivot",
    "provisioning",
    "reference architecture",
    "runway",
    "scale out",
    "serverless",
    "site reliability",
    "technical debt",
    "time machine",
    "underlay",
    "unicorn",
]

WORDS = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud "
    "exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure "
    "in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint "
    "occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est "
    "laborum cloud server network deploy operator install platform vendor customer "
    "community release upgrade pipeline cluster storage budget roadmap market product"
).split()

#: 100 glossary terms (the first 30 above, then generated two-word terms), for
#: the auto-linking measurement; the corpus uses the first ``terms`` of them.
_ADJECTIVES = [
    "rolling",
    "golden",
    "warm",
    "dark",
    "green",
    "silver",
    "paper",
    "glass",
    "steel",
    "soft",
    "thin",
    "deep",
    "wide",
    "early",
    "late",
]
_NOUNS = [
    "upgrade",
    "image",
    "standby",
    "cache",
    "launch",
    "ceiling",
    "thread",
    "path",
    "lane",
    "loop",
    "tenancy",
    "stack",
    "layer",
    "wallet",
    "adopter",
]
MORE_TERMS = TERMS + [f"{a} {b}" for b in _NOUNS for a in _ADJECTIVES]
MORE_TERMS = list(dict.fromkeys(MORE_TERMS))[:100]

ARCHIVE_INDEX = """\
# Synthetic archive

:::{{container}} editorial
A generated archive of {{archive-count}}`posts`, used to measure the cost of the archive's build.
:::

```{{rubric}} Newest posts
```

```{{post-list}}
:newest-first:
:limit: 15
```

```{{rubric}} Posts by year
```

```{{year-list}}
```

```{{rubric}} Topics
```

```{{topic-overview}}
:compact:
```

```{{year-toctree}}
:caption: Posts by year
:maxdepth: 1
:hidden:
```

```{{toctree}}
:caption: Reference
:maxdepth: 1
:hidden:

glossary
topics/index
archive
```
"""

FLOOR_INDEX = """\
# Synthetic archive

:::{{container}} editorial
A generated archive of {n} posts, used to measure the cost of the archive's build.
:::

```{{toctree}}
:caption: Posts
:maxdepth: 1
:hidden:
:glob:

posts/*
```

```{{toctree}}
:caption: Reference
:maxdepth: 1
:hidden:

glossary
archive
```
"""

ARCHIVE_PAGE = """\
# Archive by date

:::{container} editorial
Every post of the archive by the year it was published, newest first.
:::
"""

#: Plain Sphinx + MyST + the same theme, with no navigation tree in the sidebar.
FLOOR_CONF = f"""\
# The floor: the archive's conf.py without the archive extension, and with no
# navigation tree in the sidebar (the theme's other sidebar parts stay).
__file__ = {str(ROOT / "conf.py")!r}  # its paths are relative to the repository
exec(compile(open({str(ROOT / "conf.py")!r}, encoding="utf-8").read(), "conf.py", "exec"))
extensions = ["myst_parser", "sphinx_copybutton"]
html_sidebars = {{"**": [t for t in html_sidebars["**"]
                         if not t.startswith("archive-") and "sidebar-nav" not in t]}}
for _name in [n for n in list(globals()) if n.startswith("archive_")]:
    del globals()[_name]
"""


#: ABlog's own virtual environment: ABlog and the versions requirements.txt pins for
#: Sphinx, MyST and the theme (created once, from PyPI, by :func:`ablog_python`).
ABLOG_VENV = ROOT / "build" / "bench" / "ablog-venv"
ABLOG_VERSION = "0.11.13"
ABLOG_PINS = (
    "sphinx",
    "myst-parser",
    "sphinx-book-theme",
    "pydata-sphinx-theme",
    "sphinx-copybutton",
    "docutils",
    "Babel",
    "Jinja2",
)

ABLOG_INDEX = """\
# Synthetic archive

:::{{container}} editorial
A generated archive of {n} posts, used to measure the cost of the archive's build.
:::

```{{postlist}} 15
:date: "%Y-%m-%d"
:excerpts:
```

```{{toctree}}
:caption: Reference
:maxdepth: 1
:hidden:

glossary
```
"""

#: The peer: the archive's conf.py (theme, MyST) with ABlog instead of the archive
#: extension, ABlog's sidebars instead of the archive's.
ABLOG_CONF = (
    FLOOR_CONF
    + """\
extensions = ["ablog", "myst_parser", "sphinx_copybutton"]
html_sidebars = {"**": html_sidebars["**"] + [
    "ablog/recentposts.html", "ablog/tagcloud.html", "ablog/categories.html",
    "ablog/archives.html"]}
blog_path = "blog"
blog_title = "Synthetic archive"
blog_baseurl = "https://example.org/"
blog_authors = {"Jane Doe": ("Jane Doe", None)}
post_date_format = "%Y-%m-%d"
post_date_format_short = "%Y-%m-%d"
"""
)


def ablog_post(text: str) -> str:
    """A generated post as an ABlog post: its front matter says ``blogpost``,
    the date (the earliest possible one for an undated post), the topics as
    tags and the first topic as category; the text is the same."""
    _, front, body = text.split("---\n", 2)
    fields = dict(line.split(": ", 1) for line in front.splitlines() if ": " in line)
    date = fields["date"] if fields["date"] != "unknown" else fields["date_after"]
    topics = fields["topics"].strip("[]").split(", ")
    lines = [
        f"title: {fields['title']}",
        "blogpost: true",
        f"date: {date}",
        f"author: {fields['author']}",
        f"tags: {', '.join(topics)}",
        f'category: "{TOPICS[topics[0]][0]}"',
    ]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def _sentence(rng: random.Random, terms: list[str], used: list[str], roles: bool) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if terms and rng.random() < 0.35:
        term = rng.choice(terms)
        used.append(term)
        at = rng.randrange(len(words))
        words[at] = f"{{term}}`{term} <{term}>`" if roles else term
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?", "!"])


def _paragraph(rng: random.Random, terms: list[str], used: list[str], roles: bool = True) -> str:
    return " ".join(_sentence(rng, terms, used, roles) for _ in range(rng.randint(3, 6)))


def post_text(i: int, rng: random.Random, glossary: list[str] = TERMS, roles: bool = True) -> str:
    """Post *i*; its glossary terms are ``{term}`` roles, or plain words when
    *roles* is false (for the archive's automatic term links)."""
    slugs = list(TOPICS)
    day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(365 * 12))
    title_words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
    lines = ["---", f'title: "Post {i:04d}: {title_words.capitalize()}"', "author: Jane Doe"]
    if rng.random() < 0.1:
        lines += [
            "date: unknown",
            f"date_after: {day.isoformat()}",
            'date_note: "Not dated in the source; after the post it answers."',
            "url: unknown",
        ]
    else:
        lines += [
            f"date: {day.isoformat()}",
            f"url: https://example.org/{day:%Y/%m/%d}/post-{i:04d}/",
        ]
    topics = rng.sample(slugs, rng.randint(1, 3))
    lines += [
        f"topics: [{', '.join(topics)}]",
        f'summary: "A generated post about {TOPICS[topics[0]][0].lower()}, number {i}."',
        "notes:",
        f'  - "Generated by tools/bench.py (seed {SEED}, post {i})."',
        "---",
        "",
    ]
    terms = rng.sample(glossary, 6)
    used: list[str] = []
    lines.append(_paragraph(rng, terms, used, roles))
    lines.append("")
    for s in range(rng.randint(2, 4)):
        heading = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
        lines += [f"## {heading.capitalize()} {s + 1}", ""]
        for _ in range(rng.randint(2, 3)):
            lines += [_paragraph(rng, terms, used, roles), ""]
    return "\n".join(lines)


def glossary_text(rng: random.Random, terms: list[str] = TERMS) -> str:
    out = ["# Glossary", "", "```{glossary}", ":sorted:", ""]
    for term in terms:
        out += [term, "  " + _paragraph(rng, [], []), ""]
    out.append("```")
    return "\n".join(out) + "\n"


def topics_yaml() -> str:
    out = ["# Synthetic topics (tools/bench.py)."]
    for slug, (title, description) in TOPICS.items():
        out += [f"{slug}:", f"  title: {title}", f"  description: {description}"]
    return "\n".join(out) + "\n"


def generate(
    base: Path,
    n: int,
    variants: tuple[str, ...] = ("archive", "floor"),
    terms: int = 30,
    roles: bool = True,
) -> dict[str, Path]:
    """Write the corpus of N posts for each variant under *base*; return their
    source directories. *terms*: the glossary's size; *roles*: term links
    typed as roles (else plain words, for the automatic links)."""
    rng = random.Random(SEED)
    glossary = MORE_TERMS[:terms]
    posts = {f"post-{i:04d}.md": post_text(i, rng, glossary, roles) for i in range(1, n + 1)}
    glossary_page = glossary_text(rng, glossary)
    dirs = {}
    for variant in variants:
        src = base / variant / "docs"
        (src / "posts").mkdir(parents=True)
        for name, text in posts.items():
            if variant == "ablog":
                text = ablog_post(text)
            (src / "posts" / name).write_text(text, encoding="utf-8")
        (src / "glossary.md").write_text(glossary_page, encoding="utf-8")
        if variant == "ablog":
            (src / "index.md").write_text(ABLOG_INDEX.format(n=n), encoding="utf-8")
            (base / variant / "conf.py").write_text(ABLOG_CONF, encoding="utf-8")
        elif variant == "floor":
            (src / "index.md").write_text(FLOOR_INDEX.format(n=n), encoding="utf-8")
            (src / "archive.md").write_text(ARCHIVE_PAGE, encoding="utf-8")
            (base / variant / "conf.py").write_text(FLOOR_CONF, encoding="utf-8")
        else:
            (src / "index.md").write_text(ARCHIVE_INDEX.format(n=n), encoding="utf-8")
            (src / "topics.yaml").write_text(topics_yaml(), encoding="utf-8")
            (src / "archive.md").write_text(
                ARCHIVE_PAGE + "\n```{post-archive}\n```\n", encoding="utf-8"
            )
        dirs[variant] = src
    return dirs


def confdir(variant: str, src: Path) -> Path:
    return ROOT if variant == "archive" else src.parent


def ablog_python(log) -> Path | None:
    """The python of ABlog's virtual environment, created on first use (pip from
    PyPI: ABlog and the pinned Sphinx, MyST and theme); None if it cannot be."""
    python = ABLOG_VENV / "bin" / "python"
    if python.is_file():
        return python
    pins = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.split("==")[0].strip() in ABLOG_PINS
    ]
    log(f"creating {ABLOG_VENV} (ablog=={ABLOG_VERSION}, {', '.join(pins)})")
    base = getattr(sys, "_base_executable", None) or sys.executable
    steps = [
        [base, "-m", "venv", str(ABLOG_VENV)],
        [str(python), "-m", "pip", "install", "-q", f"ablog=={ABLOG_VERSION}", *pins],
    ]
    for step in steps:
        proc = subprocess.run(step, capture_output=True, text=True)
        if proc.returncode:
            log(f"no ABlog peer: {' '.join(step[:4])} failed\n{proc.stderr[-1500:]}")
            shutil.rmtree(ABLOG_VENV, ignore_errors=True)
            return None
    return python


# -- building --------------------------------------------------------------------
def sphinx(
    variant: str,
    src: Path,
    out: Path,
    doctrees: Path,
    builder: str = "html",
    jobs: int = 1,
    quiet: bool = True,
    config: tuple[str, ...] = (),
    extra_env: dict | None = None,
    python: Path | str = PYTHON,
) -> dict:
    """Run one build (with *python*: ABlog's has its own); return its seconds,
    peak memory (MiB) and output. A failed build stops the benchmark."""
    cmd = [
        str(python),
        "-m",
        "sphinx",
        "-b",
        builder,
        "-c",
        str(confdir(variant, src)),
        "-d",
        str(doctrees),
        str(src),
        str(out),
        "-nW",
        "--keep-going",
        "-j",
        str(jobs),
        *config,
    ]
    if quiet:
        cmd.append("-q")
    env = {
        **os.environ,
        **(extra_env or {}),
        "SOURCE_DATE_EPOCH": EPOCH,
        "PYTHONHASHSEED": "0",
        "ARCHIVE_TODAY": "2026-01-01",
    }
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT
    )
    output = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"build failed: {' '.join(cmd)}\n{output[-4000:]}")
    return {"seconds": seconds, "rss_mib": usage.ru_maxrss / 1024, "output": output}


def doctrees_of(out: Path) -> Path:
    """The doctrees of the full build whose output is *out* (:func:`full_build`)."""
    return out.with_name(out.name.replace("-out", "-doctrees"))


def full_build(
    variant: str,
    src: Path,
    work: Path,
    tag: str,
    jobs: int = 1,
    builder: str = "html",
    config: tuple[str, ...] = (),
    extra_env: dict | None = None,
    python: Path | str = PYTHON,
) -> tuple[dict, Path]:
    out, doctrees = work / f"{tag}-out", work / f"{tag}-doctrees"
    for d in (out, doctrees):
        shutil.rmtree(d, ignore_errors=True)
    result = sphinx(
        variant,
        src,
        out,
        doctrees,
        builder=builder,
        jobs=jobs,
        config=config,
        extra_env=extra_env,
        python=python,
    )
    return result, out


def tree_differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two output trees (.buildinfo left out)."""

    def files(root: Path) -> set[str]:
        return {
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file() and p.name != ".buildinfo"
        }

    fa, fb = files(a), files(b)
    diff = sorted(fa ^ fb)
    diff += sorted(f for f in fa & fb if not filecmp.cmp(a / f, b / f, shallow=False))
    return diff


def _mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def _read_count(log: str) -> int:
    m = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", log)
    return sum(map(int, m.groups())) if m else -1


def incremental(variant: str, src: Path, out: Path, doctrees: Path) -> dict:
    """Rebuild after the caller changed a source; time, documents read, pages written."""
    before = _mtimes(out)
    result = sphinx(variant, src, out, doctrees, quiet=False)
    after = _mtimes(out)
    written = sum(1 for f, t in after.items() if before.get(f) != t)
    return {"seconds": result["seconds"], "read": _read_count(result["output"]), "written": written}


def edit_body(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    at = text.index("\n## ")
    path.write_text(
        text[:at] + " An added sentence of the benchmark." + text[at:], encoding="utf-8"
    )


def change_topics(path: Path) -> tuple[list[str], list[str]]:
    text = path.read_text(encoding="utf-8")
    old = re.search(r"^topics: \[(.*)\]$", text, re.M).group(1).split(", ")
    new = [t for t in TOPICS if t not in old][:1] + old[1:]
    path.write_text(
        text.replace(f"topics: [{', '.join(old)}]", f"topics: [{', '.join(new)}]"), encoding="utf-8"
    )
    return old, new


def topic_page_lists(out: Path, slug: str, docname: str) -> bool:
    """Whether the topic page lists the post (not just in the navigation)."""
    page = (out / "topics" / f"{slug}.html").read_text(encoding="utf-8")
    entries = re.findall(r'<li class="archive-post-entry[^"]*">(.*?)</li>', page, re.S)
    return any(f'href="../{docname}.html"' in entry for entry in entries)


def load() -> float:
    """The machine's load average over the last minute."""
    return os.getloadavg()[0]


def median(values: list[float]) -> float:
    return statistics.median(values)


def measured(command: list[str], env: dict) -> tuple[subprocess.CompletedProcess, float]:
    """Run *command* (output and errors together): its result and the peak memory
    (MiB) of its largest process (wait4: the child and those it waited for)."""
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    output = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return subprocess.CompletedProcess(command, code, output, ""), usage.ru_maxrss / 1024


def pdf_pass(
    src: Path, work: Path, tag: str, doctrees: Path | None, cache: Path, tex: Path | None = None
) -> dict:
    """One PDF build as `make pdf` runs it: Sphinx's LaTeX builder into a fresh
    directory (on a copy of *doctrees*, the environment the HTML build shares
    with it, or fresh when None; with the last build's ``.tex`` from *tex*),
    then postarchive/scripts/pdfvolumes.py (the book and a volume per year;
    those whose inputs changed since *cache* typeset, 2 at a time)."""
    out, dt = work / f"{tag}-out", work / f"{tag}-doctrees"
    for d in (out, dt):
        shutil.rmtree(d, ignore_errors=True)
    if doctrees is not None:
        shutil.copytree(doctrees, dt)
    if tex is not None:
        # the last build's .tex beside the doctrees, as build.sh stages them
        out.mkdir(parents=True)
        for path in tex.glob("*.tex"):
            shutil.copy2(path, out / path.name)
    result = sphinx("archive", src, out, dt, builder="latex")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    font_cache = work / "font-cache"
    book = max(out.glob("*.tex"), key=lambda p: len(p.stem) * -1)
    script = ROOT / "postarchive" / "scripts"
    subprocess.run(
        [
            "bash",
            str(script / "font-cache.sh"),
            str(book),
            str(font_cache),
            str(out / ".texmf-cache"),
        ],
        check=True,
        env=env,
    )
    start = time.perf_counter()
    proc, latex_rss = measured(
        [PYTHON, str(script / "pdfvolumes.py"), str(out), "--cache", str(cache)]
        + ["--new-cache", str(work / f"{tag}-cache"), "--jobs", "2"],
        env,
    )
    if proc.returncode:
        sys.exit(f"the PDF did not build:\n{proc.stdout[-3000:]}")
    # the whole book assembled from its frame and the volumes, as build.sh does
    stem = book.stem
    assembled, assemble_rss = measured(
        [PYTHON, str(script / "pdfassemble.py"), str(work / f"{tag}-cache"), "--book", stem], env
    )
    if assembled.returncode:
        sys.exit(f"the book was not assembled:\n{assembled.stdout[-3000:]}")
    tex = time.perf_counter() - start
    typeset = re.search(r"PDF: (\d+) of (\d+) typeset,", proc.stdout)
    pages = subprocess.run(
        ["pdfinfo", str(work / f"{tag}-cache" / f"{book.stem}.pdf")],
        capture_output=True,
        text=True,
    )
    m = re.search(r"^Pages:\s+(\d+)", pages.stdout, re.M)
    return {
        "latex": result["seconds"],
        "tex": tex,
        "total": result["seconds"] + tex,
        "typeset": int(typeset.group(1)),
        "documents": int(typeset.group(2)),
        "pages": int(m.group(1)) if m else None,
        "cache": str(work / f"{tag}-cache"),
        "doctrees": str(dt),
        "log": [line for line in proc.stdout.splitlines() if " in " in line],
        "rss_mib": max(result["rss_mib"], latex_rss, assemble_rss),
    }


def _sizes(data: bytes) -> dict:
    return {"raw": len(data), "gzip": len(gzip.compress(data, 9, mtime=0))}


def pdf_build(src: Path, work: Path, log, post: Path, html: Path) -> dict:
    """The PDF as `make` builds it after the HTML build (*html*: its output,
    beside it its doctrees, the environment the two builders share): the full
    PDF (no cache), then the PDF after editing *post*'s text (the HTML build
    first, as `make` runs it, then the PDF with the last build's cache and
    ``.tex``); and the full PDF alone, on an environment of its own (`make pdf`
    with nothing built): times, PDFs typeset, untouched volumes."""
    doctrees = doctrees_of(html)
    alone = pdf_pass(src, work, "pdf-alone", None, work / "no-cache")
    log(f"PDF alone: sphinx latex {alone['latex']:.1f} s + LaTeX {alone['tex']:.1f} s")
    full = pdf_pass(src, work, "pdf-full", doctrees, work / "no-cache")
    log(f"PDF full: sphinx latex {full['latex']:.1f} s + LaTeX {full['tex']:.1f} s {full['log']}")
    edit_body(post)
    site = work / "pdf-edit-html"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(html, site)
    changed = incremental("archive", src, site, Path(full["doctrees"]))
    log(f"PDF edit: the HTML build first, {changed['seconds']:.1f} s")
    edit = pdf_pass(
        src,
        work,
        "pdf-edit",
        Path(full["doctrees"]),
        Path(full["cache"]),
        tex=work / "pdf-full-out",
    )
    log(f"PDF edit: sphinx latex {edit['latex']:.1f} s + LaTeX {edit['tex']:.1f} s {edit['log']}")
    before, after = Path(full["cache"]), Path(edit["cache"])
    same = [p.name for p in before.glob("*.pdf") if filecmp.cmp(p, after / p.name, shallow=False)]
    return {"full": full, "edit": edit, "alone": alone, "unchanged": len(same)}


def search_payload(out: Path) -> dict:
    """What a search loads, in bytes, raw and gzipped (level 9, as a server
    would send it): Sphinx's ``searchindex.js``, the first part of the
    archive's search data (``archive-searchdata.js``: every page but the text
    of its places) and its further parts (``archive-searchdata-<part>.js``:
    the text, by year of the posts; their sum, count and the largest);
    ``first``: what the first result waits for (the index and the first part);
    ``total``: everything, once every part is in."""
    sizes: dict = {}
    for name in ("searchindex.js", "archive-searchdata.js"):
        path = next(out.rglob(name), None)
        sizes[name] = _sizes(path.read_bytes() if path else b"")
    parts = {p.name: _sizes(p.read_bytes()) for p in sorted(out.glob("archive-searchdata-*.js"))}
    largest = max(parts, key=lambda name: parts[name]["gzip"], default="")
    sizes["parts"] = {
        "count": len(parts),
        "raw": sum(s["raw"] for s in parts.values()),
        "gzip": sum(s["gzip"] for s in parts.values()),
        "largest": {"name": largest, **parts.get(largest, _sizes(b""))},
    }
    first = [sizes["searchindex.js"], sizes["archive-searchdata.js"]]
    sizes["first"] = {k: sum(s[k] for s in first) for k in ("raw", "gzip")}
    sizes["total"] = {k: sizes["first"][k] + sizes["parts"][k] for k in ("raw", "gzip")}
    return sizes


# -- the run ------------------------------------------------------------------------
def measure_size(
    n: int, runs: int, base: Path, log, parallel: bool, pdf: bool, ablog: Path | None = None
) -> dict:
    """Full builds (archive, floor and, with *ablog* (its python), ABlog,
    interleaved), -j 2, rebuilds, PDF at N posts."""
    variants = ("archive", "floor", "ablog") if ablog else ("archive", "floor")
    dirs = generate(base, n, variants=variants)
    work = base / "work"
    r: dict = {"runs": runs, "load": [load()]}
    times: dict[str, list] = {v: [] for v in variants} | {"archive-j2": []}
    for k in range(runs):
        for variant in variants:
            python = ablog if variant == "ablog" else PYTHON
            result, _ = full_build(variant, dirs[variant], work, f"{variant}{k}", python=python)
            times[variant].append(result["seconds"])
            r.setdefault("rss_mib", {})[variant] = result["rss_mib"]
            log(
                f"N={n} {variant} full build {k + 1}/{runs}: {result['seconds']:.1f} s "
                f"(load {load():.1f})"
            )
        if parallel:
            result, _ = full_build("archive", dirs["archive"], work, f"archive-j2-{k}", jobs=2)
            times["archive-j2"].append(result["seconds"])
            log(f"N={n} archive -j 2 full build {k + 1}/{runs}: {result['seconds']:.1f} s")
    r["load"].append(load())
    r["archive"] = median(times["archive"])
    r["floor"] = median(times["floor"])
    if ablog:
        r["ablog"] = median(times["ablog"])
    r["all_times"] = times
    if parallel:
        r["archive_j2"] = median(times["archive-j2"])
        r["j2_differences"] = tree_differences(work / "archive0-out", work / "archive-j2-0-out")
    out = work / "archive0-out"
    r["search_index_bytes"] = (out / "searchindex.js").stat().st_size
    r["search_payload"] = search_payload(out)
    r["pages"] = sum(1 for _ in out.rglob("*.html"))

    # rebuilds, on the first run's output and doctrees
    doctrees = work / "archive0-doctrees"
    r["archive_noop"] = incremental("archive", dirs["archive"], out, doctrees)
    middle = f"posts/post-{(n + 1) // 2:04d}"
    edit_body(dirs["archive"] / f"{middle}.md")
    r["archive_edit"] = incremental("archive", dirs["archive"], out, doctrees)
    log(
        f"N={n} rebuild, nothing changed: {r['archive_noop']['seconds']:.1f} s; "
        f"after editing one post: {r['archive_edit']['seconds']:.1f} s"
    )
    old, new = change_topics(dirs["archive"] / f"{middle}.md")
    r["archive_topics"] = incremental("archive", dirs["archive"], out, doctrees)
    r["topics_updated"] = topic_page_lists(out, new[0], middle) and not topic_page_lists(
        out, old[0], middle
    )
    if pdf:
        other = f"posts/post-{(n + 1) // 3:04d}.md"  # not the post edited above
        r["pdf"] = pdf_build(dirs["archive"], work, log, dirs["archive"] / other, out)
    return r


def make_at(n: int, base: Path, log) -> dict:
    """`make` at N posts as build.sh runs it, with nothing from an earlier build:
    the HTML build, then the PDF (Sphinx's LaTeX builder, the volumes typeset 2
    at a time, the book assembled); seconds and the peak memory of the largest
    process (Sphinx, a LaTeX run or the assembly)."""
    dirs = generate(base, n, variants=("archive",))
    work = base / "work"
    html, out = full_build("archive", dirs["archive"], work, "archive")
    pdf = pdf_pass(dirs["archive"], work, "pdf", doctrees_of(out), work / "no-cache")
    figures = {
        "n": n,
        "seconds": html["seconds"] + pdf["total"],
        "html": html["seconds"],
        "pdf": pdf["total"],
        "pages": pdf["pages"],
        "rss_mib": max(html["rss_mib"], pdf["rss_mib"]),
        "load": load(),
    }
    log(
        f"N={n} make: {figures['seconds']:.1f} s (HTML {html['seconds']:.1f} s, PDF "
        f"{pdf['total']:.1f} s, {pdf['pages']} pages), {figures['rss_mib']:.0f} MiB"
    )
    shutil.rmtree(base, ignore_errors=True)
    return figures


def archive_only(n: int, base: Path, log) -> dict:
    """One full build of the archive at N posts: its time, memory, search payload."""
    dirs = generate(base, n, variants=("archive",))
    result, out = full_build("archive", dirs["archive"], base / "work", "archive")
    log(f"N={n} archive full build: {result['seconds']:.1f} s, {result['rss_mib']:.0f} MiB")
    figures = {
        "n": n,
        "seconds": result["seconds"],
        "rss_mib": result["rss_mib"],
        "load": load(),
        "search_payload": search_payload(out),
    }
    shutil.rmtree(base, ignore_errors=True)
    return figures


def run(
    sizes: list[int],
    runs: int | list[int],
    pdf_at: int | None,
    search: bool,
    log,
    parallel: bool = True,
    growth: int = 0,
    autolink: int = 0,
    ablog: bool = False,
    payload: int = 0,
    make: int = 0,
) -> dict:
    """Measure every size (with ABlog as a peer if *ablog*), the growth to
    *growth* posts and the search payload at *payload* posts (archive only)."""
    runs_of = dict(zip(sizes, runs if isinstance(runs, list) else [runs] * len(sizes)))
    results: dict = {"sizes": {}, "runs": runs_of}
    ablog_py = ablog_python(log) if ablog else None
    if ablog_py:
        results["ablog_version"] = ABLOG_VERSION
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as tmp:
        for n in sizes:
            base = Path(tmp) / f"n{n}"
            results["sizes"][n] = measure_size(
                n, runs_of[n], base, log, parallel, pdf_at is not None, ablog=ablog_py
            )
            shutil.rmtree(base, ignore_errors=True)
        if make:
            results["make"] = {
                "small": make_at(1000, Path(tmp) / "make-1000", log),
                "large": make_at(make, Path(tmp) / f"make-{make}", log),
            }
        if growth:
            results["growth"] = archive_only(growth, Path(tmp) / f"n{growth}", log)
        if payload:
            same = results.get("growth", {}).get("n") == payload
            results["payload"] = (
                results["growth"] if same else archive_only(payload, Path(tmp) / "payload", log)
            )
        if autolink:
            results["autolink"] = autolink_cost(autolink, Path(tmp) / "autolink", log)
        if search:
            results["search"] = helper_script("bench_search.py", log)
            results["import"] = helper_script("bench_import.py", log)
    return results


#: loaded before postarchive in the auto-link runs: times the auto-linking itself
#: (postarchive.content.autolink.link_terms, every call) and writes the total when the
#: build finishes
_TIMING_EXTENSION = """
import json, os, time
import postarchive.content.autolink as autolink

_spent = [0.0]
_link_terms = autolink.link_terms


def _timed(app, doctree):
    start = time.perf_counter()
    try:
        return _link_terms(app, doctree)
    finally:
        _spent[0] += time.perf_counter() - start


autolink.link_terms = _timed  # before postarchive's setup connects it


def _report(app, exception):
    with open(os.environ["ARCHIVE_BENCH_TIMING"], "w") as out:
        json.dump({"link_terms": _spent[0]}, out)


def setup(app):
    app.connect("build-finished", _report)
    return {"parallel_read_safe": False}
"""


def autolink_cost(n: int, base: Path, log) -> dict:
    """The automatic term links at N posts and 100 terms: the time the
    auto-linking itself takes (every call of ``link_terms``, timed in the
    build) as a share of the full build; and, for reference, full builds with
    the automatic links on and off (``archive_autolink_terms``), interleaved
    (the difference also holds what the links bring: larger pages, "Used in"
    lists with thousands of entries, hover titles)."""
    dirs = generate(base, n, variants=("archive",), terms=100, roles=False)
    (base / "timing").mkdir(exist_ok=True)
    (base / "timing" / "archive_bench_timing.py").write_text(_TIMING_EXTENSION, encoding="utf-8")
    extensions = ",".join(["archive_bench_timing", *_conf_extensions()])
    report = base / "timing" / "spent.json"
    env = {
        "PYTHONPATH": os.pathsep.join([str(base / "timing"), str(ROOT)]),
        "ARCHIVE_BENCH_TIMING": str(report),
    }
    times: dict[str, list] = {"on": [], "off": []}
    linking: list[float] = []
    for k in range(2):
        for mode, value in (("on", "1"), ("off", "0")):
            result, _ = full_build(
                "archive",
                dirs["archive"],
                base / "work",
                f"{mode}{k}",
                config=("-D", f"archive_autolink_terms={value}", "-D", f"extensions={extensions}"),
                extra_env=env,
            )
            times[mode].append(result["seconds"])
            if mode == "on":
                linking.append(json.loads(report.read_text())["link_terms"])
            log(
                f"N={n}, 100 terms, automatic links {mode}: {result['seconds']:.1f} s"
                + (f" (linking {linking[-1]:.1f} s)" if mode == "on" else "")
            )
    return {
        "n": n,
        "on": median(times["on"]),
        "off": median(times["off"]),
        "linking": median(linking),
        "all": times,
    }


def _conf_extensions() -> list[str]:
    import runpy

    return list(runpy.run_path(str(ROOT / "conf.py"))["extensions"])


def helper_script(name: str, log) -> dict | None:
    """Run another benchmark script of tools/ that prints one JSON object last."""
    script = ROOT / "tools" / name
    if not script.is_file():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        # bench_search.py writes its figures to a file, bench_import.py prints them
        args = ["--json", str(out)] if name == "bench_search.py" else ["--json"]
        proc = subprocess.run(
            [PYTHON, str(script), *args], capture_output=True, text=True, cwd=ROOT
        )
        log(f"{name}: exit {proc.returncode}")
        if proc.returncode:
            return {"error": (proc.stdout + proc.stderr)[-2000:]}
        if out.is_file():
            return json.loads(out.read_text(encoding="utf-8"))
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": proc.stdout[-2000:]}


# -- the report -------------------------------------------------------------------------
def machine() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        kb = int(
            next(
                l
                for l in Path("/proc/meminfo").read_text().splitlines()
                if l.startswith("MemTotal")
            ).split()[1]
        )
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    import docutils
    import myst_parser
    import sphinx
    import sphinx_book_theme

    return {
        "cpus": os.cpu_count(),
        "ram": ram,
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
        "docutils": docutils.__version__,
        "myst": myst_parser.__version__,
        "theme": sphinx_book_theme.__version__,
    }


def pdf_rows(n: int, r: dict) -> list[str]:
    """The PDF's rows: the full PDF against the HTML build, the PDF after
    editing one post against the full PDF."""
    p = r["pdf"]
    if "full" not in p:  # an older --json
        return []
    f, e = p["full"], p["edit"]
    ratio, edit = f["total"] / r["archive"], e["total"] / f["total"]
    rows = [
        f"| full PDF as `make` builds it after the site (Sphinx LaTeX on the environment the HTML "
        f"build read + LaTeX of the book's frame and {f['documents'] - 1} volumes, 2 at a time, "
        f"the book assembled from them) vs the full HTML build | {n:,} | {f['total']:.1f} s "
        f"({f['latex']:.1f} + {f['tex']:.1f}), book {f['pages']} pages | {r['archive']:.1f} s "
        f"| {ratio:.2f}× | ≤ 3× | {_ok(ratio <= 3)} |",
        f"| PDF after editing one post's text (after the HTML build read it) vs the full PDF "
        f"| {n:,} | {e['total']:.1f} s "
        f"({e['latex']:.1f} + {e['tex']:.1f}; {e['typeset']} of {e['documents']} typeset, "
        f"{p['unchanged']} byte-identical) | {f['total']:.1f} s | {edit:.2f}× | ≤ 0.25×, the "
        f"others byte-identical | {_ok(edit <= 0.25 and p['unchanged'] == f['documents'] - 2)} |",
    ]
    if "alone" in p:
        a = p["alone"]
        rows.append(
            f"| full PDF alone (`make pdf`, nothing built: Sphinx reads the posts for it) vs the "
            f"full HTML build | {n:,} | {a['total']:.1f} s ({a['latex']:.1f} + {a['tex']:.1f}) | "
            f"{r['archive']:.1f} s | {a['total'] / r['archive']:.2f}× | (reported) | — |"
        )
    return rows


def _ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


def _ablog_rows(n: int, r: dict) -> list[str]:
    if "ablog" not in r:
        return []
    ratio = r["archive"] / r["ablog"]
    peer = r["ablog"] / r["floor"]
    return [
        f"| full HTML build vs ABlog {ABLOG_VERSION} (same posts and theme; ABlog's post, "
        f"archive, tag and category pages and sidebars) | {n:,} | {r['archive']:.1f} s | "
        f"{r['ablog']:.1f} s | {ratio:.2f}× | ≤ 1× | {_ok(ratio <= 1)} |",
        f"| ABlog {ABLOG_VERSION} vs the floor | {n:,} | {r['ablog']:.1f} s | "
        f"{r['floor']:.1f} s | {peer:.2f}× | (reported) | — |",
    ]


def _payload_row(n: int, sizes: dict) -> str:
    """What the first result waits for (searchindex.js + the first part of the
    search data) and what the search loads in all (+ the further parts)."""
    if "first" not in sizes:  # a run from before the data was in parts
        return _payload_row_whole(n, sizes)
    index, data, parts = sizes["searchindex.js"], sizes["archive-searchdata.js"], sizes["parts"]
    mib = 1024 * 1024
    first, total, largest = sizes["first"]["gzip"], sizes["total"]["gzip"], parts["largest"]
    return (
        f"| search payload before the first result: searchindex.js + the first part of the "
        f"search data, gzipped (raw); all, with the {parts['count']} further parts | {n:,} | "
        f"{index['gzip'] / mib:.2f} + {data['gzip'] / mib:.2f} = {first / mib:.2f} MiB "
        f"({sizes['first']['raw'] / mib:.1f} MiB raw); all {total / mib:.2f} MiB "
        f"({sizes['total']['raw'] / mib:.1f} MiB raw; largest part {largest['name']} "
        f"{largest['gzip'] / mib:.2f} MiB) | — | — | ≤ 2 MiB gzipped before the first result | "
        f"{_ok(first <= 2 * mib)} |"
    )


def _payload_row_whole(n: int, sizes: dict) -> str:
    """searchindex.js + archive-searchdata.js in one file (runs before the parts)."""
    index, data = sizes["searchindex.js"], sizes["archive-searchdata.js"]
    mib = 1024 * 1024
    raw = index["raw"] + data["raw"]
    gz = index["gzip"] + data["gzip"]
    return (
        f"| search payload before the first result: searchindex.js + archive-searchdata.js, "
        f"raw (gzipped) | {n:,} | {index['raw'] / mib:.1f} + {data['raw'] / mib:.1f} = "
        f"{raw / mib:.1f} MiB ({index['gzip'] / mib:.2f} + {data['gzip'] / mib:.2f} = "
        f"{gz / mib:.2f} MiB gzipped) | — | — | ≤ 2 MiB gzipped, else loaded in parts | "
        f"{_ok(gz <= 2 * mib)} |"
    )


def make_rows(make: dict | None) -> list[str]:
    """`make` (site and PDF) at N posts against 1,000: growth and peak memory."""
    if not make:
        return []
    small, large = make["small"], make["large"]
    ratio = large["seconds"] / small["seconds"]
    return [
        f"| `make` (site and PDF, nothing built before) at {large['n']:,} posts vs at 1,000 | "
        f"{large['n']:,} | {large['seconds']:.0f} s (HTML {large['html']:.0f} + PDF "
        f"{large['pdf']:.0f}, {large['pages']:,} pages) | {small['seconds']:.0f} s | "
        f"{ratio:.2f}× | ≤ 5.5× | {_ok(ratio <= 5.5)} |",
        f"| peak memory (RSS) of `make`: its largest process | {large['n']:,} | "
        f"{large['rss_mib']:.0f} MiB | {small['rss_mib']:.0f} MiB at 1,000 | — | ≤ 2 GiB | "
        f"{_ok(large['rss_mib'] <= 2048)} |",
    ]


def table(results: dict) -> str:
    rows = [
        "| measure | N | archive | reference | ratio | goal | met |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    sizes = results["sizes"]
    for n, r in sizes.items():
        ratio = r["archive"] / r["floor"]
        rows.append(
            f"| full HTML build vs the floor (plain Sphinx + MyST + theme, no sidebar "
            f"tree) | {n:,} | {r['archive']:.1f} s | {r['floor']:.1f} s | {ratio:.2f}× | "
            f"≤ 1.25× | {_ok(ratio <= 1.25)} |"
        )
        rows += _ablog_rows(n, r)
        e, nop = r["archive_edit"], r["archive_noop"]
        rows.append(
            f"| rebuild after editing one post's text vs rebuild with nothing changed | "
            f"{n:,} | {e['seconds']:.1f} s ({e['read']} read, {e['written']} written) | "
            f"{nop['seconds']:.1f} s ({nop['read']} read, {nop['written']} written) | "
            f"{e['seconds'] / nop['seconds']:.2f}× | ≤ 1.3× | "
            f"{_ok(e['seconds'] / nop['seconds'] <= 1.3)} |"
        )
        t = r["archive_topics"]
        rows.append(
            f"| rebuild after changing one post's topics | {n:,} | {t['seconds']:.1f} s "
            f"({t['read']} read, {t['written']} written) | — | — | topic pages "
            f"follow | {_ok(r['topics_updated'])} |"
        )
        if "archive_j2" in r:
            speedup = r["archive"] / r["archive_j2"]
            same = not r["j2_differences"]
            rows.append(
                f"| full HTML build, -j 2 vs -j 1 | {n:,} | {r['archive_j2']:.1f} s | "
                f"{r['archive']:.1f} s | {speedup:.2f}× faster | same output (≥ 1.5× "
                f"on an idle machine) | {_ok(same)}{'' if same else ' (differs)'} |"
            )
        rows.append(
            f"| peak memory (RSS) of the full build | {n:,} | "
            f"{r['rss_mib']['archive']:.0f} MiB | {r['rss_mib']['floor']:.0f} MiB | "
            f"{r['rss_mib']['archive'] / r['rss_mib']['floor']:.2f}× | (reported) | — |"
        )
        rows.append(
            f"| pages; search index | {n:,} | {r['pages']:,} pages; "
            f"{r['search_index_bytes'] / 1024:,.0f} KiB | — | — | (reported) | — |"
        )
        if "search_payload" in r:
            rows.append(_payload_row(n, r["search_payload"]))
        if "pdf" in r:
            rows += pdf_rows(n, r)
    g = results.get("growth")
    if g and 1000 in sizes:
        ratio = g["seconds"] / sizes[1000]["archive"]
        rows.append(
            f"| growth: full build at {g['n']:,} posts vs at 1,000 | {g['n']:,} | "
            f"{g['seconds']:.1f} s | {sizes[1000]['archive']:.1f} s | {ratio:.2f}× | "
            f"≤ 4.4× | {_ok(ratio <= 4.4)} |"
        )
    if g:
        rows.append(
            f"| peak memory (RSS) of the full build | {g['n']:,} | {g['rss_mib']:.0f} "
            f"MiB | — | — | ≤ 2 GiB | {_ok(g['rss_mib'] <= 2048)} |"
        )
    rows += make_rows(results.get("make"))
    pl = results.get("payload")
    if pl:
        rows.append(_payload_row(pl["n"], pl["search_payload"]))
    a = results.get("autolink")
    if a:
        if "linking" in a:
            share = a["linking"] / a["on"]
            rows.append(
                f"| automatic term links (100 terms): the linking, of the full build | "
                f"{a['n']:,} | {a['linking']:.1f} s | {a['on']:.1f} s | "
                f"{100 * share:.1f} % | ≤ 5 % | {_ok(share <= 0.05)} |"
            )
        cost = a["on"] / a["off"] - 1
        rows.append(
            f"| full build with automatic term links vs without (the links' pages, "
            f'"Used in" lists, hover titles included) | {a["n"]:,} | {a["on"]:.1f} s '
            f"| {a['off']:.1f} s | {100 * cost:+.1f} % | (reported) | — |"
        )
    s = results.get("search")
    if s and "error" not in s:
        every = s.get("done_max_ms", s.get("all_ms", 0))
        rows.append(
            f"| search: first result (median) / all results listed (median; slowest "
            f"query, e.g. one matching every post) | {s.get('posts', 1000):,} | "
            f"{s['first_ms']:.0f} ms / {s.get('done_ms', every):.0f} ms; slowest "
            f"{every:.0f} ms | — | — | < 100 ms / ≤ 1 s | "
            f"{_ok(s['first_ms'] < 100 and every <= 1000)} |"
        )
    i = results.get("import")
    if i and "error" not in i:
        rows.append(
            f"| import of a WordPress export | {i.get('posts', 1000):,} | "
            f"{i['seconds']:.1f} s, {i['rss_mib']:.0f} MiB | — | — | ≤ 60 s | "
            f"{_ok(i['seconds'] <= 60)} |"
        )
    return "\n".join(rows)


def _ablog_text(results: dict) -> str:
    if "ablog_version" not in results:
        return ""
    return f""" The peer is ABlog {results["ablog_version"]} in its own virtual environment
(the same Sphinx, MyST-Parser and theme versions) on the same posts: each an ABlog post (date;
for an undated post the earliest possible one; the topics as tags, the first topic as
category), ABlog's archive, tag, category and author pages and feed, its sidebars (recent
posts, tag cloud, categories, archives) after the theme's; built with `-j 1` like the others."""


def markdown(results: dict, info: dict, notes: str) -> str:
    runs = ", ".join(f"{k} at N = {n:,}" for n, k in results["runs"].items())
    loads = [x for r in results["sizes"].values() for x in r.get("load", [])]
    load_text = (
        f"load average (1 min) between {min(loads):.1f} and {max(loads):.1f} during the "
        "measurements"
        if loads
        else "load not recorded"
    )
    return f"""# Benchmarks

Generated by `make bench` (`tools/bench.py --write`) on
{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC. The figures are wall-clock times of
`python -m sphinx` (interpreter start included); full builds: the median of the runs
({runs}), the variants interleaved; the rebuilds ran once.

**Machine:** {info["cpus"]} CPUs ({info["cpu"]}), {info["ram"]} RAM, {info["os"]};
Python {info["python"]}, Sphinx {info["sphinx"]}, docutils {info["docutils"]}, MyST-Parser
{info["myst"]}, sphinx-book-theme {info["theme"]}; {load_text}. The cores are shared with
other jobs, so single figures can be off by 10–20 %; the ratios compare builds run back to
back.

**Corpus:** generated by `tools/bench.py` (seed {SEED}): N posts over twelve years (10 % with
an unknown date), 1–3 of 12 topics each, 2–4 `##` sections of prose (about 250–1,100 words),
term links to a 30-term glossary. The *archive* is built with the repository's `conf.py`; the
*floor* is plain Sphinx + MyST + sphinx-copybutton + the same theme on the same posts, with no
navigation tree in the sidebar.{_ablog_text(results)}

{table(results)}

{notes}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--posts", default="300,1000", help="comma-separated corpus sizes (default 300,1000)"
    )
    parser.add_argument(
        "--runs", default="2", help="full builds per variant (median): one number, or one per size"
    )
    parser.add_argument(
        "--growth",
        type=int,
        default=4000,
        help="also build the archive at this size (growth, memory); 0: no",
    )
    parser.add_argument(
        "--autolink",
        type=int,
        default=1000,
        help="measure the automatic term links at this size; 0: no",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="N = 20, one run, no growth, ABlog, payload, PDF or browser",
    )
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    parser.add_argument(
        "--no-search",
        action="store_true",
        help="skip tools/bench_search.py and tools/bench_import.py",
    )
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF build")
    parser.add_argument(
        "--no-ablog",
        action="store_true",
        help=f"skip the ABlog {ABLOG_VERSION} peer (its virtual environment: {ABLOG_VENV})",
    )
    parser.add_argument(
        "--payload",
        type=int,
        default=5000,
        help="the search payload (searchindex.js + the search data's first part; all parts) at "
        "this size; 0: no",
    )
    parser.add_argument(
        "--make",
        type=int,
        default=5000,
        help="`make` (site and PDF) at 1,000 posts and at this size (time, memory); 0: no",
    )
    parser.add_argument("--notes", type=Path, help="a Markdown file appended to BENCHMARKS.md")
    parser.add_argument("--json", type=Path, help="also write the raw results as JSON")
    parser.add_argument(
        "--from-json",
        type=Path,
        help="measure nothing: report the results of an earlier --json run",
    )
    args = parser.parse_args()
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        results["sizes"] = {int(n): r for n, r in results["sizes"].items()}
        results["runs"] = {int(n): k for n, k in results["runs"].items()}
        report(results, args)
        return
    sizes = [20] if args.quick else [int(s) for s in args.posts.split(",")]
    runs = [int(k) for k in args.runs.split(",")]
    runs = [1] if args.quick else (runs * len(sizes))[: len(sizes)] if len(runs) == 1 else runs
    pdf_at = None if args.quick or args.no_pdf else max(sizes)
    search = not (args.quick or args.no_search)

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results = run(
        sizes,
        runs,
        pdf_at,
        search,
        log,
        growth=0 if args.quick else args.growth,
        autolink=0 if args.quick else args.autolink,
        ablog=not (args.quick or args.no_ablog),
        payload=0 if args.quick else args.payload,
        make=0 if args.quick or args.no_pdf else args.make,
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    report(results, args)


def report(results: dict, args: argparse.Namespace) -> None:
    print(table(results))
    for n, r in results["sizes"].items():
        if r.get("j2_differences"):
            print(f"N={n}: -j 2 output differs from -j 1 in: {', '.join(r['j2_differences'][:10])}")
    if args.write:
        notes = args.notes.read_text(encoding="utf-8") if args.notes else ""
        (ROOT / "BENCHMARKS.md").write_text(markdown(results, machine(), notes), encoding="utf-8")
        print(f"wrote {ROOT / 'BENCHMARKS.md'}")


if __name__ == "__main__":
    main()
