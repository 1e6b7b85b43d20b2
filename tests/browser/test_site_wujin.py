"""五进 pages: the four parts, 讲话摘编 links to existing paragraphs, the self-check list."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

PAGES = {"qiye": "企业", "nongcun": "农村", "shequ": "社区", "xuexiao": "学校", "jiating": "家庭"}
PARTS = {"key-messages": "宣传要点", "knowledge": "安全知识", "checklist": "隐患自查清单",
         "activity-guide": "活动指南", "excerpts": "讲话摘编"}


@pytest.fixture(params=["real", "fixture"])
def server(request):
    return request.getfixturevalue("site_server" if request.param == "real" else "fixture_site_server")


@pytest.mark.parametrize("slug", PAGES)
def test_wujin_page_has_the_four_parts_and_an_excerpt_block(new_page, server, slug):
    page, watch = new_page(MOBILE)
    page.goto(f"{server.url}wujin/{slug}/", wait_until="networkidle")
    for anchor, title in PARTS.items():
        assert page.locator(f"h2#{anchor}").inner_text().startswith(title)
    assert page.locator("#key-messages + ul > li").count() >= 3
    assert page.locator(".sm-basis").count() >= 1
    assert all(t.startswith("依据：") for t in page.locator(".sm-basis").all_inner_texts())
    assert page.locator(".sm-checklist .task-list-item").count() >= 5
    assert page.locator("#activity-guide + ol > li").count() >= 3
    block = page.locator(f'.sm-excerpts[data-audience="{PAGES[slug]}"]')
    assert block.count() == 1
    assert "<!-- 讲话摘编 -->" not in page.content()
    assert watch.console_errors == [] and watch.outside_requests == []


@pytest.mark.parametrize("slug", PAGES)
def test_excerpts_link_to_paragraphs_that_exist(new_page, fixture_site_server, slug):
    page, watch = new_page(DESKTOP)
    url = f"{fixture_site_server.url}wujin/{slug}/"
    page.goto(url, wait_until="networkidle")
    links = page.locator(".sm-excerpt__cite a")
    assert links.count() >= 1
    targets = [links.nth(i).evaluate("a => a.href") for i in range(links.count())]
    quotes = [page.locator(".sm-excerpt__text").nth(i).inner_text() for i in range(links.count())]
    for href, quote in zip(targets, quotes):
        path, anchor = href.split("#")
        assert anchor.startswith("p-")
        assert page.goto(path, wait_until="domcontentloaded").status == 200
        para = page.locator(f"[id='{anchor}']")
        assert para.count() == 1, href
        # The quoted words are really in that paragraph (…… marks shortened ends).
        core = max(quote.split("……"), key=len).strip()
        assert core[:12] in para.inner_text().replace("\n", "")
    assert watch.console_errors == [] and watch.outside_requests == []


def test_checklist_ticks_persist_per_page_and_reset_clears(new_page, site_server):
    page, watch = new_page(MOBILE)
    url = f"{site_server.url}wujin/jiating/"
    page.goto(url, wait_until="networkidle")
    boxes = page.locator(".sm-checklist input[type=checkbox]")
    assert boxes.count() >= 5
    assert not boxes.first.is_disabled()
    assert boxes.first.get_attribute("aria-label")
    page.locator(".sm-checklist li.task-list-item").nth(0).click()
    page.locator(".sm-checklist li.task-list-item").nth(2).click()
    assert "已检查 2 /" in page.locator(".sm-checklist__progress").inner_text()
    page.reload(wait_until="networkidle")
    checked = [boxes.nth(i).is_checked() for i in range(boxes.count())]
    assert checked[:3] == [True, False, True] and not any(checked[3:])
    # Another page keeps its own ticks.
    page.goto(f"{site_server.url}wujin/shequ/", wait_until="networkidle")
    other = page.locator(".sm-checklist input[type=checkbox]")
    assert not any(other.nth(i).is_checked() for i in range(other.count()))
    page.goto(url, wait_until="networkidle")
    page.get_by_role("button", name="清除勾选").click()
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.reload(wait_until="networkidle")
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert watch.console_errors == [] and watch.outside_requests == []


def test_checklist_is_a_plain_list_without_javascript(new_page, site_server):
    page, _ = new_page(MOBILE, java_script_enabled=False)
    page.goto(f"{site_server.url}wujin/xuexiao/")
    items = page.locator(".sm-checklist li.task-list-item")
    assert items.count() >= 5 and items.first.is_visible()
    assert page.locator(".sm-checklist__reset").count() == 0


def test_print_hides_navigation_and_keeps_tick_boxes_visible(new_page, site_server):
    page, watch = new_page(DESKTOP)
    page.goto(f"{site_server.url}wujin/qiye/", wait_until="networkidle")
    page.locator(".sm-checklist li.task-list-item").first.click()
    page.emulate_media(media="print")
    for sel in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".sm-checklist__reset"):
        assert page.evaluate(f"getComputedStyle(document.querySelector('{sel}')).display") == "none", sel
    box = page.evaluate("""() => {
        const s = getComputedStyle(document.querySelector('.sm-checklist .task-list-indicator'), '::before');
        return [s.borderTopStyle, s.borderTopWidth, s.maskImage || s.webkitMaskImage, s.width];
    }""")
    assert box[0] == "solid" and float(box[1].rstrip("px")) >= 1 and box[2] == "none" and box[3] != "0px"
    tick = page.evaluate("""() => getComputedStyle(
        document.querySelector('.sm-checklist [type=checkbox]:checked + .task-list-indicator'), '::after').content""")
    assert "✓" in tick
    assert watch.console_errors == [] and watch.outside_requests == []


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("slug", ["qiye", "jiating"])
def test_print_checklist_prints_it_alone_on_one_a4_sheet_with_lines_to_fill_in(new_page, site_server, slug):
    page, watch = new_page(DESKTOP)
    # (window.print opens a dialog: the test stands in for it and prints to PDF itself)
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page.goto(f"{site_server.url}wujin/{slug}/", wait_until="networkidle")
    whole = _pdf_pages(page.pdf(format="A4"))
    page.get_by_role("button", name="打印清单").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    visible = page.evaluate("""() => [...document.querySelectorAll('.md-content__inner > *')]
        .filter(el => getComputedStyle(el).display !== 'none').map(el => el.tagName)""")
    assert visible == ["H1", "H2", "DIV"], visible
    assert page.locator("h1").inner_text().startswith("安全宣传进")
    sign = page.locator(".sm-checklist__sign")
    assert sign.is_visible() and sign.inner_text().split() == ["单位：", "检查人：", "检查日期："]
    assert page.locator("#checklist").inner_text().startswith("隐患自查清单")
    # Every tick box (drawn 1.5em left of its item) lies inside the sheet's checklist, not cut
    # off at its edge; the on-screen tally is not on the sheet to fill in by hand.
    outside = page.evaluate("""() => { const list = document.querySelector('.sm-checklist').getBoundingClientRect();
        return [...document.querySelectorAll('.sm-checklist .task-list-indicator')].filter(i => {
          const box = i.getBoundingClientRect().left + parseFloat(getComputedStyle(i, '::before').left);
          return box < list.left; }).length; }""")
    assert outside == 0
    assert not page.locator(".sm-checklist__progress").is_visible()
    assert _pdf_pages(page.pdf(format="A4")) == 1 < whole
    # printing ends: the page is whole again
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("html.sm-print-checklist").count() == 0 and page.locator(".sm-print-target").count() == 0
    assert watch.console_errors == []
