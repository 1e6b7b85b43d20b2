"""search.pieces: the pieces of the campaign terms (a second jieba dictionary load) are cut
once and read back from the build's page cache by the next build with the same terms."""

from __future__ import annotations

from safety_month.buildcache import memo
from safety_month.buildcache.steps import SearchCache
from safety_month.search import index as search_index, pieces

WORDS = ["隐患排查", "第一责任人", "进社区"]


def test_the_campaign_terms_pieces_are_cut_once_and_read_back(build, monkeypatch):
    cache = SearchCache()
    first = pieces.campaign_pieces(WORDS, cache)
    assert first == search_index.default_pieces(WORDS) and first["隐患排查"] == ["隐患", "排查"]
    build()
    calls = []
    monkeypatch.setattr(search_index, "default_pieces", lambda words: calls.append(words) or {"x": ["y"]})
    assert pieces.campaign_pieces(WORDS, cache) == first and calls == []         # read back
    assert pieces.campaign_pieces(WORDS + ["应急演练"], cache) == {"x": ["y"]} and len(calls) == 1   # other terms
    memo.stop(commit=False)
    assert pieces.campaign_pieces(WORDS, cache) == {"x": ["y"]} and len(calls) == 2   # no build cache: cut
    assert pieces.campaign_pieces(WORDS, None) == {"x": ["y"]} and len(calls) == 3
