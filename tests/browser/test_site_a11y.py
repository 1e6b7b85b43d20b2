"""axe-core finds no violation on the page types (and the Chinese 404 page) at phone and desktop width, light and dark."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

# The fixture site has 五进 articles and notices (tests/fixtures/site/pages/): the home page
# and the 进家庭 section page show their lists.
PAGES = {"home": "", "wujin": "wujin/jiating/", "speech": "speeches/2023/2023-ff80ac6c/", "library": "library/",
         "library-year": "library/2023/", "library-level": "library/level-city/", "tag": "tags/ze-ren-luo-shi/",
         "tags": "tags/",
         "themes": "themes/", "notices": "notices/", "notice": "notices/2025-05-20-huodong/",
         "article": "wujin/jiating/2025-06-02-ranqi/", "404": "404.html"}


def axe_violations(page, root):
    page.add_script_tag(path=str(root / "node_modules" / "axe-core" / "axe.min.js"))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in result]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations(new_page, fixture_site_server, root, name, viewport, scheme):
    page, watch = new_page(viewport, color_scheme=scheme, bypass_csp=True)
    page.goto(fixture_site_server.url + PAGES[name], wait_until="networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    assert axe_violations(page, root) == []
    assert watch.console_errors == [] and watch.outside_requests == []


def test_no_axe_violations_with_checklist_ticked_and_large_text(new_page, fixture_site_server, root):
    page, _ = new_page(MOBILE, bypass_csp=True)
    page.goto(fixture_site_server.url + "wujin/qiye/", wait_until="networkidle")
    page.locator("[data-sm-textsize]").click()
    page.locator(".sm-checklist li.task-list-item").first.click()
    assert axe_violations(page, root) == []


def test_default_theme_faults_are_fixed(new_page, site_server):
    page, _ = new_page(DESKTOP)
    page.goto(site_server.url, wait_until="networkidle")
    for ident in ("__drawer", "__search"):
        assert page.locator(f"#{ident}").get_attribute("autocomplete") is None
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label")


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
def test_no_axe_violations_on_the_real_site(new_page, site_server, root, viewport):
    """The committed docs/ (with whatever the importer wrote): home, a 五进 page, the library
    and the newest real speech page, if any."""
    from safety_month.site import library

    entries = library.collect((str(p.relative_to(root / "docs")), p.read_bytes()) for p in (root / "docs" / "speeches").rglob("*.md"))
    paths = ["", "wujin/nongcun/", "library/"] + ([entries[0].src_uri[:-3] + "/"] if entries else [])
    page, watch = new_page(viewport, bypass_csp=True)
    for path in paths:
        page.goto(site_server.url + path, wait_until="networkidle")
        assert axe_violations(page, root) == [], path
    assert watch.console_errors == [] and watch.outside_requests == []
