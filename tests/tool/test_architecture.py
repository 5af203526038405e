"""The package's shape: subpackages by layer, one job per module, imports
that run one way.

A module imports only modules below it (no import circle), never inside a
function (which would hide a circle); a layer imports only the layers below
it; the core and the importer import no Sphinx."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from support.paths import REPO

PACKAGE = REPO / "postarchive"

#: the layers, bottom to top; a module may import its own layer and those
#: before it. The top level holds the entry points (extension, command, new).
LAYERS = ["core", "importer", "ext", "content", "pages", "checks", "html", "pdf", ""]
#: html and pdf are side by side: neither imports the other
SIDE_BY_SIDE = {("html", "pdf"), ("pdf", "html")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    first = module.split(".")[0]
    return (
        first if "." in module and first in LAYERS else ("importer" if first == "importer" else "")
    )


def _resolve(here: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    base = here.split(".") if here else []
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    prefix = ".".join(base + ([node.module] if node.module else []))
    # a name imported may be a module or a name in one (package_imports tells)
    return [f"{prefix}.{a.name}" if prefix else a.name for a in node.names]


def package_imports() -> dict[str, dict[str, list[int]]]:
    """``{module: {imported module: [lines]}}`` for imports within the package
    (dotted names below ``postarchive``); a line is negative when the import is
    inside a function."""
    graph: dict[str, dict[str, list[int]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "scripts" in path.relative_to(PACKAGE).parts:
            continue
        here = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = graph.setdefault(here, {})
        functions = [
            n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        nested = {id(n) for f in functions for n in ast.walk(f)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                for name in _resolve(here, path.name == "__init__.py", node):
                    line = -node.lineno if id(node) in nested else node.lineno
                    edges.setdefault(name, []).append(line)
    modules = set(graph)
    # "from .core import model" names a module; "from .model import Post" too
    return {
        m: {(i if i in modules else i.rsplit(".", 1)[0]): ls for i, ls in e.items()}
        for m, e in graph.items()
    }


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
            if imported != "":
                visit(imported, path + [module])
        state[module] = "done"
        order.append(module)

    for module in graph:
        visit(module, [])
    assert order.index("core.model") < order.index("core.frontmatter")
    assert order.index("core.frontmatter") < order.index("content.posts")


def test_layers_import_only_the_layers_below():
    wrong = []
    for module, imports in package_imports().items():
        here = LAYERS.index(layer(module))
        for imported in imports:
            there = layer(imported)
            if (layer(module), there) in SIDE_BY_SIDE or LAYERS.index(there) > here:
                wrong.append(f"{module} imports {imported}")
            # the extension shares the core with the importer, never the importer
            if there == "importer" and layer(module) not in ("importer", ""):
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_every_extension_module_lives_in_a_layer():
    top = {module_name(p) for p in PACKAGE.glob("*.py")}
    assert top == {"", "version", "extension", "command", "scaffold"}
    for sub in PACKAGE.iterdir():
        if (sub / "__init__.py").is_file():
            assert sub.name in LAYERS, sub.name
            assert ast.get_docstring(ast.parse((sub / "__init__.py").read_text())), sub.name


def test_no_package_import_inside_a_function():
    inside = {
        f"{module}:{-line}": imported
        for module, imports in package_imports().items()
        for imported, lines in imports.items()
        for line in lines
        if line < 0
    }
    assert inside == {}


def test_the_core_stands_alone():
    """The core imports nothing of the package but the core; the post model
    only the catalog (its labels in the archive's language); the catalog and
    the slug rule nothing at all."""
    graph = package_imports()
    core = [m for m in graph if layer(m) == "core"]
    assert {
        "core.model",
        "core.frontmatter",
        "core.topiclist",
        "core.addresses",
        "core.slugs",
    } <= set(core)
    for module in core:
        assert {layer(i) for i in graph[module]} <= {"core"}, module
    assert set(graph["core.model"]) <= {"core.i18n"}
    assert graph["core.i18n"] == {}
    assert graph["core.slugs"] == {}
    assert set(graph["core.topiclist"]) == {"core.slugs", "core.frontmatter"}
    assert graph["core.addresses"] == {}
    assert set(graph["core.frontmatter"]) == {"core.model", "core.addresses"}


def test_the_importer_uses_only_the_core():
    graph = package_imports()
    for module, imports in graph.items():
        if layer(module) == "importer":
            assert {layer(i) for i in imports} <= {"core", "importer"}, module


def test_the_readme_map_names_every_module_in_import_order():
    """README's "How the extension works" lists every module of the extension
    (the importer has its own section), each below the modules it imports."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the extension works", 1)[1].split("\n## ", 1)[0]
    order = re.findall(r"^\| `([\w.]+)` \|", section, re.M)
    graph = package_imports()
    mapped = {m for m in graph if m and layer(m) != "importer" and m not in LAYERS}
    assert set(order) == mapped
    position = {module: i for i, module in enumerate(order)}
    for module in order:
        for imported in graph[module]:
            if imported in position:
                assert position[imported] < position[module], f"{module} imports {imported}"


def test_the_importer_and_the_settings_load_no_sphinx():
    """At run time: importing every module of the core and of the importer (and
    the command, which reads a conf.py's settings) leaves Sphinx and docutils
    out of ``sys.modules``; the extension loads them when Sphinx calls
    ``setup()``."""
    import subprocess
    import sys

    modules = sorted(
        "postarchive." + m
        for m in package_imports()
        if (layer(m) in ("core", "importer") or m in ("core", "importer", "command", "scaffold"))
        and not m.endswith("__main__")  # (it runs the importer)
    )
    assert {"postarchive.core.model", "postarchive.core.topiclist"} <= set(modules)
    assert "postarchive.importer.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
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


def test_the_tools_tests_build_their_own_archives():
    """Tests of the extension, the importer and the PDF build never read this
    edition's build (the ``site`` and ``pdf_path`` fixtures of ``make``'s
    output): they pass for any edition; this edition's checks are in
    ``tests/edition``."""
    edition_fixtures = {"site", "pdf_path"}
    found = []
    for path in sorted((REPO / "tests" / "tool").rglob("test_*.py")):
        if "browser" in path.parts:  # the browser tests drive a built site
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own = {
            n.name
            for n in tree.body
            if isinstance(n, ast.FunctionDef)
            and any("fixture" in ast.unparse(d) for d in n.decorator_list)
        }
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                used = {a.arg for a in node.args.args} & (edition_fixtures - own)
                if used:
                    found.append(f"{path.name}::{node.name} uses {sorted(used)}")
        for node in ast.walk(tree):  # nor the paths of that build
            if isinstance(node, ast.ImportFrom) and node.module == "support.paths":
                names = {a.name for a in node.names} & {"BUILD", "SITE"}
                if names:
                    found.append(f"{path.name} imports {sorted(names)}")
    assert found == []
