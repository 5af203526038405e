#!/usr/bin/env bash
# Build the site (html), the PDF (pdf) or both (all) into a staging directory,
# and publish to build/ only when everything succeeded. A failed build leaves
# the last good build/html, PDF and doctree caches exactly as they were.
#
# - One build at a time per build directory (a lock on $BUILDDIR/.lock).
# - The doctree caches are staged too: a failed build must not leave a cache
#   in which its broken documents count as read (the next build would skip
#   them and pass).
# - build/html is replaced in one atomic step (postarchive/scripts/swap.py), the PDF by a
#   rename: a reader never sees a missing or half-written site.
# - `all` publishes nothing unless both the site and the PDF built.
# - SOURCE_DATE_EPOCH defaults to the time of the last commit, so the output
#   depends on the sources, not on the clock (reproducible builds).
set -euo pipefail

mode=${1:-all}
BUILDDIR=${BUILDDIR:-build}
# Sphinx: $SPHINXBUILD when set (the Makefile's), else the Python the
# postarchive command runs on ($PYTHON -m sphinx), else the project's .venv
if [ -n "${SPHINXBUILD:-}" ]; then sphinx=("$SPHINXBUILD")
elif [ -n "${PYTHON:-}" ]; then sphinx=("$PYTHON" -m sphinx)
else sphinx=(.venv/bin/sphinx-build); fi
SPHINXOPTS=${SPHINXOPTS:--nW --keep-going}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=${PYTHON:-python3}
PDF=${PDFNAME:-$("$PYTHON" "$here/confvalue.py" archive_pdf_name)}
TEX=${PDF%.pdf}.tex

# Reproducible by default: the build date is the last commit's date.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export FORCE_SOURCE_DATE=1

case "$mode" in html|pdf|all) ;; *) echo "usage: $0 html|pdf|all" >&2; exit 2;; esac
mkdir -p "$BUILDDIR"

exec 9> "$BUILDDIR/.lock"
if ! flock -n 9; then
  echo "another build is running in $BUILDDIR; waiting for it" >&2
  flock 9
fi

