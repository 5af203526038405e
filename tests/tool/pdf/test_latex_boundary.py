"""Nothing a page says reaches LaTeX as code, and nothing writes into a page's head.

Every route by which Sphinx's LaTeX writer copies a page's text into the
``.tex`` file unescaped (math, equation labels, ``tabularcolumns``…) is tried
with a LuaLaTeX payload, in one LaTeX build next to a good post: each hostile
post is named at the line of its payload, and the ``.tex`` the build writes
anyway (``--keep-going``) holds none of the payloads. Ordinary mathematics
still reaches the PDF as mathematics.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support.archivebuild import ROOTS, sphinx_build
from support.hostile import HEADER, PAYLOAD_LINE

from postarchive.checks.latexsafe import check_math, column_spec_problem

LUA = r"\directlua{local f=io.open('/etc/passwd','r'); tex.print(-2, f:read('*l'))}"

#: name: (payload, offset of the offending line within the payload)
LATEX_PAYLOADS = {
    "math-role-directlua": (f"Inline {{math}}`{LUA}` here.", 0),
    "math-block-write": ("```{math}\n\\directlua{io.open('/tmp/x','w'):write('x')}\n```", 0),
    "math-nowrap": ("```{math}\n:nowrap:\n\n\\end{equation}\\luaexec{os.exit(1)}\n```", 0),
    "math-label": ("```{math}\n:label: x}\\directlua{os.exit(1)}\\def\\y{\n\na = b\n```", 0),
    "math-caret-escape": ("The sum {math}`^^5cdirectlua{os.exit(1)}` is here.", 0),
    "math-csname": (r"See {math}`\csname directlua\endcsname{os.exit(1)}`.", 0),
    "math-catcode": (r"See {math}`\catcode`\@=11`.", 0),
    "math-input": (r"See {math}`\text{\input{/etc/passwd}}`.", 0),
    "math-write": (r"See {math}`\immediate\write18{id}`.", 0),
    "math-comment": (r"See {math}`x % \)`.", 0),
    "math-latelua": (r"See {math}`\latelua{os.exit(1)}`.", 0),
    # ^^ after a backslash: TeX reads \^^64irectlua as \directlua
    "math-control-caret": (r"See {math}`E = mc \^^64irectlua{os.exit(1)}`.", 0),
    # the acks directive's items reach the .tex verbatim
    "acks": ("```{acks}\n* Alice \\directlua{os.exit(1)}\n* Bob\n```", 0),
    "eval-rst-math": ("```{eval-rst}\n.. math:: \\openin1=/etc/passwd\n```", 0),
    "tabularcolumns": (
        "```{eval-rst}\n.. tabularcolumns:: |>{\\directlua{os.exit(1)}}l|l|\n\n"
        "+---+---+\n| a | b |\n+---+---+\n```",
        0,
    ),
}

#: what must never appear in the .tex file (a payload copied verbatim)
NEVER_IN_TEX = re.compile(
    r"\\(directlua|luaexec|latelua|openin|catcode|csname|input\{/etc)"
    r"|\^\^5c|\\write18"
)

GOOD_MATH = r"""The identity {math}`e^{i\pi} + 1 = 0` holds, and

```{math}
:label: euler

\begin{pmatrix} a & b \\ c & d \end{pmatrix}
\frac{\partial f}{\partial x} = \sum_{k=1}^{\infty} \alpha_k \sqrt{x}
```

