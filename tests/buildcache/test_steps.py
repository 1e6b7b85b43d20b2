"""The cached per-page steps give back exactly what the step gave: the search entries, the
CSP inventory with the page's text, the outside references."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from safety_month.buildcache import memo, steps
from safety_month.buildcache.store import Store
from safety_month.publish import csp, outside_refs




PAGE_HTML = ('<html><head><meta charset="utf-8"><script>var a=1;</script><style>p{color:red}</style></head><body>'
             '<p style="margin:0">正文</p><img src="https://cdn.example.com/x.png"></body></html>')


def test_each_step_read_back_equals_the_step(build):
    page = SimpleNamespace(url="speeches/a/", title="讲话", toc=[], meta={"tags": ["燃气"], "title": "讲话"})
    entries = [{"location": "speeches/a/", "title": "讲话", "text": "正文", "tags": ["燃气"]}]
    fresh_csp = csp.page_with_policy(PAGE_HTML, "a/index.html")
    hosts = frozenset({"a.example"})
    fresh_refs = outside_refs.find_outside_refs(PAGE_HTML, ".html", hosts, "a/index.html")
    assert fresh_refs and fresh_csp[1].scripts and fresh_csp[1].style_attrs
    for _ in range(2):
        assert steps.search_entries(page, "<p>正文</p>", lambda: [dict(e) for e in entries]) == entries
        text, inv = steps.csp_page(PAGE_HTML, "a/index.html", True,
                                   lambda: csp.page_with_policy(PAGE_HTML, "a/index.html"))
        assert text == fresh_csp[0] and inv == fresh_csp[1]
        assert steps.outside_refs(PAGE_HTML, ".html", hosts, "a/index.html",
                                  lambda: outside_refs.find_outside_refs(PAGE_HTML, ".html", hosts, "a/index.html")) == fresh_refs
        build()


def test_the_second_build_does_not_run_the_steps(build):
    page = SimpleNamespace(url="speeches/a/", title="讲话", toc=[], meta={})
    runs = []
    for _ in range(2):
        steps.search_entries(page, "<p>正文</p>", lambda: runs.append("search") or [])
        steps.csp_page(PAGE_HTML, "a/index.html", True, lambda: runs.append("csp") or csp.page_with_policy(PAGE_HTML, "a"))
        steps.outside_refs(PAGE_HTML, ".html", frozenset(), "a", lambda: runs.append("refs") or [])
        build()
    assert runs == ["search", "csp", "refs"]
    page.meta = {"tags": ["新标签"]}     # the entries carry the tags: read again
    steps.search_entries(page, "<p>正文</p>", lambda: runs.append("search") or [])
    assert runs[-1] == "search" and len(runs) == 4


def test_the_search_index_and_its_shards_are_read_back_byte_for_byte(build):
    cache = steps.SearchCache()
    parts = (b'{"docs": []}', {"a/": "张三"}, {"a/": ["张三"]}, ["安全生产月"])
    runs = []
    data = "索引".encode("utf-8") * 1000 + b"\x00\xff"
    for _ in range(2):
        assert cache.index(parts, lambda: runs.append(1) or (data, {"entries": 3, "gzip": 10})) == \
            (data, {"entries": 3, "gzip": 10})
        build()
    assert runs == [1]
    assert cache.index((b"other", *parts[1:]), lambda: (b"x", {})) == (b"x", {})

    files = {"meta.1.json": b"{}", "t0.2.json": "词".encode() * 50, "x0.3.json": b""}
    assert cache.shards(data) is None
    cache.keep_shards(data, lambda: (files, ("meta.1.json", 3, 152, 40, 30)))
    build()
    assert cache.shards(data) == (files, ("meta.1.json", 3, 152, 40, 30))
    assert cache.shards(data + b" ") is None


def test_without_an_open_cache_the_shards_are_not_even_read():
    memo.stop(commit=False)
    steps.SearchCache().keep_shards(b"index", lambda: pytest.fail("read the shard files for nothing"))


def test_shares_and_the_shard_files_gzip_sizes_are_kept_for_the_next_build(build):
    cache = steps.SearchCache()
    assert cache.active()
    runs = []
    for _ in range(2):
        assert cache.share("search-run", ("entries", "{}", "{}", "ctx"),
                           lambda: runs.append(1) or {"docs": [{"location": "a/"}], "synonyms": False}) == \
            {"docs": [{"location": "a/"}], "synonyms": False}
        build()
    assert runs == [1]
    assert cache.gzip_sizes() == {}
    files = {"t0.2.json": b"{}"}
    cache.keep_shards(b"index", lambda: (files, ("meta.1.json", 1, 2, 22, 22, {"ab12": 22})))
    build()
    assert cache.gzip_sizes() == {"ab12": 22}
    memo.stop(commit=False)
    assert not cache.active() and cache.gzip_sizes() == {}


def _brute_ends(old: str, new: str) -> tuple[int, int]:
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return p, s


def test_an_edit_gives_back_the_new_text_and_keeps_only_what_differs():
    import random

    rng = random.Random(20)
    for _ in range(500):
        old = "".join(rng.choice("ab<>页") for _ in range(rng.randrange(0, 30)))
        new = "".join(rng.choice("ab<>页") for _ in range(rng.randrange(0, 30)))
        if rng.random() < 0.5:   # an insertion, as the CSP step makes
            at = rng.randrange(0, len(old) + 1)
            new = old[:at] + new + old[at:]
        assert steps.common_ends(old, new) == _brute_ends(old, new), (old, new)
        assert steps.apply_edit(old, steps.edit_of(old, new)) == new
    page = "<head><meta charset=\"utf-8\">" + "正文" * 5000
    policy = page.replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"><meta http-equiv=\"x\">")
    assert steps.edit_of(page, policy)[2] == "<meta http-equiv=\"x\">"


def test_an_edit_that_does_not_fit_the_text_is_stale():
    with pytest.raises(memo.Stale):
        steps.apply_edit("short", [4, 4, "x"])
    with pytest.raises(memo.Stale):
        steps.apply_edit("short", [-1, 0, "x"])
