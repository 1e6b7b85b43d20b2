"""Library index, year, level and tag pages (generated in memory) with their filter, tag chips as
links on every page, and the 历届主题 page (from campaigns.yml)."""

from __future__ import annotations

import pytest

from safety_month import campaign
from safety_month.pages.entry import SpeechEntry
from safety_month.site import library_pages
from tests._site_markdown import render

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser


def test_library_index_counts_years_and_levels_and_opens_their_pages(new_page, fixture_site_server):
    page, watch = new_page(MOBILE)
    page.goto(fixture_site_server.url + "library/", wait_until="networkidle")
    assert page.locator("h1").inner_text().rstrip("¶") == "讲话资料库"
    years = page.locator("ul.sm-years:not(.sm-years--levels) > li > a").all_inner_texts()
    assert years == ["2023年（1篇）", "2021年（1篇）", "年份不详（1篇）"]
    assert "人人讲安全、个个会应急" in page.locator("li#y2023").inner_text()
    levels = page.locator("ul.sm-years--levels > li > a").all_inner_texts()
    assert levels == ["市级（1篇）", "县级（1篇）", "区级（1篇）"]
    assert page.locator(".sm-lib__item").count() == 0          # no speech listed on the index
    page.locator("li#y2023 > a").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("library/2023/")
    assert page.locator("h1").inner_text() == "2023年讲话材料"
    assert "人人讲安全、个个会应急" in page.locator(".sm-lib__campaign").inner_text()
    item = page.locator("li.sm-lib__item")
    assert item.count() == 1 and item.locator(".sm-badge--level").inner_text() == "县级"
    item.locator(".sm-tag a", has_text="企业主体责任").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("tags/qi-ye-zhu-ti-ze-ren/") and page.locator("h1").inner_text() == "标签：企业主体责任"
    page.locator(".sm-crumbs a", has_text="全部标签").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("tags/") and page.locator(".sm-tags--index a", has_text="隐患排查治理（2篇）").count() == 1
    assert watch.console_errors == [] and watch.outside_requests == []


def _filter_state(page) -> tuple[int, str]:
    return page.locator("li.sm-lib__item:visible").count(), page.locator(".sm-filter__count").inner_text()


def test_the_filter_narrows_a_tag_page_by_level_and_says_how_many(new_page, fixture_site_server):
    page, watch = new_page(MOBILE)
    page.goto(fixture_site_server.url + "tags/ze-ren-luo-shi/", wait_until="networkidle")
    form = page.locator("form.sm-filter")
    assert form.is_visible() and form.get_attribute("aria-label") == "筛选本页讲话"
    level = page.get_by_role("combobox", name="层级")
    assert level.evaluate("s => [...s.options].map(o => o.text)") == ["全部层级", "县级（1篇）", "市级（1篇）"]
    assert not page.locator("select[name=tag]").is_visible()     # a tag page lists no tags to choose
    assert _filter_state(page) == (2, "本页共 2 篇")
    assert page.locator(".sm-filter__count").get_attribute("aria-live") == "polite"
    level.select_option("县")
    assert _filter_state(page) == (1, "本页 2 篇中有 1 篇符合条件")
    assert page.locator("li.sm-lib__item:visible .sm-lib__title").inner_text() == "县长在全县安全生产会议上的讲话"
    box = level.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert watch.console_errors == [] and watch.outside_requests == []


def test_the_filter_combines_level_and_tag_on_a_year_page(new_page, tmp_path, root):
    """A year page of 12 speeches as library_pages renders it (through the site's Markdown),
    with the site's library.js, opened from disk."""
    entries = [SpeechEntry(src_uri=f"speeches/2024/{n}.md", title=f"讲话{n}", year=2024, level=("市", "县", None)[n % 3],
                           tags=("消防安全", "燃气安全") if n % 2 else ("道路交通",)) for n in range(12)]
    plan = library_pages.plan(entries, campaign.all_campaigns(), lambda to, here: to)
    src = "library/2024/index.md"
    body = plan.fill(src, render(plan.pages[src].split("\n---\n", 1)[1], speech=False))
    (tmp_path / "library.js").write_bytes((root / "docs" / "assets" / "javascripts" / "library.js").read_bytes())
    (tmp_path / "year.html").write_text(f'<!doctype html><html lang="zh"><meta charset="utf-8"><title>t</title>{body}'
                                        '<script src="library.js"></script>', encoding="utf-8")
    page, watch = new_page(DESKTOP)
    page.goto((tmp_path / "year.html").as_uri(), wait_until="load")
    tag = page.get_by_role("combobox", name="标签")
    assert tag.evaluate("s => [...s.options].map(o => o.text)") == ["全部标签", "道路交通（6篇）", "消防安全（6篇）", "燃气安全（6篇）"]
    assert _filter_state(page) == (12, "本页共 12 篇")
    tag.select_option("xiao-fang-an-quan")
    assert _filter_state(page) == (6, "本页 12 篇中有 6 篇符合条件")
    page.get_by_role("combobox", name="层级").select_option("市")      # n % 3 == 0 and odd: 3, 9
    assert _filter_state(page) == (2, "本页 12 篇中有 2 篇符合条件")
    assert page.locator("li.sm-lib__item:visible .sm-lib__title").all_inner_texts() == ["讲话3", "讲话9"]
    page.get_by_role("combobox", name="层级").select_option("县")
    tag.select_option("dao-lu-jiao-tong")                              # n % 3 == 1 and even: 4, 10
    assert _filter_state(page)[0] == 2
    assert watch.console_errors == []


