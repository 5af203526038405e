#!/usr/bin/env python3
"""Search speed at N posts, in chromium: how long from the query running to the
first result, and to all results listed.

    python tools/bench_search.py                   # N = 1,000: build, serve, measure
    python tools/bench_search.py --posts 100       # another size
    python tools/bench_search.py --site DIR        # measure a site already built
    python tools/bench_search.py --keep DIR        # keep the built site (reuse with --site)
    python tools/bench_search.py --json FILE       # also write the figures as JSON

The corpus is tools/bench.py's (the same seeded generator), built with the
repository's conf.py into a temporary directory and served on 127.0.0.1. In
Debian's chromium (Playwright), on search.html with the search index and the
archive's search data loaded (all its parts):

* **query → first result**: from ``Search.performSearch(query)`` (what the
  search page and the theme's search-as-you-type call) to the first result in
  the list;
* **query → all results**: to Sphinx's "Search finished" (every result listed,
  with its excerpt), and to the next frame drawn after it;
* **page → first result**: a reader's path, from opening ``search.html?q=…``
  (navigation start: the page, the index and the data loaded) to the first
  result.

Each query runs ``--repeat`` times (default 5); the figures are medians over
all runs. The sizes of searchindex.js, archive-searchdata.js (the first part
of the search data) and the further parts are printed too (raw and gzipped,
as a server would send them).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (tools/bench.py: the corpus and the build)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Common words, phrases, terms of the generated glossary and a quoted phrase;
#: "cloud" and "lorem ipsum" match nearly every post.
QUERIES = [
    "cloud",
    "orchestration",
    "lorem ipsum",
    "technical debt",
    "vendor market",
    '"lorem ipsum"',
    "open core",
]
DATA_FILE = "archive-searchdata.js"  # the first part of the search data
PARTS = "archive-searchdata-*.js"  # the others: the text, by year of the posts

_READY = """() => typeof Search !== 'undefined' && Search.hasIndex()
  && (!window.ArchiveSearch || ArchiveSearch.state === 'failed'
      || (ArchiveSearch.state === 'ready' && !ArchiveSearch.waiting))"""

# Run one query on the loaded search page; resolve with the times (ms) from the
# call to the first result and to "Search finished", and the number of results.
_RUN = """
async (query) => {
  document.getElementById('search-results').replaceChildren();
  return await new Promise((resolve) => {
    const results = document.getElementById('search-results');
    let first = null, t0 = 0;
    const observer = new MutationObserver(() => {
      const now = performance.now();
      if (first === null && results.querySelector('ul.search li')) first = now - t0;
      const status = results.querySelector('p.search-summary');
      if (status && /Search finished|did not match/.test(status.textContent)) {
        observer.disconnect();
        const found = {first: first === null ? now - t0 : first, done: now - t0,
                       count: results.querySelectorAll('ul.search li').length};
        // ... and on screen: the next frame after the list is complete
        requestAnimationFrame(() => setTimeout(() => resolve({...found, painted: performance.now() - t0})));
      }
    });
    observer.observe(results, {childList: true, subtree: true, characterData: true});
    t0 = performance.now();
    Search.performSearch(query);
  });
}
"""

# A reader opening search.html?q=...: navigation start to the first result.
_INIT = """
document.addEventListener("DOMContentLoaded", () => {
  const results = document.getElementById('search-results');
  if (!results) return;
  const observer = new MutationObserver(() => {
    if (results.querySelector('ul.search li')) {
      observer.disconnect();
      window.__firstResult = performance.now();
    }
  });
  observer.observe(results, {childList: true, subtree: true});
});
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve *directory* on 127.0.0.1 (a free port) while the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def sizes(site: Path) -> dict:
    """searchindex.js, the search data's first part and its further parts (summed)."""
    out = {}
    for name in ("searchindex.js", DATA_FILE):
        path = site / name
        if path.is_file():
            data = path.read_bytes()
            out[name] = {"bytes": len(data), "gzip": len(gzip.compress(data, 6))}
    parts = [p.read_bytes() for p in sorted(site.glob(PARTS))]
    if parts:
        out[f"{len(parts)} further parts ({PARTS})"] = {
            "bytes": sum(len(data) for data in parts),
            "gzip": sum(len(gzip.compress(data, 6)) for data in parts),
        }
    return out


