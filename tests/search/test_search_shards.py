"""safety_month.search.shards: the prebuilt sharded index for large sites."""

from __future__ import annotations

import hashlib

import json
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings, strategies as st

from safety_month.search import page_index, postings, shards as ss
from safety_month.search.index import SearchIndexError

SEP = "\u200b"
CONFIG = {"lang": ["zh"], "separator": r"[\s\u200b\u3000\-、。，]+", "pipeline": ["stemmer"],
          "fields": {"parts": {"boost": 0.5}, "title": {"boost": 1000.0}, "text": {"boost": 1.0},
                     "tags": {"boost": 10.0}}}


def text(*words):
    return "<p>" + SEP.join(words) + "</p>"


def sample_index():
    return {"config": dict(CONFIG), "docs": [
        {"location": "a/", "title": "进企业", "text": text("企业", "隐患排查"), "tags": ["隐患排查治理"]},
        {"location": "a/#x", "title": "隐患自查", "text": text("隐患排查", "隐患排查", "应急演练"), "tags": ["隐患排查治理"],
         "parts": "隐患 排查 应急 演练"},
        {"location": "b/", "title": "首页", "text": text("Safety", "12350"), "boost": 2},
    ]}


def test_choose_engine(monkeypatch):
    monkeypatch.delenv(ss.ENGINE_ENV, raising=False)
    assert ss.choose_engine(10) == "material"
    assert ss.choose_engine(ss.THRESHOLD_BYTES + 1) == "sharded"
    assert ss.choose_engine(10, "sharded") == "sharded"
    monkeypatch.setenv(ss.ENGINE_ENV, "material")
    assert ss.choose_engine(ss.THRESHOLD_BYTES * 10) == "material"
    with pytest.raises(SearchIndexError, match="expected material, sharded or auto"):
        ss.choose_engine(1, "lunr")


def test_saturate_and_entry_weights():
    assert ss.saturate(1) == pytest.approx(1.0)
    assert ss.saturate(2) == pytest.approx(4.4 / 3.2)
    doc = sample_index()["docs"][1]
    w = ss.entry_weights(doc, CONFIG["fields"], __import__("re").compile(CONFIG["separator"]))
    assert w["隐患排查"] == round(100 * ss.saturate(2))
    assert w["隐患自查"] == 100_000                      # title boost 1000
    assert w["排查"] == 50                               # parts boost 0.5
    assert w["隐患排查治理"] == 1000                     # tag boost 10
    assert "<p>" not in w and "p" not in w


def test_shard_of_is_the_first_code_point():
    assert ss.shard_of("隐患", 7) == ord("隐") % 7
    assert ss.shard_of("12350", 1) == 0


def test_build_postings_pages_text_and_meta():
    index = sample_index()
    built = ss.build(index)
    meta = built.meta
    assert meta["n"] == 3 and meta["pageStart"] == [0, 2]
    assert meta["pageLoc"] == ["a/", "b/"] and meta["pageTitle"] == ["进企业", "首页"]
    assert meta["tags"] == {"0": ["隐患排查治理"]}      # once per page
    assert meta["boost"] == {"2": 2}
    shard = built.term_shards[ss.shard_of("隐患排查", meta["shards"])]
    assert shard["隐患排查"] == [0, 100, 1, round(100 * ss.saturate(2))]   # delta-coded ids
    assert built.term_shards[ss.shard_of("safety", meta["shards"])]["safety"] == [2, 100]  # lowercased
    rows = [row for chunk in built.text_chunks for row in chunk]
    assert rows == [[d["location"], d["title"], d["text"]] for d in index["docs"]]
    for k, shard in enumerate(built.term_shards):
        assert all(ss.shard_of(term, meta["shards"]) == k for term in shard)


def test_text_chunks_start_at_page_boundaries(monkeypatch):
    monkeypatch.setattr(ss, "TEXT_TARGET_BYTES", 1)
    built = ss.build(sample_index())
    assert built.meta["textStart"] == [0, 2]           # not between a/ and a/#x
    assert [[row[0] for row in chunk] for chunk in built.text_chunks] == [["a/", "a/#x"], ["b/"]]


def test_pages_must_be_contiguous():
    index = sample_index()
    index["docs"].append({"location": "a/#late", "title": "迟到", "text": text("隐患")})
    with pytest.raises(SearchIndexError, match="not contiguous"):
        ss.build(index)


def test_many_terms_make_many_shards(monkeypatch):
    monkeypatch.setattr(ss, "SHARD_TARGET_BYTES", 50)
    built = ss.build(sample_index())
    assert built.meta["shards"] > 1
    assert sum(len(s) for s in built.term_shards) == len({t for s in built.term_shards for t in s})


