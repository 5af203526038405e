#!/usr/bin/env python3
"""Benchmark: build and search cost of the archive at N posts, against plain
Sphinx + MyST on the same synthetic corpus.

    python tools/bench.py                 # N = 100 and 1,000, print the table
    python tools/bench.py --write         # ... and write BENCHMARKS.md
    python tools/bench.py --quick         # N = 20 smoke run (a few seconds)

The corpus is generated deterministically (a seeded random generator) in a
temporary directory: posts with valid front matter (some with unknown dates),
topics from a topics.yaml of 12 topics, a few ``##`` sections of prose each
and glossary-term uses, a glossary of 30 terms, the index and archive pages.
The *archive* variant builds it with the repository's conf.py (``-c`` at the
repository root); the *plain* variant with a conf.py that has only
myst_parser, sphinx_copybutton and the same theme, our directives replaced
by their plain equivalents (a glob toctree of the posts, no lists, no topic
pages). Both are built with ``python -m sphinx`` directly, ``-q -nW
--keep-going``, with a fresh doctree directory for each full build, the two
variants interleaved; each figure is the median of the runs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import filecmp
import functools
import http.server
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
import threading
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
    "agile cadence", "bare metal", "blue-green deployment", "brownfield", "cattle not pets",
    "control plane", "day two operations", "dev ops", "edge computing", "fidelity gap",
    "greenfield", "hybrid cloud", "immutable infrastructure", "interop", "lock-in",
    "minimum viable product", "multi-tenant", "open core", "orchestration", "pivot",
    "provisioning", "reference architecture", "runway", "scale out", "serverless",
    "site reliability", "technical debt", "time machine", "underlay", "unicorn",
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

ARCHIVE_INDEX = """\
# Synthetic archive

:::{{container}} editorial
A generated archive of {n} posts, used to measure the cost of the archive's build.
:::

```{{rubric}} Posts, newest first
```

```{{post-list}}
:newest-first:
```

```{{post-toctree}}
:caption: Posts
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

PLAIN_INDEX = """\
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

PLAIN_CONF = f"""\
# Plain Sphinx + MyST: the archive's conf.py without the archive extension.
__file__ = {str(ROOT / 'conf.py')!r}  # its paths are relative to the repository
exec(compile(open({str(ROOT / 'conf.py')!r}, encoding="utf-8").read(), "conf.py", "exec"))
extensions = ["myst_parser", "sphinx_copybutton"]
html_sidebars = {{"**": [t for t in html_sidebars["**"] if not t.startswith("archive-")]}}
for _name in [n for n in list(globals()) if n.startswith("archive_")]:
    del globals()[_name]
"""


def _sentence(rng: random.Random, terms: list[str], used: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if terms and rng.random() < 0.35:
        term = rng.choice(terms)
        used.append(term)
        at = rng.randrange(len(words))
        words[at] = f"{{term}}`{term} <{term}>`"
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?", "!"])


def _paragraph(rng: random.Random, terms: list[str], used: list[str]) -> str:
    return " ".join(_sentence(rng, terms, used) for _ in range(rng.randint(3, 6)))


def post_text(i: int, rng: random.Random) -> str:
    slugs = list(TOPICS)
    day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(365 * 12))
    title_words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
    lines = ["---", f'title: "Post {i:04d}: {title_words.capitalize()}"', "author: Jane Doe"]
    if rng.random() < 0.1:
        lines += ["date: unknown", f"date_after: {day.isoformat()}",
                  'date_note: "Not dated in the source; after the post it answers."',
                  "url: unknown"]
    else:
        lines += [f"date: {day.isoformat()}", f"url: https://example.org/{day:%Y/%m/%d}/post-{i:04d}/"]
    topics = rng.sample(slugs, rng.randint(1, 3))
    lines += [f"topics: [{', '.join(topics)}]",
              f'summary: "A generated post about {TOPICS[topics[0]][0].lower()}, number {i}."',
              "notes:", f'  - "Generated by tools/bench.py (seed {SEED}, post {i})."', "---", ""]
    terms = rng.sample(TERMS, 6)
    used: list[str] = []
    lines.append(_paragraph(rng, terms, used))
    lines.append("")
    for s in range(rng.randint(2, 4)):
        heading = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
        lines += [f"## {heading.capitalize()} {s + 1}", ""]
        for _ in range(rng.randint(2, 3)):
            lines += [_paragraph(rng, terms, used), ""]
    return "\n".join(lines)


def glossary_text(rng: random.Random) -> str:
    out = ["# Glossary", "", "```{glossary}", ":sorted:", ""]
    for term in TERMS:
        out += [term, "  " + _paragraph(rng, [], []), ""]
    out.append("```")
    return "\n".join(out) + "\n"


