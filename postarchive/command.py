"""The ``postarchive`` command (``pip install`` gives it; the Makefile calls the
same code):

* ``postarchive new DIR [--from FILE…]`` – a fresh archive in DIR (its own
  ``conf.py`` settings block, landing and About pages), then the import;
* ``postarchive import FILE… [options]`` – import a WordPress export or a feed
  (``python -m postarchive.importer``'s options);
* ``postarchive build [--html | --pdf]`` – the staged, warnings-are-errors build
  of the site and the PDF (a failed build publishes nothing);
* ``postarchive serve`` – a live preview that rebuilds on every change;
* ``postarchive links`` – check the posts' outbound links, record them (and the
  Wayback Machine's copies of dead ones) in ``links.json``
  (:mod:`.importer.linkcheck`).

Every subcommand works on the archive in the current directory (or ``-C DIR``).
Sphinx-free until a build starts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import scaffold
from .importer import cli as importer_cli
from .importer import linkcheck
from .version import __version__

SCRIPTS = Path(__file__).resolve().parent / "scripts"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="postarchive",
        description="A blog archived as a Sphinx site with search and a PDF book: create an "
        "archive, import a WordPress export or a feed into it, build, preview.",
    )
    p.add_argument("--version", action="version", version=f"postarchive {__version__}")
    p.add_argument(
        "-C",
        dest="project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the archive's directory (default: the current one)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new = sub.add_parser("new", help="create a fresh archive (and import into it)")
    new.add_argument("dir", type=Path, help="the new archive's directory (empty or absent)")
    new.add_argument(
        "--from",
        dest="sources",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE",
        help="a WordPress export or feed: its channel names the archive, its posts are imported",
    )
    new.add_argument(
        "--title",
        help="the archive's title (required without --from; with it, instead of the channel's)",
    )
    new.add_argument(
        "--author",
        help="the blog's author (required without --from; with it, instead of the channel's)",
    )
    new.add_argument(
        "--language",
        help="the language of the posts, e.g. en, de (default: the channel's, else en)",
    )
    new.add_argument(
        "--address",
        metavar="URL",
        help="the blog's address, http(s)://… (default: the channel's link)",
    )
    sub.add_parser(
        "import", help="import a WordPress export or feed (see import --help)", add_help=False
    )
    sub.add_parser("links", help="check the posts' outbound links (links --help)", add_help=False)
    build = sub.add_parser("build", help="build the site and the PDF (staged, -nW)")
    which = build.add_mutually_exclusive_group()
    which.add_argument(
        "--html", action="store_const", const="html", dest="mode", help="the site only"
    )
    which.add_argument("--pdf", action="store_const", const="pdf", dest="mode", help="the PDF only")
    serve = sub.add_parser("serve", help="serve the site and rebuild it on every change")
    serve.add_argument("--port", type=int, default=8000)
    return p


def _environment(project: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHON": sys.executable}
    env.pop("SPHINXBUILD", None)  # Sphinx of the Python this command runs on
    return env


def build(project: Path, mode: str = "all") -> int:
    """The staged build (``scripts/build.sh``): site and/or PDF, published only
    when everything succeeded."""
    return subprocess.call(
        ["bash", str(SCRIPTS / "build.sh"), mode], cwd=project, env=_environment(project)
    )


def serve(project: Path, port: int) -> int:
    return subprocess.call(
        [
            sys.executable,
            "-m",
            "sphinx_autobuild",
            "-c",
            ".",
            "docs",
            "build/live",
            "-d",
            "build/doctrees/live",
            "--port",
            str(port),
            "-nW",
            "--keep-going",
        ],
        cwd=project,
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args, rest = _parser().parse_known_args(argv)
    if args.command in ("import", "links"):
        cwd = Path.cwd()
        try:
            os.chdir(args.project)
            return (importer_cli.main if args.command == "import" else linkcheck.main)(rest)
        finally:
            os.chdir(cwd)
    if rest:
        _parser().error(f"unrecognised arguments: {' '.join(rest)}")
    if args.command == "new":
        return scaffold.create(
            args.dir,
            args.sources,
            scaffold.Options(
                title=args.title, author=args.author, language=args.language, address=args.address
            ),
        )
    if args.command == "build":
        return build(args.project, args.mode or "all")
    return serve(args.project, args.port)


if __name__ == "__main__":
    sys.exit(main())