def test_write_files_and_small_search_index(tmp_path):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    written = ss.write(site, sample_index())
    small = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert small["docs"] == []
    assert small["config"]["fields"] == CONFIG["fields"]
    assert small["config"]["shards"]["meta"] == "../../../" + written.meta_file
    engine = site / written.engine_file
    assert engine.read_bytes() == ss.ENGINE_SOURCE.read_bytes()
    assert small["config"]["shards"]["engine"] == engine.name
    meta = ss.load_meta(site)
    for name in meta["termFiles"] + meta["textFiles"]:
        assert (site / "search" / "shards" / name).is_file()
    assert written.files == len(meta["termFiles"]) + len(meta["textFiles"]) + 1
    assert ss.log_line(written).startswith(f"search shards: {written.files} files, ")
    # a rebuild replaces the files instead of piling them up
    ss.write(site, sample_index())
    assert len(list((site / "search" / "shards").iterdir())) == written.files
    assert len(list(engine.parent.glob("search-engine.*.js"))) == 1


def test_load_meta_needs_a_sharded_index(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"config": {}, "docs": []}', encoding="utf-8")
    with pytest.raises(SearchIndexError, match="does not use shards"):
        ss.load_meta(tmp_path)


def _files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_forked_write_gives_the_same_files_and_waits_for_them(tmp_path, monkeypatch):
    monkeypatch.setattr(ss, "SHARD_TARGET_BYTES", 60)
    monkeypatch.setattr(ss.processes, "may_fork", lambda: True)   # whatever idle threads other tests left
    index = sample_index()
    ss.write(tmp_path / "inline", index)
    job = ss.ShardWrite(tmp_path / "forked", index, background=True)
    assert job._forked is not None
    assert not (tmp_path / "forked" / "search" / "search_index.json").exists()
    written = job.result()
    assert written.files > 3 and written.meta_file.startswith("search/shards/meta.")
    assert _files(tmp_path / "forked") == _files(tmp_path / "inline")


def test_a_fresh_writer_reads_the_index_from_a_file_and_writes_the_same_files(tmp_path, monkeypatch):
    """Given the index's bytes, the background writer is a fresh process (not a fork of the
    build): it reads them from a temporary file, which is gone once it finished, computes the
    postings of the runs given without them and hands them back."""
    made = []
    monkeypatch.setattr(ss.processes, "start", lambda *args: pytest.fail("forked the build process"))
    real = ss._temporary
    monkeypatch.setattr(ss, "_temporary", lambda data: made.append(real(data)) or made[-1])
    index = sample_index()
    ss.write(tmp_path / "inline", index)
    runs = [(start, end, None) for start, end in page_index.runs(index["docs"])]
    job = ss.ShardWrite(tmp_path / "fresh", index, background=True, runs=[*runs],
                        index_bytes=ss.dumps_utf8(index).encode("utf-8"))
    assert job._forked is not None and made and made[0].is_file()
    assert job.result().files > 1
    assert _files(tmp_path / "fresh") == _files(tmp_path / "inline")
    assert not made[0].exists()
    sep = ss.separator_of(index)
    assert [postings.unpack(p) for p in job.computed] == [
        (ss.run_postings(index["docs"][start:end], CONFIG["fields"], sep, start), start) for start, end, _ in runs]


def test_shards_an_earlier_build_wrote_are_written_again_as_they_were(tmp_path, monkeypatch):
    """The build's page cache hands the writer the files of the same index (ready=): the site
    gets the same files and search_index.json, and nothing is computed or forked."""
    monkeypatch.setattr(ss, "SHARD_TARGET_BYTES", 60)
    index = sample_index()
    first = ss.ShardWrite(tmp_path / "first", index)
    written = first.result()
    ready = first.outcome()
    assert len(ready[0]) == written.files and not first.reused
    monkeypatch.setattr(postings, "_postings", lambda *args: pytest.fail("computed the shards again"))
    again = ss.ShardWrite(tmp_path / "again", {"config": index["config"]}, background=True, ready=ready)
    assert again.reused and again._forked is None
    assert again.result() == written
    assert _files(tmp_path / "again") == _files(tmp_path / "first")


def test_an_error_in_the_forked_write_is_raised_by_result(tmp_path, monkeypatch):
    monkeypatch.setattr(ss.processes, "may_fork", lambda: True)
    index = sample_index()
    index["docs"].append({"location": "a/#late", "title": "迟到", "text": text("隐患")})
    job = ss.ShardWrite(tmp_path, index, background=True)
    assert job._forked is not None
    with pytest.raises(SearchIndexError, match="not contiguous"):
        job.result()


def test_no_fork_while_another_thread_runs(tmp_path):
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        job = ss.ShardWrite(tmp_path, sample_index(), background=True)
        assert job._forked is None and job.result().files > 0
    finally:
        stop.set()
        thread.join()


