"""The home page opens in Debian Chromium with no console error and no outside request."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1280px"])
def test_home_has_no_console_error_and_no_outside_request(new_page, site_server, viewport):
    page, watch = new_page(viewport)
    page.goto(site_server.url, wait_until="networkidle")
    assert "安全生产月" in page.title()
    assert watch.console_errors == []
    assert watch.outside_requests == []


def test_chinese_renders_with_a_cjk_font(new_page, site_server, tmp_path):
    """A CJK font is installed, so glyphs are drawn, not boxes: the same string is much
    wider in a CJK font than the width of missing-glyph boxes would vary, and fc-match
    resolves a Chinese font."""
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
        assert fonts.strip(), "no CJK font installed (apt-get install fonts-noto-cjk)"
    page, _ = new_page(MOBILE)
    page.goto(site_server.url)
    # Two different CJK strings of equal length render at equal width in a real CJK font
    # (all ideographs are full-width); tofu boxes would too, so also compare to Latin.
    widths = page.evaluate(
        """() => {
            const c = document.createElement('canvas').getContext('2d');
            c.font = '20px "Noto Sans CJK SC", sans-serif';
            return [c.measureText('安全生产').width, c.measureText('应急演练').width,
                    c.measureText('iiii').width];
        }"""
    )
    assert widths[0] == pytest.approx(widths[1], rel=0.01)
    assert widths[0] > 3 * widths[2]
    page.screenshot(path=str(tmp_path / "home.png"))
