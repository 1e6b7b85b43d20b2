"""Quality gate: axe-core finds no violation on any page template of the real site.

One page per template (home, a 五进 page, a speech, the library, a year page of it, the tags
index, 历届主题, the 404 page)
and the search dialog opened with results, on a phone-sized and a desktop window.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

from .conftest import DESKTOP, MOBILE
from .search_box import open_search

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TEMPLATES = {
    "home": "",
    "five": "wujin/qiye/",
    "library": "library/",
    "tags": "tags/",
    "themes": "themes/",
    "404": "404.html",
}


def _speech_path(site) -> str:
    pages = sorted(site.glob("speeches/*/*/index.html"))
    assert pages, "no speech page in the build (docs/speeches/ is empty?)"
    return pages[0].parent.relative_to(site).as_posix() + "/"


def _violations(page) -> list[str]:
    assert AXE.is_file(), f"{AXE} missing: run `make npm`"
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length}× ${v.nodes[0].target.join(' ')}`);
    }""")


def _listing_path(site) -> str:
    """A year page of the library (library/<year>/), or the undated one."""
    pages = sorted(site.glob("library/*/index.html"))
    assert pages, "no year page in the build"
    return pages[0].parent.relative_to(site).as_posix() + "/"


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
@pytest.mark.parametrize("template", [*TEMPLATES, "speech", "library-year"])
def test_axe_finds_no_violation(template, viewport, browser, built_site, site_server):
    path = {"speech": _speech_path, "library-year": _listing_path}.get(template, lambda _: TEMPLATES[template])(built_site)
    built = built_site / path if path.endswith(".html") else built_site / path / "index.html"
    assert built.is_file(), f"{path} is not in the build"
    # bypass_csp: the page's own policy would refuse axe's injected script.
    ctx = browser.new_context(viewport=viewport, locale="zh-CN", bypass_csp=True)
    try:
        page = ctx.new_page()
        response = page.goto(site_server.url + path)
        assert response.status == 200
        page.wait_for_load_state("load")
        assert _violations(page) == []
    finally:
        ctx.close()


def test_axe_finds_no_violation_with_search_open(browser, site_server):
    ctx = browser.new_context(viewport=DESKTOP, locale="zh-CN", bypass_csp=True)
    try:
        page = ctx.new_page()
        page.goto(site_server.url)
        open_search(page)
        page.locator("input.md-search__input").fill("安全生产")
        page.keyboard.press("End")
        page.wait_for_selector(".md-search-result__item", timeout=20000)
        assert _violations(page) == []
    finally:
        ctx.close()
