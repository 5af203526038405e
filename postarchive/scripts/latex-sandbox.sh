#!/usr/bin/env bash
# Run a command (the PDF's LaTeX passes) in DIR, in a sandbox that sees only
# DIR (read-write), the TeX tree, the fonts and the system's programs
# (read-only): no home directory, no .venv, no .git, no /etc/passwd, no
# network, a private /tmp. Whatever Lua or TeX code gets past the build's
# checks can read and write nothing else.
#
#   postarchive/scripts/latex-sandbox.sh DIR COMMAND [ARG...]
#
# ARCHIVE_LATEX_SANDBOX: auto (the default: bubblewrap when this machine
# allows it, else a warning and LaTeX with its Lua guard only), require
# (fail without bubblewrap), off.
set -euo pipefail

dir=$(cd "$1" && pwd)
shift
mode=${ARCHIVE_LATEX_SANDBOX:-auto}
# TeX runs no programs (shell escape off) and opens files only below the
# current directory (kpathsea's paranoid mode); LuaTeX without sockets
# (luasocket). pdfTeX (a book in Latin script only: postarchive/pdf/engine.py,
# named in DIR's latexmkrc) has no sockets, and no option for them.
opts="-no-shell-escape"
grep -qs "^\$pdflatex = 'pdflatex " "$dir/latexmkrc" || opts="--nosocket $opts"
export LATEXOPTS="$opts ${LATEXOPTS:-}"
export shell_escape=f openin_any=p openout_any=p
# luaotfload's font cache inside DIR: nothing LaTeX writes outlives the build
# (a shared cache holds Lua code that later builds would run)
export TEXMFCACHE="$dir/.texmf-cache" TEXMFVAR="$dir/.texmf-cache"

args=(
  --ro-bind /usr /usr
  --symlink usr/bin /bin --symlink usr/sbin /sbin --symlink usr/lib /lib
  --proc /proc --dev /dev --tmpfs /tmp
  --ro-bind-try /etc/texmf /etc/texmf --ro-bind-try /etc/fonts /etc/fonts
  --ro-bind-try /etc/alternatives /etc/alternatives
  --ro-bind-try /etc/ld.so.cache /etc/ld.so.cache
  --ro-bind-try /var/lib/texmf /var/lib/texmf
  --ro-bind-try /var/cache/fontconfig /var/cache/fontconfig
  --bind "$dir" "$dir" --chdir "$dir"
  --unshare-all --die-with-parent --new-session --clearenv
  --setenv PATH /usr/bin:/bin --setenv HOME /tmp
  --setenv LC_ALL C.UTF-8
)
[ -e /lib64 ] && args+=(--symlink usr/lib64 /lib64)
for name in LATEXOPTS LATEXMKOPTS XINDYOPTS shell_escape openin_any openout_any \
    TEXMFCACHE TEXMFVAR SOURCE_DATE_EPOCH FORCE_SOURCE_DATE; do
  if [ -n "${!name+x}" ]; then args+=(--setenv "$name" "${!name}"); fi
done

usable() {
  command -v bwrap >/dev/null && bwrap "${args[@]}" true 2>/dev/null
}

if [ "$mode" = off ] || ! usable; then
  if [ "$mode" = require ]; then
    echo "error: ARCHIVE_LATEX_SANDBOX=require but bubblewrap (bwrap) cannot run here" >&2
    exit 1
  fi
  if [ "$mode" != off ]; then
    echo "warning: LaTeX runs without a sandbox (bubblewrap is missing or not allowed on" \
      "this machine); the build's checks and LaTeX's Lua guard still apply" >&2
  fi
  cd "$dir"
  exec "$@"
fi

exec bwrap "${args[@]}" "$@"
