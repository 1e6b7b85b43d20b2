"""Library index (generated in memory) and 历届主题 page (from campaigns.yml)."""

from __future__ import annotations

import pytest

from safety_month import campaign

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser


def test_library_lists_speeches_by_year_and_level_with_working_links(new_page, fixture_site_server):
    page, watch = new_page(MOBILE)
    url = fixture_site_server.url + "library/"
    page.goto(url, wait_until="networkidle")
    assert page.locator("h1").inner_text().rstrip("¶") == "讲话资料库"
    for anchor in ("y2023", "y2021", "ynone", "by-level", "level-city", "level-county", "level-district"):
        assert page.locator(f"[id='{anchor}']").count() == 1, anchor
    year_titles = page.locator("#y2023 + p + ul .sm-lib__title, #y2023 + ul .sm-lib__title").all_inner_texts()
    assert year_titles == ["县长在全县安全生产会议上的讲话"]
    assert "人人讲安全、个个会应急" in page.locator("#y2023 + p").inner_text()
    assert page.locator(".sm-lib .sm-tag").count() >= 6
    links = page.locator(".sm-lib__title")
    hrefs = sorted({links.nth(i).evaluate("a => a.href") for i in range(links.count())})
    assert len(hrefs) == 3
    for href in hrefs:
        assert page.goto(href, wait_until="domcontentloaded").status == 200
        assert page.locator(".sm-provenance").count() == 1
    assert watch.console_errors == [] and watch.outside_requests == []


def test_real_library_page_builds_from_whatever_is_imported(new_page, site_server):
    page, watch = new_page(DESKTOP)
    assert page.goto(site_server.url + "library/", wait_until="networkidle").status == 200
    n = int(page.locator(".sm-lead strong").inner_text())
    assert page.locator("li.sm-lib__item").count() == 2 * n       # once by year, once by level
    if n == 0:
        assert "资料库暂无讲话" in page.locator(".sm-empty").inner_text()
    else:
        assert page.locator("#level-city, #level-county, #level-district, #level-township, #level-province, #level-other, #level-none").count() >= 1
    assert watch.console_errors == [] and watch.outside_requests == []


def test_themes_page_lists_every_year_and_never_invents_one(new_page, fixture_site_server):
    page, watch = new_page(DESKTOP)
    page.goto(fixture_site_server.url + "themes/", wait_until="networkidle")
    rows = page.locator("table.sm-themes tbody tr")
    assert rows.count() == len(campaign.all_campaigns()) == 25
    for c in campaign.all_campaigns():
        row = page.locator(f"tr#y{c.year}").inner_text()
        assert f"{c.year}年" in row and f"第{c.edition}个" in row
        if c.theme:
            assert c.theme in row and c.source.split(";")[0] in row
            # Official pages first: each publisher is a link to its page, before the collection.
            for o in c.official:
                assert page.locator(f'tr#y{c.year} a.sm-official__link[href="{o.url}"]').inner_text() == o.publisher
            if c.official:
                assert row.index("官方来源") < row.index("另见")
        else:
            assert "主题未收录" in row
    assert page.locator("tr#y2026").inner_text().count("主题未收录") == 1
    assert "本届" in page.locator(f"tr#y{campaign.current().year}").inner_text()
    link = page.locator("tr#y2021 a.sm-themes__count")
    assert link.inner_text() == "1篇"
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("library/#y2021")
    assert watch.console_errors == [] and watch.outside_requests == []
