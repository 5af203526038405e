"""conf.py's archive values: declared in one table, checked when the
configuration is read; a wrong one fails the build with a message naming it."""

from __future__ import annotations

import pytest
from support.archivebuild import build_in_process, copy_root


@pytest.mark.parametrize(
    "override, message",
    [
        (
            "archive_redirects=some",
            "conf.py's archive_redirects must be one of 'all', 'imported', 'none', not 'some'",
        ),
        (
            "archive_feed_length=-1",
            "conf.py's archive_feed_length must be a whole number, 0 or more, not -1",
        ),
    ],
)
def test_a_wrong_value_fails_the_build_naming_it(override, message, tmp_path, capsys):
    src = copy_root("posts", tmp_path)
    status, _, err = build_in_process(src, tmp_path, capsys, extra=("-D", override))
    assert status != 0
    assert f"ERROR: {message} [archive.config]" in err.splitlines()


def test_the_message_names_the_line_of_conf_py(tmp_path, capsys):
    src = copy_root("posts", tmp_path)
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + 'archive_redirects = "every"\n')
    line = len(conf.read_text().splitlines())
    status, messages, _ = build_in_process(src, tmp_path, capsys)
    assert status != 0
    assert messages == [
        (
            "conf.py",
            line,
            "ERROR",
            "conf.py's archive_redirects must be one of 'all', 'imported', 'none', "
            "not 'every' [archive.config]",
        )
    ]


def test_the_right_values_build(tmp_path, capsys):
    src = copy_root("posts", tmp_path)
    extra = ("-D", "archive_redirects=all", "-D", "archive_feed_length=0")
    status, messages, _ = build_in_process(src, tmp_path, capsys, extra=extra)
    assert (status, messages) == (0, [])
    assert (tmp_path / "html" / "index.html").is_file()
