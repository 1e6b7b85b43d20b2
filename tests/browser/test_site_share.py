"""Sharing in Chromium: a site built for its public address offers a copy-link button and a
QR code of each page's address (on request on screen, always in print) that decodes, with
jsQR, to exactly that address; a local build offers the button but no code."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT, run_mkdocs_build

from .conftest import DESKTOP, MOBILE, StaticServer

pytestmark = pytest.mark.browser

PUBLIC = "https://example.org/anquan/"
JSQR = ROOT / "node_modules" / "jsqr" / "dist" / "jsQR.js"
PAGES = ("themes/", "wujin/qiye/", "library/")

# Draws the page's inline QR SVG on a canvas and decodes it with jsQR (from the test's npm tools).
DECODE = """async () => {
  const svg = document.querySelector('.sm-qr__code');
  const xml = new XMLSerializer().serializeToString(svg)
    .replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" width="290" height="290" ');
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(xml);
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 290;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 290, 290); ctx.drawImage(img, 0, 0, 290, 290);
  const found = jsQR(ctx.getImageData(0, 0, 290, 290).data, 290, 290);
  return found ? found.data : null;
}"""


@pytest.fixture(scope="module")
def public_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("public") / "site"
    result = run_mkdocs_build(ROOT / "mkdocs.yml", out, {"SITE_URL": PUBLIC})
    assert result.returncode == 0, result.stderr[-3000:]
    server = StaticServer(out)
    yield server, out
    server.close()


def _speech_path(site: Path) -> str:
    page = sorted((site / "speeches").rglob("index.html"))[0]
    return page.parent.relative_to(site).as_posix() + "/"


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
def test_each_page_s_code_decodes_to_its_public_address(new_page, public_site, viewport):
    server, site = public_site
    # (the site's CSP rightly refuses the test's decoder script: this context only lets it in)
    page, watch = new_page(viewport, bypass_csp=True)
    for path in PAGES + (_speech_path(site),):
        page.goto(server.url + path, wait_until="networkidle")
        page.add_script_tag(path=str(JSQR))
        qr = page.locator(".sm-qr")
        assert not qr.is_visible()                          # on request only
        toggle = page.locator(".sm-share__toggle")
        assert toggle.inner_text() == "显示二维码" and toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert qr.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        assert toggle.inner_text() == "收起二维码"
        assert page.evaluate(DECODE) == PUBLIC + path, path
        assert PUBLIC + path in qr.inner_text()
        box = page.locator(".sm-share__copy").bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
    assert watch.console_errors == [] and watch.outside_requests == []


def test_print_shows_the_code_and_address_but_no_buttons(new_page, public_site):
    server, site = public_site
    page, _ = new_page(DESKTOP)
    page.goto(server.url + _speech_path(site), wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.locator(".sm-qr").is_visible()
    assert not page.locator(".sm-share__copy").is_visible()


def test_copy_link_puts_the_address_on_the_clipboard(new_page, public_site):
    server, _ = public_site
    page, watch = new_page(DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page.goto(server.url + "themes/", wait_until="networkidle")
    page.get_by_role("button", name="复制本页链接").click()
    expect(page.locator(".sm-share__status")).to_have_text("已复制本页链接")
    assert page.evaluate("navigator.clipboard.readText()") == PUBLIC + "themes/"
    assert watch.console_errors == []


def test_a_local_build_has_the_button_but_no_code(new_page, site_server):
    page, _ = new_page(MOBILE, permissions=["clipboard-read", "clipboard-write"])
    page.goto(site_server.url + "themes/", wait_until="networkidle")
    assert page.locator(".sm-qr").count() == 0
    page.get_by_role("button", name="复制本页链接").click()
    expect(page.locator(".sm-share__status")).to_have_text("已复制本页链接")
    assert page.evaluate("navigator.clipboard.readText()") == site_server.url + "themes/"


def test_a_local_build_prints_the_address_it_was_opened_at(new_page, site_server):
    # Built without a public address there is no QR code; the printed foot still names the
    # page's address (from the address bar), and the screen does not show it twice.
    page, _ = new_page(DESKTOP)
    page.goto(site_server.url + "wujin/jiating/#checklist", wait_until="networkidle")
    address = page.locator(".sm-share__address")
    assert not address.is_visible()
    page.emulate_media(media="print")
    assert address.is_visible() and address.inner_text() == f"本页地址：{site_server.url}wujin/jiating/"


def test_from_file_nothing_is_printed_at_the_foot(new_page, built_site):
    # From file:// the address is a path on someone's disk: no address, and no lone rule.
    page, _ = new_page(DESKTOP)
    page.goto((built_site / "wujin" / "jiating" / "index.html").as_uri(), wait_until="load")
    page.emulate_media(media="print")
    assert page.locator(".sm-share").count() == 1 and not page.locator(".sm-share").is_visible()
