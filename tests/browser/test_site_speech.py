"""Speech pages: metadata, outline, provenance, 节选, paragraph anchors and A4 print style."""

from __future__ import annotations

import re

import pytest

from safety_month import campaign
from safety_month.site import library

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

COUNTY = "speeches/2023/2023-ff80ac6c/"
CITY = "speeches/2021/2021-8e8c839b-1/"
DISTRICT = "speeches/undated/undated-ed1493ae/"


def test_speech_page_shows_metadata_outline_and_provenance(new_page, fixture_site_server):
    page, watch = new_page(DESKTOP)
    page.goto(fixture_site_server.url + COUNTY, wait_until="networkidle")
    assert page.locator("h1").count() == 1 and page.locator("h1").inner_text() == "县长在全县安全生产会议上的讲话"
    meta = page.locator(".sm-speech-meta").inner_text()
    c = campaign.by_year(2023)
    for text in ("职务", "县长", "层级", "县级", "全县安全生产会议", "2023年", f"第{c.edition}个全国“安全生产月”", c.theme):
        assert text in meta
    outline = page.locator(".sm-outline a")
    assert outline.count() == 3
    for i in range(outline.count()):
        anchor = outline.nth(i).get_attribute("href")
        assert anchor.startswith("#") and page.locator(f"[id='{anchor[1:]}']").count() == 1
    for n in range(1, 9):
        assert page.locator(f"p#p-{n}").count() == 1
    prov = page.locator(".sm-provenance")
    text = prov.inner_text()
    # for readers: where from and what was done, in plain words
    assert "本文整理自网页（www.example.com）" in text
    assert "https://www.example.com/doc/1619654.html" in text
    assert prov.locator("a").count() == 0                     # the source URL is text, not a link
    assert page.locator('a[href*="example.com"]').count() == 0
    assert "删去了网页上的导航、分享、下载提示等附加文字" in text and "还原了被网站改写工具替换的词语（9 处）" in text
    # editors' data never on the public page (it is in the preview's editorial box)
    whole = page.locator("body").inner_text()
    for editorial in ("sources/001_a1e049a011f477ef.txt", "ff80ac6c4a0bf33b4483cc36c0ba6a72c614da19432912f6f67d3f0aef60117b",
                      "spin.pingan", "chrome.download_page", "第40行", "待核对", "lost_char", "编辑指南"):
        assert editorial not in whole, editorial
    assert page.locator(".sm-editorial").count() == 0
    assert page.locator(".sm-speech-head .sm-badge--excerpt").count() == 0
    redact = page.locator(".sm-speech-body .sm-redact").first
    assert redact.inner_text() in ("X同志", "〔*〕")
    assert page.evaluate("getComputedStyle(document.querySelector('.sm-speech-body .sm-redact')).borderTopStyle") == "dashed"
    assert watch.console_errors == [] and watch.outside_requests == []


def test_excerpt_and_undated_speeches_are_marked(new_page, fixture_site_server):
    page, watch = new_page(MOBILE)
    page.goto(fixture_site_server.url + CITY, wait_until="networkidle")
    assert page.locator(".sm-speech-head .sm-badge--excerpt").inner_text() == "节选"
    assert "节选" in page.locator(".sm-note--excerpt").inner_text()
    page.goto(fixture_site_server.url + DISTRICT, wait_until="networkidle")
    meta = page.locator(".sm-speech-meta").inner_text()
    assert "陆秋明" in meta and "金坛区" in meta and "不详" in meta and "当年活动" not in meta
    assert watch.console_errors == [] and watch.outside_requests == []


def test_speech_prints_as_an_a4_document_without_navigation(new_page, fixture_site_server, tmp_path):
    page, watch = new_page(DESKTOP)
    page.goto(fixture_site_server.url + COUNTY, wait_until="networkidle")
    page.emulate_media(media="print")
    for sel in (".md-header", ".md-tabs", ".md-footer", ".sm-textsize"):
        assert page.evaluate(f"getComputedStyle(document.querySelector('{sel}')).display") == "none", sel
    # the navigation sidebar (a speech page has no table-of-contents sidebar: it hides its toc)
    assert page.evaluate("[...document.querySelectorAll('.md-sidebar')].map(e => getComputedStyle(e).display)") == ["none"]
    family = page.evaluate("getComputedStyle(document.querySelector('.sm-speech-body p')).fontFamily")
    assert "Serif" in family or "Song" in family
    h2 = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.sm-speech-body h2'));
                                 return [s.breakAfter, s.breakInside]; }""")
    assert h2 == ["avoid", "avoid"]
    p = page.evaluate("() => { const s = getComputedStyle(document.querySelector('.sm-speech-body p')); return [s.orphans, s.widows]; }")
    assert [int(v) for v in p] == [3, 3]
    pdf = page.pdf(path=str(tmp_path / "speech.pdf"), prefer_css_page_size=True)
    assert pdf[:4] == b"%PDF"
    # A4 is 595 × 842 pt.
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45]\.\d* 84[12]\.\d*", pdf)
    assert watch.console_errors == [] and watch.outside_requests == []


def test_every_real_speech_page_renders_with_the_speech_template(new_page, site_server, root):
    pages = [(str(p.relative_to(root / "docs")), p.read_bytes()) for p in (root / "docs" / "speeches").rglob("*.md")]
    entries = library.collect(pages)
    assert entries, "docs/speeches/ has no speech pages (make import writes them from sources/)"
    page, watch = new_page(MOBILE)
    for e in entries[:10]:
        page.goto(site_server.url + e.src_uri[:-3] + "/", wait_until="domcontentloaded")
        assert page.locator("h1").inner_text() == e.title
        assert page.locator(".sm-provenance").count() == 1
        assert page.locator("[id^='p-']").count() >= 1
        assert (page.locator(".sm-speech-head .sm-badge--excerpt").count() == 1) == e.excerpt
    assert watch.console_errors == [] and watch.outside_requests == []


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
def test_speech_text_keeps_a_comfortable_measure(new_page, fixture_site_server, viewport):
    # Characters per line of the body text: the paragraph's width over its font size (a
    # Chinese character is one em wide). 35-45 reads best; a phone gives what it has.
    page, _ = new_page(viewport)
    page.goto(fixture_site_server.url + COUNTY, wait_until="networkidle")
    per_line = page.evaluate("""() => {
        const p = document.querySelector('.sm-speech-body p:not(:first-child)');
        return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize);
    }""")
    if viewport is DESKTOP:
        assert 35 <= per_line <= 45, per_line
    else:
        assert per_line <= 45, per_line
