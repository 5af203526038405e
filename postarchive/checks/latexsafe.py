"""What Sphinx's LaTeX writer copies into the ``.tex`` file as LaTeX, checked
against an allowlist before it gets there.

LuaLaTeX runs Lua (``\\directlua``, ``\\luaexec``, ``\\latelua``…), and Lua
reads and writes files whatever kpathsea says: any text that reaches the
``.tex`` file unescaped is code. The writer escapes ordinary text; a few
node attributes it copies verbatim (``sphinx/writers/latex.py``), and each
is checked here on the doctree of every document, while it is read:

* math, inline and display (:func:`check_math`): a tokenizer and an
  allowlist of the control sequences and environments that amsmath and
  MathJax users write; no ``%`` or ``#`` (a comment would swallow the
  delimiter, ``#`` is a macro parameter), no ``^^`` escapes;
* equation labels (``:label:``) and the targets of ``{eq}`` references;
* the column specification of ``tabularcolumns`` (a grammar of column types);
* footnote labels (a number), image sizes (a length), image file names,
  class names (``\\DUrole{…}``, ``sphinxuseclass``), enumerated-list
  prefixes and suffixes.

A refused value is reported with file and line (``archive.latex``) and the
node is replaced by its text (math becomes literal text), so the page keeps
every word and nothing of it is run. Raw LaTeX is refused by :mod:`.safety`
(except the reviewed ``archive_trusted_raw``). The PDF build also runs LaTeX
with Lua's file and process functions restricted, in a sandbox where the
machine allows it (``postarchive/scripts/latex-sandbox.sh``): a defence in depth, not a
reason to let anything through here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..core.files import write_if_changed
from ..ext import report, stages
from ..ext.domain import get_domain
from ..ext.report import Kind

# -- math -----------------------------------------------------------------------
#: Control words of math that amsmath, amssymb and MathJax users write.
MATH_COMMANDS = frozenset(
    """
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda
mu nu xi omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega varGamma varDelta varTheta
varLambda varXi varPi varSigma varUpsilon varPhi varPsi varOmega digamma aleph beth gimel daleth
hbar hslash imath jmath ell wp Re Im partial infty nabla emptyset varnothing forall exists
nexists neg lnot top bot angle measuredangle sphericalangle triangle square blacksquare
lozenge blacklozenge bigstar diamondsuit heartsuit clubsuit spadesuit flat natural sharp
prime backprime surd complement eth mho Finv Game Bbbk circledS checkmark maltese
pm mp times div cdot ast star circ bullet oplus ominus otimes oslash odot bigcirc dagger
ddagger amalg cap cup uplus sqcap sqcup vee wedge setminus smallsetminus wr diamond
bigtriangleup bigtriangledown triangleleft triangleright lhd rhd unlhd unrhd land lor
dotplus ltimes rtimes leftthreetimes rightthreetimes curlywedge curlyvee barwedge
doublebarwedge boxplus boxminus boxtimes boxdot circleddash circledast circledcirc centerdot
intercal divideontimes
leq le geq ge neq ne equiv approx approxeq cong sim simeq asymp propto prec succ preceq
succeq ll gg lll ggg subset supset subseteq supseteq nsubseteq nsupseteq subsetneq supsetneq
sqsubset sqsupset sqsubseteq sqsupseteq in ni notin owns mid nmid parallel nparallel perp
models vdash dashv vDash Vdash Vvdash smile frown bowtie doteq doteqdot fallingdotseq
risingdotseq triangleq eqcirc circeq bumpeq Bumpeq leqq geqq leqslant geqslant eqslantless
eqslantgtr lesssim gtrsim lessapprox gtrapprox lessgtr gtrless lesseqgtr gtreqless
nless ngtr nleq ngeq nleqslant ngeqslant lneq gneq lneqq gneqq lnsim gnsim nsim ncong
nprec nsucc npreceq nsucceq precsim succsim precapprox succapprox thicksim thickapprox
backsim backsimeq therefore because between pitchfork shortmid shortparallel nshortmid
nshortparallel vartriangleleft vartriangleright trianglelefteq trianglerighteq
ntriangleleft ntriangleright ntrianglelefteq ntrianglerighteq blacktriangleleft
blacktriangleright blacktriangle blacktriangledown vartriangle triangledown
Subset Supset Cap Cup subseteqq supseteqq nsubseteqq nsupseteqq varsubsetneq varsupsetneq
leftarrow gets rightarrow to leftrightarrow Leftarrow Rightarrow Leftrightarrow longleftarrow
longrightarrow longleftrightarrow Longleftarrow Longrightarrow Longleftrightarrow iff implies
impliedby mapsto longmapsto hookleftarrow hookrightarrow leftharpoonup leftharpoondown
rightharpoonup rightharpoondown rightleftharpoons leftrightharpoons uparrow downarrow
updownarrow Uparrow Downarrow Updownarrow nearrow searrow swarrow nwarrow leadsto
rightsquigarrow leftrightsquigarrow nleftarrow nrightarrow nleftrightarrow nLeftarrow
nRightarrow nLeftrightarrow twoheadleftarrow twoheadrightarrow leftleftarrows
rightrightarrows leftrightarrows rightleftarrows upuparrows downdownarrows
curvearrowleft curvearrowright circlearrowleft circlearrowright Lsh Rsh looparrowleft
looparrowright rightarrowtail leftarrowtail multimap Lleftarrow Rrightarrow
xleftarrow xrightarrow
sum prod coprod int iint iiint iiiint oint bigcup bigcap bigsqcup bigvee bigwedge bigoplus
bigotimes bigodot biguplus intop smallint
sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth exp log ln lg lim liminf
limsup sup inf max min arg det dim gcd hom ker deg Pr injlim projlim varlimsup varliminf
varinjlim varprojlim
frac dfrac tfrac cfrac sqrt root of binom dbinom tbinom genfrac over atop choose brace brack
overline underline overbrace underbrace overrightarrow overleftarrow overleftrightarrow
underrightarrow underleftarrow underleftrightarrow widehat widetilde hat check tilde acute
grave dot ddot dddot ddddot breve bar vec mathring overset underset stackrel sideset
boxed
left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr bigm Bigm
biggm Biggm
langle rangle lceil rceil lfloor rfloor lvert rvert lVert rVert vert Vert backslash
lbrace rbrace lbrack rbrack ulcorner urcorner llcorner lrcorner lgroup rgroup lmoustache
rmoustache arrowvert Arrowvert bracevert uparrow
mathrm mathit mathbf mathsf mathtt mathcal mathbb mathfrak mathscr mathnormal boldsymbol bm
pmb operatorname text textrm textit textbf textsf texttt textup textnormal mbox emph rm it bf
sf tt cal mit
displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits
quad qquad enspace thinspace negthinspace medspace negmedspace thickspace negthickspace
hspace hskip kern mkern mskip phantom vphantom hphantom smash mathstrut strut
ldots cdots vdots ddots dots dotsc dotsb dotsm dotsi dotso colon
begin end hline cline hdashline
tag notag nonumber
not cancel
mod bmod pmod pod
lbrace rbrace
AA aa ss ae AE oe OE o O l L i j
mathclap mathllap mathrlap clap llap rlap
substack underbracket overbracket
dagger S P copyright pounds
""".split()
)

#: Environments allowed in math (amsmath's and the array package's).
MATH_ENVIRONMENTS = frozenset(
    """
matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix cases aligned alignedat gathered
split array subarray align align* gather gather* equation equation* multline multline*
flalign flalign* alignat alignat* eqnarray eqnarray*
""".split()
)

#: Control symbols: a backslash and one non-letter.
MATH_SYMBOLS = frozenset(r", ; : ! { } | # % & $ _ > < ' ` ^ ~ . / - =".split()) | {
    "\\",
    " ",
    "\n",
    "\t",
}

_MATH_TOKEN = re.compile(r"\\([^\W\d_]+|.)|(\^\^)|([%#])", re.S)
_ENV_NAME = re.compile(r"\s*\{([A-Za-z]+\*?)\}")


def check_math(tex: str) -> str | None:
    """The first thing in *tex* that may not reach LaTeX, or ``None``."""
    if "^^" in tex:  # TeX reads ^^xx as a character before anything else (``\^^64irectlua``)
        return "a ^^ escape"
    for match in _MATH_TOKEN.finditer(tex):
        word, caret, special = match.groups()
        if caret:
            return "a ^^ escape"
        if special:
            return f"a bare {special!r} (write \\{special})"
        if word in ("begin", "end"):
            env = _ENV_NAME.match(tex, match.end())
            if not env:
                return f"\\{word} without an environment name"
            if env.group(1) not in MATH_ENVIRONMENTS:
                return f"the environment {env.group(1)!r}"
        elif len(word) == 1 and not word.isalpha():
            if word not in MATH_SYMBOLS:
                return f"the control symbol \\{word}"
        elif word not in MATH_COMMANDS:
            return f"the command \\{word}"
    return None


# -- other values the writer copies ------------------------------------------------
#: A LaTeX label (Sphinx writes ``\label{equation:<doc>:<label>}``).
LABEL = re.compile(r"[\w.:+-]+")
#: A length as docutils and Sphinx's ``rstdim_to_latexdim`` understand it.
LENGTH = re.compile(r"\d*\.?\d+\s*(px|pt|bp|%|em|ex|cm|mm|in|pc|ch|rem|vw|vh|vmin|vmax|Q)?")
#: A class name (docutils' ``make_id`` shape, letters of any script).
CLASS = re.compile(r"[\w-]+")
_DIM = r"\s*\d*\.?\d+\s*(?:pt|bp|mm|cm|in|em|ex|pc|\\linewidth|\\textwidth|\\sphinxpxdimen)?\s*"
#: One column of a ``tabularcolumns`` specification (Sphinx's column types).
COLUMN = re.compile(
    r"\s*(?:\||[lcrLCRJT]|[pmb]\{" + _DIM + r"\}|\\X\{\d+\}\{\d+\}|\\Y\{\d*\.?\d+\}"
    r"|\*\{\d+\}\{[|lcrLCRJT]+\})\s*"
)
#: What may not be in a file name the writer puts in ``\sphinxincludegraphics{…}``.
UNSAFE_PATH = re.compile(r"[\\{}%#$^&~\x00-\x1f\x7f]")
LIST_AFFIXES = frozenset(["", "(", ")", "."])


def column_spec_problem(spec: str) -> str | None:
    """``None`` when *spec* is a sequence of Sphinx's column types only."""
    pos = 0
    while pos < len(spec):
        match = COLUMN.match(spec, pos)
        if not match or match.end() == pos:
            return f"the column specification {spec!r}"
        pos = match.end()
    return None


