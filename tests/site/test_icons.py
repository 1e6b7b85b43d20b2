import re

import pytest

from safety_month.site import icons

MENU = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z"/></svg>'
OTHER = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1h2v2H1z"/></svg>'


def test_known_icons_replaced_unknown_kept():
    table = {"menu": "M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z"}
    html = f"<label>{MENU}</label><p>{OTHER}</p>"
    out = icons.externalize(html, table)
    assert out == f'<label><svg class="sm-i sm-i--menu" aria-hidden="true"></svg></label><p>{OTHER}</p>'
    assert icons.externalize("<p>无图标</p>", table) == "<p>无图标</p>"


def test_stylesheet_draws_every_icon_as_a_mask():
    table = icons.load()
    css = icons.stylesheet(table)
    for name, d in table.items():
        m = re.search(rf'\.sm-i--{name}\{{--sm-i:url\("([^"]+)"\)\}}', css)
        assert m, name
        uri = m.group(1)
        assert uri.startswith("data:image/svg+xml,") and "<" not in uri and '"' not in uri
        from urllib.parse import unquote
        assert f"d='{d}'" in unquote(uri)
    assert "mask:var(--sm-i)" in css and "currentcolor" in css


def test_table_is_the_theme_icons():
    table = icons.load()
    assert {"menu", "search", "close", "arrow-up"} <= set(table)
    with pytest.raises(icons.IconError, match="^scripts/safety_month/data/icons.yml: icon name 'Menu2'"):
        icons.load({"menu": "M1 1z", "Menu2": "M2 2z"})
    with pytest.raises(icons.IconError, match="same path"):
        icons.load({"a": "M1 1z", "b": "M1 1z"})
    with pytest.raises(icons.IconError, match="quotes"):
        icons.load({"a": "M1 1z'"})
    with pytest.raises(icons.IconError, match="icon name: path data"):
        icons.load(["M1 1z"])


def test_a_table_that_is_not_yaml_is_an_icon_error_naming_the_file(monkeypatch):
    monkeypatch.setattr(icons.tables, "text", lambda name: "a: [\n")
    with pytest.raises(icons.IconError, match="^scripts/safety_month/data/icons.yml: "):
        icons.load()
