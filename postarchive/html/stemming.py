"""The search index's English stemmer, with a cache.

Sphinx stems every word of every page again as it indexes it (the Snowball
stemmer, in pure Python): at 1,000 posts that is the largest single cost of a
build. The words repeat from page to page, so the stems are cached; the index
is the same byte for byte. Registered through Sphinx's public
``add_search_language`` for ``en``.
"""

from __future__ import annotations

import functools

from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish


class CachedSearchEnglish(SearchEnglish):
    lang = "en"

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._stem_cached = functools.lru_cache(maxsize=1 << 17)(super().stem)

    def stem(self, word: str) -> str:
        return self._stem_cached(word)


def setup(app: Sphinx) -> None:
    app.add_search_language(CachedSearchEnglish)
