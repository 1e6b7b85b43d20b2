"""Search result snippets as a reader sees them on a phone (390 px) and a desktop, in Chromium.

The issue's queries: every result paragraph is a few lines (never a whole section), no line
of it starts with "，" or a closing quote (U+200B from segmentation used to allow a break
before them), the top hit for 陆秋明 shows his name as a fact, 煤气泄漏 shows the 燃气
sections with the word marked; axe-core finds nothing on the results, light and dark.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, MOBILE, type_search

from .test_site_a11y import axe_violations

pytestmark = pytest.mark.browser

QUERIES = ["陆秋明", "煤气泄漏", "12350", "隐患排查", "安全生产月主题", "燃气", "电瓶车"]
NEVER_AT_LINE_START = "，、。；：！？”’）》」』〕】…"
# A snippet cut before its sentence starts with "…" (its first line only).
NEVER_FIRST = NEVER_AT_LINE_START.replace("…", "")
MAX_LINES = {390: 6, 1280: 3}    # 100 characters: 4-5 lines on a phone, 2-3 on a desktop

# For each result paragraph: its lines' first characters (by the rendered boxes of its text).
LINE_STARTS = """() => [...document.querySelectorAll(
      '.md-search-result__article p:not(.md-search-result__terms)')].map(p => {
    const starts = [], range = document.createRange();
    const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let top = null;
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const s = n.textContent;
      for (let i = 0; i < s.length; i++) {
        if (/\\s/.test(s[i])) continue;
        range.setStart(n, i); range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (r && (top === null || r.top > top + 2)) { starts.push(s[i]); top = r.top; }
      }
    }
    return {text: p.textContent, starts, visible: p.getClientRects().length > 0};
  })"""


@pytest.fixture(scope="module")
def result_pages(browser, site_server):
    pages, contexts = {}, []

    def get(width: int):
        if width not in pages:
            ctx = browser.new_context(viewport=MOBILE if width == 390 else DESKTOP, locale="zh-CN", bypass_csp=True)
            contexts.append(ctx)
            pages[width] = ctx.new_page()
        page = pages[width]
        page.goto(site_server.url, wait_until="load")   # the search closed, as a reader starts
        # the worker ready (its placeholder replaced the initializer), or a fast query would
        # read the still empty list as the answer
        page.wait_for_function("""() => /键入以开始搜索/.test(
            (document.querySelector('.md-search-result__meta') || {}).textContent || '')""", timeout=20000)
        return page

    yield get
    for ctx in contexts:
        ctx.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("query", QUERIES)
def test_result_lines_are_few_and_never_start_with_punctuation(result_pages, query, width):
    page = result_pages(width)
    groups = type_search(page, query, mobile=width == 390)
    assert groups, f"{query}: no result"
    paras = [p for p in page.evaluate(LINE_STARTS) if p["visible"] and p["text"].strip()]
    assert paras
    for p in paras:
        assert "\u200b" not in p["text"]
        bad = [c for c in p["starts"][:1] if c in NEVER_FIRST] + [c for c in p["starts"][1:] if c in NEVER_AT_LINE_START]
        assert bad == [], f"{query} at {width}px: a line starts with {bad}: {p['text'][:40]}"
        assert len(p["starts"]) <= MAX_LINES[width], f"{query} at {width}px: {len(p['starts'])} lines: {p['text'][:40]}"


def test_the_top_hit_for_a_speaker_shows_the_speaker(result_pages):
    page = result_pages(1280)
    groups = type_search(page, "陆秋明")
    first = page.locator(".md-search-result__item").first
    assert "-ed1493ae" in groups[0]["page"]
    assert first.locator("p.sm-search-fact mark").first.inner_text() == "陆秋明"
    assert "讲话人：陆秋明" in first.inner_text()


def test_gas_leak_by_its_everyday_name_finds_the_gas_sections(result_pages):
    page = result_pages(1280)
    groups = type_search(page, "煤气泄漏")
    assert groups[0]["page"] == "/wujin/shequ/"
    marked = page.eval_on_selector_all(".md-search-result__item mark", "ms => ms.map(m => m.textContent)")
    assert any("燃气" in m for m in marked), marked
    # the sections about 燃气 of the other 五进 pages are among the results too
    pages = {g["page"] for g in groups}
    assert {"/wujin/jiating/", "/wujin/nongcun/"} <= pages, pages


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("query", ["陆秋明", "煤气泄漏"])
def test_axe_finds_nothing_on_the_snippets(new_page, site_server, root, query, scheme):
    page, watch = new_page(MOBILE, color_scheme=scheme, bypass_csp=True)
    page.goto(site_server.url, wait_until="networkidle")
    type_search(page, query, mobile=True)
    assert page.locator(".md-search-result__article mark").count() > 0
    assert axe_violations(page, root) == []
    assert watch.console_errors == [] and watch.outside_requests == []
