"""Glossary terms that link themselves: the first use of each glossary entry in
each post's author text becomes the link a ``{term}`` role makes (the same
node, so the same look, hover definition, "Used in" back-reference and PDF
link); in a roundup post, the first use in each article blurb.

* The terms come from the glossary's source (``archive_glossary_page``),
  read before any document is read, so every post of a build (and of a
  parallel reader process) sees the same terms. An entry's several terms
  (synonyms) link to their own anchors; the entry is linked once per scope.
* Matching: whole words (a hyphen ends a word: “Anti-Universal Installers”),
  case-insensitive (a term written in capitals, such
  as an acronym, only in capitals), the longest term first, spaces and hyphens
  alike inside a term, and simple plurals and possessives (``-s``, ``-es``,
  ``-y``/``-ies``, ``'s``). Never in code, literal text, raw markup, links,
  headings, or what the editors wrote (the About box, notes, citations).
* Control: ``:no-autolink: term; term`` on the glossary directive (common
  words), ``autolink: false`` in a post's front matter, ``archive_autolink_terms
  = False`` in conf.py. A ``{term}`` role typed in a post wins: after it, its
  entry is not linked again automatically in that scope; a role can link a
  later use (or an alias, or a form no simple rule makes, or a word in a
  heading, where no automatic link goes).

The author's text is unchanged character for character: only link nodes are
put around words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import Glossary

from ..core.frontmatter import FrontMatterError, parse_post
from ..ext import stages
from .ours import is_ours
from .posts import is_post, source_path

#: where no automatic link goes: code, raw markup, links, headings, targets…
EXCLUDED = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.reference,
    addnodes.pending_xref,
    nodes.title,
    nodes.rubric,
    nodes.target,
    nodes.substitution_definition,
    nodes.math,
    nodes.image,
    addnodes.index,
    nodes.docinfo,
)  # the front matter (Sphinx keeps it as metadata, not text)


@dataclass(frozen=True)
class Entry:
    names: tuple[str, ...]  # the entry's terms, as the glossary writes them
    autolink: bool = True


# -- the glossary's source ------------------------------------------------------------
_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{glossary\}\s*$")


def _terms_of(line: str) -> str:
    return line.split(" : ", 1)[0].strip()  # "term : classifier" (an index key)


def glossary_blocks(text: str) -> list[tuple[dict[str, str], list[str]]]:
    """The options and content lines of each ``{glossary}`` directive in a
    MyST source (fenced with backticks or colons)."""
    blocks, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        match = _OPEN.match(lines[i].rstrip())
        i += 1
        if not match:
            continue
        fence, options, content = match.group("fence"), {}, []
        while i < len(lines) and not (
            lines[i].startswith(fence[0] * len(fence))
            and lines[i].strip() == fence[0] * len(lines[i].strip())
        ):
            content.append(lines[i])
            i += 1
        i += 1
        while content and (m := re.match(r"^:([\w-]+):\s*(.*)$", content[0])):
            options[m.group(1)] = m.group(2).strip()
            content.pop(0)
        blocks.append((options, content))
    return blocks


def entries_of(options: dict[str, str], content: list[str]) -> list[Entry]:
    """The glossary's entries, read as Sphinx's glossary directive reads them:
    unindented lines are terms (consecutive ones: one entry), indented ones
    the definition, ``.. `` a comment."""
    quiet = {t.strip().casefold() for t in options.get("no-autolink", "").split(";") if t.strip()}
    groups: list[list[str]] = []
    in_definition, in_comment = True, False
    for line in content:
        if not line.strip():
            continue
        if not line[0].isspace():
            if line.startswith(".. "):
                in_comment = True
                continue
            in_comment = False
            if in_definition:
                groups.append([_terms_of(line)])
                in_definition = False
            elif groups:
                groups[-1].append(_terms_of(line))
        elif not in_comment:
            in_definition = True
    return [Entry(tuple(names), not any(n.casefold() in quiet for n in names)) for names in groups]


@functools.lru_cache(maxsize=8)
def _read_glossary(path: str, mtime_ns: int, size: int) -> tuple[Entry, ...]:
    text = Path(path).read_text(encoding="utf-8-sig")
    return tuple(
        e for options, content in glossary_blocks(text) for e in entries_of(options, content)
    )


def glossary_terms(app: Sphinx, env) -> tuple[Entry, ...]:
    """The entries of the glossary page, as its source says now (none when
    there is no glossary page or automatic links are off)."""
    docname = app.config.archive_glossary_page
    if not app.config.archive_autolink_terms or docname not in env.found_docs:
        return ()
    path = Path(env.doc2path(docname))
    try:
        stat = path.stat()
    except OSError:
        return ()
    return _read_glossary(str(path), stat.st_mtime_ns, stat.st_size)


# -- matching ------------------------------------------------------------------------
def _name_pattern(name: str) -> str:
    words = [re.escape(w) for w in re.split(r"[\s\-]+", name.strip()) if w]
    body = r"[\s\-]+".join(words)
    last = name.strip()[-1:]
    if last in "yY" and len(name) > 2 and name[-2].lower() not in "aeiou":
        body = body[:-1] + r"(?:y|ies)"
    elif last.isalpha():
        body += r"(?:s|es)?"
    body += r"(?:['’]s|(?<=s)['’])?"  # a possessive: "'s", or "'" after a plural
    if name.isupper() and len(re.sub(r"\W", "", name)) > 1:  # an acronym: as written
        body = f"(?-i:{body})"
    return body


def _start(name: str) -> str:
    """What every use of *name* begins with (case aside): its first word, less
    a last letter that a plural may change ("policy" → "policies")."""
    first = re.split(r"[\s\-]+", name.strip())[0]
    return first[:-1] if len(first) > 1 else first


class Matcher:
    """One compiled pattern for every term: one pass over a text finds them all.

    The pass looks for the words a term can begin with (one short pattern),
    and tries the whole pattern only where one begins: a regular expression
    of a hundred alternatives tried at every position of every text was most
    of the time the linking took."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.names: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if entry.autolink:
                for name in entry.names:
                    self.names.setdefault(name, index)
        ordered = sorted(self.names, key=lambda n: (-len(n), n))
        self.order = ordered
        alternatives = "|".join(f"(?P<t{i}>{_name_pattern(n)})" for i, n in enumerate(ordered))
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I) if ordered else None
        starts = sorted({_start(n) for n in ordered}, key=lambda s: (-len(s), s))
        self.starts = (
            re.compile("(?<!\\w)(?=" + "|".join(re.escape(s) for s in starts) + ")", re.I)
            if ordered
            else None
        )

    def find(self, text: str):
        """``(start, end, name, entry index)`` of each term used in *text*, as
        ``self.pattern.finditer`` finds them (a use can only begin where one
        of the terms' first words begins)."""
        if self.pattern is None:
            return
        after = 0
        for candidate in self.starts.finditer(text):
            if candidate.start() < after:
                continue
            match = self.pattern.match(text, candidate.start())
            if match is None:
                continue
            name = self.order[int(match.lastgroup[1:])]
            after = match.end()
            yield match.start(), match.end(), name, self.names[name]


