# Agile in the Clouds — the archive's build.
#   make        installs what is missing, builds the HTML site and the PDF
#   make test   runs every test (unit, built site, PDF, browser)
#   make bench  measures build and search cost at 300 and 1,000 posts (BENCHOPTS=--write
#               writes BENCHMARKS.md)
SHELL       := /bin/bash
PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
BUILDDIR    ?= build
SPHINXOPTS  ?= -nW --keep-going
PDFNAME     := $(shell $(PYTHON) postarchive/scripts/confvalue.py archive_pdf_name)
export BUILDDIR SPHINXOPTS PDFNAME
export SPHINXBUILD := $(BIN)/sphinx-build

.DEFAULT_GOAL := all
.PHONY: all html pdf latexpdf test test-property bench livehtml linkcheck clean help setup system-deps import

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

all: setup  ## build the HTML site and the PDF (default)
	bash postarchive/scripts/build.sh all

html: setup  ## build the HTML site into build/html
	bash postarchive/scripts/build.sh html

pdf: setup  ## build the PDF: the whole book and a volume per year (Sphinx LaTeX builder, pdfLaTeX or LuaLaTeX, latexmk)
	bash postarchive/scripts/build.sh pdf

latexpdf: pdf  ## the same as make pdf (the name Sphinx's messages use)

test: setup  ## run every test
	$(BIN)/python -m pytest tests

test-property: setup  ## the property tests with many more generated inputs (several minutes)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests -k "escaping or property"

bench: setup  ## benchmark the build and search at 300 and 1,000 posts against plain Sphinx and ABlog
	$(BIN)/python tools/bench.py $(BENCHOPTS)

import: setup  ## import a WordPress export or feed: make import FROM=export.xml [IMPORTOPTS=…]
	@test -n "$(FROM)" || { echo "usage: make import FROM=export.xml (a split export: FROM=\"a.xml b.xml\");" \
	  "options: IMPORTOPTS=\"--dry-run --pages --uploads DIR --topic-map FILE --force\"" >&2; exit 2; }
	$(BIN)/python -m postarchive.importer $(IMPORTOPTS) $(FROM)

livehtml: setup  ## serve the site and rebuild it on every change
	$(BIN)/sphinx-autobuild -c . docs $(BUILDDIR)/live -d $(BUILDDIR)/doctrees/live \
	  --watch postarchive --watch conf.py $(SPHINXOPTS)

linkcheck: setup  ## check the external links
	$(SPHINXBUILD) -b linkcheck -c . -d $(BUILDDIR)/doctrees/linkcheck docs $(BUILDDIR)/linkcheck $(SPHINXOPTS)

clean:  ## remove the build output (after the running build, if any, has finished)
	@if [ -d $(BUILDDIR) ]; then \
	  exec 9> $(BUILDDIR)/.lock; \
	  flock -n 9 || { echo "a build is running in $(BUILDDIR); waiting for it" >&2; flock 9; }; \
	  find $(BUILDDIR) -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +; \
	fi

setup: system-deps $(VENV)/.installed

system-deps:
	@bash tools/system-deps.sh

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@
