"""安全知识自测 in Chromium: a right and a wrong answer are said in words with the explanation
and its link to the section; it works by keyboard alone, without JavaScript (the <details>),
from file://, prints as a question sheet (answers hidden, key at the end), sends and stores
nothing, and axe finds no violation with the answers open on any 五进 page."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

from .conftest import DESKTOP, MOBILE
from .test_deploy_offline import unzipped  # noqa: F401 - the offline package, opened from disk

pytestmark = pytest.mark.browser

SLUGS = ("qiye", "nongcun", "shequ", "xuexiao", "jiating")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
STORAGE = "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])"


def _open(new_page, server, slug="jiating", viewport=MOBILE, **kwargs):
    page, watch = new_page(viewport, **kwargs)
    page.goto(f"{server.url}wujin/{slug}/", wait_until="networkidle")
    return page, watch


def test_right_and_wrong_answers_are_said_in_words_with_the_explanation_and_link(new_page, site_server):
    page, watch = _open(new_page, site_server)
    stored = page.evaluate(STORAGE)
    sent: list[str] = []
    # (the browser's own lazy favicon fetch is not the page's doing)
    page.on("request", lambda r: "favicon" not in r.url and sent.append(r.url))
    q1 = page.locator("#quiz-1")
    assert q1.locator("legend").inner_text() == "1. 在家中闻到燃气味，第一步应该做什么？"
    assert not q1.locator(".sm-quiz__explain").is_visible()          # nothing given away before asking
    q1.get_by_label("打开抽油烟机排气").check()
    q1.get_by_role("button", name="查看答案").click()
    result = q1.locator(".sm-quiz__result")
    assert result.inner_text() == "✗ 回答错误：你选了 A，正确答案是 B。"
    assert result.get_attribute("aria-live") == "polite"
    assert q1.locator(".sm-quiz__correct").inner_text() == "正确答案：B. 关闭燃气表前阀或总阀"
    assert q1.locator(".sm-quiz__explain").is_visible()
    see = q1.get_by_role("link", name="闻到燃气味")
    assert see.is_visible() and see.get_attribute("href") == "#gas"
    # choosing again starts afresh; the right one is said to be right
    q1.get_by_label("关闭燃气表前阀或总阀").check()
    assert result.inner_text() == "" and not q1.locator(".sm-quiz__explain").is_visible()
    q1.get_by_role("button", name="查看答案").click()
    assert result.inner_text() == "✓ 回答正确：B。"
    # unanswered: the answer is still given, and it says so
    q2 = page.locator("#quiz-2")
    q2.get_by_role("button", name="查看答案").click()
    assert q2.locator(".sm-quiz__result").inner_text() == "未作答。正确答案是 A。"
    see.click()
    assert page.evaluate("location.hash") == "#gas"
    assert sent == [] and page.evaluate(STORAGE) == stored          # nothing sent, nothing stored
    assert watch.console_errors == [] and watch.outside_requests == []


def test_keyboard_alone_answers_a_question(new_page, site_server):
    page, watch = _open(new_page, site_server, "xuexiao", DESKTOP)
    page.locator("h2#quiz .headerlink").focus()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "sm-quiz-1":
            break
    assert page.evaluate("document.activeElement.name") == "sm-quiz-1"
    page.keyboard.press("ArrowDown")            # arrows choose within the group
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.querySelector('input[name=sm-quiz-1]:checked').value") == "C"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "查看答案"
    page.keyboard.press("Enter")
    assert page.locator("#quiz-1 .sm-quiz__result").inner_text() == "✗ 回答错误：你选了 C，正确答案是 A。"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.locator("#quiz-1 .sm-quiz__result").inner_text() == "✓ 回答正确：A。"
    assert watch.console_errors == []


def test_without_javascript_every_question_shows_and_details_give_the_answer(new_page, site_server):
    page, _ = _open(new_page, site_server, "qiye", java_script_enabled=False)
    questions = page.locator(".sm-quiz__q")
    assert questions.count() == 4
    assert page.locator(".sm-quiz__check").count() == 0
    assert all(questions.nth(i).locator("input[type=radio]").count() == 3 for i in range(4))
    q4 = page.locator("#quiz-4")
    assert not q4.locator(".sm-quiz__explain").is_visible()
    q4.locator("summary", has_text="查看答案").click()
    assert q4.locator(".sm-quiz__correct").inner_text() == "正确答案：B. 12350"
    assert q4.get_by_role("link", name="发现隐患可以举报").get_attribute("href") == "#report"


def test_it_works_from_the_offline_package_with_no_request(new_page, unzipped):  # noqa: F811
    page, watch = new_page(MOBILE)
    page.goto((unzipped / "wujin" / "nongcun.html").as_uri(), wait_until="load")
    q = page.locator("#quiz-2")
    q.get_by_label("向沟道两侧的高处跑").check()
    q.get_by_role("button", name="查看答案").click()
    assert q.locator(".sm-quiz__result").inner_text() == "✓ 回答正确：B。"
    assert watch.console_errors == [] and watch.outside_requests == []


def test_print_is_a_question_sheet_with_the_key_at_the_end(new_page, site_server):
    page, watch = _open(new_page, site_server, "shequ", DESKTOP)
    for i in range(1, 5):                       # even with every answer open on screen
        page.locator(f"#quiz-{i}").get_by_role("button", name="查看答案").click()
    assert page.locator(".sm-quiz__explain").first.is_visible()
    assert not page.locator(".sm-quiz__key").is_visible()          # the key is for paper only
    page.emulate_media(media="print")
    for sel in (".sm-quiz__answer", ".sm-quiz__check", ".sm-quiz__result", ".sm-quiz__intro"):
        shown = page.evaluate(f"[...document.querySelectorAll('{sel}')].filter(e => getComputedStyle(e).display !== 'none').length")
        assert shown == 0, sel
    assert page.locator(".sm-quiz__sheet").is_visible()
    assert page.locator(".sm-quiz__key").inner_text() == "答案：1.B 2.B 3.A 4.A"
    box = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.sm-quiz input[type=radio]'));
        return [s.appearance, s.borderTopStyle, parseFloat(s.borderTopWidth), parseFloat(s.width)]; }""")
    assert box[0] == "none" and box[1] == "solid" and box[2] >= 1 and box[3] > 8
    # the options are on the sheet, the answers and explanations are not
    sheet = page.locator(".sm-quiz").inner_text()
    assert "使用原装充电器，充电时远离易燃物" in sheet and "正确答案" not in sheet and "原文：" not in sheet
    assert watch.console_errors == []


def test_targets_are_large_enough_in_large_text_mode(new_page, site_server):
    page, _ = _open(new_page, site_server, "jiating")
    page.locator("button.sm-textsize").click()
    assert page.evaluate("document.documentElement.classList.contains('sm-large')")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.sm-quiz input, .sm-quiz__check, .sm-quiz__option label')]
        .map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })""")
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes


@pytest.mark.parametrize("slug", SLUGS)
def test_axe_finds_no_violation_with_the_answers_open(browser, site_server, slug):
    ctx = browser.new_context(viewport=MOBILE, locale="zh-CN", bypass_csp=True)
    try:
        page = ctx.new_page()
        page.goto(f"{site_server.url}wujin/{slug}/", wait_until="load")
        page.locator(".sm-quiz__q").first.locator("input").first.check()
        for button in page.get_by_role("button", name="查看答案").all():
            button.click()
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("""async () => {
            const r = await axe.run(document.querySelector('.sm-quiz'), {resultTypes: ['violations']});
            return r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length}× ${v.nodes[0].target.join(' ')}`);
        }""")
        assert found == []
    finally:
        ctx.close()