rm -rf "$BUILDDIR"/.stage.*  # left by a build that was killed; we hold the lock
stage=$(mktemp -d "$BUILDDIR/.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# The doctree cache, copied into the stage (cp -a keeps the times Sphinx compares).
# One environment for both builders: the HTML build reads the posts, the LaTeX build
# after it reads nothing again (postarchive/pages/freshness.py: each builder writes what
# the other's reading updated since its own last build).
doctrees="$stage/doctrees/all"
mkdir -p "$stage/doctrees"
if [ -d "$BUILDDIR/doctrees/all" ]; then
  cp -a "$BUILDDIR/doctrees/all" "$doctrees"
fi

if [ "$mode" != pdf ]; then
  # shellcheck disable=SC2086
  "${sphinx[@]}" -b html -c . -d "$doctrees" docs "$stage/html" $SPHINXOPTS
fi

if [ "$mode" != html ]; then
  # the .tex of the last published build beside the doctrees: Sphinx writes again
  # only the volumes whose documents changed (postarchive/pdf/volumes.py)
  if [ -d "$BUILDDIR/doctrees/all" ] && [ -d "$BUILDDIR/latex" ]; then
    mkdir -p "$stage/latex"
    cp -p "$BUILDDIR"/latex/*.tex "$stage/latex/" 2>/dev/null || true
  fi
  # shellcheck disable=SC2086
  "${sphinx[@]}" -b latex -c . -d "$doctrees" docs "$stage/latex" $SPHINXOPTS
  kept="$BUILDDIR/pdf-failed.log"
  latex_failed() {  # $1: the document (the book or a volume), $2: what went wrong
    log="$stage/latex/$1.log"
    [ -f "$log" ] || log="$stage/latex/$1.make.log"
    tail -n 20 "$stage/latex/$1.make.log" >&2 || true
    # the stage is removed on exit: keep the log where the message says it is
    cp "$log" "$kept"
    # one line per problem, naming the post's file and line (docs/posts/x.md:12)
    python3 "$here/latexerrors.py" "$stage/latex/$1.tex" "$log" --srcdir docs >&2 || true
    echo "error: $2 ($1.pdf); the LaTeX log is kept in $kept" >&2
    exit 1
  }
  # The font cache LaTeX starts from: made by a run of the preamble alone (our
  # set-up, none of the pages' text), kept while the preamble stays the same;
  # each build gets a copy, so nothing a page's LaTeX writes is ever reused.
  bash "$here/font-cache.sh" "$stage/latex/$TEX" "$BUILDDIR/font-cache" "$stage/latex/.texmf-cache"
  # The book and a volume per year (postarchive/scripts/pdfvolumes.py): only those whose
  # inputs changed since the last published build are typeset, $PDFJOBS at a time, each
  # in a sandbox that sees only the LaTeX directory, the TeX tree and the fonts
  # (postarchive/scripts/latex-sandbox.sh), with Lua restricted (postarchive/checks/latexsafe.py);
  # the others are copied from build/pdf-cache, byte for byte.
  if ! python3 "$here/pdfvolumes.py" "$stage/latex" --cache "$BUILDDIR/pdf-cache" \
      --new-cache "$stage/pdf-cache" --jobs "${PDFJOBS:-$(nproc)}" --failed "$stage/failed" \
      > "$stage/latex/make.log"; then
    cat "$stage/latex/make.log" >&2
    IFS=$'\t' read -r name problem < "$stage/failed" || { name=${TEX%.tex}; problem="the PDF did not build"; }
    latex_failed "$name" "$problem"
  fi
  cat "$stage/latex/make.log"
  # the whole book from its frame and the volumes (postarchive/scripts/pdfassemble.py,
  # pikepdf: the Python of the build)
  if [ -n "${SPHINXBUILD:-}" ] && [ -x "$(dirname "$SPHINXBUILD")/python" ]; then
    assembler=$(dirname "$SPHINXBUILD")/python
  elif [ -x .venv/bin/python ]; then assembler=.venv/bin/python
  else assembler=$PYTHON; fi
  "$assembler" "$here/pdfassemble.py" "$stage/pdf-cache" --book "${PDF%.pdf}"
  rm -f "$kept"
  mkdir "$stage/pdf"
  cp "$stage"/pdf-cache/*.pdf "$stage/pdf/"
fi

# -- publish: everything built, now swap it in ------------------------------
# (the old trees end up in the stage, which the EXIT trap removes). Signals
# are ignored from here on: the few renames below run to the end, so an
# interrupted build has published either nothing or everything.
trap '' INT TERM HUP
publish() { python3 "$here/swap.py" "$1" "$2"; }

mkdir -p "$BUILDDIR/doctrees"
if [ -d "$doctrees" ]; then
  publish "$doctrees" "$BUILDDIR/doctrees/all"
fi
# (the caches of the builds before one environment was shared)
rm -rf "$BUILDDIR/doctrees/html" "$BUILDDIR/doctrees/latex"

if [ -d "$stage/html" ]; then
  # the site serves the PDFs (the book and the volumes): the new ones, or else the last good
  if [ -d "$stage/pdf" ]; then
    cp "$stage"/pdf/*.pdf "$stage/html/"
  elif [ -d "$BUILDDIR/pdf-cache" ]; then
    cp "$BUILDDIR"/pdf-cache/*.pdf "$stage/html/" 2>/dev/null || true
  elif [ -f "$BUILDDIR/$PDF" ]; then
    cp "$BUILDDIR/$PDF" "$stage/html/$PDF"
  fi
fi
if [ -d "$stage/pdf" ]; then
  publish "$stage/latex" "$BUILDDIR/latex"
  publish "$stage/pdf-cache" "$BUILDDIR/pdf-cache"
  for pdf in "$stage"/pdf/*.pdf; do
    name=$(basename "$pdf")
    mv -f "$pdf" "$BUILDDIR/$name"
    if [ ! -d "$stage/html" ] && [ -d "$BUILDDIR/html" ]; then
      cp "$BUILDDIR/$name" "$BUILDDIR/html/.$name.tmp"
      mv -f "$BUILDDIR/html/.$name.tmp" "$BUILDDIR/html/$name"
    fi
  done
  # the volume of a year that has no posts any more goes, from build/ and the site
  for old in "$BUILDDIR/${PDF%.pdf}"-*.pdf; do
    name=$(basename "$old")
    [[ "$name" =~ -([0-9]{4}|undated)\.pdf$ ]] || continue
    if [ ! -f "$BUILDDIR/pdf-cache/$name" ]; then
      rm -f "$old"
      [ -d "$stage/html" ] || rm -f "$BUILDDIR/html/$name"
    fi
  done
fi
if [ -d "$stage/html" ]; then
  publish "$stage/html" "$BUILDDIR/html"
fi

echo "published:${mode/all/ html pdf} -> $BUILDDIR/"
if [ -d "$BUILDDIR/html" ]; then echo "  site: $BUILDDIR/html/index.html"; fi
if [ -f "$BUILDDIR/$PDF" ]; then echo "  pdf:  $BUILDDIR/$PDF"; fi
exit 0