def node_line(node: nodes.Node) -> int | None:
    """The source line of *node*, or of its nearest ancestor that has one."""
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return None


def _report(what: str, problem: str, docname: str, node: nodes.Node) -> None:
    report.error(
        Kind.LATEX,
        "%s may not contain %s: it would reach LaTeX as code (refused, shown as text)",
        what,
        problem,
        location=report.at(docname, node_line(node)),
    )


def _as_text(node: nodes.Element) -> None:
    """Replace a refused node by its text, in a literal (every word kept)."""
    text = node.astext()
    if isinstance(node, addnodes.tabular_col_spec):
        node.parent.remove(node)
    elif isinstance(node, nodes.math_block) or not isinstance(node.parent, nodes.TextElement):
        node.replace_self(nodes.literal_block(text, text))
    else:
        node.replace_self(nodes.literal(text, text))


def _problems(node: nodes.Element) -> Iterator[tuple[str, str, bool]]:
    """``(what, problem, replace)`` for each refused value of *node*."""
    if isinstance(node, (nodes.math, nodes.math_block)):
        if problem := check_math(node.astext()):
            yield "math", problem, True
        label = node.get("label")
        if label and not LABEL.fullmatch(str(label)):
            yield "an equation label", f"the characters of {label!r}", True
    elif isinstance(node, addnodes.acks):  # the writer copies each item's text verbatim
        yield "the acks directive", "its items (they reach LaTeX unescaped)", True
    elif isinstance(node, addnodes.tabular_col_spec):
        if problem := column_spec_problem(node.get("spec", "")):
            yield "tabularcolumns", problem, True
    elif isinstance(node, addnodes.pending_xref) and node.get("reftype") == "eq":
        if not LABEL.fullmatch(node.get("reftarget", "")):
            yield "an equation reference", f"the characters of {node['reftarget']!r}", True
    elif isinstance(node, nodes.footnote) and node.children and isinstance(node[0], nodes.label):
        if not node[0].astext().isdigit():
            yield "a footnote label", f"{node[0].astext()!r} (only numbers)", False
    elif isinstance(node, nodes.image):
        yield from _image_problems(node)
    elif isinstance(node, nodes.enumerated_list):
        for key in ("prefix", "suffix"):
            if node.get(key, "") not in LIST_AFFIXES:
                yield "a list", f"the {key} {node[key]!r}", False
    for cls in node.get("classes", []):
        if not CLASS.fullmatch(cls):
            yield "a class name", repr(cls), False


