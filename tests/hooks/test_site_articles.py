"""scripts/hooks/site_articles.py: the 通知公告 index is generated, the newest notices go into
config.extra, a 五进 section page lists its own articles (and an article page lists none)."""

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from safety_month.site import articles
from tests.hooks import _site
from tests.hooks._fakes import load_hook

ARTICLE = "---\ntitle: 家中燃气安全\nkind: wujin\naudience: 家庭\ndate: 2025-06-02\ntags: []\n---\n\n正文。\n"
NOTICE = "---\ntitle: 活动通知\nkind: notice\ndate: 2025-05-20\ntags: []\n---\n\n正文。\n"
SECTION = f"---\ntitle: 进家庭\naudience: 家庭\n---\n\n# 进家庭\n\n{articles.ARTICLES_MARKER}\n"


def _build(tmp_path):
    hook = load_hook("site_articles")
    config = _site.config(tmp_path)
    files = _site.files(config, {"index.md": "# 首页\n", "wujin/jiating.md": SECTION, "wujin/qiye.md": SECTION.replace("家庭", "企业"),
                                 "wujin/jiating/2025-06-02-a.md": ARTICLE, "notices/2025-05-20-b.md": NOTICE}, speeches=False)
    hook.on_files(files, config)
    return hook, config, files


def _page(files, src, meta):
    return SimpleNamespace(file=files.get_file_from_path(src), meta=meta)


def test_notices_index_and_home_cards(tmp_path):
    _, config, files = _build(tmp_path)
    index = files.get_file_from_path(articles.NOTICES_PAGE)
    assert 'href="2025-05-20-b/"' in index.content_string and "活动通知" in index.content_string
    assert config.extra["latest_notices"][0]["title"] == "活动通知"
    assert config.extra["latest_notices"][0]["url"] == "notices/2025-05-20-b/"


def test_section_page_lists_its_articles_only(tmp_path):
    hook, _, files = _build(tmp_path)
    out = hook.on_page_markdown(SECTION, _page(files, "wujin/jiating.md", {"audience": "家庭"}))
    assert 'href="2025-06-02-a/"' in out and articles.ARTICLES_MARKER not in out
    other = hook.on_page_markdown(SECTION, _page(files, "wujin/qiye.md", {"audience": "企业"}))
    assert "家中燃气安全" not in other and articles.ARTICLES_MARKER not in other
    assert hook.on_page_markdown(ARTICLE, _page(files, "wujin/jiating/2025-06-02-a.md",
                                                {"audience": "家庭", "kind": "wujin"})) == ARTICLE


def test_a_file_where_the_notices_index_goes_is_a_plugin_error(tmp_path):
    config = _site.config(tmp_path)
    with pytest.raises(PluginError, match=f"^docs/{articles.NOTICES_PAGE}: 此页面由构建自动生成"):
        load_hook("site_articles").on_files(_site.files(config, {articles.NOTICES_PAGE: "# 手写\n"}, speeches=False), config)
