"""scripts/hooks/site_library.py: the library index and 历届主题 pages are added in memory from
the speeches' front matter, the newest speeches go into config.extra, a hand-made file in their
place or a broken speech stops the build naming the file, and the `page_url` filter."""

import re
import pytest
from mkdocs.exceptions import PluginError

from safety_month import campaign
from safety_month.site import library
from tests.hooks import _site
from tests.hooks._fakes import Calls, load_hook


def test_both_pages_are_generated_from_the_speeches(tmp_path):
    hook = load_hook("site_library")
    config = _site.config(tmp_path)
    files = _site.files(config, {"index.md": "# 首页\n"})
    entries = library.collect(library.speech_pages(files))
    assert entries
    assert hook.on_files(files, config) is files
    lib, themes = files.get_file_from_path(library.LIBRARY_PAGE), files.get_file_from_path(library.THEMES_PAGE)
    assert lib.generated_by and themes.generated_by
    for e in entries:
        assert e.title in lib.content_string
    assert campaign.current().theme in re.sub(r"<[^>]+>", "", themes.content_string)   # theme in phrase spans
    cards = config.extra["latest_speeches"]
    assert [c["title"] for c in cards] == [e.title for e in entries[:len(cards)]]
    assert all(c["url"] == files.get_file_from_path(e.src_uri).url for c, e in zip(cards, entries))


def test_the_pages_are_rendered_again_only_when_their_inputs_change(tmp_path, monkeypatch):
    hook = load_hook("site_library")
    config = _site.config(tmp_path)
    hook.on_files(_site.files(config, {}), config)
    fake = Calls(render_library="L", render_themes="T")
    monkeypatch.setattr(hook.library, "render_library", fake.render_library)
    monkeypatch.setattr(hook.library, "render_themes", fake.render_themes)
    files = _site.files(config, {})
    hook.on_files(files, config)
    assert fake.calls == []   # same speeches, campaigns and URL style: last build's pages
    assert files.get_file_from_path(library.LIBRARY_PAGE).content_string != "L"
    config["use_directory_urls"] = False
    files = _site.files(config, {})
    hook.on_files(files, config)
    assert fake.names() == ["render_library", "render_themes"]
    assert files.get_file_from_path(library.LIBRARY_PAGE).content_string == "L"


@pytest.mark.parametrize("path", [library.LIBRARY_PAGE, library.THEMES_PAGE])
def test_a_file_where_a_generated_page_goes_is_a_plugin_error(tmp_path, path):
    config = _site.config(tmp_path)
    with pytest.raises(PluginError, match=f"^docs/{path}: 此页面由构建自动生成"):
        load_hook("site_library").on_files(_site.files(config, {path: "# 手写\n"}), config)


def test_a_broken_speech_is_a_plugin_error_naming_it(tmp_path):
    config = _site.config(tmp_path)
    bad = "---\ntitle: 讲话\nkind: speech\nyear: 两千\n---\n\n正文\n"
    with pytest.raises(PluginError, match="speeches/2024/bad.md"):
        load_hook("site_library").on_files(_site.files(config, {"speeches/2024/bad.md": bad}), config)


def test_the_page_url_filter_links_by_source_path_and_names_a_missing_page(tmp_path):
    hook = load_hook("site_library")
    config = _site.config(tmp_path)
    files = _site.files(config, {"index.md": "# 首页\n", "library/index.md": "# 库\n"}, speeches=False)
    env = type("Env", (), {"filters": {}})()
    assert hook.on_env(env, config, files) is env
    assert env.filters["page_url"]("library/index.md") == "library/"
    with pytest.raises(PluginError, match="docs/nope.md"):
        env.filters["page_url"]("nope.md")


def test_the_phrases_filter_returns_escaped_markup(tmp_path):
    hook = load_hook("site_library")
    config = _site.config(tmp_path)
    files = _site.files(config, {"index.md": "# 首页\n"}, speeches=False)
    env = type("Env", (), {"filters": {}})()
    hook.on_env(env, config, files)
    out = env.filters["phrases"]("人人讲安全、<b>")
    assert str(out) == '<span class="sm-phrase">人人讲安全、</span><span class="sm-phrase">&lt;b&gt;</span>'
    assert hasattr(out, "__html__")      # Jinja must not escape it a second time
