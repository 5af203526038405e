"""Writing an import: every file is first written to a staging directory
next to docs/; only when the whole import succeeded are the files moved into
place (each with an atomic rename). A failed import changes nothing.

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


@dataclass
class Outcome:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)  # edited by hand: not overwritten
    overwritten: list[str] = field(default_factory=list)  # edited by hand, --force
    other_files: list[str] = field(default_factory=list)  # uploads, topics.yaml, sources


@dataclass
class Plan:
    """What an import wants on disk."""

    posts: dict[str, tuple[str, str]] = field(default_factory=dict)  # docs rel → (key, text)
    files: dict[Path, bytes] = field(default_factory=dict)  # path → content
    copies: dict[Path, Path] = field(default_factory=dict)  # path → file to copy


def decide(plan: Plan, docs: Path, sources: Path, force: bool) -> tuple[
        Outcome, dict[Path, bytes], dict]:
    """What to write: ``(outcome, {path: bytes}, new manifest)``."""
    manifest = read_manifest(sources)
    known = manifest["posts"]
    outcome = Outcome()
    writes: dict[Path, bytes] = {}
    new_manifest = {"posts": dict(known)}
    for rel, (key, text) in sorted(plan.posts.items()):
        data = text.encode("utf-8")
        dest = docs / rel
        entry = {"key": key, "sha256": digest(data)}
        if not dest.exists():
            outcome.new.append(rel)
            writes[dest] = data
            new_manifest["posts"][rel] = entry
            continue
        current = dest.read_bytes()
        if current == data:
            outcome.unchanged.append(rel)
            new_manifest["posts"][rel] = entry
            continue
        recorded = known.get(rel, {}).get("sha256")
        if recorded == digest(current):
            outcome.updated.append(rel)
        elif force:
            outcome.overwritten.append(rel)
        else:
            outcome.kept_edited.append(rel)
            continue
        writes[dest] = data
        new_manifest["posts"][rel] = entry
    for dest, data in sorted(plan.files.items()):
        if not dest.exists() or dest.read_bytes() != data:
            writes[dest] = data
            outcome.other_files.append(str(dest))
    for dest, source in sorted(plan.copies.items()):
        data = source.read_bytes()
        if not dest.exists() or dest.read_bytes() != data:
            writes[dest] = data
            outcome.other_files.append(str(dest))
    return outcome, writes, new_manifest


def commit(docs: Path, writes: dict[Path, bytes]) -> None:
    """Write *writes* to a staging directory beside *docs*, then move each
    file into place (a rename; a copy across file systems)."""
    if not writes:
        return
    docs.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-staging-", dir=docs.parent))
    try:
        staged = {}
        for n, (dest, data) in enumerate(sorted(writes.items())):
            path = staging / f"{n:06d}{dest.suffix}"
            path.write_bytes(data)
            staged[dest] = path
        for dest, path in staged.items():
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(path, dest)
            except OSError:
                shutil.move(str(path), str(dest))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
