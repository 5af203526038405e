"""A copy of the repository's sources to build in (a git repository of its
own, committed at a fixed date), so a test never touches the real build/."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from support.paths import REPO

COMMIT_DATE = "2020-02-02T12:00:00+00:00"


def source_files() -> list[str]:
    """The repository's files (tracked or new, not ignored), as they are in
    the work tree; without git, the parts the build needs."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout.decode()
        files = [f for f in out.split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        files = [p.relative_to(REPO).as_posix() for p in REPO.rglob("*") if p.is_file()]
    return [
        f
        for f in files
        if f.split("/")[0] not in {"tests", ".ci", ".git", ".venv", "build"}
        and "__pycache__" not in f
        and (REPO / f).is_file()
    ]


def copy_project(dest: Path) -> Path:
    """The sources copied into *dest* and committed on :data:`COMMIT_DATE`."""
    dest.mkdir()
    for rel in source_files():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, dest / rel)
    os.utime(dest / "requirements.txt", (0, 0))  # the shared venv is up to date
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE}
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(git + ["init", "-q"], cwd=dest, check=True)
    subprocess.run(git + ["add", "-A"], cwd=dest, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "sources"], cwd=dest, check=True, env=env)
    return dest
