"""The pieces of the compound campaign terms (search.index.default_pieces), kept by the
build's page cache.

Every build that makes its index afresh (one speech added, one edited) needs them, and
default_pieces cuts the terms with a Tokenizer of jieba's own dictionary, untouched by the
user terms: a second load of that 24 MB dictionary in the build process (about a second of
CPU) for a result that changes only with the terms or jieba. The page cache keeps it by
exactly those (the build stamp holds jieba's and Material's versions; segment.cache_tag
names them again, so a stamp without them would still not reuse a stale cut).
"""

from __future__ import annotations

from . import index as search_index, segment

KIND = "search-pieces"


def campaign_pieces(words: list[str], cache) -> dict[str, list[str]]:
    """default_pieces(words), from the build's page cache (buildcache.steps.SearchCache) when
    it is open and has them, else computed (and kept there)."""
    def compute() -> dict[str, list[str]]:
        return search_index.default_pieces(words)
    if cache is None or not cache.active():
        return compute()
    return cache.share(KIND, (segment.cache_tag(None, None), "\n".join(words)), compute)
