"""`cached`: a step computed once per inputs across builds, and computed again whenever its
stored value cannot be trusted (stale, unreadable, logged a warning, not representable)."""

from __future__ import annotations

import logging

import pytest

from safety_month.buildcache import memo
from safety_month.buildcache.store import Store




class Counter:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_without_a_build_every_call_computes():
    memo.stop(commit=False)
    step = Counter("x")
    assert memo.cached("k", ("a",), step) == "x" and memo.cached("k", ("a",), step) == "x"
    assert step.calls == 2 and not memo.active()


def test_the_next_build_reads_what_this_one_computed(build):
    step = Counter({"html": "<p>页</p>", "n": [1, 2]})
    assert memo.cached("page", ("a.md", "text"), step) == step.value
    build()
    assert memo.cached("page", ("a.md", "text"), step) == step.value
    assert step.calls == 1
    assert memo.cached("page", ("a.md", "other text"), step) == step.value
    assert step.calls == 2                              # other inputs: computed


def test_a_value_the_decoder_finds_stale_is_computed_again(build):
    step = Counter("v")
    memo.cached("page", ("a",), step)
    build()

    def stale(value):
        raise memo.Stale("the plan changed")
    assert memo.cached("page", ("a",), step, decode=stale) == "v" and step.calls == 2


def test_a_step_that_logs_a_warning_is_not_kept(build):
    def warns():
        logging.getLogger("mkdocs.structure.pages").warning("Doc file 'a.md' contains a link …")
        return "v"
    quiet = Counter("v")
    memo.cached("page", ("a",), warns)
    build()
    memo.cached("page", ("a",), quiet)
    assert quiet.calls == 1      # strict mode fails on that warning: the next build must log it again


def test_keep_false_is_not_stored(build):
    step = Counter({"links": True})
    memo.cached("render", ("a",), step, keep=lambda v: not v["links"])
    build()
    memo.cached("render", ("a",), step, keep=lambda v: not v["links"])
    assert step.calls == 2


def test_a_value_of_another_shape_is_computed_again(build, tmp_path):
    step = Counter(["a", "b"])
    memo.cached("page", ("x",), step)
    build()
    assert memo.cached("page", ("x",), step, decode=lambda v: v["missing"] if isinstance(v, dict) else v[5]) == ["a", "b"]
    assert step.calls == 2


def test_text_step_caches_a_pure_function(build):
    calls = []

    def upper(text):
        calls.append(text)
        return text.upper()
    step = memo.text_step("trim", upper)
    assert step("ab") == "AB"
    build()
    assert step("ab") == "AB" and step("cd") == "CD" and calls == ["ab", "cd"]


def test_stop_reports_hits_misses_and_writes(tmp_path):
    memo.start(Store(tmp_path, "s"), "s")
    memo.cached("k", ("a",), lambda: 1)
    assert memo.stop(commit=True) == (0, 1, 1)
    memo.start(Store(tmp_path, "s"), "s")
    memo.cached("k", ("a",), lambda: 1)
    assert memo.stop(commit=True) == (1, 0, 0)
    assert memo.stop(commit=True) is None


def test_bytes_stored_as_they_are_are_read_back_so_by_the_next_build(build):
    """stored/store: a value made elsewhere (the shard writer's packed postings) is kept in the
    form it is given and read back so, by kind and parts."""
    assert memo.stored("search-postings", ("run",)) is None
    memo.store("search-postings", ("run",), b"x\x9c packed")
    build()
    assert memo.stored("search-postings", ("run",)) == b"x\x9c packed"
    assert memo.stored("search-postings", ("other run",)) is None
    assert memo.stored("other kind", ("run",)) is None


def test_without_a_build_nothing_is_stored():
    memo.stop(commit=False)
    memo.store("k", ("a",), b"v")
    memo.put_blob("k", ("a",), b"v")
    assert memo.stored("k", ("a",)) is None and memo.get_blob("k", ("a",)) is None


def test_a_blob_put_in_pieces_is_read_back_whole(build):
    pieces = [b"head", "索引".encode() * 50_000, b"", b"tail"]
    memo.put_blob("index", ("key",), *pieces)
    build()
    assert memo.get_blob("index", ("key",)) == b"".join(pieces)
    header, body = memo.unpack(b"".join(memo.pack_pieces({"n": 1}, [b"ab", b"cd"])))
    assert header == {"n": 1} and body == b"abcd" == memo.unpack(memo.pack({"n": 1}, [b"ab", b"cd"]))[1]


def test_values_come_back_as_json_would_give_them_whichever_way_they_are_kept(build):
    """Plain values are kept as marshal data, the rest as JSON (memo.json_exact): either way a
    value read back is what a JSON round trip makes of it, so decoders see one shape."""
    from markupsafe import Markup

    plain = {"html": "<p class=\"x\">页</p>\ud800", "n": [1, 2.5, None, True, {"k": []}]}
    shaped = {"pair": ("a", 1), 3: "int key", "markup": Markup("<b>粗</b>")}
    assert memo.json_exact(plain) and not memo.json_exact(shaped)
    assert not memo.json_exact([Markup("x")]) and not memo.json_exact({"t": (1,)})
    nested = []
    for _ in range(300):
        nested = [nested]
    assert not memo.json_exact(nested) and memo.json_exact([[[]]])
    memo.cached("v", ("plain",), lambda: plain)
    memo.cached("v", ("shaped",), lambda: shaped, encode=lambda v: {"pair": v["pair"], "3": v[3], "m": v["markup"]})
    build()
    fail = Counter(None)
    got = memo.cached("v", ("plain",), fail)
    assert got == plain and type(got["n"][4]) is dict and fail.calls == 0
    got = memo.cached("v", ("shaped",), fail)
    assert got == {"pair": ["a", 1], "3": "int key", "m": "<b>粗</b>"} and fail.calls == 0
    assert type(got["m"]) is str and type(got["pair"]) is list
    rows = dict(memo._state["store"]._db.execute("SELECT key, substr(value, 1, 1) FROM entries").fetchall())
    assert sorted(rows.values()) == [memo._MARSHAL, b"x"]     # one marshal value, one JSON (zlib: 0x78)


def test_a_shared_list_comes_back_as_two(build):
    """marshal version 2 keeps no references: a list twice in a value is read back as two
    lists, as JSON gives them (a decoder changing one must not change the other)."""
    shared = [1]
    memo.cached("v", ("shared",), lambda: {"a": shared, "b": shared})
    build()
    got = memo.cached("v", ("shared",), Counter(None))
    got["a"].append(2)
    assert got == {"a": [1, 2], "b": [1]}