def topics_yaml() -> str:
    out = ["# Synthetic topics (tools/bench.py)."]
    for slug, (title, description) in TOPICS.items():
        out += [f"{slug}:", f"  title: {title}", f"  description: {description}"]
    return "\n".join(out) + "\n"


def generate(base: Path, n: int) -> dict[str, Path]:
    """Write the corpus for both variants under *base*; return their source dirs."""
    rng = random.Random(SEED)
    posts = {f"post-{i:04d}.md": post_text(i, rng) for i in range(1, n + 1)}
    glossary = glossary_text(rng)
    dirs = {}
    for variant in ("archive", "plain"):
        src = base / variant / "docs"
        (src / "posts").mkdir(parents=True)
        for name, text in posts.items():
            (src / "posts" / name).write_text(text, encoding="utf-8")
        (src / "glossary.md").write_text(glossary, encoding="utf-8")
        index = ARCHIVE_INDEX if variant == "archive" else PLAIN_INDEX
        (src / "index.md").write_text(index.format(n=n), encoding="utf-8")
        if variant == "archive":
            (src / "topics.yaml").write_text(topics_yaml(), encoding="utf-8")
            (src / "archive.md").write_text(ARCHIVE_PAGE + "\n```{post-archive}\n```\n",
                                            encoding="utf-8")
        else:
            (src / "archive.md").write_text(ARCHIVE_PAGE, encoding="utf-8")
            (base / variant / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
        dirs[variant] = src
    return dirs


def confdir(variant: str, src: Path) -> Path:
    return ROOT if variant == "archive" else src.parent


# -- building --------------------------------------------------------------------
def sphinx(variant: str, src: Path, out: Path, doctrees: Path, builder: str = "html",
           jobs: int = 1, quiet: bool = True) -> tuple[float, str]:
    """Run one build; return (seconds, output). A failed build stops the benchmark."""
    cmd = [PYTHON, "-m", "sphinx", "-b", builder, "-c", str(confdir(variant, src)),
           "-d", str(doctrees), str(src), str(out), "-nW", "--keep-going", "-j", str(jobs)]
    if quiet:
        cmd.append("-q")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "0"}
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"build failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds, proc.stdout + proc.stderr


def full_build(variant: str, src: Path, work: Path, tag: str, jobs: int = 1,
               builder: str = "html") -> tuple[float, Path]:
    out, doctrees = work / f"{tag}-out", work / f"{tag}-doctrees"
    for d in (out, doctrees):
        shutil.rmtree(d, ignore_errors=True)
    seconds, _ = sphinx(variant, src, out, doctrees, builder=builder, jobs=jobs)
    return seconds, out


