"""Touch, large text and 历届主题 on a phone (issue 19 items 7 and 1): every link, button and form control of every page
kind meets WCAG 2.2 SC 2.5.8 (target size, minimum) at 390 and 1280 px, and on a touch
screen the large-text control says what it does in words (大字)."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

PAGES = ("", "wujin/qiye/", "speeches/2022/2022-ff80ac6c/", "library/", "themes/", "notices/", "404.html")

# A target is at least 24 x 24 CSS px, or a 24 px circle centred on it meets no other target
# (the criterion's spacing exception); a link inside a sentence is exempt (its inline exception).
UNDERSIZED = """() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, label[for], summary, [role=button]';
  const all = [...document.querySelectorAll(sel)].filter(el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.pointerEvents !== 'none';
  });
  const rects = all.map(el => el.getBoundingClientRect());
  const bad = [];
  all.forEach((el, i) => {
    const r = rects[i];
    if (r.width >= 23.5 && r.height >= 23.5) return;
    if (getComputedStyle(el).display === 'inline' && el.closest('p, li, dd, td, figcaption') && !el.closest('nav')) return;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const near = rects.some((o, j) => {
      if (j === i || all[j].contains(el) || el.contains(all[j])) return false;
      const nx = Math.max(o.left, Math.min(cx, o.right)), ny = Math.max(o.top, Math.min(cy, o.bottom));
      return Math.hypot(nx - cx, ny - cy) < 12;
    });
    if (near) bad.push(`${el.tagName}.${String(el.className).split(' ')[0]} "${(el.textContent || '').trim().slice(0, 10)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  });
  return bad;
}"""


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
def test_every_target_is_large_enough_or_spaced(new_page, site_server, viewport):
    page, _ = new_page(viewport)
    for path in PAGES:
        page.goto(site_server.url + path, wait_until="networkidle")
        assert page.evaluate(UNDERSIZED) == [], path


def test_the_large_text_control_is_labelled_in_words_on_a_touch_screen(new_page, site_server):
    page, _ = new_page(MOBILE, has_touch=True, is_mobile=True)
    page.goto(site_server.url, wait_until="networkidle")
    button = page.locator("button.sm-textsize")
    assert button.inner_text().strip() == "大字" and button.get_attribute("aria-label") == "大字模式"
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    desktop, _ = new_page(DESKTOP)
    desktop.goto(site_server.url, wait_until="networkidle")
    assert desktop.locator("button.sm-textsize").inner_text().strip() == ""      # the icon and its tooltip


def test_themes_are_one_card_per_year_on_a_phone(new_page, site_server):
    page, _ = new_page(MOBILE)
    page.goto(site_server.url + "themes/", wait_until="networkidle")
    row = page.locator("table.sm-themes tbody tr").first
    theme = row.locator('td[data-label="主题"]')
    source = row.locator('td[data-label="来源"]')
    # a card as wide as the column: the theme and its source each get the whole line
    assert theme.bounding_box()["width"] >= 300 and source.bounding_box()["width"] >= 300
    label = page.evaluate("getComputedStyle(document.querySelector('table.sm-themes td[data-label=\"主题\"]'), '::before').content")
    assert "主题" in label
    wrap = page.evaluate("(() => { const w = document.querySelector('.sm-table-wrap'); return w.scrollWidth <= w.clientWidth; })()")
    assert wrap                                  # no sideways scrolling
    desktop, _ = new_page(DESKTOP)
    desktop.goto(site_server.url + "themes/", wait_until="networkidle")
    assert desktop.locator("table.sm-themes thead").is_visible()      # a table where there is room
