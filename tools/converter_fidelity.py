"""Measure HTML → Markdown converters against the importer's fidelity test.

For each candidate, the test exports (tests/importdata/) are imported with
that converter into a copy of tests/roots/test-import, built with the
archive's conf.py (``-nW --keep-going``), and every imported post's words are
compared with the words a reader saw on the original blog (as in
tests/test_import_build.py). Prints, per converter: posts word for word,
words lost or changed, build problems, conversion time.

    .venv/bin/python tools/converter_fidelity.py            # markdownify (the importer's)
    .venv/bin/pip install pypandoc-binary==1.17             # to measure pandoc too
    .venv/bin/python tools/converter_fidelity.py --pandoc

The importer uses markdownify; see README.md ("The HTML → Markdown converter").
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from postarchive.importer import cli, render  # noqa: E402
from postarchive.importer.markdown import to_markdown  # noqa: E402
from postarchive.importer.shortcodes import Found  # noqa: E402

from archivebuild import copy_root, sphinx_build  # noqa: E402
from importsetup import BLOG, FEEDS, make_uploads  # noqa: E402
from importtext import original_words, page_words  # noqa: E402


def pandoc(to: str):
    def convert(body) -> str:
        import pypandoc  # noqa: PLC0415 - optional, measurement only

        html = "".join(str(child) for child in body.children)
        return pypandoc.convert_text(html, to, format="html", extra_args=["--wrap=none"]) + "\n"

    return convert


def measure(name: str, converter) -> dict:
    timing = [0.0]

    def timed(body):
        start = time.perf_counter()
        try:
            return converter(body)
        finally:
            timing[0] += time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        docs = copy_root("import", dest)
        uploads = make_uploads(dest / "uploads")
        with mock.patch.object(render, "to_markdown", timed):
            for files in ([BLOG, "--uploads", uploads, "--pages"], FEEDS):
                code = cli.main(
                    [
                        "--docs",
                        str(docs),
                        "--sources",
                        str(dest / "sources"),
                        "--no-progress",
                        *map(str, files),
                    ]
                )
                assert code == 0
        result = sphinx_build(docs, dest / "build", check=False, confdir=REPO)
        problems = [
            line
            for line in (result.stdout + result.stderr).splitlines()
            if "WARNING" in line or "ERROR" in line
        ]
        index, entries = {}, {}
        for paths in ([BLOG], FEEDS):
            idx, _ = cli.read_sources([Path(p) for p in paths], False)
            for source in idx.sources:
                for entry in cli.READERS[source.kind](Path(source.path), source, idx, full=True):
                    entries[(source.name, entry.id)] = entry
                    index[(source.name, entry.id)] = idx
        exact, total, lost = 0, 0, 0
        for path in sorted((docs / "posts").glob("*.md")):
            text = path.read_text(encoding="utf-8")
            m_id = re.search(r"^original_id: \"?([^\"\n]+)\"?$", text, re.M)
            m_file = re.search(r"^import_file: \"([^\"]+)\"$", text, re.M)
            if not m_id:
                continue
            key = (m_file.group(1), m_id.group(1))
            entry = entries[key]
            expected = original_words(
                "<hr>".join(render._pages(entry, index[key], Found(), [], [0]))
            )
            page = dest / "build" / "html" / "posts" / f"{path.stem}.html"
            got = page_words(page.read_text(encoding="utf-8")) if page.exists() else []
            total += 1
            if got == expected:
                exact += 1
            else:
                matcher = difflib.SequenceMatcher(a=expected, b=got, autojunk=False)
                same = sum(block.size for block in matcher.get_matching_blocks())
                lost += len(expected) - same + max(0, len(got) - same)
    return {
        "converter": name,
        "posts": total,
        "word for word": exact,
        "words lost, added or changed": lost,
        "build problems": len(problems),
        "conversion seconds": round(timing[0], 2),
        "problems": problems[:8],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pandoc", action="store_true", help="measure pandoc too")
    args = parser.parse_args()
    results = [measure("markdownify (ArchiveConverter)", to_markdown)]
    if args.pandoc:
        results.append(measure("pandoc (commonmark_x)", pandoc("commonmark_x")))
        results.append(measure("pandoc (gfm)", pandoc("gfm")))
    for r in results:
        print(
            f"{r['converter']}: {r['word for word']}/{r['posts']} posts word for word, "
            f"{r['words lost, added or changed']} words lost, added or changed, "
            f"{r['build problems']} build problems, {r['conversion seconds']} s converting"
        )
        for line in r["problems"]:
            print("   ", line[:200])
    return 0


if __name__ == "__main__":
    sys.exit(main())
