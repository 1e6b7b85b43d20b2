"""safety_month.search.page_index: the final index and the postings made run by run (one run:
a page's consecutive entries) equal the whole-index computation, with or without a cache of
the runs' shares, after pages are added, edited and removed."""

from __future__ import annotations

import copy
import json
import random
import re

import pytest

from safety_month.search import index as si, page_index, postings, shards, synonyms

SEP = "\u200b"
CONFIG = {"lang": ["zh"], "separator": r"[\s\u200b\u3000\-、。，]+", "pipeline": ["stemmer"],
          "fields": {"parts": {"boost": 0.5}, "title": {"boost": 1000.0}, "text": {"boost": 1.0},
                     "tags": {"boost": 10.0}, "about": {"boost": 100}, "synonyms": {"boost": 0.5}}}
PIECES = {"隐患排查": ["隐患", "排查"], "应急演练": ["应急", "演练"]}
GROUPS = [("燃气", "煤气"), ("演练", "演习")]
WORDS = ["企业", "隐患排查", "应急演练", "燃气", "Safety", "检查", "<b>", "整改", "演习", "12350"]


def _segment(text: str) -> str:
    return text.replace(" ", SEP)


def _page(rng: random.Random, n: int) -> list[dict]:
    url = f"speeches/{n}/"
    docs = [{"location": url, "title": f"讲话{n}", "text": "<p>" + SEP.join(rng.choices(WORDS, k=12)) + "</p>",
             "tags": rng.sample(["隐患排查治理", "应急", "Tag<x>"], 2)}]
    for k in range(rng.randrange(3)):
        docs.append({"location": f"{url}#s{k}", "title": rng.choice(WORDS),
                     "text": "<p>" + SEP.join(rng.choices(WORDS, k=8)) + "</p>"})
    if n % 4 == 0:
        docs[0]["boost"] = 2
    return docs


def _material(pages: dict[int, list[dict]]) -> dict:
    return {"config": copy.deepcopy(CONFIG), "docs": [copy.deepcopy(d) for n in sorted(pages) for d in pages[n]]}


def _facts(pages):
    about = {f"speeches/{n}/": f"讲话人{n} 代区长" for n in pages if n % 3}
    return about, {url: [f"讲话人：{text}"] for url, text in about.items()}


def _whole(index: dict, about, facts) -> dict:
    """The transforms on the whole index at once (what search.build did before page_index)."""
    si.add_parts(index, PIECES)
    si.add_about(index, about, _segment, facts)
    synonyms.add_synonyms(index, GROUPS)
    si.escape_markup(index)
    return index


class Cache:
    """A stand-in for the build's page cache: kind and parts -> the JSON of the share, or the
    packed postings the shard writer computed (find / keep)."""

    def __init__(self):
        self.kept: dict = {}
        self.packed: dict = {}
        self.hits = self.misses = 0

    def find(self, kind, parts):
        raw = self.packed.get((kind, parts))
        self.hits, self.misses = self.hits + (raw is not None), self.misses + (raw is None)
        return raw

    def keep(self, kind, parts, raw):
        self.packed[(kind, parts)] = raw

    def __call__(self, kind, parts, compute):
        key = (kind, parts)
        if key in self.kept:
            self.hits += 1
            return json.loads(self.kept[key])
        self.misses += 1
        value = compute()
        self.kept[key] = json.dumps(value, ensure_ascii=False)
        return value


def _paged(pages, cache=None) -> tuple[bytes, list]:
    """The final index's bytes and its runs for the shard writer, as a build makes them: the
    postings the cache lacks are computed (by the writer) and kept."""
    index = _material(pages)
    about, facts = _facts(pages)
    ids: list[str] = []
    page_index.finish_index(index, PIECES, about, facts, GROUPS, _segment, "context", cache, ids)
    runs, missing = page_index.postings_runs(index, ids, cache.find if cache else None)
    if cache:
        computed: list[bytes] = []
        postings.index_postings(copy.deepcopy(index["docs"]), CONFIG["fields"], si.separator_of(index), runs, computed)
        page_index.keep_postings(missing, computed, cache.keep)
    return si.dumps_utf8(index).encode(), runs


def _unknown(index) -> list:
    return [(start, end, None) for start, end in page_index.runs(index["docs"])]


def test_runs_are_the_consecutive_entries_of_one_page():
    docs = [{"location": "a/"}, {"location": "a/#x"}, {"location": "b/"}, {"location": "a/#y"}, {"location": "c/"}]
    assert page_index.runs(docs) == [(0, 2), (2, 3), (3, 4), (4, 5)]
    assert page_index.runs([]) == []


def test_merged_run_postings_are_the_whole_index_postings():
    rng = random.Random(7)
    index = _material({n: _page(rng, n) for n in range(12)})
    sep = si.separator_of(index)
    whole = shards._postings(index["docs"], CONFIG["fields"], sep)
    computed: list[bytes] = []
    merged = postings.index_postings(index["docs"], CONFIG["fields"], sep, _unknown(index), computed)
    assert merged == whole
    assert any(len(ids) > 2 for ids in whole.values())   # terms in several runs were merged
    assert len(computed) == len(page_index.runs(index["docs"]))
    assert shards.build(index, _unknown(index)) == shards.build(copy.deepcopy(index))


