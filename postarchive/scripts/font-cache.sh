#!/usr/bin/env bash
# Give a LaTeX directory a warm font cache without trusting anything its pages
# wrote: luaotfload's cache holds Lua code that every later run loads, so it is
# made by a run of the document's preamble alone (the archive's own set-up:
# fonts, fallbacks, packages; none of the pages' text) with a line of sample
# text, in the sandbox, and kept beside the build while the preamble stays the
# same. The build gets a copy; what its LaTeX writes into that copy is thrown
# away with the stage.
#
#   postarchive/scripts/font-cache.sh DOC.tex CACHEDIR TARGET
set -euo pipefail

tex=$1 cachedir=$2 target=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
latex=$(dirname "$tex")
# pdfLaTeX (a book in Latin script only: postarchive/pdf/engine.py) reads Type 1
# fonts, no luaotfload: there is no cache to make
if grep -qs "^\$pdflatex = 'pdflatex " "$latex/latexmkrc"; then exit 0; fi
preamble() { sed '/\\begin{document}/q' "$tex"; }
key=$(preamble | sha256sum | cut -c1-16)

if [ ! -f "$cachedir/$key.ready" ]; then
  rm -rf "$cachedir"
  mkdir -p "$cachedir/work"
  cp "$latex"/*.sty "$latex"/*.cls "$latex"/*.def "$latex"/*.lua "$cachedir/work/" 2>/dev/null || true
  {
    preamble
    printf '%s\n' 'Aa \textbf{Aa} \textit{Aa} \textbf{\textit{Aa}} \textsf{Aa \textbf{Aa}}' \
      '\texttt{Aa \textbf{Aa}} \sphinxcode{Aa} $a+b$' '\end{document}'
  } > "$cachedir/work/warm.tex"
  if bash "$here/latex-sandbox.sh" "$cachedir/work" lualatex --interaction=batchmode warm.tex \
      > "$cachedir/warm.out" 2>&1 && [ -d "$cachedir/work/.texmf-cache" ]; then
    mv "$cachedir/work/.texmf-cache" "$cachedir/cache"
    touch "$cachedir/$key.ready"
  fi
  rm -rf "$cachedir/work"
fi
if [ -d "$cachedir/cache" ]; then
  rm -rf "$target"
  cp -a "$cachedir/cache" "$target"
fi