def tree_differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two output trees (.buildinfo left out)."""
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*")
                if p.is_file() and p.name != ".buildinfo"}
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
    seconds, log = sphinx(variant, src, out, doctrees, quiet=False)
    after = _mtimes(out)
    written = sum(1 for f, t in after.items() if before.get(f) != t)
    return {"seconds": seconds, "read": _read_count(log), "written": written}


def edit_body(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    at = text.index("\n## ")
    path.write_text(text[:at] + " An added sentence of the benchmark." + text[at:],
                    encoding="utf-8")


def change_topics(path: Path) -> tuple[list[str], list[str]]:
    text = path.read_text(encoding="utf-8")
    old = re.search(r"^topics: \[(.*)\]$", text, re.M).group(1).split(", ")
    new = [t for t in TOPICS if t not in old][:1] + old[1:]
    path.write_text(text.replace(f"topics: [{', '.join(old)}]", f"topics: [{', '.join(new)}]"),
                    encoding="utf-8")
    return old, new


def topic_page_lists(out: Path, slug: str, docname: str) -> bool:
    """Whether the topic page lists the post (not just in the navigation)."""
    page = (out / "topics" / f"{slug}.html").read_text(encoding="utf-8")
    entries = re.findall(r'<li class="archive-post-entry[^"]*">(.*?)</li>', page, re.S)
    return any(f'href="../{docname}.html"' in entry for entry in entries)


# -- search in chromium ------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# In search.html: from the input event to the first result in the list, and
# to Sphinx's "Search finished" status (all results listed; their summaries
# are fetched afterwards).
_IN_PAGE = """
async (query) => {
  const input = Array.from(document.querySelectorAll('form.bd-search input[name="q"]'))
    .find((field) => !field.closest('dialog'));  // the search page's own field
  const results = document.getElementById('search-results');
  return await new Promise((resolve) => {
    let t0 = 0, first = null;
    const observer = new MutationObserver(() => {
      if (first === null && results.querySelector('ul.search li')) first = performance.now() - t0;
      const status = results.querySelector('p.search-summary');
      if (status && /Search finished|did not match/.test(status.textContent)) {
        observer.disconnect();
        resolve({first: first, done: performance.now() - t0,
                 count: results.querySelectorAll('ul.search li').length});
      }
    });
    observer.observe(results, {childList: true, subtree: true, characterData: true});
    input.addEventListener('input', () => { t0 = performance.now(); Search.performSearch(input.value); },
                           {once: true});
    input.value = query;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  });
}
"""

# A reader's path: type the query in a post's search field and press Enter;
# the time runs from the Enter key to the first result on search.html (page
# load and the search index included), measured with the pages' clocks.
_INIT = """
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') sessionStorage.setItem('t0', performance.timeOrigin + performance.now());
}, true);
window.addEventListener('DOMContentLoaded', () => {
  const results = document.getElementById('search-results');
  if (!results || !sessionStorage.getItem('t0')) return;
  const observer = new MutationObserver(() => {
    if (results.querySelector('ul.search li')) {
      observer.disconnect();
      window.__firstResult = performance.timeOrigin + performance.now()
        - Number(sessionStorage.getItem('t0'));
    }
  });
  observer.observe(results, {childList: true, subtree: true});
});
"""

QUERIES = ["cloud", "orchestration", "lorem ipsum", "technical debt", "vendor market"]


def search_timings(out: Path) -> dict:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    in_page, first, reader = [], [], []
    with serve(out) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page()
        page.add_init_script(_INIT)
        for query in QUERIES * 2:
            page.goto(base + "search.html")
            page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()")
            result = page.evaluate(_IN_PAGE, query)
            if not result["count"]:
                raise SystemExit(f"search for {query!r} found nothing")
            in_page.append(result["done"])
            first.append(result["first"])
        for query in QUERIES:
            page.goto(base + "posts/post-0001.html")
            page.evaluate("() => sessionStorage.clear()")
            field = page.locator("form.bd-search input[name=q]").first
            if not field.is_visible():
                page.keyboard.press("Control+k")
                field = page.locator("#pst-search-dialog input[name=q]")
            field.fill(query)
            field.press("Enter")
            page.wait_for_function("() => window.__firstResult !== undefined", timeout=30000)
            reader.append(page.evaluate("() => window.__firstResult"))
        browser.close()
    return {"first": statistics.median(first), "done": statistics.median(in_page),
            "reader": statistics.median(reader)}


# -- the run ------------------------------------------------------------------------
def median(values: list[float]) -> float:
    return statistics.median(values)


def run(sizes: list[int], runs: int | list[int], pdf_at: int | None, search: bool, log,
        parallel: bool = True) -> dict:
    """Measure every size; *runs* is the number of full builds per variant,
    one number or one per size."""
    runs_of = dict(zip(sizes, runs if isinstance(runs, list) else [runs] * len(sizes)))
    results: dict = {"sizes": {}, "runs": runs_of}
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as tmp:
        for n in sizes:
            base = Path(tmp) / f"n{n}"
            dirs = generate(base, n)
            work = base / "work"
            runs = runs_of[n]
            r: dict = {"runs": runs}
            times = {"archive": [], "plain": [], "archive-j2": []}
            for k in range(runs):
                for variant in ("archive", "plain"):
                    seconds, _ = full_build(variant, dirs[variant], work, f"{variant}{k}")
                    times[variant].append(seconds)
                    log(f"N={n} {variant} full build {k + 1}/{runs}: {seconds:.1f} s")
                if parallel:
                    seconds, _ = full_build("archive", dirs["archive"], work, f"archive-j2-{k}",
                                            jobs=2)
                    times["archive-j2"].append(seconds)
                    log(f"N={n} archive -j 2 full build {k + 1}/{runs}: {seconds:.1f} s")
            r["archive"] = median(times["archive"])
            r["plain"] = median(times["plain"])
            r["all_times"] = times
            if parallel:
                r["archive_j2"] = median(times["archive-j2"])
                r["j2_differences"] = tree_differences(work / "archive0-out",
                                                       work / "archive-j2-0-out")
            r["search_index_bytes"] = (work / "archive0-out" / "searchindex.js").stat().st_size
            r["plain_search_index_bytes"] = (work / "plain0-out" / "searchindex.js").stat().st_size
            r["pages"] = sum(1 for _ in (work / "archive0-out").rglob("*.html"))
            r["plain_pages"] = sum(1 for _ in (work / "plain0-out").rglob("*.html"))

            # incremental rebuilds, on the first run's output and doctrees
            middle = f"posts/post-{(n + 1) // 2:04d}"
            for variant in ("archive", "plain"):
                out, doctrees = work / f"{variant}0-out", work / f"{variant}0-doctrees"
                noop = incremental(variant, dirs[variant], out, doctrees)
                r[f"{variant}_noop"] = noop
                edit_body(dirs[variant] / f"{middle}.md")
                r[f"{variant}_edit"] = incremental(variant, dirs[variant], out, doctrees)
                log(f"N={n} {variant} rebuild after editing one post: "
                    f"{r[f'{variant}_edit']['seconds']:.1f} s")
            out, doctrees = work / "archive0-out", work / "archive0-doctrees"
            old, new = change_topics(dirs["archive"] / f"{middle}.md")
            r["archive_topics"] = incremental("archive", dirs["archive"], out, doctrees)
            r["topics_updated"] = (topic_page_lists(out, new[0], middle)
                                   and not topic_page_lists(out, old[0], middle))
            log(f"N={n} archive rebuild after changing one post's topics: "
                f"{r['archive_topics']['seconds']:.1f} s (topic pages updated: "
                f"{r['topics_updated']})")

            if search and n == max(sizes):
                r["search"] = search_timings(work / "archive0-out")
                log(f"N={n} search: {r['search']}")
            if pdf_at == n:
                seconds, latex_out = full_build("archive", dirs["archive"], work, "latex",
                                                builder="latex")
                start = time.perf_counter()
                proc = subprocess.run(["make", "-C", str(latex_out), "all-pdf",
                                       "LATEXMKOPTS=-silent"], capture_output=True, text=True)
                tex = time.perf_counter() - start
                if proc.returncode:
                    sys.exit(f"the PDF did not build:\n{proc.stdout[-3000:]}")
                pdf = next(latex_out.glob("*.pdf"))
                r["pdf"] = {"latex": seconds, "tex": tex, "total": seconds + tex,
                            "bytes": pdf.stat().st_size}
                log(f"N={n} PDF: sphinx latex {seconds:.1f} s + latexmk {tex:.1f} s")
            results["sizes"][n] = r
            shutil.rmtree(base, ignore_errors=True)
    return results


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
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines()
                      if l.startswith("MemTotal")).split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    import docutils
    import myst_parser
    import sphinx
    import sphinx_book_theme
    return {
        "cpus": os.cpu_count(), "ram": ram, "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(), "sphinx": sphinx.__version__,
        "docutils": docutils.__version__, "myst": myst_parser.__version__,
        "theme": sphinx_book_theme.__version__,
    }


def _ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


def table(results: dict) -> str:
    rows = ["| measure | N | archive | plain / reference | ratio | goal | met |",
            "|---|---:|---:|---:|---:|---|---|"]
    for n, r in results["sizes"].items():
        ratio = r["archive"] / r["plain"]
        rows.append(f"| full HTML build | {n} | {r['archive']:.1f} s | {r['plain']:.1f} s | "
                    f"{ratio:.2f}× | ≤ 1.10× | {_ok(ratio <= 1.10)} |")
        e, pe = r["archive_edit"], r["plain_edit"]
        share = e["seconds"] / r["archive"]
        rows.append(
            f"| rebuild after editing one post's body | {n} | {e['seconds']:.1f} s "
            f"({e['read']} read, {e['written']} pages written) | {pe['seconds']:.1f} s "
            f"({pe['read']} read, {pe['written']} written) | {100 * share:.1f} % of full | "
            f"≤ 3 s and ≤ 5 % | {_ok(e['seconds'] <= 3 and share <= 0.05)} |")
        t = r["archive_topics"]
        rows.append(
            f"| rebuild after changing one post's topics | {n} | {t['seconds']:.1f} s "
            f"({t['read']} read, {t['written']} pages written) | — | "
            f"{100 * t['seconds'] / r['archive']:.1f} % of full | topic pages update | "
            f"{_ok(r['topics_updated'])} |")
        nop = r["archive_noop"]
        rows.append(f"| rebuild with nothing changed | {n} | {nop['seconds']:.1f} s "
                    f"({nop['read']} read, {nop['written']} written) | "
                    f"{r['plain_noop']['seconds']:.1f} s | — | 0 read | "
                    f"{_ok(nop['read'] == 0)} |")
        if "archive_j2" in r:
            speedup = r["archive"] / r["archive_j2"]
            same = not r["j2_differences"]
            rows.append(f"| full HTML build, -j 2 vs -j 1 | {n} | {r['archive_j2']:.1f} s | "
                        f"{r['archive']:.1f} s | {speedup:.2f}× faster | ≥ 1.6×, same output | "
                        f"{_ok(speedup >= 1.6 and same)}{'' if same else ' (output differs)'} |")
        rows.append(f"| search index (searchindex.js) | {n} | "
                    f"{r['search_index_bytes'] / 1024:.0f} KiB | "
                    f"{r['plain_search_index_bytes'] / 1024:.0f} KiB | "
                    f"{r['search_index_bytes'] / r['plain_search_index_bytes']:.2f}× | — | — |")
        if "search" in r:
            s = r["search"]
            rows.append(f"| search: input event → first result (median) | {n} | "
                        f"{s['first']:.0f} ms | — | — | < 100 ms | {_ok(s['first'] < 100)} |")
            rows.append(f"| search: input event → all results listed (median) | {n} | "
                        f"{s['done']:.0f} ms | — | — | (reported) | — |")
            rows.append(f"| search: Enter in a post → first result on search.html | {n} | "
                        f"{s['reader']:.0f} ms | — | — | (reported) | — |")
        if "pdf" in r:
            p = r["pdf"]
            rows.append(f"| PDF build (Sphinx LaTeX + latexmk/xelatex) | {n} | {p['total']:.1f} s "
                        f"({p['latex']:.1f} + {p['tex']:.1f}) | HTML {r['archive']:.1f} s | "
                        f"{p['total'] / r['archive']:.1f}× | (reported) | — |")
    return "\n".join(rows)


def markdown(results: dict, info: dict, notes: str) -> str:
    runs = ", ".join(f"{k} at N = {n:,}" for n, k in results["runs"].items())
    return f"""# Benchmarks

