"""Reader preferences: 大字模式 (large text) and dark mode, remembered across reloads."""

from __future__ import annotations

import pytest

from .conftest import MOBILE

pytestmark = pytest.mark.browser

# Records whether <html> already had the class when <body> appeared: no flash of small text.
EARLY_PROBE = """
new MutationObserver((records, obs) => {
  if (document.body) {
    window.__smLargeAtBody = document.documentElement.classList.contains('sm-large');
    obs.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


# Records <body>'s colour scheme right after the microtasks of its insertion (the early
# script's observer among them): before any paint, long before the theme's bundle runs.
SCHEME_PROBE = """
new MutationObserver((records, obs) => {
  if (document.body) {
    obs.disconnect();
    queueMicrotask(() => { window.__smSchemeAtBody = document.body.dataset.mdColorScheme; });
  }
}).observe(document, {childList: true, subtree: true});
"""


def body_font_px(page) -> float:
    return float(page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontSize").rstrip("px"))


def test_large_text_mode_persists_without_flash(new_page, site_server):
    page, watch = new_page(MOBILE)
    page.add_init_script(EARLY_PROBE)
    url = site_server.url + "wujin/jiating/"
    page.goto(url, wait_until="networkidle")
    normal = body_font_px(page)
    assert normal >= 16
    button = page.locator("[data-sm-textsize]")
    assert button.get_attribute("aria-pressed") == "false" and button.get_attribute("aria-label") == "大字模式"
    button.click()
    assert page.evaluate("document.documentElement.classList.contains('sm-large')")
    assert button.get_attribute("aria-pressed") == "true"
    large = body_font_px(page)
    assert large >= normal * 1.15
    page.reload(wait_until="networkidle")
    assert page.evaluate("window.__smLargeAtBody") is True
    assert body_font_px(page) == pytest.approx(large)
    page.goto(site_server.url, wait_until="networkidle")          # other pages too
    assert page.evaluate("document.documentElement.classList.contains('sm-large')")
    page.locator("[data-sm-textsize]").click()
    page.reload(wait_until="networkidle")
    assert page.evaluate("window.__smLargeAtBody") is False
    assert watch.console_errors == [] and watch.outside_requests == []


def test_dark_mode_persists_after_reload(new_page, site_server):
    page, watch = new_page(MOBILE, color_scheme="light")
    page.add_init_script(SCHEME_PROBE)
    page.goto(site_server.url, wait_until="networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    assert page.evaluate("window.__smSchemeAtBody") == "default"
    page.locator("label[title='切换到深色模式']").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.evaluate("window.__smSchemeAtBody") == "slate"    # no flash of the light palette
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert bg != "rgb(255, 255, 255)"
    assert watch.console_errors == [] and watch.outside_requests == []


def test_the_early_script_gives_the_theme_the_base_and_scope_it_computed_per_page(new_page, site_server):
    # Material derived both from each page's relative base_url; the early script from its own
    # address: the same site root at any depth.
    page, watch = new_page(MOBILE)
    for path, up in (("", ""), ("wujin/jiating/", "../../")):
        page.goto(site_server.url + path, wait_until="networkidle")
        root = page.evaluate(f"new URL('{up}' || '.', location).href")
        assert root == site_server.url
        assert page.evaluate("JSON.parse(document.getElementById('__config').textContent).base") == root
        assert page.evaluate("__md_scope.href") == root
        assert page.evaluate("typeof __md_hash('安全') === 'number' && __md_hash('a') === 97")
    assert watch.console_errors == [] and watch.outside_requests == []
