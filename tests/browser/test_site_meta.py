"""Every page: description and Open Graph tags for sharing; Chinese typography rules applied."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

PAGES = ["", "wujin/", "wujin/qiye/", "wujin/nongcun/", "wujin/shequ/", "wujin/xuexiao/", "wujin/jiating/",
         "library/", "themes/", "speeches/2023/2023-ff80ac6c/", "speeches/2021/2021-8e8c839b-1/",
         "speeches/undated/undated-ed1493ae/"]


def test_every_page_has_description_and_open_graph(new_page, fixture_site_server, fixture_site):
    page, watch = new_page(MOBILE)
    for path in PAGES:
        page.goto(fixture_site_server.url + path, wait_until="domcontentloaded")
        meta = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('meta[name=description], meta[property^="og:"]')]
                                  .map(m => [m.getAttribute('name') || m.getAttribute('property'), m.content]))""")
        assert len(meta["description"]) >= 10, path
        assert meta["og:title"] and meta["og:description"] == meta["description"], path
        assert meta["og:type"] == ("website" if path == "" else "article")
        assert re.fullmatch(r"https?://[^/]+/.*", meta["og:url"]) and meta["og:url"].endswith(path), path
        image = meta["og:image"]
        assert re.fullmatch(r"https?://[^/]+/assets/images/og-cover\.jpg", image)
        assert (Path(fixture_site) / "assets/images/og-cover.jpg").stat().st_size > 1000
    assert watch.console_errors == [] and watch.outside_requests == []


def test_speech_description_is_derived_and_escaped(new_page, fixture_site_server):
    page, _ = new_page(MOBILE)
    page.goto(fixture_site_server.url + "speeches/undated/undated-ed1493ae/")
    desc = page.locator("meta[name=description]").get_attribute("content")
    assert desc.startswith("讲话材料《践行安全发展理念") and "金坛区代区长陆秋明" in desc


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
def test_chinese_typography_rules_are_applied(new_page, site_server, viewport):
    page, watch = new_page(viewport)
    page.goto(site_server.url + "wujin/shequ/", wait_until="networkidle")
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.md-typeset p'));
        return {lineBreak: s.lineBreak, wordBreak: s.wordBreak, size: parseFloat(s.fontSize), lh: parseFloat(s.lineHeight)}; }""")
    assert style["lineBreak"] == "strict" and style["wordBreak"] == "normal"
    assert style["size"] >= 16
    assert style["lh"] / style["size"] == pytest.approx(1.75, abs=0.02)
    # No rendered line of the page's paragraphs starts with closing punctuation.
    starts = page.evaluate("""() => {
        const bad = [];
        for (const p of document.querySelectorAll('.md-typeset p, .md-typeset li')) {
          const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
          let prevTop = null, node;
          while ((node = walker.nextNode())) {
            for (let i = 0; i < node.length; i++) {
              const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
              const rect = r.getClientRects()[0]; if (!rect) continue;
              if (prevTop !== null && rect.top > prevTop + 4 && '，。、；：？！”’）》」』'.includes(node.data[i])) bad.push(node.data.slice(Math.max(0, i - 5), i + 1));
              prevTop = rect.top;
            }
          }
        }
        return bad; }""")
    assert starts == []
    assert watch.console_errors == [] and watch.outside_requests == []
