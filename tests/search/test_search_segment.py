"""safety_month.search.segment: jieba in worker processes with a content-hash cache gives
exactly the strings Material's serial segmentation gives; and a generated site's search
index and shard files are byte-for-byte the same as with Material's serial path."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devtools import bench
from safety_month.search import segment, shards
from tests import paths

ROOT = paths.ROOT
USER_DICT = str(ROOT / "scripts" / "safety_month" / "data" / "jieba_user_dict.txt")

TEXTS = [
    "开展隐患排查治理，落实安全生产第一责任人责任。",
    "<p>进社区、进农村：燃气报警器 12350 举报电话</p>",
    "",
    "Safety first 安全第一 〇 𠀀𠀁 漢字",
    "开展隐患排查治理，落实安全生产第一责任人责任。",   # a repeat: one cut, two uses
    "“安全生产月”活动，应急演练。",
]


def material(text: str) -> str:
    import jieba
    from material.plugins.search.plugin import SearchIndex

    jieba.load_userdict(USER_DICT)  # as Material's plugin does in on_config
    return SearchIndex._segment_chinese(None, text)


def entries() -> list[dict]:
    return [{"location": f"p{i}/", "title": f"标题{i % 2}安全生产月", "text": t} for i, t in enumerate(TEXTS)]


@pytest.mark.parametrize("workers", [0, 2])
def test_segmenter_matches_material_in_order(tmp_path, workers):
    segment.setup_jieba(None, USER_DICT)
    seg = segment.Segmenter(tmp_path / ".cache", None, USER_DICT, workers=workers)
    got = entries()
    seg.submit(got[:2])
    seg.submit(got[2:])
    seg.finish()
    want = [{**e, "title": material(e["title"]), "text": material(e["text"])} for e in entries()]
    assert got == want
    assert "\u200b隐患\u200b" in got[0]["text"] or "\u200b隐患排查\u200b" in got[0]["text"]
    assert seg.hits == 0 and seg.misses == len({e[f] for e in entries() for f in ("title", "text")})
    assert seg.used == {} and seg.cache == {}   # the strings live on in the entries only


@pytest.mark.parametrize("workers", [0, 1])
def test_an_entry_gets_its_segmented_strings_as_soon_as_they_are_there(tmp_path, workers):
    """Not only in finish: a page's unsegmented text is not held beside its cut until the index
    is written. A finished task's strings go in at the next submit; a cached string at once."""
    segment.setup_jieba(None, USER_DICT)
    want = [{**e, "title": material(e["title"]), "text": material(e["text"])} for e in entries()]
    seg = segment.Segmenter(tmp_path, None, USER_DICT, workers=workers)
    first, later = entries()[:2], entries()[2:]
    try:
        seg.submit(first)
        for future, _ in seg._inflight.values():
            future.result()   # the task is done: its strings are taken by the next call
        assert first != want[:2] or workers == 0
        seg.submit(later)
        assert first == want[:2]
    finally:
        seg.finish()
    assert later == want[2:]
    warm = segment.Segmenter(tmp_path, None, USER_DICT, workers=1)
    again = entries()
    warm.submit(again)
    assert again == want and not warm._inflight   # from the cache, before finish
    warm.finish()


def test_cache_serves_a_warm_run_and_keeps_only_strings_in_use(tmp_path):
    segment.setup_jieba(None, USER_DICT)
    cold = segment.Segmenter(tmp_path, None, USER_DICT, workers=0)
    first = entries()
    cold.submit(first)
    cold.finish()
    files = list(tmp_path.glob("search-segments-*.marshal"))
    assert len(files) == 1
    warm = segment.Segmenter(tmp_path, None, USER_DICT, workers=2)
    second = entries()[:3]
    warm.submit(second)
    warm.finish()
    assert second == first[:3]
    assert warm.misses == 0 and warm.hits == len({e[f] for e in entries()[:3] for f in ("title", "text")})
    assert len(marshal.loads(files[0].read_bytes())) == warm.hits  # unused strings dropped


def test_damaged_cache_is_ignored_and_other_dictionaries_use_another_file(tmp_path):
    segment.setup_jieba(None, USER_DICT)
    seg = segment.Segmenter(tmp_path, None, USER_DICT, workers=0)
    seg.cache_path.write_bytes(b"\x00not marshal")
    again = segment.Segmenter(tmp_path, None, USER_DICT, workers=0)
    assert again.cache == {}
    other = tmp_path / "other.txt"
    other.write_text("安全生产月 10 n\n", encoding="utf-8")
    assert segment.cache_tag(None, str(other)) != segment.cache_tag(None, USER_DICT)


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv(segment.CACHE_ENV, "off")
    seg = segment.Segmenter(tmp_path, None, USER_DICT, workers=0)
    seg.submit(entries()[:1])
    seg.finish()
    assert seg.cache_path is None and not list(tmp_path.iterdir())


