"""This edition's part of :mod:`tool.extension.test_topics`: the same checks on the built site
and PDF of Agile in the Clouds.

Topic pages, topic links, unknown topics, and the correctness of the
generated pages under incremental, parallel and sphinx-autobuild builds."""

from __future__ import annotations

import re

from support.textutil import normalise


def test_topics_chapter_in_the_pdf(pdf_path):
    import yaml
    from support.paths import REPO as ROOT
    from support.textutil import pdf_body_text

    text = pdf_body_text(pdf_path)
    start = re.search(r"Chapter \d+ Topics ", text)
    assert start, "no Topics chapter in the PDF"
    chapter = text[start.end() :]
    chapter = chapter[: re.search(r"Chapter \d+ ", chapter).start()]
    for topic in yaml.safe_load((ROOT / "docs/topics.yaml").read_text()).values():
        assert topic["title"] in chapter
        assert normalise(topic["description"]) in chapter
