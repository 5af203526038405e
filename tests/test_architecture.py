"""The extension's shape: one job per module, imports that run one way.

A module imports only modules below it (no import circle), never inside a
function (which would hide a circle), and the post model imports nothing of
the package."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "postarchive"
SUBPACKAGES = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}


def package_imports() -> dict[str, dict[str, list[int]]]:
    """``{module: {imported module: [lines]}}`` for imports within the package;
    a line is negative when the import is inside a function."""
    graph: dict[str, dict[str, list[int]]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        here = graph.setdefault(path.stem, {})
        functions = [
            n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        nested = {id(n) for f in functions for n in ast.walk(f)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [node.module] if node.module else [a.name for a in node.names]
                for name in names:
                    line = -node.lineno if id(node) in nested else node.lineno
                    here.setdefault(name.split(".")[0], []).append(line)
    return graph


def test_imports_run_one_way():
    graph = package_imports()
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        if state.get(module) == "done":
            return
        assert state.get(module) != "active", "import circle: " + " → ".join(path + [module])
        state[module] = "active"
        for imported in graph.get(module, {}):
            if imported != "__init__":
                visit(imported, path + [module])
        state[module] = "done"
        order.append(module)

    for module in graph:
        visit(module, [])
    assert order.index("model") < order.index("frontmatter") < order.index("posts")


def test_no_package_import_inside_a_function():
    inside = {
        f"{module}.py:{-line}": imported
        for module, imports in package_imports().items()
        for imported, lines in imports.items()
        for line in lines
        if line < 0
    }
    assert inside == {}


def test_the_post_model_stands_alone():
    graph = package_imports()
    assert graph["model"] == {}
    assert graph["topiclist"] == {}
    assert graph["addresses"] == {}
    assert set(graph["frontmatter"]) == {"model", "addresses"}


def test_the_readme_map_names_every_module_in_import_order():
    """README's "How the extension works" lists every module, each below the
    modules it imports."""
    import re

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the extension works", 1)[1].split("\n## ", 1)[0]
    order = re.findall(r"^\| `(\w+)` \|", section, re.M)
    graph = package_imports()
    assert set(order) == set(graph) - {"__init__"}
    position = {module: i for i, module in enumerate(order)}
    for module in order:
        for imported in graph[module]:
            if imported in SUBPACKAGES:  # a layer of its own (the importer: no Sphinx)
                continue
            assert position[imported] < position[module], f"{module} imports {imported}"


def test_the_importer_and_the_settings_load_no_sphinx():
    """At run time: importing the importer (and reading a conf.py's settings)
    leaves Sphinx and docutils out of ``sys.modules``; the extension loads
    them when Sphinx calls ``setup()``."""
    import subprocess
    import sys

    code = (
        "import sys, postarchive.importer.cli, postarchive.settings, postarchive.command;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent
    ).stdout
    assert out.strip() == "[]"


def test_the_package_loads_its_extension_only_in_setup():
    init = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    tree = ast.parse(init)
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported <= {"__future__", "version"}
    assert 'importlib.import_module(".extension", __name__)' in init


def test_every_function_fits_on_a_screen():
    """Every function of the package is at most 60 lines long; the one
    exception is a line-for-line port of PHP that says so in its docstring."""
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                doc = ast.get_docstring(node) or ""
                if length > 60 and "line-for-line port" not in doc:
                    too_long.append(
                        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({length})"
                    )
    assert too_long == []
