"""Home page: current campaign from campaigns.yml, 五进 cards, latest speeches, hotlines."""

from __future__ import annotations

import re

import pytest

from safety_month import campaign
from safety_month.site import freshness
from safety_month.site import library

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

FIVE = {"qiye": "进企业", "nongcun": "进农村", "shequ": "进社区", "xuexiao": "进学校", "jiating": "进家庭"}


@pytest.fixture(params=["real", "fixture"])
def server(request):
    return request.getfixturevalue("site_server" if request.param == "real" else "fixture_site_server")


def assert_clean(watch):
    assert watch.console_errors == []
    assert watch.outside_requests == []


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
def test_home_shows_the_current_campaign_dates_and_hotlines(new_page, server, viewport):
    c = campaign.current()
    page, watch = new_page(viewport)
    page.goto(server.url, wait_until="networkidle")
    hero = page.locator(".sm-hero")
    assert hero.is_visible()
    assert f"{c.year}年 · 第{c.edition}个全国“安全生产月”" in hero.inner_text()
    theme = page.locator("#sm-hero-title").inner_text().replace("\n", "")
    assert c.theme and c.theme.split("——")[0] in theme and c.theme.split("——")[-1] in theme
    assert f"{c.year}年6月1日—30日" in hero.inner_text()
    assert page.locator(".sm-hero__fact time").get_attribute("datetime") == f"{c.year}-06-16"
    assert "6月16日" in hero.inner_text()
    # honest dates: the build day, and the missing theme once the next June has begun
    fresh = freshness.freshness(c.year, freshness.build_date())
    assert page.locator(".sm-hero__updated time").get_attribute("datetime") == fresh["built_iso"]
    behind = page.locator(".sm-hero__behind")
    if fresh["missing_year"]:
        assert behind.inner_text() == f"本站尚未收录{fresh['missing_year']}年的活动主题，以下是{c.year}年的活动。"
    else:
        assert behind.count() == 0
    hotline = page.locator(".sm-hotline")
    assert hotline.locator('a[href="tel:12350"]').inner_text() == "12350"
    assert "安监总厅〔2009〕155号" in hotline.inner_text()
    for n in ("110", "119", "120", "12119"):
        assert hotline.locator(f'a[href="tel:{n}"]').count() == 1
    assert "122" not in re.sub(r"12350|12119|120", "", hotline.inner_text())
    # The hero is the campaign's, not the default docs header: green band, orange accent.
    bg = page.evaluate("getComputedStyle(document.querySelector('.sm-hero')).backgroundImage")
    assert "linear-gradient" in bg
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == "rgb(15, 77, 37)"
    assert_clean(watch)


def test_five_cards_open_working_wujin_pages(new_page, site_server):
    page, watch = new_page(MOBILE)
    page.goto(site_server.url, wait_until="networkidle")
    links = page.locator(".sm-wujin a")
    assert links.count() == 5
    hrefs = [links.nth(i).get_attribute("href") for i in range(5)]
    for slug, name in FIVE.items():
        href = next(h for h in hrefs if slug in h)
        response = page.goto(site_server.url + href.lstrip("./"), wait_until="networkidle")
        assert response.status == 200
        assert page.locator("h1").first.inner_text().rstrip("¶") == f"安全宣传{name}"
    assert_clean(watch)


def test_home_lists_the_newest_speeches_first(new_page, fixture_site_server, fixture_site):
    page, watch = new_page(DESKTOP)
    page.goto(fixture_site_server.url, wait_until="networkidle")
    cards = page.locator(".sm-speech-card__title")
    titles = [cards.nth(i).inner_text() for i in range(cards.count())]
    assert titles == ["县长在全县安全生产会议上的讲话", "2021年安全生产月活动启动讲话（材料汇编之一）",
                      "践行安全发展理念 坚守安全生产底线 切实提升安全生产治理现代化水平"]
    assert page.locator(".sm-speech-card").nth(1).locator(".sm-badge--excerpt").inner_text() == "节选"
    cards.first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text() == titles[0]
    assert_clean(watch)


def test_real_home_lists_up_to_six_of_the_imported_speeches(new_page, site_server, root):
    pages = [(str(p.relative_to(root / "docs")), p.read_bytes()) for p in (root / "docs" / "speeches").rglob("*.md")]
    entries = library.collect(pages)
    page, watch = new_page(DESKTOP)
    page.goto(site_server.url, wait_until="networkidle")
    cards = page.locator(".sm-speech-card__title")
    assert [cards.nth(i).inner_text() for i in range(cards.count())] == [e.title for e in library.latest(entries, 6)]
    if not entries:
        assert page.locator(".sm-empty").count() == 1
    assert_clean(watch)
