"""The repository's scripts (``postarchive/scripts``) and tools (``tools/``) as
modules, loaded from their files: they are not packages, and the tests put
nothing on ``sys.path``."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from support.paths import REPO

SCRIPTS = REPO / "postarchive" / "scripts"
TOOLS = REPO / "tools"


@cache
def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(path.stem, module)  # dataclasses and pickling look it up
    spec.loader.exec_module(module)
    return module


def script(name: str) -> ModuleType:
    """``postarchive/scripts/<name>.py``."""
    return _load(SCRIPTS / f"{name}.py")


def tool(name: str) -> ModuleType:
    """``tools/<name>.py``."""
    return _load(TOOLS / f"{name}.py")