@functools.lru_cache(maxsize=8)
def matcher(entries: tuple[Entry, ...]) -> Matcher:
    return Matcher(entries)


# -- linking a post ---------------------------------------------------------------------
def _term_ref(text: str, name: str, docname: str, line: int | None) -> addnodes.pending_xref:
    """The node a ``{term}`` role makes."""
    ref = addnodes.pending_xref(
        "",
        nodes.inline(text, text, classes=["xref", "std", "std-term"]),
        refdoc=docname,
        refdomain="std",
        reftype="term",
        refexplicit=True,
        refwarn=True,
        reftarget=name.lower(),
    )
    ref.line = line
    return ref


def _scope(node: nodes.Node, blurbs: set[int]) -> int:
    """The scope of first uses: the article section of a roundup blurb, or the post."""
    parent = node.parent
    while parent is not None:
        if id(parent) in blurbs:
            return id(parent)
        parent = parent.parent
    return 0


def _linkable(text: nodes.Text) -> bool:
    parent = text.parent
    while parent is not None:
        if isinstance(parent, EXCLUDED) or is_ours(parent):
            return False
        parent = parent.parent
    return True


def link_terms(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    if not is_post(app.config, docname):
        return
    entries = glossary_terms(app, env)
    if not entries:
        return
    try:
        post = parse_post(source_path(env, docname).read_text(encoding="utf-8-sig"), docname)
    except (FrontMatterError, UnicodeDecodeError):
        return  # reported elsewhere (validate)
    if not post.autolink:
        return
    find = matcher(entries)
    by_name = {name.lower(): i for i, e in enumerate(entries) for name in e.names}
    blurbs = {
        id(box.parent)
        for box in doctree.findall(nodes.container)
        if "archive-blurb" in box["classes"] and isinstance(box.parent, nodes.section)
    }
    taken: set[tuple[int, int | None]] = set()
    # in document order: a {term} role typed in the post takes its entry from
    # there on (no automatic link after it in its scope; the first use before
    # it, if any, is still linked)
    for node in list(doctree.findall(lambda n: isinstance(n, (nodes.Text, addnodes.pending_xref)))):
        if isinstance(node, addnodes.pending_xref):
            if node.get("refdomain") == "std" and node.get("reftype") == "term":
                taken.add((_scope(node, blurbs), by_name.get(node["reftarget"].lower())))
            continue
        text = node
        if not _linkable(text):
            continue
        scope = _scope(text, blurbs)
        pieces, at = [], 0
        for start, end, name, entry in find.find(str(text)):
            if (scope, entry) in taken:
                continue
            taken.add((scope, entry))
            pieces += [
                nodes.Text(text[at:start]),
                _term_ref(text[start:end], name, docname, text.parent.line),
            ]
            at = end
        if pieces:
            pieces.append(nodes.Text(text[at:]))
            text.parent.replace(text, [p for p in pieces if not isinstance(p, nodes.Text) or p])


# -- the glossary directive, with its option --------------------------------------------
class ArchiveGlossary(Glossary):
    """Sphinx's glossary, with ``:no-autolink: term; term`` (terms that never
    link themselves, e.g. common words)."""

    option_spec = {**Glossary.option_spec, "no-autolink": directives.unchanged}


def setup(app: Sphinx) -> None:
    app.add_directive_to_domain("std", "glossary", ArchiveGlossary, override=True)
    app.connect("doctree-read", link_terms, priority=stages.Read.AUTOLINK)