# ---------------------------------------------------------------- whole builds, old vs new

def _build(project: Path, site: Path, **env) -> str:
    cmd = [str(Path(sys.executable).parent / "mkdocs"), "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    result = subprocess.run(cmd, cwd=project, capture_output=True, text=True,
                            env=dict(os.environ, **bench.ENV, **env))
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def _search_files(site: Path) -> dict[str, bytes]:
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()}
    files.update({p.relative_to(site).as_posix(): p.read_bytes()
                  for p in (site / "assets" / "javascripts" / "workers").glob("search*.js")})
    return files


@pytest.fixture(scope="module")
def small_project(tmp_path_factory):
    project = tmp_path_factory.mktemp("segproj") / "p"
    bench.make_project(ROOT, project)
    written, _ = bench.run_import(project, 8)
    assert written >= 8
    return project


@pytest.mark.parametrize("engine", ["sharded", "material"])
def test_generated_site_search_files_identical_to_serial_material(small_project, tmp_path, engine):
    cache = small_project / ".cache"
    serial = _build(small_project, tmp_path / "old", SAFETY_MONTH_SEARCH_ENGINE=engine,
                    SAFETY_MONTH_SEARCH_PARALLEL="off")
    assert "search segmentation:" not in serial
    old = _search_files(tmp_path / "old")
    assert any(k.startswith("search/shards/t") for k in old) == (engine == "sharded")
    for run in ("cold", "warm"):
        if run == "cold" and cache.exists():
            for f in cache.iterdir():
                f.unlink()
        log = _build(small_project, tmp_path / run, SAFETY_MONTH_SEARCH_ENGINE=engine)
        assert "search segmentation:" in log
        if run == "cold":
            assert " 0 from the cache" in log
        else:
            assert " 0 cut by jieba" in log
        assert _search_files(tmp_path / run) == old, run


# ---------------------------------------------------------------- shard building, old vs new

def old_entry_weights(doc, fields, sep):
    """search_shards.entry_weights as first written (a dict of per-field counts per term)."""
    counts = {}
    for field in fields:
        value = doc.get(field)
        if field == "tags" or not isinstance(value, str) or not value:
            continue
        for token in sep.split(shards._TAG.sub(" ", value)):
            if token:
                per = counts.setdefault(token.lower(), {})
                per[field] = per.get(field, 0) + 1
    for tag in doc.get("tags") or []:
        per = counts.setdefault(str(tag).lower(), {})
        per["tags"] = per.get("tags", 0) + 1
    out = {}
    for term, per in counts.items():
        w = sum(float(fields.get(f, {}).get("boost", 1.0)) * shards.saturate(n) for f, n in per.items())
        out[term] = max(1, round(100 * w))
    return out


def old_postings(index):
    """Term -> gap-coded [Δid, w, …] as search_shards.build first computed it."""
    sep = shards.separator_of(index)
    fields = index["config"]["fields"]
    postings = {}
    for i, doc in enumerate(index["docs"]):
        for term, w in old_entry_weights(doc, fields, sep).items():
            postings.setdefault(term, []).append((i, w))
    out = {}
    for term in sorted(postings):
        flat, prev = [], 0
        for i, w in postings[term]:
            flat += [i - prev, w]
            prev = i
        out[term] = flat
    return out


WORDS = st.sampled_from(["隐患", "排查", "隐患排查", "Safety", "safety", "SAFETY", "İ", "<p>", "</p>", "<B>",
                         "12350", "应急", "a", "A", "", " ", "\u200b", "、", "—"])
FIELD_TEXT = st.lists(WORDS, max_size=30).map("\u200b".join)
DOC = st.fixed_dictionaries({"title": FIELD_TEXT, "text": FIELD_TEXT},
                            optional={"parts": FIELD_TEXT, "about": FIELD_TEXT,
                                      "tags": st.lists(st.sampled_from(["隐患排查治理", "Safety", "safety", "应急"]), max_size=4)})


@settings(max_examples=200, deadline=None)
@given(st.lists(DOC, min_size=1, max_size=8), st.permutations(["parts", "title", "text", "tags", "about"]),
       st.floats(0.1, 1e6), st.sampled_from([1, 2, 3]))
