"""Chrome icons drawn by the generated stylesheet look like the inline SVGs they replace."""

from __future__ import annotations

import base64

import pytest

from safety_month.site import icons

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

SPEECH = "speeches/2021/2021-8e8c839b-1/"
# Mean absolute difference per channel (0-255) allowed between the two renderings of one
# icon's box. Measured in Chromium: 0-0.003 for the same icon (a mask and a filled path are
# anti-aliased alike); another icon's shape differs by 40-60 (test_a_wrong_icon_is_detected).
MAX_MEAN_DIFF = 2.0

_TO_INLINE = """(table) => {
  for (const svg of document.querySelectorAll("svg.sm-i")) {
    const name = [...svg.classList].find(c => c.startsWith("sm-i--")).slice(6);
    svg.removeAttribute("class"); svg.removeAttribute("aria-hidden");
    svg.setAttribute("viewBox", "0 0 24 24");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", table[name]);
    svg.appendChild(path);
  }
}"""

# Decode two PNG screenshots in the page itself and return their mean channel difference.
_DIFF = """async ([a, b]) => {
  const load = src => new Promise((ok, bad) => { const i = new Image(); i.onload = () => ok(i); i.onerror = bad; i.src = src; });
  const [x, y] = await Promise.all([load(a), load(b)]);
  if (x.width !== y.width || x.height !== y.height) return 255;
  const data = img => { const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
    const g = c.getContext("2d"); g.drawImage(img, 0, 0); return g.getImageData(0, 0, c.width, c.height).data; };
  const p = data(x), q = data(y); let sum = 0, n = 0;
  for (let i = 0; i < p.length; i += 4) { for (let k = 0; k < 3; k++) sum += Math.abs(p[i + k] - q[i + k]); n += 3; }
  return sum / n;
}"""


def _png(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def _icon_shots(page) -> list[tuple[str, bytes]]:
    shots = []
    for svg in page.locator("header.md-header svg").all():
        # Skip icons the theme shows transparent (the search box's clear button while empty).
        shown = svg.evaluate("e => { for (; e; e = e.parentElement) if (getComputedStyle(e).opacity === '0') return false; return true; }")
        if svg.is_visible() and shown:
            shots.append((svg.evaluate("e => e.outerHTML.slice(0, 60)"), svg.screenshot()))
    return shots


def _compare(page, table) -> list[tuple[str, float]]:
    before = _icon_shots(page)
    page.evaluate(_TO_INLINE, table)
    assert page.locator("svg.sm-i").count() == 0
    after = _icon_shots(page)
    assert len(before) == len(after) >= 2
    return [(name, page.evaluate(_DIFF, [_png(a), _png(b)])) for (name, a), (_, b) in zip(before, after)]


@pytest.mark.parametrize("viewport,scheme", [(DESKTOP, "light"), (MOBILE, "dark")])
def test_css_icons_render_like_the_inline_svg(new_page, fixture_site_server, viewport, scheme):
    page, watch = new_page(viewport, color_scheme=scheme)
    page.goto(fixture_site_server.url + SPEECH, wait_until="networkidle")
    assert page.locator("svg.sm-i").count() >= 6
    assert page.locator("svg path").count() == 0      # no chrome icon left inline
    diffs = _compare(page, icons.load())
    assert all(d <= MAX_MEAN_DIFF for _, d in diffs), diffs
    assert watch.console_errors == [] and watch.outside_requests == []


def test_a_wrong_icon_is_detected(new_page, fixture_site_server):
    """The comparison can fail: an icon drawn from another icon's path differs far more."""
    page, _ = new_page(DESKTOP)
    page.goto(fixture_site_server.url + SPEECH, wait_until="networkidle")
    table = icons.load()
    swapped = {name: table["menu" if name != "menu" else "search"] for name in table}
    diffs = _compare(page, swapped)
    assert all(d > MAX_MEAN_DIFF for _, d in diffs), diffs