as {eq}`euler` shows.
"""


def post(name: str, body: str) -> str:
    return HEADER.format(title=f"Hostile {name}") + body + "\n"


@pytest.fixture(scope="module")
def latex_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("latexroutes")
    src = tmp / "src"
    shutil.copytree(ROOTS / "test-badpost", src)
    for name, (payload, _offset) in LATEX_PAYLOADS.items():
        (src / "posts" / f"hostile-{name}.md").write_text(post(name, payload), encoding="utf-8")
    (src / "posts" / "good-math.md").write_text(post("good math", GOOD_MATH), encoding="utf-8")
    result = sphinx_build(src, tmp / "build", builder="latex", check=False)
    # the pages' text of every .tex (the book and the volumes; the set-up before it is ours)
    texs = [p.read_text(encoding="utf-8") for p in (tmp / "build" / "latex").glob("*.tex")]
    tex = "\n".join(t[t.index(r"\chapter{") :] for t in texs if r"\chapter{" in t)
    return result, result.stdout + result.stderr, tex, src


def test_the_build_refuses_every_route_without_a_traceback(latex_build):
    result, output, _tex, _src = latex_build
    assert result.returncode != 0
    assert "Traceback" not in output and "Exception occurred" not in output


@pytest.mark.parametrize("name", sorted(LATEX_PAYLOADS))
def test_each_route_is_named_at_its_payload(latex_build, name):
    _result, output, _tex, src = latex_build
    payload, offset = LATEX_PAYLOADS[name]
    path = src / "posts" / f"hostile-{name}.md"
    lines = {int(m) for m in re.findall(re.escape(str(path)) + r":(\d+): ERROR", output)}
    assert lines, f"{path.name} was not reported:\n{output[-3000:]}"
    first = PAYLOAD_LINE + offset
    assert lines <= set(range(first, first + payload.count("\n") + 1)), lines


def test_no_payload_reaches_the_tex_file(latex_build):
    _result, _output, tex, _src = latex_build
    assert tex, "no .tex file was written"
    assert not NEVER_IN_TEX.findall(tex)


def test_only_hostile_posts_are_blamed(latex_build):
    _result, output, _tex, src = latex_build
    blamed = {Path(p).name for p in re.findall(r"^(\S+?):\d+: ERROR", output, re.M)}
    assert blamed <= {f"hostile-{n}.md" for n in LATEX_PAYLOADS}, blamed


def test_ordinary_mathematics_still_reaches_the_pdf(latex_build):
    _result, _output, tex, _src = latex_build
    assert r"\frac{\partial f}{\partial x}" in tex
    assert r"\begin{pmatrix}" in tex and r"e^{i\pi} + 1 = 0" in tex


@pytest.mark.parametrize(
    "tex",
    [
        r"\frac{a}{b}",
        r"\sqrt[3]{x}",
        r"\begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}",
        r"\mathbb{R}^n \to \mathcal{L}",
        r"\left( \sum_{i=1}^n i \right)^2",
        r"a \, b \; c \! d",
        r"\{x \mid x \in \mathbb{N}\}",
        r"50\% \# \&",
        r"\operatorname{argmax}_x f(x)",
    ],
)
def test_what_mathematicians_write_is_allowed(tex):
    assert check_math(tex) is None


@pytest.mark.parametrize(
    "tex",
    [
        r"\directlua{}",
        r"\luaexec{}",
        r"\latelua{}",
        r"\csname x\endcsname",
        r"\catcode",
        r"\input",
        r"\openin",
        r"\write",
        r"^^5c",
        r"\def\x{}",
        r"\let\a\b",
        r"\newcommand",
        r"\expandafter",
        r"\begin{filecontents}",
        r"x % comment",
        r"#1",
        r"\luatexdirectlua{}",
        r"\immediate",
        r"\directluaé",
        r"\usepackage{x}",
        r"\special{x}",
        r"\pdfliteral{x}",
        r"\scantokens{x}",
    ],
)
def test_what_runs_code_is_refused(tex):
    assert check_math(tex) is not None


@pytest.mark.parametrize(
    "spec,ok",
    [
        ("|l|l|", True),
        (r"\X{1}{2}\X{1}{2}", True),
        ("p{3cm}|c|R", True),
        (r"\Y{0.3}L", True),
        (r"|>{\directlua{x}}l|l|", False),
        (r"l@{\input x}l", False),
        ("l}{", False),
    ],
)
def test_tabularcolumns_takes_only_column_types(spec, ok):
    assert (column_spec_problem(spec) is None) is ok


def test_a_page_whose_file_name_would_reach_latex_is_refused(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-badpost", src)
    (src / "notes}{x.md").write_text(
        "---\norphan: true\n---\n\n# Notes\n\nText.\n", encoding="utf-8"
    )
    result = sphinx_build(src, tmp_path / "build", builder="latex", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"notes\}\{x\.md:1: ERROR: the file name .* reach LaTeX", output), output


def test_the_written_tex_is_checked_once_more(tmp_path):
    """The last net: should a route be missed, what runs code in the pages'
    part of the .tex is defused (shown as text) and the build fails, naming
    the page; the set-up before the table of contents is ours and left alone."""
    from postarchive.checks.latexsafe import _tripwire

    text = (
        r"\directlua{ours}\sphinxtableofcontents"
        "\n"
        r"\label{\detokenize{posts/a::doc}}Text \directlua{x} ^^5c \inputencoding"
        "\n"
        r"\renewcommand{\indexname}{Index}"
    )
    out = _tripwire(Path("book.tex"), text)
    assert out.startswith(r"\directlua{ours}")
    assert r"Text \textbackslash{}directlua{x} \textasciicircum{}\textasciicircum{}5c" in out
    assert r"\inputencoding" in out
