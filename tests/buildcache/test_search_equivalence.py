"""The sharded search index made page by page (search.page_index) with the page cache: after a
speech is edited, one added and one removed, a build that takes every other page's share of
the index and of the postings from the cache writes the same search files, byte for byte, as
a build without the cache (the fixture site is small, so the sharded engine is forced)."""

from __future__ import annotations

import json
import re

import pytest

from safety_month.buildcache import memo
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



def test_postings_the_forked_writer_computed_are_kept_and_read_back_by_the_next_build(build, tmp_path, monkeypatch):
    """A cold build hands the shard writer no postings: its (forked) process computes every
    run's, hands them back packed, and the build keeps them; the next build, one page edited,
    finds every other run's in the page cache, so the writer computes only that page's; and
    its files are those of a build without any cache."""
    from safety_month.buildcache.steps import SearchCache
    from safety_month.search import page_index, postings
    from tests.search.test_search_page_index import GROUPS, PIECES, SEP, _facts, _material, _page, _segment
    import random

    monkeypatch.setattr(shards.processes, "may_fork", lambda: True)   # whatever idle threads other tests left
    monkeypatch.setattr(shards, "SHARD_TARGET_BYTES", 200)
    cache = SearchCache()
    pages = {n: _page(random.Random(n), n) for n in range(10)}

    def write(site):
        index = _material(pages)
        ids: list[str] = []
        page_index.finish_index(index, PIECES, *_facts(pages), GROUPS, _segment, "context", cache.share, ids)
        runs, missing = page_index.postings_runs(index, ids, cache.packed)
        job = shards.ShardWrite(site, index, background=True, runs=[*runs])
        assert job._forked is not None
        job.result()
        assert page_index.keep_postings(missing, job.computed, cache.keep_packed) == len(missing)
        return runs, job.computed

    cold_runs, cold_computed = write(tmp_path / "cold")
    assert all(packed is None for *_, packed in cold_runs) and len(cold_computed) == len(cold_runs) == 10
    build()
    pages[4][0]["text"] = "<p>" + SEP.join(["煤气", "整改"]) + "</p>"
    runs, computed = write(tmp_path / "edited")
    assert [start for start, _, packed in runs if packed is None] == [runs[4][0]] and len(computed) == 1
    assert [packed for _, _, packed in runs[:4]] == cold_computed[:4]        # read back as stored
    assert postings.unpack(computed[0]) != postings.unpack(cold_computed[4])
    memo.stop(commit=False)
    index = _material(pages)
    page_index.finish_index(index, PIECES, *_facts(pages), GROUPS, _segment, "context")
    shards.write(tmp_path / "uncached", index)
    assert _differences(tmp_path / "edited", tmp_path / "uncached") == []


# A speech added before every other speech, or after them all: every later entry's id moves
# (the packed postings of every later run are merged at other ids), or none does.
PLACES = {"first": ("speeches/2021/2021-8e8c839b-1.md", "speeches/2021/2021-00000000.md"),
          "last": ("speeches/undated/undated-ce9d6d20.md", "speeches/undated/undated-ffffffff.md")}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_speech_added_first_or_last_gives_the_uncached_search_files(tmp_path, monkeypatch, place):
    config = _project(tmp_path / "project")
    docs = config.parent / "docs"
    _build_sharded(config, tmp_path / "cold", monkeypatch=monkeypatch)
    model, added = PLACES[place]
    text = (docs / model).read_text(encoding="utf-8")
    text = re.sub(r"^title: (.*)$", r"title: \1（新增）", text, count=1, flags=re.M)
    (docs / added).write_text(text.replace("\n\n", "\n\n新增讲话核对标记，", 1), encoding="utf-8")
    reused, computed = _build_sharded(config, tmp_path / "added", monkeypatch=monkeypatch)
    assert reused > 0 and computed > 0
    assert _build_sharded(config, tmp_path / "uncached", cache=False, monkeypatch=monkeypatch) is None
    assert _differences(tmp_path / "added", tmp_path / "uncached") == []
    locations = shards.load_meta(tmp_path / "added")["pageLoc"]
    speeches = [loc for loc in locations if loc.startswith("speeches/")]
    assert speeches[0 if place == "first" else -1] == added.removesuffix(".md") + "/"