Generated by `make bench` (`tools/bench.py --write`) on
{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC. The figures are wall-clock times of
`python -m sphinx` (interpreter start included); full builds: the median of the runs
({runs}), the two variants interleaved; the incremental rebuilds ran once.

**Machine:** {info['cpus']} CPUs ({info['cpu']}), {info['ram']} RAM, {info['os']};
Python {info['python']}, Sphinx {info['sphinx']}, docutils {info['docutils']}, MyST-Parser
{info['myst']}, sphinx-book-theme {info['theme']}. The 2 cores are shared with other jobs
running at the same time, so single figures can be off by 10–20 %; ratios of builds run
back to back are more reliable than the absolute times.

**Corpus:** generated by `tools/bench.py` (seed {SEED}): N posts with front matter (10 % with
an unknown date), 1–3 of 12 topics each, 2–4 `##` sections of prose (about 250–1,100 words),
term links to a 30-term glossary; the *archive* variant is built with the repository's
`conf.py`, the *plain* variant with myst_parser + sphinx_copybutton + the same theme (a glob
toctree of the posts; no post list, archive, topic pages, About boxes, navigation or feed).

{table(results)}

{notes}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", default="100,1000",
                        help="comma-separated corpus sizes (default 100,1000)")
    parser.add_argument("--runs", default="2",
                        help="full builds per variant (median): one number, or one per size")
    parser.add_argument("--quick", action="store_true", help="N = 20, one run, no PDF, no browser")
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    parser.add_argument("--no-search", action="store_true", help="skip the browser measurement")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF build")
    parser.add_argument("--notes", type=Path, help="a Markdown file appended to BENCHMARKS.md")
    parser.add_argument("--json", type=Path, help="also write the raw results as JSON")
    parser.add_argument("--from-json", type=Path,
                        help="measure nothing: report the results of an earlier --json run")
    args = parser.parse_args()
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        results["sizes"] = {int(n): r for n, r in results["sizes"].items()}
        results["runs"] = {int(n): k for n, k in results["runs"].items()}
        report(results, args)
        return
    sizes = [20] if args.quick else [int(s) for s in args.posts.split(",")]
    runs = [int(k) for k in args.runs.split(",")]
    runs = [1] if args.quick else (runs * len(sizes))[:len(sizes)] if len(runs) == 1 else runs
    pdf_at = None if args.quick or args.no_pdf else min(sizes)
    search = not (args.quick or args.no_search)

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results = run(sizes, runs, pdf_at, search, log)
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
