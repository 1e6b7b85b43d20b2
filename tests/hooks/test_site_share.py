"""scripts/hooks/site_share.py: every page gets its public address and QR code, or neither when
the site is built for a local address."""

from safety_month.site import share
from tests.hooks._fakes import load_hook, page


def test_a_page_of_a_public_site_gets_its_address_and_code():
    hook = load_hook("site_share")
    p = page("themes.md", title="历届主题")
    p.canonical_url = "https://example.org/anquan/themes/"
    assert hook.on_page_markdown("# 历届主题", p) == "# 历届主题"
    assert p.sm_share == {"url": p.canonical_url, "qr": share.qr_svg(p.canonical_url)}


def test_a_local_build_gets_no_code():
    hook = load_hook("site_share")
    p = page("themes.md", title="历届主题")
    p.canonical_url = "http://127.0.0.1:8000/themes/"
    hook.on_page_markdown("x", p)
    assert p.sm_share == {"url": None, "qr": ""}
