"""scripts/hooks/site_library.py: the library (index, year, level and tag pages) and 历届主题
pages are added in memory from the speeches' front matter, the newest speeches go into
config.extra, a hand-made file in their place or a broken speech stops the build naming the
file, a built library page over the size cap stops it too, and the template filters."""

import re
import pytest
from mkdocs.exceptions import PluginError

from safety_month import campaign
from safety_month.site import library, library_pages, listing
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
        year_page = files.get_file_from_path(library_pages.page_src(library_pages.listing_base("year", e.year), 1))
        plan = hook._memo["pages"][1]
        assert year_page.generated_by is not None and e.title in plan.fill(year_page.src_uri, year_page.content_string)
        for tag in e.tags:
            assert files.get_file_from_path(hook._memo["pages"][1].tag_pages[tag]) is not None
    assert f"共收录 <strong>{len(entries)}</strong> 篇" in lib.content_string
    assert files.get_file_from_path(library_pages.TAGS_INDEX) is not None
    assert campaign.current().theme in re.sub(r"<[^>]+>", "", themes.content_string)   # theme in phrase spans
    cards = config.extra["latest_speeches"]
    assert [c["title"] for c in cards] == [e.title for e in entries[:len(cards)]]
    assert all(c["url"] == files.get_file_from_path(e.src_uri).url for c, e in zip(cards, entries))


def test_the_pages_are_rendered_again_only_when_their_inputs_change(tmp_path, monkeypatch):
    hook = load_hook("site_library")
    config = _site.config(tmp_path)
    hook.on_files(_site.files(config, {}), config)
    fake = Calls(plan=library_pages.Plan(pages={library.LIBRARY_PAGE: "L"}), render_themes="T")
    monkeypatch.setattr(hook.library_pages, "plan", fake.plan)
    monkeypatch.setattr(hook.library, "render_themes", fake.render_themes)
    files = _site.files(config, {})
    hook.on_files(files, config)
    assert fake.calls == []   # same speeches, campaigns and URL style: last build's pages
    assert files.get_file_from_path(library.LIBRARY_PAGE).content_string != "L"
    config["use_directory_urls"] = False
    files = _site.files(config, {})
    hook.on_files(files, config)
    assert fake.names() == ["plan", "render_themes"]
    assert files.get_file_from_path(library.LIBRARY_PAGE).content_string == "L"


@pytest.mark.parametrize("path", [library.LIBRARY_PAGE, library.THEMES_PAGE, "library/2023/index.md",
                                  "library/level-city/2.md", "tags/index.md", "tags/xiao-fang-an-quan/index.md"])
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


def test_the_tag_and_year_filters_give_the_pages_templates_link(tmp_path):
    hook = load_hook("site_library")
    config = _site.config(tmp_path)
    files = hook.on_files(_site.files(config, {"index.md": "# 首页\n"}), config)
    env = hook.on_env(type("Env", (), {"filters": {}})(), config, files)
    entries = library.collect(library.speech_pages(files))
    tagged = next(e for e in entries if e.tags)
    src = env.filters["tag_page"](f" {tagged.tags[0]} ")
    assert files.get_file_from_path(src).generated_by is not None
    page = type("P", (), {"file": files.get_file_from_path(src)})()
    html = hook.on_page_content(files.get_file_from_path(src).content_string, page=page, config=config, files=files)
    assert tagged.title in html and "<!-- sm-list" not in html
    with pytest.raises(PluginError, match=f"^docs/{src}: 生成的页面里找不到列表的位置"):
        hook.on_page_content("<p>列表的位置丢了</p>", page=page, config=config, files=files)
    assert env.filters["tag_page"]("没有这个标签") is None and env.filters["tag_page"](None) is None
    year_src = env.filters["year_page"](tagged.src_uri)
    assert tagged.title in hook._memo["pages"][1].fill(year_src, files.get_file_from_path(year_src).content_string)
    assert env.filters["year_page"]("speeches/nope.md") is None


def test_a_built_library_page_over_the_cap_stops_the_build_naming_it(tmp_path):
    hook = load_hook("site_library")
    hook.on_pre_build(config=None)
    small, big = tmp_path / "small.html", tmp_path / "big.html"
    small.write_bytes(b"x" * listing.PAGE_CAP)
    big.write_bytes(b"x" * (listing.PAGE_CAP + 1))
    for src, path in (("library/2023/index.md", small), ("themes.md", big)):
        page = type("P", (), {"file": type("F", (), {"src_uri": src, "abs_dest_path": str(path)})()})()
        assert hook.on_post_page("<html>", page=page, config=None) == "<html>"
    hook.on_post_build(config=None)        # at the cap, and 历届主题 is not a listing: fine
    page = type("P", (), {"file": type("F", (), {"src_uri": "tags/a/2.md", "abs_dest_path": str(big)})()})()
    hook.on_post_page("<html>", page=page, config=None)
    with pytest.raises(PluginError, match=f"^docs/tags/a/2.md: 生成的页面有 {listing.PAGE_CAP + 1} 字节"):
        hook.on_post_build(config=None)


def test_the_preview_keeps_list_items_under_everything_they_are_made_from():
    """mkdocs serve: an item is made once per (entry without its text, URL style, its tags'
    slugs, page, what it shows); a title, a slug or the page changed makes it again."""
    from types import SimpleNamespace

    hook = load_hook("site_library")
    hook._items.clear()
    made = []
    entry = hook._kept_items(lambda e, links, here, y, t: made.append(e.title) or f"<li>{e.title}</li>", True)
    e = library.SpeechEntry(src_uri="speeches/2024/a.md", title="讲话甲", year=2024, tags=("燃气",), body="正文一\n")
    links = SimpleNamespace(tag_slugs={"燃气": "ran-qi"})
    assert entry(e, links, "library/2024/index.md", False, True) == "<li>讲话甲</li>"
    again = library.SpeechEntry(src_uri="speeches/2024/a.md", title="讲话甲", year=2024, tags=("燃气",), body="正文二\n")
    assert entry(again, links, "library/2024/index.md", False, True) == "<li>讲话甲</li>"   # text only: kept
    assert made == ["讲话甲"]
    renamed = library.SpeechEntry(src_uri="speeches/2024/a.md", title="讲话乙", year=2024, tags=("燃气",))
    assert entry(renamed, links, "library/2024/index.md", False, True) == "<li>讲话乙</li>"
    entry(e, SimpleNamespace(tag_slugs={"燃气": "ran-qi-2"}), "library/2024/index.md", False, True)
    entry(e, links, "library/2024/2.md", False, True)
    entry(e, links, "library/2024/index.md", True, True)
    assert made == ["讲话甲", "讲话乙", "讲话甲", "讲话甲", "讲话甲"]