def _image_problems(node: nodes.image) -> Iterator[tuple[str, str, bool]]:
    for key in ("width", "height"):
        if key in node and not LENGTH.fullmatch(str(node[key]).strip()):
            yield f"an image {key}", repr(node[key]), False
    uri = node.get("uri", "")
    if not uri.startswith("data:") and "://" not in uri and UNSAFE_PATH.search(uri):
        yield "an image file name", f"the characters of {uri!r}", False


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """Check every value of *doctree* the LaTeX writer would copy verbatim."""
    docname = app.env.docname
    found = bool(UNSAFE_PATH.search(docname))
    if found:  # the writer puts document names in labels (``\detokenize{…}``) and comments
        report.error(
            Kind.LATEX,
            "the file name %r may not contain \\ { } %% # $ ^ & ~ or control "
            "characters: it would reach LaTeX as code (rename the file)",
            docname,
            location=report.at(docname, 1),
        )
    for node in list(doctree.findall(nodes.Element)):
        for what, problem, replace in _problems(node):
            _report(what, problem, docname, node)
            found = True
            if replace and node.parent is not None:
                _as_text(node)
            elif node.parent is not None and not replace:
                _neutralise(node)
    if found:
        get_domain(app.env).note_problem(docname)


def _neutralise(node: nodes.Element) -> None:
    """Keep the node's words, drop what would reach LaTeX."""
    node["classes"] = [c for c in node.get("classes", []) if CLASS.fullmatch(c)]
    if isinstance(node, nodes.image):
        node.parent.remove(node)
    elif isinstance(node, nodes.enumerated_list):
        node["prefix"], node["suffix"] = "", "."
    elif isinstance(node, nodes.footnote):
        node[0].children = [nodes.Text("0")]


# -- the Lua guard (the second line: what runs Lua in spite of the checks) --------
GUARD = Path(__file__).resolve().parents[1] / "latex" / "archive-luaguard.lua"
#: The last line of the preamble: packages have loaded, no page's text has been read.
GUARD_LINE = r"\directlua{dofile('archive-luaguard.lua')}% Lua restricted from here on (postarchive.checks.latexsafe)"


def add_guard(app: Sphinx, config) -> None:
    preamble = config.latex_elements.get("preamble", "")
    if GUARD_LINE not in preamble:
        config.latex_elements = {
            **config.latex_elements,
            "preamble": preamble + "\n" + GUARD_LINE + "\n",
        }


def write_guard(app: Sphinx, exception: Exception | None) -> None:
    """Put the guard beside the .tex file (the preamble loads it by name)."""
    if exception is None and app.builder.format == "latex":
        write_if_changed(Path(app.outdir) / GUARD.name, GUARD.read_bytes())


# -- U+FFFD: LuaTeX reads the replacement character as a broken UTF-8 sequence --------
#: LuaTeX marks an undecodable input byte with U+FFFD and stops on the error
#: "String contains an invalid utf-8 sequence", so a literal U+FFFD in the
#: text (real blogs have them, from an encoding accident years ago) stops the
#: PDF. The character is written as ``\symbol{"FFFD}`` instead (the same glyph).
REPLACEMENT = "\ufffd"
REPLACEMENT_TEX = '\\symbol{"FFFD}'