def test_without_javascript_every_speech_is_listed_and_no_filter_shows(new_page, fixture_site_server):
    page, _ = new_page(MOBILE, java_script_enabled=False)
    page.goto(fixture_site_server.url + "tags/ze-ren-luo-shi/", wait_until="load")
    assert page.locator("li.sm-lib__item:visible").count() == 2
    assert not page.locator("form.sm-filter").is_visible()


def test_the_filter_works_from_disk_with_a_preset_from_the_address(new_page, fixture_site):
    """file://, as in the offline package: the script loads by a relative path, no request."""
    page, watch = new_page(DESKTOP)
    page.goto((fixture_site / "tags" / "yin-huan-pai-cha-zhi-li" / "index.html").as_uri() + "?level=区", wait_until="load")
    page.wait_for_selector("form.sm-filter:not([hidden])")
    assert _filter_state(page) == (1, "本页 2 篇中有 1 篇符合条件")
    # (this build is the web one: its search index does not load from disk, the offline one's does)
    assert [e for e in watch.console_errors if e.startswith("pageerror") and "search_index" not in e] == []
    assert watch.outside_requests == []


def test_tag_chips_on_home_and_speech_pages_open_their_tag_pages(new_page, fixture_site_server):
    page, watch = new_page(DESKTOP)
    page.goto(fixture_site_server.url + "speeches/2023/2023-ff80ac6c/", wait_until="networkidle")
    chips = page.locator(".sm-speech-meta .sm-tag")
    assert chips.count() == 3 and chips.locator("a").count() == 3
    year = page.locator(".sm-speech-head__kicker a", has_text="2023年")
    assert year.get_attribute("href") == "../../../library/2023/"
    chips.locator("a", has_text="隐患排查治理").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("tags/yin-huan-pai-cha-zhi-li/")
    assert page.locator("li.sm-lib__item").count() == 2
    page.goto(fixture_site_server.url, wait_until="networkidle")
    home_chips = page.locator(".sm-speech-card .sm-tag")
    assert home_chips.count() > 0 and home_chips.count() == home_chips.locator("a").count()
    for i in range(home_chips.count()):
        href = home_chips.locator("a").nth(i).evaluate("a => a.href")
        assert "/tags/" in href and page.request.get(href).status == 200
    assert watch.console_errors == [] and watch.outside_requests == []


def test_real_library_pages_build_from_whatever_is_imported(new_page, site_server):
    page, watch = new_page(DESKTOP)
    assert page.goto(site_server.url + "library/", wait_until="networkidle").status == 200
    n = int(page.locator(".sm-lead strong").inner_text())
    counts = page.locator("ul.sm-years:not(.sm-years--levels) .sm-years__count").all_inner_texts()
    assert sum(int(c.strip("（篇）")) for c in counts) == n
    if n == 0:
        assert "资料库暂无讲话" in page.locator(".sm-empty").inner_text()
    listed = 0
    for href in page.locator("ul.sm-years:not(.sm-years--levels) > li > a").evaluate_all("as => as.map(a => a.href)"):
        while href:
            page.goto(href, wait_until="networkidle")
            listed += page.locator("li.sm-lib__item").count()
            nxt = page.locator("a.sm-pager__next")
            href = nxt.evaluate("a => a.href") if nxt.count() else None
    assert listed == n                    # every speech once across the year pages
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
    assert page.url.endswith("library/2021/")
    assert watch.console_errors == [] and watch.outside_requests == []
