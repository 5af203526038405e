"""The archive's messages: each code README's "Error messages" table names
is a kind the extension emits, and every message goes through one helper."""

from __future__ import annotations

import re

from support.paths import REPO

from postarchive.ext.report import Kind


def test_every_code_in_the_readme_is_a_kind_of_message():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"\[archive\.(\w+)\]", readme))
    assert codes and codes <= {kind.value for kind in Kind}


def test_messages_are_emitted_only_through_the_report_helper():
    """A message of the archive ends in ``[archive.<kind>]`` with a kind of
    the enum: no module passes the code by hand."""
    by_hand = [
        str(path.relative_to(REPO))
        for path in sorted((REPO / "postarchive").rglob("*.py"))
        if path.name != "report.py" and re.search(r"type=\"archive\"|subtype=", path.read_text())
    ]
    assert by_hand == []
