"""The sharded search index made page by page (search.page_index) with the page cache: after a
speech is edited, one added and one removed, a build that takes every other page's share of
the index and of the postings from the cache writes the same search files, byte for byte, as
a build without the cache (the fixture site is small, so the sharded engine is forced)."""

from __future__ import annotations

import json

from safety_month.search import shards
from tests.buildcache.test_build_equivalence import _build, _edit, _project
from tests.publish.test_one_pass_build import _differences

REMOVED = "speeches/undated/undated-bf3b8ab4.md"


def _build_sharded(config, site, *, cache=True, monkeypatch):
    monkeypatch.setenv(shards.ENGINE_ENV, "sharded")
    return _build(config, site, cache=cache)


def test_page_by_page_index_and_shards_equal_a_whole_computation(tmp_path, monkeypatch):
    config = _project(tmp_path / "project")
    docs = config.parent / "docs"
    reused, computed = _build_sharded(config, tmp_path / "cold", monkeypatch=monkeypatch)
    assert reused == 0 and computed > 0
    cold_meta = shards.load_meta(tmp_path / "cold")

    _edit(docs)                       # one speech edited, one added
    (docs / REMOVED).unlink()         # and one removed: every later entry's id moves
    reused, computed = _build_sharded(config, tmp_path / "changed", monkeypatch=monkeypatch)
    assert reused > 0 and computed > 0
    assert _build_sharded(config, tmp_path / "uncached", cache=False, monkeypatch=monkeypatch) is None
    assert _differences(tmp_path / "changed" / "search", tmp_path / "uncached" / "search") == []
    assert _differences(tmp_path / "changed", tmp_path / "uncached") == []

    meta = shards.load_meta(tmp_path / "changed")
    assert meta["n"] != cold_meta["n"] and meta["pageLoc"] != cold_meta["pageLoc"]   # the index did change
    removed_url = REMOVED.removesuffix(".md") + "/"
    assert removed_url in cold_meta["pageLoc"] and removed_url not in meta["pageLoc"]
    small = json.loads((tmp_path / "changed" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert small["docs"] == [] and "shards" in small["config"]

