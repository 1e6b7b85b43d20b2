"""scripts/hooks/site_icons.py: the icon stylesheet is generated and linked, inline theme icons
in pages and templates become classed empty <svg>, template JSON keeps Chinese as UTF-8, and a
bad icon table stops the build with its message."""

import json

import jinja2
import pytest
from mkdocs.exceptions import PluginError

from safety_month.preview.memo import PageMemo
from safety_month.site import icons
from tests.hooks import _site
from tests.hooks._fakes import load_hook

TABLE = icons.load()
NAME, D = next(iter(TABLE.items()))
INLINE = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="{D}"/></svg>'


def _configured(tmp_path, command="build"):
    hook = load_hook("site_icons")
    hook.on_startup(command=command)
    config = _site.config(tmp_path, extra_css=["assets/stylesheets/site.css"])
    assert hook.on_config(config) is config
    return hook, config


def test_the_stylesheet_is_added_once_and_generated_from_the_table(tmp_path):
    hook, config = _configured(tmp_path)
    hook.on_config(config)   # the preview calls on_config again on every rebuild
    assert config["extra_css"] == ["assets/stylesheets/site.css", hook.CSS]
    files = hook.on_files(_site.files(config, {}, speeches=False), config)
    assert files.get_file_from_path(hook.CSS).content_string == icons.stylesheet(TABLE)


def test_inline_icons_in_pages_and_templates_become_classed_svgs(tmp_path):
    hook, _ = _configured(tmp_path)
    html = f"<p>{INLINE}</p><svg><circle/></svg>"
    expected = f'<p><svg class="{icons.CLASS} {icons.CLASS}--{NAME}" aria-hidden="true"></svg></p><svg><circle/></svg>'
    assert hook.on_post_page(html, page=None, config=None) == expected
    assert hook.on_post_template(html, template_name="sitemap.xml", config=None) == expected


def test_the_preview_filters_each_page_once(tmp_path):
    hook, _ = _configured(tmp_path, "serve")
    assert isinstance(hook._filter["page"], PageMemo)
    assert hook.on_post_page(INLINE, page=None, config=None) == icons.externalize(INLINE, TABLE)


def test_template_json_keeps_chinese_as_utf8(tmp_path):
    hook, config = _configured(tmp_path)
    env = jinja2.Environment()
    assert hook.on_env(env, config, None) is env
    assert env.from_string("{{ x|tojson }}").render(x={"b": "已复制", "a": "<"}) == '{"a": "\\u003c", "b": "已复制"}'
    assert json.loads(env.from_string("{{ x|tojson }}").render(x={"b": "已复制"})) == {"b": "已复制"}


def test_a_bad_icon_table_is_a_plugin_error_with_its_message(tmp_path, monkeypatch):
    hook = load_hook("site_icons")

    def bad():
        raise icons.IconError("icons.yml: icon name 'Big' is not a lower-case CSS class name")

    monkeypatch.setattr(hook.icons, "load", bad)
    with pytest.raises(PluginError, match="^icons.yml: icon name 'Big'"):
        hook.on_config(_site.config(tmp_path, extra_css=[]))