#: What no page's text can put into the .tex once it is escaped: the primitives
#: that run Lua, read or write files, or change how TeX reads its input.
TRIPWIRE = re.compile(
    r"\\(?:directlua|luaexec|latelua|lateluafunction|luafunction|luafunctioncall|luabytecode"
    r"|luabytecodecall|luadirect|luacode|luaescapestring|csname|catcode|input"
    r"|openin|openout|immediate|scantokens|special|pdfextension|pdfliteral|everyeof"
    r"|endlinechar)(?![A-Za-z])|\^\^|\\begin\{(?:luacode|filecontents)"
)
#: where a document starts (Sphinx's label) and ends (postarchive.pdf.macros's comment)
_DOC_EDGE = re.compile(
    r"\\label\{\\detokenize\{(?P<start>[^}]*)::doc\}\}|^% archive-end-of-document (?P<end>\S+)$",
    re.M,
)


def _document_at(text: str, pos: int, root: str) -> str:
    """The document whose text is at *pos* of the .tex (documents nest: the
    root's toctrees include the others)."""
    stack: list[str] = []
    for edge in _DOC_EDGE.finditer(text, 0, pos):
        if edge.group("start"):
            stack.append(edge.group("start"))
        elif stack and stack[-1] == edge.group("end"):
            stack.pop()
    return stack[-1] if stack else root


def finish_tex(app: Sphinx, exception: Exception | None) -> None:
    """The written .tex files: U+FFFD as ``\\symbol``, and a last look at the
    pages' part (after the table of contents, before the index) for anything
    that runs code. The checks on read should have stopped it: if something
    got through, it is defused (shown as text) and the build fails, naming
    the page."""
    if exception is not None or app.builder.format != "latex":
        return
    for tex in Path(app.outdir).glob("*.tex"):
        text = tex.read_text(encoding="utf-8")
        fixed = _tripwire(tex, text.replace(REPLACEMENT, REPLACEMENT_TEX), app.config.root_doc)
        if fixed != text:
            tex.write_text(fixed, encoding="utf-8")


def _tripwire(tex: Path, text: str, root: str = "index") -> str:
    start = text.find("\\sphinxtableofcontents")
    start = start if start >= 0 else text.find("\\begin{document}")
    end = text.find("\\renewcommand{\\indexname}")
    end = end if end >= 0 else len(text)
    out, pos = [], 0
    for match in TRIPWIRE.finditer(text, max(start, 0), end):
        report.error(
            Kind.LATEX,
            "%s line %d: %r reached the LaTeX file from the page %s, past the checks: it is "
            "shown as text and the PDF is not built (please report this route)",
            tex.name,
            text.count("\n", 0, match.start()) + 1,
            match.group(0),
            _document_at(text, match.start(), root),
        )
        out += [text[pos : match.start()], _defused(match.group(0))]
        pos = match.end()
    return "".join(out) + text[pos:]


def _defused(token: str) -> str:
    return token.replace("\\", "\\textbackslash{}").replace("^", "\\textasciicircum{}")


def uri_for_latex(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Link addresses in the PDF: characters that are no letters, marks,
    numbers, punctuation or symbols (direction overrides, joiners, U+FFFD…)
    percent-encoded, the address the same (a PDF link is a URI, and LuaTeX
    cannot take U+FFFD in one)."""
    if app.builder.format != "latex":
        return
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if uri and any(_unlinkable(c) for c in uri):
            ref["refuri"] = "".join(quote(c) if _unlinkable(c) else c for c in uri)


def _unlinkable(char: str) -> bool:
    return char == REPLACEMENT or unicodedata.category(char)[0] in "CZ" and char != " "


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_guard, priority=stages.ConfigInited.LATEX_GUARD)
    app.connect("build-finished", write_guard)
    app.connect("build-finished", finish_tex)
    app.connect("doctree-resolved", uri_for_latex)
    app.connect("doctree-read", check_doctree, priority=stages.Read.LATEX_CHECKS)