def measure(site: Path, repeat: int, log) -> dict:
    from playwright.sync_api import sync_playwright

    runs: dict[str, list] = {q: [] for q in QUERIES}
    cold = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(_INIT)
        page.goto(base + "search.html")
        page.wait_for_function(_READY, timeout=120_000)
        for k in range(repeat):
            for query in QUERIES:
                result = page.evaluate(_RUN, query)
                if not result["count"]:
                    raise SystemExit(f"search for {query!r} found nothing")
                runs[query].append(result)
            log(
                f"run {k + 1}/{repeat}: "
                + ", ".join(
                    f"{q} {runs[q][-1]['first']:.0f}/{runs[q][-1]['done']:.0f} ms ({runs[q][-1]['count']})"
                    for q in QUERIES
                )
            )
        for query in QUERIES[:3]:
            for _ in range(max(1, repeat // 2)):
                page.goto(base + "search.html?q=" + quote_plus(query))
                page.wait_for_function("() => window.__firstResult !== undefined", timeout=120_000)
                cold.append(page.evaluate("() => window.__firstResult"))
        browser.close()
    every = [r for rs in runs.values() for r in rs]
    return {
        "first_ms": statistics.median(r["first"] for r in every),
        "done_ms": statistics.median(r["done"] for r in every),
        "done_max_ms": max(r["done"] for r in every),
        "painted_ms": statistics.median(r["painted"] for r in every),
        "page_first_ms": statistics.median(cold),
        "per_query": {
            q: {
                "first_ms": statistics.median(r["first"] for r in rs),
                "done_ms": statistics.median(r["done"] for r in rs),
                "results": rs[0]["count"],
            }
            for q, rs in runs.items()
        },
    }


def build(n: int, where: Path, jobs: int, log) -> Path:
    dirs = bench.generate(where, n)
    log(f"building {n} posts (archive variant, -j {jobs}) ...")
    start = time.perf_counter()
    result, out = bench.full_build("archive", dirs["archive"], where / "work", "search", jobs=jobs)
    log(f"built in {result['seconds']:.0f} s ({time.perf_counter() - start:.0f} s)")
    return out


def report(n: int | None, figures: dict, size: dict) -> str:
    lines = [f"search at {n:,} posts" if n else "search"]
    for name, s in size.items():
        lines.append(f"  {name}: {s['bytes'] / 1024:.0f} KiB ({s['gzip'] / 1024:.0f} KiB gzipped)")
    lines += [
        f"  query → first result (median): {figures['first_ms']:.0f} ms",
        f"  query → all results listed (median): {figures['done_ms']:.0f} ms "
        f"(slowest {figures['done_max_ms']:.0f} ms)",
        f"  query → all results listed and drawn (median): {figures['painted_ms']:.0f} ms",
        f"  opening search.html?q=… → first result (median): {figures['page_first_ms']:.0f} ms",
    ]
    for query, q in figures["per_query"].items():
        lines.append(
            f"    {query!r}: {q['results']} results, first {q['first_ms']:.0f} ms, "
            f"all {q['done_ms']:.0f} ms"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    parser.add_argument("--keep", type=Path, help="keep the built site in this directory")
    parser.add_argument("--jobs", type=int, default=1, help="sphinx-build -j (default 1)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (default 5)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    n = None if args.site else args.posts
    with tempfile.TemporaryDirectory(prefix="archive-bench-search-") as tmp:
        site = args.site
        if site is None:
            site = build(args.posts, Path(tmp), args.jobs, log)
            if args.keep:
                shutil.rmtree(args.keep, ignore_errors=True)
                shutil.copytree(site, args.keep)
                log(f"kept the site in {args.keep}")
        size = sizes(site)
        figures = measure(site, args.repeat, log)
    print(report(n, figures, size))
    if args.json:
        args.json.write_text(
            json.dumps({"posts": n, "sizes": size, **figures}, indent=1), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
