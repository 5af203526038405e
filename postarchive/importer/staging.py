"""Writing an import: every file is first written to a staging directory
beside docs/ (as soon as it is converted: memory stays bounded); only when
the whole import succeeded are the files moved into place, each with an
atomic rename. A failed import changes nothing.

Re-import is safe: ``sources/imports/manifest.json`` records, for each post
file the importer wrote, the SHA-256 of what it wrote. A file whose content
no longer has that digest was edited by hand: it is never overwritten
(``--force`` does), and the report says so. The same export imported twice
writes no file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import ImportFailure
from .svg import SvgRefused, sanitize_file
from .xmlsource import sha256

MANIFEST = "imports/manifest.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(sources: Path) -> dict:
    path = sources / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"posts": {}}
    return data if isinstance(data.get("posts"), dict) else {"posts": {}}


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


@dataclass
class Outcome:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)  # edited by hand: not overwritten
    overwritten: list[str] = field(default_factory=list)  # edited by hand, --force
    other_files: list[str] = field(default_factory=list)  # uploads, topics.yaml, sources


class Stage:
    """The staging directory of one import (beside *docs*), and what is in it."""

    def __init__(self, docs: Path) -> None:
        self.docs = docs
        docs.parent.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=".import-staging-", dir=docs.parent))
        self.posts: dict[str, tuple[str, Path, str]] = {}  # docs rel → (key, staged, sha256)
        self.files: dict[Path, Path] = {}  # destination → staged file
        self.copies: dict[Path, Path] = {}  # destination → file to copy
        self._n = 0

    def _path(self) -> Path:
        self._n += 1
        return self.dir / f"{self._n:07d}"

    def add_post(self, rel: str, key: str, text: str) -> None:
        data = text.encode("utf-8")
        path = self._path()
        path.write_bytes(data)
        self.posts[rel] = (key, path, digest(data))

    def add_file(self, dest: Path, data: bytes) -> None:
        path = self._path()
        path.write_bytes(data)
        self.files[dest] = path

    def add_copy(self, dest: Path, source: Path) -> None:
        """Copy *source* to *dest*; an SVG image is written made safe (see
        :mod:`.svg`), never as it is."""
        if source.suffix.lower() == ".svg" or dest.suffix.lower() == ".svg":
            try:
                self.add_file(dest, sanitize_file(source))
            except (SvgRefused, OSError) as exc:
                raise ImportFailure(
                    source,
                    f"the SVG image cannot be published safely ({exc})",
                    hint="remove it from the uploads, or fix it",
                ) from None
            return
        self.copies[dest] = source

    def decide(self, sources: Path, force: bool) -> tuple[Outcome, dict[Path, Path]]:
        """What to move into place: ``(outcome, {destination: staged file})``;
        the manifest is among them when it changes."""
        known = read_manifest(sources)["posts"]
        manifest = {"posts": dict(known)}
        outcome = Outcome()
        moves: dict[Path, Path] = {}
        for rel, (key, staged, sha) in sorted(self.posts.items()):
            dest = self.docs / rel
            entry = {"key": key, "sha256": sha}
            if not dest.exists():
                outcome.new.append(rel)
            else:
                current = sha256(dest)
                if current == sha:
                    outcome.unchanged.append(rel)
                    manifest["posts"][rel] = entry
                    continue
                if known.get(rel, {}).get("sha256") == current:
                    outcome.updated.append(rel)
                elif force:
                    outcome.overwritten.append(rel)
                else:
                    outcome.kept_edited.append(rel)
                    continue
            moves[dest] = staged
            manifest["posts"][rel] = entry
        for dest, staged in sorted(self.files.items()):
            if not dest.exists() or sha256(dest) != sha256(staged):
                moves[dest] = staged
                outcome.other_files.append(str(dest))
        for dest, source in sorted(self.copies.items()):
            if not dest.exists() or sha256(dest) != sha256(source):
                staged = self._path()
                shutil.copyfile(source, staged)
                moves[dest] = staged
                outcome.other_files.append(str(dest))
        manifest_path = sources / MANIFEST
        data = manifest_bytes(manifest)
        if not manifest_path.exists() or manifest_path.read_bytes() != data:
            staged = self._path()
            staged.write_bytes(data)
            moves[manifest_path] = staged
        return outcome, moves

    def commit(self, moves: dict[Path, Path]) -> None:
        """Move the staged files into place (a rename; a copy across file systems)."""
        for dest, staged in moves.items():
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(staged, dest)
            except OSError:
                shutil.move(str(staged), str(dest))

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