def test_shard_postings_same_as_first_version(docs, order, boost, per_page):
    fields = {name: {"boost": boost if name == "about" else {"parts": 0.5, "title": 1000.0, "text": 1.0,
                                                             "tags": 10.0}[name]} for name in order}
    for i, doc in enumerate(docs):
        doc["location"] = f"p{i // per_page}/" + ("" if i % per_page == 0 else f"#s{i}")
    index = {"config": {"separator": r"[\s\u200b\u3000\-、。，—]+", "fields": fields}, "docs": docs}
    for doc in docs:
        assert shards.entry_weights(doc, fields, shards.separator_of(index)) == \
            old_entry_weights(doc, fields, shards.separator_of(index))
    shard_set = shards.build(index)
    merged = {t: p for shard in shard_set.term_shards for t, p in shard.items()}
    assert merged == old_postings(index)
    assert list(merged) == sorted(merged) or len(shard_set.term_shards) > 1


def test_workers_started_fresh_set_jieba_up_like_the_plugin(tmp_path, monkeypatch):
    # With other threads running (mkdocs serve) workers are fresh interpreters: the
    # initializer must load the user dictionary there, or 隐患排查 would be cut in two.
    monkeypatch.setattr(segment.processes, "may_fork", lambda: False)
    segment.setup_jieba(None, USER_DICT)
    seg = segment.Segmenter(None, None, USER_DICT, workers=1)
    got = entries()
    seg.submit(got)
    seg.finish()
    assert seg._pool is None
    assert got == [{**e, "title": material(e["title"]), "text": material(e["text"])} for e in entries()]


