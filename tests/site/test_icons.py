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


def test_table_is_the_theme_icons(tmp_path):
    table = icons.load()
    assert {"menu", "search", "close", "arrow-up"} <= set(table)
    bad = tmp_path / "icons.yml"
    bad.write_text('menu: "M1 1z"\nMenu2: "M2 2z"\n', encoding="utf-8")
    with pytest.raises(icons.IconError, match="Menu2"):
        icons.load(bad)
    bad.write_text('a: "M1 1z"\nb: "M1 1z"\n', encoding="utf-8")
    with pytest.raises(icons.IconError, match="same path"):
        icons.load(bad)
    bad.write_text('a: "M1 1z\'"\n', encoding="utf-8")
    with pytest.raises(icons.IconError, match="quotes"):
        icons.load(bad)
