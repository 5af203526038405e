"""LaTeX code that got past the build's checks can read and write nothing
outside its own directory.

The checks of postarchive/latexsafe.py keep every page's text away from Lua;
these tests assume they failed. A document runs Lua that tries what the
attack on issue #21 did (read /etc/passwd and a secret beside the project,
write a file outside, start a program), through the PDF build's own runner
(postarchive/scripts/latex-sandbox.sh): once in the sandbox (bubblewrap), once with only the
Lua guard the preamble loads (a machine without bubblewrap). Either alone
holds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support.archivebuild import REPO

from postarchive.checks.latexsafe import GUARD, GUARD_LINE

SANDBOX = REPO / "postarchive" / "scripts" / "latex-sandbox.sh"
SECRET = "the-secret-beside-the-project"

ATTACK = r"""\documentclass{article}
\usepackage{fontspec}
%(guard)s
\begin{document}
\directlua{
  local function try(label, f)
    local ok, result = pcall(f)
    tex.print(-2, label .. ": " .. (ok and tostring(result) or "REFUSED"))
    tex.print("\\par")
  end
  try("passwd", function() return io.open("/etc/passwd", "r"):read("*l") end)
  try("secret", function() return io.open("%(secret)s", "r"):read("*l") end)
  try("lines", function() for l in io.lines("%(secret)s") do return l end end)
  try("write", function() local f = io.open("%(outside)s", "w"); f:write("x"); f:close(); return "WROTE" end)
  try("exec", function() return os.execute("touch %(outside)s.exec") end)
  try("popen", function() return io.popen("id"):read("*l") end)
  try("loaddata", function() return io.loaddata("%(secret)s") end)
  try("savedata", function() io.savedata("%(outside)s.save", "x"); return "WROTE" end)
  try("nul", function()
    return io.open("%(secret)s" .. string.char(0) .. "/../../x", "r"):read("*l") end)
  try("debug", function()
    local d = require("debug"); local n, f = d.getupvalue(io.open, 1)
    return f("%(secret)s", "r"):read("*l") end)
  try("mplib", function()
    local q = string.char(34)
    local mp = require("mplib").new({find_file = function(n) return n end})
    mp:execute("string s; s = readfrom " .. q .. "%(secret)s" .. q .. "; message s;")
    return mp:execute("write " .. q .. "x" .. q .. " to " .. q .. "%(outside)s.mp" .. q .. ";").log end)
  try("listing", function() for name in lfs.dir("/") do return name end end)
  try("inside", function() local f = io.open("inside.txt", "w"); f:write("ok"); f:close(); return "INSIDE-OK" end)
}
\end{document}
"""


def run_attack(tmp_path: Path, mode: str, guard: bool) -> tuple[str, Path]:
    stage = tmp_path / "stage" / "latex"
    stage.mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    outside = tmp_path / "written-outside"
    shutil.copy(GUARD, stage / GUARD.name)
    (stage / "attack.tex").write_text(
        ATTACK
        % {
            "guard": GUARD_LINE if guard else "",
            "secret": secret,
            "outside": outside,
        },
        encoding="utf-8",
    )
    env = {**os.environ, "ARCHIVE_LATEX_SANDBOX": mode}
    result = subprocess.run(
        ["bash", str(SANDBOX), str(stage), "lualatex", "--interaction=nonstopmode", "attack.tex"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert (stage / "attack.pdf").is_file(), result.stdout[-3000:] + result.stderr
    text = subprocess.run(
        ["pdftotext", str(stage / "attack.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text, tmp_path


def assert_contained(text: str, tmp_path: Path) -> None:
    assert "root:" not in text, text
    assert SECRET not in text, text
    assert not (tmp_path / "written-outside").exists()
    assert not (tmp_path / "written-outside.exec").exists()
    assert not (tmp_path / "written-outside.save").exists()
    assert not (tmp_path / "written-outside.mp").exists()
    assert "INSIDE-OK" in text, f"the document could not write its own files:\n{text}"


def test_the_attack_reads_files_without_either_defence(tmp_path):
    """The control: with neither the sandbox nor the guard, the same document
    does read the secret (so the two tests below test something)."""
    text, _tmp = run_attack(tmp_path, "off", guard=False)
    assert SECRET in text


@pytest.mark.skipif(
    shutil.which("bwrap") is None, reason="bubblewrap is not installed (make installs it)"
)
def test_the_sandbox_alone_contains_the_attack(tmp_path):
    text, tmp = run_attack(tmp_path, "require", guard=False)
    assert_contained(text, tmp)


def test_the_lua_guard_alone_contains_the_attack(tmp_path):
    text, tmp = run_attack(tmp_path, "off", guard=True)
    assert_contained(text, tmp)
    assert text.count("REFUSED") >= 11, text


def test_make_installs_bubblewrap_and_the_pdf_build_requires_it_where_it_runs():
    """The PDF build runs LaTeX through the sandbox script, and the machine
    set-up installs bubblewrap."""
    assert "bubblewrap" in (REPO / "tools" / "system-deps.sh").read_text(encoding="utf-8")
    build = (REPO / "postarchive" / "scripts" / "build.sh").read_text(encoding="utf-8")
    assert '"$here/pdfvolumes.py" "$stage/latex"' in build
    volumes = (REPO / "postarchive" / "scripts" / "pdfvolumes.py").read_text(encoding="utf-8")
    assert '"latex-sandbox.sh"), str(latexdir), "make", f"{name}.pdf"' in volumes
