"""五进 articles and 通知公告 in Chromium: the home page shows the newest notices, the 通知公告
index lists every one, a 五进 section page lists its own articles, and each link opens its
page; the 讲话摘编 read as an editor's choice (attribution, no editorial notes, no empty
brackets, whole sentences)."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

NOTICES = ["6月16日安全宣传咨询日活动安排", "关于开展2025年“安全生产月”活动的通知"]   # newest first
JIATING = ["家中燃气安全十要点", "居家用电安全提示"]


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
def test_home_shows_the_newest_notices_and_leads_to_all(new_page, fixture_site_server, viewport):
    page, watch = new_page(viewport)
    page.goto(fixture_site_server.url, wait_until="networkidle")
    titles = page.locator(".sm-notices .sm-article__title")
    assert titles.all_inner_texts() == NOTICES
    assert titles.first.is_visible()
    assert page.locator(".sm-notices time").first.get_attribute("datetime") == "2025-06-16"
    page.locator(".sm-notices .sm-more a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").inner_text().startswith("通知公告")
    assert page.locator(".sm-articles .sm-article__title").all_inner_texts() == NOTICES
    page.locator(".sm-articles .sm-article__title", has_text=NOTICES[1]).click()
    page.wait_for_load_state("networkidle")
    assert NOTICES[1] in page.locator("article h1").inner_text()
    assert watch.console_errors == [] and watch.outside_requests == []


def test_notices_are_a_tab_of_the_navigation(new_page, fixture_site_server):
    page, _ = new_page(DESKTOP)
    page.goto(fixture_site_server.url, wait_until="networkidle")
    tab = page.locator(".md-tabs__link", has_text="通知公告")
    assert tab.is_visible()
    tab.click()
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/").endswith("/notices")


def test_section_page_lists_its_articles_and_they_open(new_page, fixture_site_server):
    page, watch = new_page(MOBILE)
    page.goto(f"{fixture_site_server.url}wujin/jiating/", wait_until="networkidle")
    heading = page.locator("h2#articles")
    assert heading.inner_text().startswith("本栏目文章")
    # between the activity guide and the excerpts, where the page's marker stood
    order = page.evaluate("[...document.querySelectorAll('h2[id]')].map(h => h.id)")
    assert order.index("activity-guide") < order.index("articles") < order.index("excerpts")
    items = page.locator("#articles + ul.sm-articles .sm-article__title")
    assert items.all_inner_texts() == JIATING
    assert "用气前开窗通风" in page.locator("#articles + ul.sm-articles").inner_text()
    items.first.click()
    page.wait_for_load_state("networkidle")
    assert JIATING[0] in page.locator("article h1").inner_text()
    page.goto(f"{fixture_site_server.url}wujin/qiye/", wait_until="networkidle")
    assert page.locator("h2#articles").count() == 0           # no article of 企业: no heading
    assert "<!-- 本栏目文章 -->" not in page.content()
    assert watch.console_errors == [] and watch.outside_requests == []


@pytest.mark.parametrize("slug", ["qiye", "nongcun", "shequ", "xuexiao", "jiating"])
def test_excerpts_read_like_an_editors_choice(new_page, fixture_site_server, slug):
    page, _ = new_page(DESKTOP)
    page.goto(f"{fixture_site_server.url}wujin/{slug}/", wait_until="networkidle")
    intro = page.locator(".sm-excerpts__intro").inner_text()
    assert intro.startswith("以下段落摘自讲话资料库") and "yml" not in intro and "规则" not in intro
    cites = page.locator(".sm-excerpt__cite").all_inner_texts()
    assert cites
    for cite in cites:
        assert cite.startswith("——") and "佚名" not in cite and not re.search(r"第\d+段", cite), cite
    for i, quote in enumerate(page.locator(".sm-excerpt__text").all_inner_texts()):
        # empty brackets only inside a redaction mark
        bare = page.locator(".sm-excerpt__text").nth(i).evaluate(
            "q => { const c = q.cloneNode(true); c.querySelectorAll('.sm-redact').forEach(r => r.remove()); return c.textContent; }")
        assert "（）" not in bare and "()" not in bare, quote
        assert quote.rstrip("”’」』）)").endswith(("。", "！", "？", "!", "?", "……")), quote
