"""safety_month.search.build: what the search hook runs, on small fake sites."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from safety_month.search import build
from safety_month.theme.patches import SEARCH_PATCHES, SEGMENT_NEW, SEGMENT_OLD
from tests import paths

SEP = "\u200b"
ROOT = paths.ROOT
USER_DICT = ROOT / "scripts" / "safety_month" / "data" / "jieba_user_dict.txt"


def config_for(site: Path, **search) -> dict:
    search.setdefault("jieba_dict_user", str(USER_DICT))
    return {"site_dir": str(site), "plugins": {"material/search": SimpleNamespace(config=search)}}


WORKER = "x;" + ";".join(p.old for p in SEARCH_PATCHES) + ";y"   # the code the patches expect


def fake_site(tmp_path: Path, text: str, worker: str = WORKER) -> Path:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    workers = site / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.1234abcd.min.js").write_text(worker, encoding="utf-8")
    index = {"config": {"lang": ["zh"], "separator": r"[\s\u200b]+", "pipeline": [],
                        "fields": {"parts": {"boost": 0.5}, "synonyms": {"boost": 0.5}, "text": {"boost": 1.0}}},
             "docs": [{"location": "", "title": "首页", "text": text}]}
    (site / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    return site


def test_check_config_accepts_the_project_dictionary():
    import jieba

    jieba.load_userdict(str(USER_DICT))  # as Material's search plugin does before the hook
    assert "安全生产月" in build.check_config(config_for(Path("/nonexistent")))


def test_check_config_needs_the_plugin_and_the_dictionary(tmp_path):
    with pytest.raises(build.SearchBuildError, match="search plugin is not enabled"):
        build.check_config({"plugins": {}})
    with pytest.raises(build.SearchBuildError, match="jieba_dict_user is not set"):
        build.check_config(config_for(tmp_path, jieba_dict_user=None))
    with pytest.raises(build.SearchBuildError, match="not found"):
        build.check_config(config_for(tmp_path, jieba_dict_user=str(tmp_path / "none.txt")))


def test_check_config_fails_when_the_user_dictionary_is_not_loaded(tmp_path):
    d = tmp_path / "d.txt"
    d.write_text("一二三四五六七八安全词 10 n\n", encoding="utf-8")  # never loaded into jieba
    with pytest.raises(build.SearchBuildError, match="user dictionary is not active"):
        build.check_config(config_for(tmp_path, jieba_dict_user=str(d)))


def test_finish_site_rewrites_adds_parts_patches_and_reports(tmp_path):
    site = fake_site(tmp_path, f"<p>{SEP}开展{SEP}隐患排查{SEP}和{SEP}应急演练</p>")
    lines = build.SearchBuild().finish_site(config_for(site))
    raw = (site / "search" / "search_index.json").read_bytes()
    index = json.loads(raw)
    docs_part = raw.split(b'"docs"')[1]
    assert "隐患排查".encode() in docs_part and b"\\u" not in docs_part  # UTF-8, no escapes
    assert index["docs"][0]["parts"] == "隐患 排查 应急 演练"
    assert lines[0].startswith("search index: 1 entries, ") and f"{len(raw):,} bytes UTF-8" in lines[0]
    assert lines[0].endswith("engine: Material's (lunr in the browser)")
    assert lines[1:] == [f"patched assets/javascripts/workers/search.1234abcd.min.js: {p.name}"
                         for p in SEARCH_PATCHES]
    worker = (site / "assets/javascripts/workers/search.1234abcd.min.js").read_text(encoding="utf-8")
    assert worker == "x;" + ";".join(p.new for p in SEARCH_PATCHES) + ";y"
    assert SEGMENT_NEW in worker


def test_finish_site_writes_shards_for_the_sharded_engine(tmp_path, monkeypatch):
    monkeypatch.setenv("SAFETY_MONTH_SEARCH_ENGINE", "sharded")
    site = fake_site(tmp_path, f"<p>{SEP}开展{SEP}隐患排查</p>")
    search = build.SearchBuild()
    lines = search.finish_site(config_for(site))
    assert lines[0].endswith("engine: sharded (search/shards/)")
    assert not any(line.startswith("search shards: ") for line in lines)   # still being written
    last = search.finish_shards(config_for(site))
    assert len(last) == 1 and last[0].startswith("search shards: ")
    small = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert small["docs"] == [] and small["config"]["shards"]["engine"].startswith("search-engine.")
    assert search.finish_shards(config_for(site)) == []   # once


def test_front_matter_facts_reach_the_page_entry(tmp_path):
    site = fake_site(tmp_path, f"<p>{SEP}开展{SEP}隐患排查</p>")
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index["config"]["fields"]["about"] = {"boost": 100}
    index_path.write_text(json.dumps(index), encoding="utf-8")
    search = build.start_build()
    search.note_page("", {"speaker": "陆秋明", "role": "代区长", "year": 2020, "title": "讲话"})
    search.note_page("other/", {"title": "无关"})
    build.current().finish_site(config_for(site))
    doc = json.loads(index_path.read_text(encoding="utf-8"))["docs"][0]
    assert doc["about"].split(SEP) == ["陆秋明", " ", "代区长", " 2020", "年"]
    assert build.start_build() is not search and build.current().about == {}   # one build's facts
    build.end_build()
    with pytest.raises(build.SearchBuildError, match="on_config did not run"):
        build.current()


def test_finish_site_fails_on_an_unsegmented_index(tmp_path):
    site = fake_site(tmp_path, "<p>开展隐患排查和应急演练</p>")
    with pytest.raises(build.SearchBuildError, match="segmentation is not active"):
        build.SearchBuild().finish_site(config_for(site))


def test_finish_site_fails_loudly_when_the_worker_code_differs(tmp_path):
    changed = SEGMENT_OLD.replace("o<t.length;o++", "o<=t.length;o++")  # e.g. upstream fixed it
    site = fake_site(tmp_path, f"<p>{SEP}隐患排查</p>", worker=changed)
    with pytest.raises(build.SearchBuildError, match="theme's code changed"):
        build.SearchBuild().finish_site(config_for(site))


def test_offline_script_gets_the_complete_index(tmp_path, monkeypatch):
    monkeypatch.setenv("SAFETY_MONTH_SEARCH_ENGINE", "sharded")
    site = fake_site(tmp_path, f"<p>{SEP}开展{SEP}隐患排查</p>")
    plain = build.SearchBuild()
    plain.finish_site(config_for(site))
    assert plain.full_index == {}                            # no offline plugin: nothing kept
    plain.stop()
    site = fake_site(tmp_path / "offline", f"<p>{SEP}开展{SEP}隐患排查</p>")
    config = config_for(site)
    config["plugins"]["material/offline"] = SimpleNamespace(config={})
    search = build.SearchBuild()
    search.finish_site(config)
    assert search.write_offline_index(config) is None      # the offline plugin did not write yet
    script = site / "search" / "search_index.js"
    script.write_text("var __index = " + (site / "search" / "search_index.json").read_text(encoding="utf-8"),
                      encoding="utf-8")                          # as Material's offline plugin does
    line = search.write_offline_index(config)
    search.stop()
    assert line.startswith("search index for file:// (search_index.js): ")
    data = script.read_text(encoding="utf-8")
    assert data.startswith("var __index = {")
    full = json.loads(data[len("var __index = "):])
    assert "shards" not in full["config"] and full["docs"][0]["parts"] == "隐患 排查"


def _pages() -> list[SimpleNamespace]:
    html = ['<h1 id="a">落实安全生产责任</h1><p>开展隐患排查治理。</p><h2 id="b">应急</h2><p>应急演练</p>',
            "<p>安全生产月活动，进社区、进农村。</p>",
            '<h2 id="c">燃气安全</h2><p>燃气报警器</p>']
    return [SimpleNamespace(content=h, toc=[], url=f"p{i}/", title=f"第{i}页", meta={}) for i, h in enumerate(html)]


def _index_json(tmp_path: Path, monkeypatch, early: list[int], changed: tuple[int, ...] = ()) -> str:
    """Index _pages() as a build does: some pages early (on_page_content, in the order
    given), some changed after that, then all in build order (on_page_context)."""
    from material.plugins.search.plugin import SearchIndex

    monkeypatch.setenv("SAFETY_MONTH_SEARCH_WORKERS", "0")
    monkeypatch.setenv("SAFETY_MONTH_SEARCH_CACHE", "off")
    index = SearchIndex(lang=["zh"], separator=r"[\s\u200b]+", pipeline=[], fields={})
    plugin = SimpleNamespace(config={"enabled": True, "jieba_dict_user": str(USER_DICT)}, search_index=index)
    config = {"plugins": {"material/search": plugin}, "config_file_path": str(tmp_path / "mkdocs.yml")}
    pages = _pages()
    search = build.SearchBuild()
    assert search.start_segmenting(config)
    try:
        for i in early:
            search.index_early(pages[i], pages[i].content)
        for i in changed:
            pages[i].content = "<p>编辑检查：预览提示</p>" + pages[i].content
        for page in pages:
            index.add_entry_from_context(page)
            search.segment_new_entries()
        return index.generate_search_index(None)
    finally:
        search.stop_segmenting()


def test_pages_indexed_early_give_the_plugins_own_index(tmp_path, monkeypatch):
    plain = _index_json(tmp_path, monkeypatch, early=[])
    texts = [doc["text"] for doc in json.loads(plain)["docs"]]
    assert all(SEP in t for t in texts if t)   # cut by jieba (in this process)
    # Early in another order than the build's: the index still follows on_page_context.
    assert _index_json(tmp_path, monkeypatch, early=[2, 0, 1]) == plain
    # A page whose HTML changed after it was indexed early is indexed again, in its place.
    changed = _index_json(tmp_path, monkeypatch, early=[0, 1, 2], changed=(1,))
    assert changed == _index_json(tmp_path, monkeypatch, early=[], changed=(1,))
    assert any("预览提示" in doc["text"].replace(SEP, "") for doc in json.loads(changed)["docs"])
    assert changed != plain