def test_runs_handed_on_packed_merge_as_the_runs_themselves():
    rng = random.Random(11)
    index = _material({n: _page(rng, n) for n in range(9)})
    sep = si.separator_of(index)
    computed: list[bytes] = []
    plain = postings.index_postings(index["docs"], CONFIG["fields"], sep, _unknown(index), computed)
    assert all(isinstance(local, bytes) for local in computed)
    packed = [(start, end, raw) for (start, end), raw in zip(page_index.runs(index["docs"]), computed)]
    again: list[bytes] = []
    assert postings.index_postings(index["docs"], CONFIG["fields"], sep, packed, again) == plain
    assert again == []                      # nothing computed: every run came packed
    assert shards.build(index, packed) == shards.build(copy.deepcopy(index))


@pytest.mark.parametrize("move", [0, 7, -2])
def test_packed_runs_at_other_ids_merge_as_their_unpacked_postings(move):
    """A packed run merged at another first id than it was packed with (a page added or removed
    before it) moves its ids all at once (postings._merge_packed): the same postings as the run
    unpacked and merged term by term."""
    rng = random.Random(5)
    index = _material({n: _page(rng, n) for n in range(9)})
    computed: list[bytes] = []
    plain = postings.index_postings(index["docs"], CONFIG["fields"], si.separator_of(index), _unknown(index), computed)
    starts = [start for start, _ in page_index.runs(index["docs"])]
    placed = [(start + (move if start else 0), raw) for start, raw in zip(starts, computed)]   # the first stays at 0
    unpacked = [(at - postings.unpack(raw)[1], postings.unpack(raw)[0]) for at, raw in placed]
    merged = postings.merge_postings(placed)
    assert {t: f.tolist() for t, f in merged.items()} == {t: f.tolist() for t, f in postings.merge_postings(unpacked).items()}
    assert (merged == plain) == (move == 0)
    assert list(merged) == list(plain)


def test_merge_offsets_local_ids():
    runs = [(0, {"a": [0, 5, 1, 6]}), (2, {"a": [0, 7], "b": [1, 8]}), (5, {"b": [0, 9]})]
    merged = shards.merge_postings(runs)
    assert {term: flat.tolist() for term, flat in merged.items()} == {"a": [0, 5, 1, 6, 2, 7], "b": [3, 8, 5, 9]}


def test_page_by_page_index_is_the_whole_index_byte_for_byte():
    rng = random.Random(3)
    pages = {n: _page(rng, n) for n in range(15)}
    about, facts = _facts(pages)
    expected = si.dumps_utf8(_whole(_material(pages), about, facts)).encode()
    data, _ = _paged(pages)
    assert data == expected
    assert b'"synonyms":[["' in data and b'"about":"' in data and b"&lt;" in data   # every transform ran


@pytest.mark.parametrize("change", ["added", "edited", "removed", "first removed"])
def test_a_cached_build_after_a_change_equals_an_uncached_one(change):
    rng = random.Random(11)
    pages = {n: _page(rng, n) for n in range(0, 30, 2)}
    cache = Cache()
    _paged(pages, cache)
    cold_misses = cache.misses
    if change == "added":
        pages[7] = _page(rng, 7)                       # in the middle: every later id moves
    elif change == "edited":
        pages[10][0]["text"] = "<p>" + SEP.join(["煤气", "整改"]) + "</p>"
    elif change == "removed":
        del pages[12]
    else:
        del pages[0]
    cache.hits = cache.misses = 0
    data, runs = _paged(pages, cache)
    fresh, fresh_runs = _paged(pages)
    assert data == fresh
    index = json.loads(data)
    assert shards.build(index, runs) == shards.build(json.loads(fresh), fresh_runs) == shards.build(json.loads(fresh))
    assert cache.misses <= (4 if change != "removed" and change != "first removed" else 0) < cold_misses
    assert cache.hits >= 2 * (len(pages) - 1)


def test_a_missing_field_fails_whatever_the_cache_holds():
    rng = random.Random(5)
    pages = {n: _page(rng, n) for n in range(3)}
    cache = Cache()
    _paged(pages, cache)
    index = _material(pages)
    del index["config"]["fields"]["about"]
    with pytest.raises(si.SearchIndexError, match="no 'about' field"):
        page_index.finish_index(index, PIECES, *_facts(pages), GROUPS, _segment, "context", cache)


def test_the_context_digest_covers_every_input():
    base = (CONFIG, PIECES, GROUPS, "tag")
    digests = {page_index.context_digest(*base),
               page_index.context_digest({**CONFIG, "separator": "x"}, PIECES, GROUPS, "tag"),
               page_index.context_digest(CONFIG, {"隐患排查": ["隐患"]}, GROUPS, "tag"),
               page_index.context_digest(CONFIG, PIECES, GROUPS[:1], "tag"),
               page_index.context_digest(CONFIG, PIECES, GROUPS, "other jieba")}
    assert len(digests) == 5
    assert re.fullmatch(r"[0-9a-f]{64}", page_index.context_digest(*base))


def test_known_gzip_sizes_are_used_and_the_measured_ones_returned(tmp_path):
    rng = random.Random(9)
    data, runs = _paged({n: _page(rng, n) for n in range(6)})
    (tmp_path / "a").mkdir()
    *figures, measured, _, _ = shards._write_files(tmp_path / "a", json.loads(data), runs)
    assert figures[3] == sum(measured.values()) and len(measured) == figures[1]
    (tmp_path / "b").mkdir()
    again = shards._write_files(tmp_path / "b", json.loads(data), None, measured)
    assert list(again)[:7] == [*figures, measured, []]
    wrong = {digest: size + 1 for digest, size in measured.items()}   # taken as they are, not measured
    (tmp_path / "c").mkdir()
    assert shards._write_files(tmp_path / "c", json.loads(data), None, wrong)[3] == figures[3] + len(measured)
