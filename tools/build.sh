#!/usr/bin/env bash
# Build the site (html), the PDF (pdf) or both (all) into a staging directory,
# and publish to build/ only when everything succeeded. A failed build leaves
# the last good build/html and PDF untouched.
set -euo pipefail

mode=${1:-all}
BUILDDIR=${BUILDDIR:-build}
SPHINXBUILD=${SPHINXBUILD:-.venv/bin/sphinx-build}
SPHINXOPTS=${SPHINXOPTS:--nW --keep-going}
PDF=${PDFNAME:-agile-in-the-clouds.pdf}
TEX=${PDF%.pdf}.tex

# Reproducible by default: the build date is the last commit's date.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export FORCE_SOURCE_DATE=1

case "$mode" in html|pdf|all) ;; *) echo "usage: $0 html|pdf|all" >&2; exit 2;; esac
mkdir -p "$BUILDDIR"
stage=$(mktemp -d "$BUILDDIR/.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

if [ "$mode" != pdf ]; then
  # shellcheck disable=SC2086
  "$SPHINXBUILD" -b html -c . -d "$BUILDDIR/doctrees/html" docs "$stage/html" $SPHINXOPTS
fi

if [ "$mode" != html ]; then
  # shellcheck disable=SC2086
  "$SPHINXBUILD" -b latex -c . -d "$BUILDDIR/doctrees/latex" docs "$stage/latex" $SPHINXOPTS
  if ! make -C "$stage/latex" all-pdf LATEXMKOPTS="-silent" > "$stage/latex/make.log" 2>&1; then
    tail -n 40 "$stage/latex/make.log" >&2
    echo "error: the PDF did not build; see the log above" >&2
    exit 1
  fi
  log="$stage/latex/${TEX%.tex}.log"
  if grep -E "Missing character|undefined references|Reference .* undefined|Citation .* undefined" "$log" >&2; then
    echo "error: the LaTeX log reports missing characters or undefined references ($log)" >&2
    exit 1
  fi
  cp "$stage/latex/$PDF" "$stage/$PDF"
fi

# -- publish: everything built, now swap it in ------------------------------
if [ -f "$stage/$PDF" ]; then
  pdf_src="$stage/$PDF"
elif [ -f "$BUILDDIR/$PDF" ]; then
  pdf_src="$BUILDDIR/$PDF"
else
  pdf_src=""
fi

if [ -d "$stage/html" ]; then
  [ -n "$pdf_src" ] && cp "$pdf_src" "$stage/html/$PDF"
  rm -rf "$BUILDDIR/.old-html"
  [ -d "$BUILDDIR/html" ] && mv "$BUILDDIR/html" "$BUILDDIR/.old-html"
  mv "$stage/html" "$BUILDDIR/html"
  rm -rf "$BUILDDIR/.old-html"
fi
if [ -f "$stage/$PDF" ]; then
  rm -rf "$BUILDDIR/latex" && mv "$stage/latex" "$BUILDDIR/latex"
  mv -f "$stage/$PDF" "$BUILDDIR/$PDF"
  if [ -d "$BUILDDIR/html" ] && [ "$mode" = pdf ]; then
    cp "$BUILDDIR/$PDF" "$BUILDDIR/html/.$PDF.tmp" && mv -f "$BUILDDIR/html/.$PDF.tmp" "$BUILDDIR/html/$PDF"
  fi
fi
echo "published:${mode/all/ html pdf} -> $BUILDDIR/"
[ -d "$BUILDDIR/html" ] && echo "  site: $BUILDDIR/html/index.html"
[ -f "$BUILDDIR/$PDF" ] && echo "  pdf:  $BUILDDIR/$PDF"
exit 0