def test_deferred_dictionaries_load_at_the_first_cut_with_the_user_words(tmp_path):
    """jieba_setup.defer_dictionaries: naming a user dictionary loads nothing; the first cut loads
    jieba's dictionary and then the user one, so a user word comes out whole as before."""
    import subprocess
    import sys

    words = tmp_path / "user.txt"
    words.write_text("安全生产月宣传咨询日 100 n\n", encoding="utf-8")
    code = (
        "import jieba\n"
        "from safety_month.search import jieba_setup\n"
        "jieba_setup.defer_dictionaries(); jieba_setup.defer_dictionaries()\n"
        f"jieba.load_userdict({str(words)!r})\n"
        "print(jieba.dt.initialized)\n"
        "print('/'.join(jieba.cut('今天是安全生产月宣传咨询日')))\n"
        "print(jieba.dt.initialized)\n"
        f"jieba.load_userdict({str(words)!r})\n"     # after the load: at once, as jieba's own
        "print(jieba.get_FREQ('安全生产月宣传咨询日'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False" and out[2] == "True" and out[3] == "100"
    assert "安全生产月宣传咨询日" in out[1].split("/")


def test_the_user_dictionary_is_checked_once_per_dictionary(tmp_path, monkeypatch):
    """segment.checked_once: the check (which loads jieba's dictionaries) runs again only when
    the dictionaries (their bytes: cache_tag) change, or always with the cache off."""
    from safety_month import workers

    words = tmp_path / "user.txt"
    words.write_text("安全生产月 100 n\n", encoding="utf-8")
    config = {"config_file_path": str(tmp_path / "mkdocs.yml")}
    checks = []

    def check(path):
        checks.append(path)
        return ["checked"]

    def once():
        return segment.checked_once(config, None, words, check, lambda path: ["read"])

    assert once() == ["checked"] and once() == ["read"] and len(checks) == 1
    words.write_text("安全生产月 100 n\n隐患排查 100 n\n", encoding="utf-8")
    assert once() == ["checked"] and once() == ["read"] and len(checks) == 2
    assert len(list((tmp_path / ".cache").glob("search-dictionary-ok-*"))) == 1
    monkeypatch.setenv(workers.SEARCH_CACHE, "off")
    assert once() == ["checked"] and len(checks) == 3


def test_a_failing_check_is_not_recorded(tmp_path):
    words = tmp_path / "user.txt"
    words.write_text("安全生产月 100 n\n", encoding="utf-8")
    config = {"config_file_path": str(tmp_path / "mkdocs.yml")}

    def check(path):
        raise ValueError("split")
    for _ in range(2):
        with pytest.raises(ValueError):
            segment.checked_once(config, None, words, check, lambda path: ["read"])


def test_with_nothing_cached_the_workers_start_at_once_else_at_the_first_cut(tmp_path):
    """A cold build forks its workers when the segmenter is made (on_config: the process is
    small and has no other thread); with a segmentation cache they wait for a cut."""
    from safety_month import workers

    # Forked where this process may fork (a build's on_config; not a test runner with threads).
    method = "fork" if workers.may_fork() else "spawn"
    cold = segment.Segmenter(tmp_path, None, USER_DICT, workers=1)
    try:
        assert cold._pool is not None and len(cold._pool._processes) == 1
        assert cold._pool._mp_context.get_start_method() == method
    finally:
        cold.close()
    warm_cache = segment.Segmenter(tmp_path, None, USER_DICT, workers=0).cache_path
    warm_cache.write_bytes(marshal.dumps({b"k": "v"}))
    warm = segment.Segmenter(tmp_path, None, USER_DICT, workers=1)
    assert warm.cache and warm._pool is None


def test_with_a_cache_a_few_misses_are_cut_in_this_process_and_more_start_the_workers(tmp_path, monkeypatch):
    """A build with a segmentation cache (one speech added) cuts its misses in its own process,
    no worker started, up to INLINE_CHARS; past that the workers take the rest. Either way the
    strings are Material's cut, in order."""
    segment.setup_jieba(None, USER_DICT)
    cold = segment.Segmenter(tmp_path, None, USER_DICT, workers=0)
    cold.submit(entries()[:2])
    cold.finish()
    want = [{**e, "title": material(e["title"]), "text": material(e["text"])} for e in entries()]

    warm = segment.Segmenter(tmp_path, None, USER_DICT, workers=2, fork_beside=False)
    got = entries()
    warm.submit(got)
    assert warm._pool is None and warm.inline == warm.misses > 0
    warm.finish()
    assert got == want and warm.hits > 0
    assert f"({warm.inline} in the build process)" in warm.log_line()

    monkeypatch.setattr(segment, "INLINE_CHARS", 12)   # the first new page fits, the next not
    again = segment.Segmenter(tmp_path, None, USER_DICT, workers=1, fork_beside=False)
    assert again.cache
    small = [{"location": "n/", "title": "安全", "text": "隐患排查治理"}]        # 8 characters, new
    again.submit(small)
    assert again._pool is None and again.inline == 2
    rest = [{**e, "text": e["text"] + "，继续开展应急演练"} for e in entries()]   # new texts: past the budget
    again.submit(rest)
    assert again._pool is not None and again.inline == 2 and again.misses > 2
    again.finish()
    assert small == [{"location": "n/", "title": material("安全"), "text": material("隐患排查治理")}]
    assert rest == [{**e, "title": material(e["title"]), "text": material(e["text"])}
                    for e in ({**e, "text": e["text"] + "，继续开展应急演练"} for e in entries())]


def test_a_cold_segmenter_never_cuts_in_this_process(tmp_path):
    segment.setup_jieba(None, USER_DICT)
    cold = segment.Segmenter(tmp_path, None, USER_DICT, workers=1)
    try:
        assert not cold.cache and cold.inline_left == 0
        got = entries()
        cold.submit(got)
        assert cold.inline == 0
        cold.finish()
        assert got == [{**e, "title": material(e["title"]), "text": material(e["text"])} for e in entries()]
    finally:
        cold.close()


def test_with_a_cache_one_worker_forked_at_the_first_miss_cuts_the_strings_and_the_facts(tmp_path):
    """`mkdocs build` with a segmentation cache (fork_beside): the first miss forks one worker,
    which cuts the new strings and the pages' facts (add_about's cut, search.index.jieba_segment),
    so that the build process needs no dictionary; the facts' cuts are cached like the rest."""
    from safety_month import workers
    from safety_month.search import index as search_index

    segment.setup_jieba(None, USER_DICT)
    cold = segment.Segmenter(tmp_path, None, USER_DICT, workers=0)
    cold.submit(entries()[:1])
    cold.finish()
    facts = ["讲话人：县长 &lt;安全生产月&gt;", "隐患排查治理 第一责任人"]
    warm = segment.Segmenter(tmp_path, None, USER_DICT, workers=2, fork_beside=True)
    got = entries()
    warm.submit(got)
    warm.submit_facts(facts)
    assert warm._pool is not None and warm.inline == 0
    if "fork" in workers.multiprocessing.get_all_start_methods():
        assert warm._pool._mp_context.get_start_method() == "fork" and warm._pool._max_workers == 1
    warm.finish()
    assert got == [{**e, "title": material(e["title"]), "text": material(e["text"])} for e in entries()]
    assert [warm.facts_segment(f) for f in facts] == [search_index.jieba_segment(f) for f in facts]
    assert "\u200b" in warm.facts_segment(facts[1])
    assert warm.log_line().endswith("cut by jieba in 1 worker process(es)")
    assert warm.facts_segment("未交给分词的事实") == search_index.jieba_segment("未交给分词的事实")

    again = segment.Segmenter(tmp_path, None, USER_DICT, workers=2, fork_beside=True)
    again.submit_facts(facts)
    assert again.misses == 0 and again.hits == 2 and again._pool is None
    again.finish()
    assert [again.facts_segment(f) for f in facts] == [search_index.jieba_segment(f) for f in facts]