def test_a_pages_named_facts_ride_with_its_text_row_and_are_not_searched():
    index = sample_index()
    index["docs"][0]["facts"] = ["讲话人：陆秋明"]
    built = ss.build(index)
    rows = [row for chunk in built.text_chunks for row in chunk]
    assert rows[0] == ["a/", "进企业", index["docs"][0]["text"], ["讲话人：陆秋明"]]
    assert len(rows[1]) == 3 and len(rows[2]) == 3
    assert not any("陆秋明" in shard for shard in built.term_shards)   # shown, never a term


# ---------------------------------------------------------------- the writer, one shard at a time

def files_in_memory(index: dict) -> dict[str, bytes]:
    """The files as the writer first made them: every shard built in memory (ss.build), then
    each serialized; meta last, naming the others."""
    built = ss.build(index)
    files: dict[str, bytes] = {}

    def put(prefix, obj):
        data = ss.dumps_utf8(obj).encode("utf-8")
        files[ss._hashed_name(prefix, data)] = data
        return ss._hashed_name(prefix, data)
    meta = dict(built.meta)
    meta["termFiles"] = [put(f"t{k}", s) for k, s in enumerate(built.term_shards)]
    meta["textFiles"] = [put(f"x{k}", c) for k, c in enumerate(built.text_chunks)]
    put("meta", meta)
    return files


WORDS = st.sampled_from(["隐患", "排查", "隐患排查", "Safety", "safety", "İ", "<p>", "</p>", "12350", "应急",
                         "a", "", " ", SEP, "、", "煤气", "燃气", "\U0002000b"])
FIELD = st.lists(WORDS, max_size=25).map(SEP.join)
ENTRY = st.fixed_dictionaries({"title": FIELD, "text": FIELD},
                              optional={"parts": FIELD, "tags": st.lists(st.sampled_from(["隐患排查治理", "应急"]), max_size=3),
                                        "facts": st.lists(st.sampled_from(["讲话人：某某"]), max_size=1),
                                        "boost": st.sampled_from([2, 0.5])})


@settings(max_examples=150, deadline=None)
@given(pages=st.lists(st.lists(ENTRY, min_size=1, max_size=3), max_size=8),
       shard_bytes=st.sampled_from([1, 30, 200, 48_000]), text_bytes=st.sampled_from([1, 100, 24_000]),
       known=st.none() | st.lists(st.booleans(), min_size=8, max_size=8))
def test_the_writer_writes_the_files_of_the_index_built_in_memory(pages, shard_bytes, text_bytes, known):
    """_write_files makes one term shard at a time and lets it go; its files, their names and
    its figures must be those of the whole ShardSet built at once, at any shard size. Given
    the runs (known: which runs' postings the page cache had, packed), it computes the others
    and hands them back packed, each the postings of its own run."""
    docs = [dict(entry, location=f"p{n}/" + (f"#s{i}" if i else ""))
            for n, entries in enumerate(pages) for i, entry in enumerate(entries)]
    index = {"config": dict(CONFIG), "docs": docs}
    sep = ss.separator_of(index)
    bounds = page_index.runs(docs)
    runs = None if known is None else [
        (start, end, postings.pack(ss.run_postings(docs[start:end], CONFIG["fields"], sep)) if had else None)
        for (start, end), had in zip(bounds, known)]
    with mock.patch.object(ss, "SHARD_TARGET_BYTES", shard_bytes), \
            mock.patch.object(ss, "TEXT_TARGET_BYTES", text_bytes), tempfile.TemporaryDirectory() as tmp:
        expected = files_in_memory(index)
        meta_name, count, raw, gz, largest, measured, computed, _ = ss._write_files(Path(tmp), index, runs)
        written = {p.name: p.read_bytes() for p in Path(tmp).iterdir()}
    assert written == expected
    assert measured == {hashlib.sha256(d).hexdigest(): ss.gzip_size(d) for d in expected.values()}
    assert meta_name.startswith("meta.") and meta_name in expected
    assert (count, raw) == (len(expected), sum(map(len, expected.values())))
    assert gz == sum(ss.gzip_size(d) for d in expected.values())
    assert largest == max(ss.gzip_size(d) for n, d in expected.items() if n.startswith("t"))
    missing = [] if known is None else [(start, end) for start, end, packed in runs if packed is None]
    assert [postings.unpack(p) for p in computed] == [
        (ss.run_postings(docs[start:end], CONFIG["fields"], sep, start), start) for start, end in missing]


def test_the_writer_keeps_few_files_waiting_for_their_gzip_size(tmp_path, monkeypatch):
    """The gzip sizes are counted in threads; the writer waits for them rather than holding
    every file's bytes in the threads' queue."""
    monkeypatch.setattr(ss, "SHARD_TARGET_BYTES", 1)
    waiting = []
    real = ss._Files.put

    def put(self, prefix, obj):
        name = real(self, prefix, obj)
        waiting.append(len(self._pending))
        return name
    monkeypatch.setattr(ss._Files, "put", put)
    ss._write_files(tmp_path, sample_index())
    assert len(waiting) > ss._Files.PENDING + 2 and max(waiting) == ss._Files.PENDING
