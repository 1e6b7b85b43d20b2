"""scripts/hooks/search.py and search_finish.py: the order in which they drive the search build
(safety_month.search.build, itself tested in tests/search/), that its errors stop the build with
their message, that a failed build stops the worker processes, and their priorities."""

import logging

import pytest
from mkdocs.exceptions import PluginError

from safety_month.search import build
from tests.hooks._fakes import Calls, Config, load_hook, page, priority


def _with_fake_build(name, **returns):
    """The hook with its `build` module replaced by a recorder that is also the build's state
    object (start_build() and current() return it), so one list shows the order of every call."""
    hook = load_hook(name)
    fake = Calls(**returns)
    fake._returns.setdefault("start_build", lambda: fake)
    fake._returns.setdefault("current", lambda: fake)
    fake.SearchBuildError = build.SearchBuildError
    hook.build = fake
    if hasattr(hook, "material_dump"):   # search.py: Material's index file written in pieces
        hook.material_dump = fake
    return hook, fake


def test_on_config_checks_then_escapes_then_starts_segmenting_with_the_user_words():
    hook, fake = _with_fake_build("search", check_config=["安全生产月", "隐患排查"])
    config = Config()
    assert hook.on_config(config) is config
    assert fake.calls == [("start_build",), ("check_config", config), ("escape_entries", config),
                          ("note_query_cap", config), ("take_over", config),
                          ("start_segmenting", config, ["安全生产月", "隐患排查"])]


def test_a_config_without_working_segmentation_is_a_plugin_error_and_nothing_starts():
    message = "mkdocs.yml: the search plugin is not enabled (plugins: - search)"
    hook, fake = _with_fake_build("search", check_config=build.SearchBuildError(message))
    with pytest.raises(PluginError, match=r"^mkdocs.yml: the search plugin is not enabled \(plugins: - search\)$"):
        hook.on_config(Config())
    assert fake.names() == ["start_build", "check_config"]


def test_each_page_is_indexed_early_and_noted_with_its_front_matter():
    hook, fake = _with_fake_build("search")
    p = page("speeches/2024/a.md", speaker="张三")
    assert hook.on_page_content("<p>正文</p>", p, None, None) == "<p>正文</p>"
    context = {"page": p}
    assert hook.on_page_context(context, p, None, None) is context
    assert fake.calls == [("current",), ("index_early", p, "<p>正文</p>", hook.page_cache.search_entries),
                          ("current",), ("note_page", p.url, p.meta), ("segment_new_entries",)]
    assert priority(hook.on_page_content) == -100   # after every other change to the HTML


def test_finish_site_lines_are_logged_and_its_error_is_a_plugin_error(caplog):
    hook, fake = _with_fake_build("search", finish_site=["search index: 1.2 MB (gzip 0.3 MB)"])
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.search"):
        hook.on_post_build(Config())
    assert "search index: 1.2 MB (gzip 0.3 MB)" in caplog.messages
    hook, fake = _with_fake_build("search", finish_site=build.SearchBuildError("jieba did not segment"))
    with pytest.raises(PluginError, match="^jieba did not segment$"):
        hook.on_post_build(Config())


def test_a_failed_build_ends_the_search_build_and_its_workers():
    hook, fake = _with_fake_build("search")
    hook.on_build_error(error=RuntimeError("x"))
    assert fake.names() == ["end_build"]


def test_search_finish_waits_for_the_shards_and_writes_the_offline_index_last(caplog):
    hook, fake = _with_fake_build("search_finish", finish_shards=["shards: 12 files"],
                                  write_offline_index="search_index.js: 1.0 MB")
    config = Config()
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.search_finish"):
        hook.on_post_build(config)
    assert fake.calls == [("current",), ("finish_shards", config), ("write_offline_index", config), ("end_build",)]
    assert caplog.messages == ["shards: 12 files", "search_index.js: 1.0 MB"]
    # After every other post-build step, Material's offline plugin (-100) included.
    assert priority(hook.on_post_build) == -200


def test_search_finish_errors_and_failed_builds(caplog):
    hook, fake = _with_fake_build("search_finish", finish_shards=build.SearchBuildError("shard writer died"))
    with pytest.raises(PluginError, match="^shard writer died$"):
        hook.on_post_build(Config())
    assert fake.names() == ["current", "finish_shards"]
    hook, fake = _with_fake_build("search_finish", finish_shards=[], write_offline_index=None)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.search_finish"):
        hook.on_post_build(Config())   # the online build has no offline index: nothing logged
    assert caplog.messages == []
    hook.on_build_error(error=RuntimeError("x"))
    assert fake.names()[-1] == "end_build"


def test_the_real_check_names_a_missing_search_plugin():
    with pytest.raises(PluginError, match="search plugin is not enabled"):
        load_hook("search").on_config(Config(plugins={}))
