#!/usr/bin/env bash
# Install the Debian packages the build and the tests need, if they are missing.
# Prints what it installs; prints nothing to install when all are present.
set -euo pipefail

PACKAGES=(
  # PDF: Sphinx's LaTeX builder with lualatex through latexmk; xindy for the index
  latexmk texlive-luatex texlive-latex-extra texlive-fonts-recommended xindy
  # the PDF's fonts (conf.py, archive_pdf_fonts): text; CJK and Hangul; emoji and
  # symbols; Arabic; the last fallback. fontconfig finds them (fc-match).
  fonts-freefont-otf fonts-wqy-microhei fonts-symbola fonts-hosny-amiri fonts-dejavu-core
  fontconfig
  # tests: PDF to images/text, and the browser that Playwright drives
  poppler-utils chromium
  # the sandbox LaTeX runs in (postarchive/scripts/latex-sandbox.sh)
  bubblewrap
)

missing=()
# Debian's own python3 needs python3-venv for `python3 -m venv`
if ! "${PYTHON:-python3}" -c "import ensurepip, venv" 2>/dev/null; then
  missing+=(python3-venv)
fi
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${PACKAGES[*]})"
  exit 0
fi

echo "system packages: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "system packages: installed ${missing[*]}"
